"""Resolve noun phrases to CAMEO-style actor codes (ISO3 country + sector, or a group code).

Evidence, strongest first: a named person or group from the actor tables (with the role
that held on the article's date), a country/demonym/metonym in the phrase, a possessive
or "in/of" country, then coreference: pronouns take the latest actor, and "the country",
"the junta", "the government" take the country the article is about.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from lapwing.dictionaries import ActorTables, Lexicon, NamedActor, default_lexicon, fold
from lapwing.records import Actor, Document, Entity, Token
from lapwing.stages.syntax import Tree

MODIFIER_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "case", "npadvmod"})
BARE_COUNTRY_SECTOR = "GOV"
# Where a capital's name stands for its government: as the one who acts or owns.
SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "csubj"})


@dataclass
class ArticleContext:
    """What the resolver knows about the article being coded (local to one article)."""

    date: str | None
    main_country: str | None
    # (actor, was a subject, is a person) of the latest sentences
    recent: list[tuple[Actor, bool, bool]] = field(default_factory=list)
    # Countries of the article's resolved toponyms by character start ("shelled Juba": the
    # city stands for its country when nothing else names the party)
    place_countries: dict[int, str] = field(default_factory=dict)
    # Who is who in this article: the first full mention of a person or organization
    # ("Business Secretary Greg Clark") defines the later short ones ("Mr Clark", "Clark"),
    # keyed by folded name and, for people, by surname.
    known: dict[str, Actor] = field(default_factory=dict)
    # Folded surname -> "m" or "f", from honorifics ("Mr Putin", "Ms Le Pen"), so "her" does
    # not go to Mr Putin.
    gender: dict[str, str] = field(default_factory=dict)
    # The article's people by name key, also those no table lists and `known` leaves out:
    # the model may label a later "Belgacem" an organization, or not parse his sentence,
    # but "he" can still mean him
    person_names: dict[str, Actor] = field(default_factory=dict)
    # The country most of the article's named people belong to: the likeliest one for a
    # person no table lists (an article about Kushner names Russia's bank more often than the
    # United States, but Trump, the Senate and its committee more than Russian people).
    people_country: str | None = None
    # "the North" for North Korea, "the South" for South Korea: the first word of a
    # two-word country name the article uses (folded word -> ISO3)
    ellipses: dict[str, str] = field(default_factory=dict)
    # The two countries the article's places name most, the likeliest parties of its exchange
    # ("Turkey … the Netherlands"): the other one is whom a state's bare demand addresses
    story_countries: tuple[str, ...] = ()
    # Resolutions of non-pronoun heads, kept once `names_learned` (see `resolve`)
    names_learned: bool = False
    resolved: dict[tuple[int, bool], ResolvedActor] = field(default_factory=dict)

    def remember(self, actor: Actor, subject: bool = False, person: bool = False) -> None:
        self.recent.append((actor, subject, person))
        del self.recent[:-8]


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    actor: Actor
    span: tuple[int, int]
    head: int
    # "named" (a table row), "country", "sector", "article" (a sector noun given the
    # article's country), "memory" (an earlier full mention),
    # "coreference" (pronouns, "the government"), "place", "default" (an unlisted name
    # given the article's country), "implied" (the unnamed agent of a passive, no words
    # of its own: see EventCoder._implied_agent), "group" (one member of "the two leaders":
    # see ActorResolver.group_members)
    evidence: str


class ActorResolver:
    def __init__(self, tables: ActorTables, words: Lexicon | None = None) -> None:
        self.tables = tables
        self.words = words or default_lexicon()  # word classes: data/lexicon/actors.tsv
        # Unions the phrase resolver asks of every noun, built once
        self._state_nouns = self.words["country_anaphor"] | self.words["government_noun"]
        self._actorish_heads = (
            self.words["generic_head"] | self.words["quantity_head"] | self.words["government_noun"]
        )

    # ------------------------------------------------------------ article level

    def article_context(
        self, doc: Document, place_countries: dict[int, str] | None = None
    ) -> ArticleContext:
        """The article's main country: the one its place names mention most, early ones first.
        `place_countries` (toponym start -> country) lets towns vote too: an article about
        London that names the US once is about the United Kingdom."""
        places = place_countries or {}
        votes: Counter[str] = Counter()
        n = max(len(doc.article.text), 1)
        for entity in doc.entities:
            if _seat_of_organization(doc, entity.token_start):
                continue
            iso3 = self.country_of_entity(entity.text, entity.ent_id, entity.label)
            iso3 = iso3 or (places.get(entity.start) if entity.label in ("GPE", "LOC") else None)
            if iso3 and entity.label in ("GPE", "LOC"):
                votes[iso3] += 1.0 + (1.0 - entity.start / n)
            elif iso3 and entity.label == "NORP":
                votes[iso3] += 0.3
        # A tie between countries leaves the article without a main country.
        top = votes.most_common(2)
        clear = top and (len(top) < 2 or top[0][1] > top[1][1])
        main = top[0][0] if clear else None
        return ArticleContext(
            date=doc.article.date,
            main_country=main,
            story_countries=tuple(country for country, _ in top),
            place_countries=places,
            ellipses=self._ellipses(doc),
        )

    def _ellipses(self, doc: Document) -> dict[str, str]:
        """ "North Korea" named, "the North" may follow: compass words that begin exactly one
        of the country names the article uses."""
        found: dict[str, set[str]] = {}
        for entity in doc.entities:
            if entity.label != "GPE":
                continue
            words = fold(entity.text).removeprefix("the ").split()
            if len(words) == 2 and words[0] in self.words["compass_word"]:
                iso3 = self.country_of_entity(entity.text, entity.ent_id, entity.label)
                if iso3:
                    found.setdefault(words[0], set()).add(iso3)
        return {word: next(iter(c)) for word, c in found.items() if len(c) == 1}

    def learn_names(self, tree: Tree, ctx: ArticleContext) -> None:
        """Fill `ctx.known` from the article's people and organizations, in reading order,
        so that a later "Mr Clark" or "the bank" resolves like its first full mention."""
        people: Counter[str] = Counter()
        _learn_genders(tree, ctx, self.words)
        for entity in tree.doc.entities:
            if entity.label == "PERSON" and entity.ent_id.startswith("actor:"):
                row = self.tables.named(entity.ent_id[6:], ctx.date)
                if row is not None and row.country:
                    people[row.country] += 1
            if entity.label not in NAME_LABELS or entity.ent_id.startswith("actor:"):
                continue
            if not tree[entity.token_start].dep:
                continue  # an unparsed sentence: no tree to read the mention's role from
            head = _name_head(tree, _entity_head(tree, entity))
            name = _name_at(tree, head)
            if name is None:
                continue
            resolved = self.resolve(tree, head, ctx, follow_pronouns=False)
            if name[0] == "PERSON" and resolved is not None:
                for key in _name_keys(*name, self.words):
                    ctx.person_names.setdefault(key, resolved.actor)
            if resolved is None or resolved.evidence in ("coreference", "place", "default"):
                continue
            if entity.label == "PERSON" and resolved.actor.country:
                people[resolved.actor.country] += 1
            if name[0] == "ORG" and self._described_as_office_holder(tree, head):
                name = ("PERSON", name[1])  # "[Ricardo Rosselló Nevares]ORG, the governor"
            role = self._role_described(tree, head, resolved, ctx)
            if role is not None:
                resolved = dataclasses.replace(resolved, actor=role)
            if name[0] == "PERSON":  # an office holder
                for key in _name_keys(*name, self.words):
                    ctx.person_names[key] = resolved.actor
            for key in _name_keys(*name, self.words):
                previous = ctx.known.get(key)
                if previous is None or (previous.sector is None and resolved.actor.sector):
                    ctx.known[key] = dataclasses.replace(resolved.actor, text=name[1])
        top = people.most_common(2)
        if top and (len(top) < 2 or top[0][1] > top[1][1]):
            ctx.people_country = top[0][0]
        ctx.names_learned = True

    def group_members(self, tree: Tree, head: int, ctx: ArticleContext) -> list[ResolvedActor]:
        """ "the two leaders", "the three navies", "both countries": the parties of as many
        countries as the number says, the latest the article named, each with the sector
        the noun gives (or its own); none unless the article named enough of them. Only
        for nouns of which each country has one (lexicon group_noun)."""
        token = tree[head]
        if token.pos != "NOUN" or token.tag != "NNS":
            return []
        count = None
        determiners = {k.lemma for k in tree.children(head, "det", "predet")}
        if "both" in determiners:
            count = 2
        elif "the" in determiners:
            for kid in tree.children(head, "nummod"):
                count = NUMBER_WORDS.get(kid.lemma.lower()) or (
                    int(kid.text) if kid.text.isdigit() else None
                )
        if count is None or not 2 <= count <= 6:
            return []
        if token.lemma not in self.words["group_noun"]:
            return []  # "the two men", "the two ministers": people, maybe of one country
        sector = self.tables.sector_by_word.get(token.lemma)  # "the three navies": MIL
        members: list[Actor] = []
        for actor, _, _ in reversed(ctx.recent):
            if actor.country and all(m.country != actor.country for m in members):
                members.append(actor)
            if len(members) == count:
                break
        if len(members) < count:
            return []
        span = (token.start, token.end)
        out = []
        for member in reversed(members):  # in the order the article named them
            code = f"{member.country}{sector}" if sector else member.code
            actor = Actor(text=token.text, code=code, country=member.country,
                          sector=sector or member.sector, name=None)  # fmt: skip
            out.append(ResolvedActor(actor, span, head, "group"))
        return out

    def _role_described(
        self, tree: Tree, head: int, resolved: ResolvedActor, ctx: ArticleContext
    ) -> Actor | None:
        """ "a gunman (Ziyed Ben Belgacem)", "the suspect, Ahmed Ali": an unlisted name in
        apposition to a role noun is what the role says, for the article's later mentions."""
        token = tree[head]
        if token.dep != "appos" or resolved.evidence not in ("article", "default"):
            return None
        role = tree[token.head]
        if role.pos != "NOUN" or self.tables.sector_by_word.get(role.lemma) is None:
            return None
        described = self.resolve(tree, role.i, ctx, follow_pronouns=False)
        if described is None or described.actor.sector is None:
            return None
        return dataclasses.replace(described.actor, text=resolved.actor.text)

    def _described_as_office_holder(self, tree: Tree, head: int) -> bool:
        """A name in apposition to one office or role noun ("…, Puerto Rico's governor"):
        a person, whatever label the model gave the name."""
        for appos in tree.children(head, "appos"):
            if (
                appos.tag == "NN"
                and self.tables.sector_by_word.get(appos.lemma) in PERSON_ROLE_SECTORS
            ):
                return True
        return False

    def country_of_entity(self, text: str, ent_id: str, label: str) -> str | None:
        if ent_id.startswith(("country:", "government:")):
            return ent_id.split(":", 1)[1]
        key = fold(text)
        if key.startswith("the "):
            key = key[4:]
        if key.endswith("'s"):
            key = key[:-2]
        return (
            self.tables.country_by_name.get(key)
            or self.tables.country_by_demonym.get(key)
            or self.tables.government_by_metonym.get(key)
        )

    # ------------------------------------------------------------ phrase level

    def resolve(
        self,
        tree: Tree,
        head: int,
        ctx: ArticleContext,
        *,
        follow_pronouns: bool = True,
        avoid: str | None = None,
    ) -> ResolvedActor | None:
        """`follow_pronouns=False` when resolving antecedents: "many of them" must not send
        the search for "them" back to "many". A pronoun skips antecedents coded `avoid`
        ("Turkey condemned Germany, accusing it…": "it" is not Turkey itself)."""
        token = tree[head]
        if token.lemma in self.words["pronoun"] or token.text.lower() in self.words["pronoun"]:
            return self._pronoun(tree, token, ctx, avoid) if follow_pronouns else None
        key = (head, follow_pronouns)
        if key in ctx.resolved:
            return ctx.resolved[key]
        resolved = self._resolve_name(tree, head, ctx, follow_pronouns)
        if ctx.names_learned and resolved is not None and resolved.evidence != "coreference":
            # a name's reading depends on nothing that changes once the article's names
            # are learned; a pronoun's does (the latest actors), so it is never kept
            ctx.resolved[key] = resolved
        return resolved

    def _resolve_name(
        self, tree: Tree, head: int, ctx: ArticleContext, follow_pronouns: bool
    ) -> ResolvedActor | None:
        token = tree[head]
        quantity = (
            token.lemma in self.words["quantity_head"]
            or token.text.lower() in self.words["quantity_head"]
        )
        if quantity or token.pos == "NUM" or token.lemma in self.words["generic_head"]:
            # "thousands of students", "leaders of the opposition coalition"
            for prep, obj in tree.preps(head):
                if prep.lemma == "of":
                    inner = self.resolve(tree, obj.i, ctx, follow_pronouns=follow_pronouns)
                    if inner is not None:
                        return inner
        resolved = self._resolve_phrase(tree, head, ctx)
        if resolved is None or resolved.evidence in ("sector", "article", "default"):
            # "Salaheddine Sidhoum, Algeria's leading human rights activist", "Ricardo
            # Rosselló, Puerto Rico's governor": the apposition says who an unlisted name is
            for appos in tree.children(head, "appos"):
                described = self._resolve_phrase(tree, appos.i, ctx)
                if described is not None and (
                    resolved is None or described.evidence not in ("sector", "article", "default")
                ):
                    return described
        return resolved

    def _resolve_phrase(self, tree: Tree, head: int, ctx: ArticleContext) -> ResolvedActor | None:
        token = tree[head]
        phrase = self._phrase(tree, head)
        span = tree.span_of(phrase)
        text = tree.doc.article.text[span[0] : span[1]]

        named, named_is_head = self._named_in(tree, phrase, head, ctx)
        country, country_token = self._country_in(tree, phrase, head, ctx)
        sector = self._sector(tree, phrase, head)
        if (
            token.pos == "PROPN"
            and token.ent_label not in ("PERSON", "GPE", "NORP")
            and sector is not None
            and sector == self.tables.sector_by_word.get(token.lemma.lower())
        ):
            # "the American Civil Liberties Union": a name ending in a word of a kind of
            # organization, read whole ("Marine Le Pen" ends in no such word)
            name = _proper_name(tree, head)
            sector = _name_sector(name, self.tables.sector_by_word) or sector
        evidence = "country"

        head_sector = self.tables.sector_by_word.get(token.lemma)
        stateless = named is not None and named.country is None and named.kind != "person"
        if named is not None and (
            named_is_head or stateless or (head_sector is None and named.kind != "person")
        ):
            # "NATO peacekeeping troops", "UN monitors": an organization with no country
            # acts through its people
            # "the Security Council resolution": the group speaks through a non-agent noun
            code, sector = named.code, named.sector
            if named.kind == "person" and named.country and self._former(tree, phrase, named, ctx):
                # "Former prime minister John Major": out of office, one of the elite
                code, sector = f"{named.country}ELI", "ELI"
            actor = Actor(
                text=text, code=code, country=named.country, sector=sector, name=named.name
            )
            return ResolvedActor(actor, span, head, "named")
        if named is not None:
            country = country or named.country
            sector = sector or named.sector
        remembered = self._remembered(tree, head, ctx) if named is None else None
        if remembered is not None and (country is None or country == remembered.country):
            # "Mr Clark", "the minister Clark": who the article already said they are
            return ResolvedActor(dataclasses.replace(remembered, text=text), span, head, "memory")
        if country and country_token == head and sector is None:
            if token.ent_label == "NORP" and _counted_people(tree, head, self.words):
                sector = "CVL"  # "thousands of Serbians", "two Iraqis": people, not the state
            else:
                sector = self._government_metonym_sector(tree, head) or BARE_COUNTRY_SECTOR
        if country is None and self._elliptic_country(tree, head, ctx):
            country = ctx.ellipses[fold(token.text)]  # "the North fired missiles"
            sector = sector or "GOV"
        if country is None and (
            token.lemma in self._state_nouns or self._possessed_by_country_anaphor(tree, phrase)
        ):
            country = ctx.main_country
            sector = sector or "GOV"
            evidence = "coreference"
        if (
            country is None
            and sector is None
            and token.ent_label == "NORP"
            and (token.tag in ("NNS", "NNPS") or _counted_people(tree, head, self.words))
        ):
            sector = "CVL"  # "30,000 Kurds marched", "Rohingya fled": a people of no state
        if country is None and sector is not None:
            nearest = self._nearest_country(tree, head)
            # "police", "officials": of the country just named, else the article's (which
            # the event's own place may still correct: see `localized`); "the senators",
            # "the minister": of the country the article's people belong to
            political = sector in POLITICAL_ROLE_SECTORS and token.pos == "NOUN"
            country = nearest or (political and ctx.people_country) or ctx.main_country
            evidence = "sector" if nearest else "article"
        if country is None and sector is None:
            place_country = self._place_country(tree, head, ctx)
            if place_country is None:
                return self._unlisted_name(tree, head, text, span, ctx)
            if token.dep in SPEAKER_DEPS and self._is_capital(text, place_country):
                # "Moscow said", "Washington's decision": the capital speaks for the state
                actor = Actor(text=text, code=f"{place_country}GOV", country=place_country,
                              sector="GOV")  # fmt: skip
                return ResolvedActor(actor, span, head, "country")
            # A city or region as a party: its country, with no sector to claim
            actor = Actor(text=text, code=place_country, country=place_country, sector=None)
            return ResolvedActor(actor, span, head, "place")
        code = f"{country or '---'}{sector or ''}"
        actor = Actor(text=text, code=code, country=country, sector=sector, name=None)
        return ResolvedActor(actor, span, head, evidence)

    @staticmethod
    def _elliptic_country(tree: Tree, head: int, ctx: ArticleContext) -> bool:
        """ "the North", capitalized, alone, in an article that names North Korea."""
        token = tree[head]
        return (
            token.text[:1].isupper()
            and fold(token.text) in ctx.ellipses
            and any(k.lemma == "the" for k in tree.children(head, "det"))
            and not tree.children(head, "compound", "amod", "poss")
        )

    def _phrase(self, tree: Tree, head: int) -> list[int]:
        """The head and its left modifiers, recursively ("the country's military leaders")."""
        out = [head]
        stack = [head]
        while stack:
            i = stack.pop()
            for kid in tree.children(i, *MODIFIER_DEPS):
                if kid.i < head or tree[i].dep in ("poss", "compound"):
                    out.append(kid.i)
                    stack.append(kid.i)
        # Multi-token names split by the parser ("Wagner Group", "Vladimir Putin")
        for i in list(out):
            label = tree[i].ent_label
            if label:
                j = i + 1
                while j < len(tree.tokens) and tree[j].ent_label == label and j not in out:
                    if tree[j].ent_id != tree[i].ent_id:
                        break
                    out.append(j)
                    j += 1
        return sorted(set(out))

    def _named_in(
        self, tree: Tree, phrase: list[int], head: int, ctx: ArticleContext
    ) -> tuple[NamedActor | None, bool]:
        seen = set()
        for i in sorted(phrase, key=lambda j: (j != head, -j)):
            entity = tree.entity_at(i)
            if entity is None or entity.label not in ("PERSON", "ORG", "NORP", "GPE", "FAC"):
                continue
            if (entity.start, entity.end) in seen:
                continue
            seen.add((entity.start, entity.end))
            candidates = [entity.text]
            if entity.ent_id.startswith("actor:"):
                candidates.insert(0, entity.ent_id[6:])
            if entity.text.lower().startswith("the "):
                candidates.append(entity.text[4:])
            if entity.label == "PERSON" and " " in entity.text:
                candidates.append(entity.text.split()[-1])
            for name in candidates:
                row = self.tables.named(name, ctx.date)
                if row is not None:
                    is_head = entity.token_start <= head < entity.token_end
                    return row, is_head
        return None, False

    def _country_in(
        self, tree: Tree, phrase: list[int], head: int, ctx: ArticleContext
    ) -> tuple[str | None, int | None]:
        for i in sorted(phrase, key=lambda j: (j != head, -j)):
            token = tree[i]
            iso3 = None
            if token.ent_id.startswith(("country:", "government:")):
                iso3 = token.ent_id.split(":", 1)[1]
            elif token.ent_label in ("GPE", "NORP"):
                entity = tree.entity_at(i)
                if entity is not None:
                    iso3 = self.country_of_entity(entity.text, entity.ent_id, entity.label)
            if not iso3 and i != head and token.dep == "poss":
                iso3 = self._place_country(tree, i, ctx)  # "Kyiv's forces", "Gao's mayor"
            if iso3:
                return iso3, i
        # "leaders in Niger", "the president of France"; not "the withdrawal from Bosnia"
        head_token = tree[head]
        words = self.tables.sector_by_word
        actorish = (
            head_token.lemma in words
            or head_token.text.lower() in words
            or head_token.lemma in self._actorish_heads
            or head_token.ent_label in ("PERSON", "ORG", "NORP")
        )
        for prep, obj in tree.preps(head) if actorish else ():
            if prep.lemma in ("of", "in", "from") and obj.ent_label in ("GPE", "NORP"):
                entity = tree.entity_at(obj.i)
                if entity is not None:
                    iso3 = self.country_of_entity(entity.text, entity.ent_id, entity.label)
                    if iso3:
                        return iso3, obj.i
        return self._office_country(tree, phrase)

    def _office_country(self, tree: Tree, phrase: list[int]) -> tuple[str | None, int | None]:
        """An office only one country has, in the words before the name ("Foreign Secretary
        Dominic Raab", "the Knesset"): offices.tsv."""
        offices = self.tables.country_by_office
        words = [(i, fold(tree[i].text)) for i in phrase]
        for n in (4, 3, 2, 1):
            for k in range(len(words) - n + 1):
                run = words[k : k + n]
                if run[-1][0] - run[0][0] != n - 1:
                    continue  # not adjacent in the text
                iso3 = offices.get(" ".join(w for _, w in run))
                if iso3:
                    return iso3, run[-1][0]
        return None, None

    def _remembered(self, tree: Tree, head: int, ctx: ArticleContext) -> Actor | None:
        if not ctx.known:
            return None
        name = _name_at(tree, head)
        if name is None and tree[head].pos == "PROPN" and not tree[head].ent_label:
            # "Belgacem was stopped": a surname the model did not mark this time
            return ctx.known.get(word_key(tree[head].text))
        if name is None:
            return None
        return next((ctx.known[k] for k in _name_keys(*name, self.words) if k in ctx.known), None)

    def _unlisted_name(
        self, tree: Tree, head: int, text: str, span: tuple[int, int], ctx: ArticleContext
    ) -> ResolvedActor | None:
        """A person or organization no table lists and nothing in its phrase places: an
        organization by the kind its name says ("… Bank", "… Party"), both in the article's
        country, which is the likeliest reading for news about one country."""
        name = _name_at(tree, head)
        if name is None or (ctx.main_country or ctx.people_country) is None:
            return None
        label, name_text = name
        sector = _name_sector(name_text, self.tables.sector_by_word) if label == "ORG" else None
        country = (ctx.people_country if label == "PERSON" else None) or ctx.main_country
        code = f"{country}{sector or ''}"
        actor = Actor(text=text, code=code, country=country, sector=sector, name=None)
        return ResolvedActor(actor, span, head, "default")

    def _is_capital(self, text: str, iso3: str) -> bool:
        country = self.tables.countries.get(iso3)
        key = fold(text)
        if country is None or not country.capital:
            return False
        return key in {fold(name) for name in country.capital.split("|")}

    @staticmethod
    def _place_country(tree: Tree, head: int, ctx: ArticleContext) -> str | None:
        if not ctx.place_countries or tree[head].ent_label not in ("GPE", "LOC", "FAC"):
            return None
        entity = tree.entity_at(head)
        start = entity.start if entity is not None else tree[head].start
        return ctx.place_countries.get(start)

    def _government_metonym_sector(self, tree: Tree, head: int) -> str | None:
        return "GOV" if tree[head].ent_id.startswith("government:") else None

    def _former(
        self, tree: Tree, phrase: list[int], named: NamedActor, ctx: ArticleContext
    ) -> bool:
        return any(tree[i].text.lower() in self.words["former_word"] for i in phrase)

    def _sector(self, tree: Tree, phrase: list[int], head: int) -> str | None:
        words = self.tables.sector_by_word
        head_token = tree[head]
        # the table's entry for the very form first: "gunmen" (a band, INS) is not "gunman"
        head_sector = words.get(head_token.text.lower()) or words.get(head_token.lemma)
        if head_token.lemma.lower() == "general" and tree.children(head, "compound"):
            # "Solicitor General", "Attorney General", "Governor General": an office, not a rank
            return "GOV"
        # Nearest the head first: "Interior Minister Luis Morales" is a minister (GOV); a
        # two-word title is looked up whole ("defence minister" is MIL);
        # common nouns before capitalized words: "party leader Marine Le Pen" is a party
        # leader, whatever "Marine" means in lower case
        for i in sorted(phrase, key=lambda k: (tree[k].pos == "PROPN", -k)):
            if i == head:
                continue
            token = tree[i]
            if token.dep in ("amod", "compound") and token.ent_label == "":
                pair = f"{tree[i - 1].text.lower()} {token.text.lower()}" if i - 1 in phrase else ""
                modifier_sector = (
                    words.get(pair) or words.get(token.lemma) or words.get(token.text.lower())
                )
                if token.lemma.lower() == "general" and i - 1 in phrase:
                    modifier_sector = "GOV"  # "Solicitor General Jose Calida": an office
                if modifier_sector and (
                    head_sector is None or head_token.lemma in self.words["generic_head"]
                ):
                    return modifier_sector
        return head_sector

    def _possessed_by_country_anaphor(self, tree: Tree, phrase: list[int]) -> bool:
        return any(
            tree[i].dep == "poss" and tree[i].lemma in self.words["country_anaphor"] for i in phrase
        )

    def _nearest_country(self, tree: Tree, head: int) -> str | None:
        sentence = tree.doc.sentences[tree.sentence_index(head)]
        best = None
        for entity in tree.entities_in(sentence.index):
            if entity.label != "GPE" or entity.token_start > head:
                continue
            if _seat_of_organization(tree.doc, entity.token_start):
                continue
            iso3 = self.country_of_entity(entity.text, entity.ent_id, entity.label)
            if iso3:
                best = iso3
        return best

    def _pronoun(
        self, tree: Tree, token: Token, ctx: ArticleContext, avoid: str | None = None
    ) -> ResolvedActor | None:
        """The nearest earlier subject in the sentence ("Niger said it…"), else the latest
        actor of the article; "it" skips groups of people ("troops", "protesters")."""
        word = token.text.lower()
        wants_state = word in ("it", "its")
        if token.dep == "poss":  # "called on Turkey to halt its drilling": the clause's own
            owner = _clause_owner(tree, token.i, self.words)
            owned = (
                self.resolve(tree, owner, ctx, follow_pronouns=False) if owner is not None else None
            )
            if owned is not None:
                actor = dataclasses.replace(owned.actor, text=token.text)
                return ResolvedActor(actor, (token.start, token.end), token.i, "coreference")
        sentence = tree.doc.sentences[tree.sentence_index(token.i)]
        in_sentence: list[tuple[Actor, bool, bool]] = []
        for i in range(sentence.token_start, token.i):
            other = tree[i]
            if other.lemma in self.words["pronoun"] or other.dep not in ANTECEDENT_DEPS:
                continue
            resolved = self.resolve(tree, i, ctx, follow_pronouns=False)
            if resolved is not None:
                subject = other.dep in ("nsubj", "nsubjpass")
                in_sentence.append((resolved.actor, subject, names_person(tree, i, ctx)))
        # Subjects are the likelier antecedents: the latest subject first, then anything;
        # "he", "she" look for a person first ("Governor Rosselló … he", not "protesters").
        latest = list(reversed(ctx.recent + in_sentence))
        ordered = [a for a, subject, _ in latest if subject] + [
            a for a, subject, _ in latest if not subject
        ]
        if word in self.words["personal_pronoun"]:
            people = [a for a, subject, person in latest if person and subject] + [
                a for a, subject, person in latest if person and not subject
            ]
            # "he", "she" never stand for a bare country or town ("… in Jacksonville,
            # Florida. She told police…"); an office holder ("the minister") will do
            ordered = people + [
                a for a in ordered if a not in people and (a.sector is not None or a.name)
            ]
            if ctx.gender:
                # "Ms Le Pen … after her meeting": a person known to be a woman before
                # one whose gender the article never says; a known man never
                wanted = "m" if word in self.words["male_pronoun"] else "f"
                genders = [_gender(a, ctx) for a in ordered]
                ordered = [a for a, g in zip(ordered, genders, strict=True) if g == wanted] + [
                    a for a, g in zip(ordered, genders, strict=True) if g is None
                ]
        for previous in ordered:
            if avoid is not None and previous.code == avoid:
                continue
            if wants_state and not (previous.sector in ("GOV", "IGO", None) or previous.name):
                continue
            actor = Actor(
                text=token.text,
                code=previous.code,
                country=previous.country,
                sector=previous.sector,
                name=previous.name,
            )
            return ResolvedActor(actor, (token.start, token.end), token.i, "coreference")
        return None


NAME_LABELS = frozenset({"PERSON", "ORG"})
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# Sectors of the role nouns that, in apposition to a name, make it a person's
POLITICAL_ROLE_SECTORS = frozenset({"GOV", "LEG", "JUD", "OPP", "ELI"})
PERSON_ROLE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "OPP", "ELI", "COP", "SPY"})
# Where an antecedent earlier in the pronoun's sentence may sit: subjects first, then
# objects ("Turkey condemned the German government, accusing it…").
ANTECEDENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "pobj"})


def word_key(text: str) -> str:
    """The key a name is known by in the article's memory: folded, without a possessive."""
    return fold(text).removesuffix("'s")


def _gender(actor: Actor, ctx: ArticleContext) -> str | None:
    """ "m" or "f" where the article gave the person's surname an honorific."""
    surname = word_key(actor.name or actor.text or "").split()[-1:]
    return ctx.gender.get(surname[0]) if surname else None


def _name_keys(label: str, text: str, words: Lexicon) -> list[str]:
    """Keys a later mention may use: the full name without "the" or honorifics and, for a
    person, the surname ("Greg Clark" -> "greg clark", "clark")."""
    honorifics = words["honorific"]
    name = [w for w in word_key(text).split() if w not in honorifics]
    if name and name[0] == "the":
        name = name[1:]
    if not name:
        return []
    keys = [" ".join(name)]
    if label == "PERSON" and len(name) > 1:
        keys.append(name[-1])
    if label == "PERSON" and len(name) > 2 and len(name[-2]) > 3:
        keys.append(name[-2])  # "Ricardo Rosselló Nevares" is "Rosselló" too; not "Le" Pen
    return keys


def _proper_name(tree: Tree, head: int) -> str:
    """The capitalized words ending at `head` that modify it: "American Civil Liberties
    Union" for "Union", "State Department Correspondents' Association"."""
    start = head
    while start > 0:
        before = tree[start - 1]
        if before.pos == "PROPN" and before.dep in ("compound", "poss"):
            start -= 1
        elif before.dep == "case" and start > 1 and tree[start - 2].dep == "poss":
            start -= 1  # "Correspondents' Association"
        else:
            break
    return tree.doc.article.text[tree[start].start : tree[head].end]


def _name_sector(name: str, sector_by_word: Mapping[str, str]) -> str | None:
    """The sector an organization's name says: the longest phrase of it the agents table
    knows ("American Civil Liberties Union" is about civil liberties before it is a union),
    of equal length the last ("State Department Correspondents' Association": reporters);
    a plural or possessive word also as its singular."""
    words = [w.strip("'") for w in fold(name).split()]
    for size in (3, 2, 1):
        for end in range(len(words), size - 1, -1):
            phrase = " ".join(words[end - size : end])
            forms = [phrase, phrase[:-1]] if size == 1 and phrase.endswith("s") else [phrase]
            sector = next((sector_by_word[f] for f in forms if f in sector_by_word), None)
            if sector is not None:
                return sector
    return None


def _entity_head(tree: Tree, entity: Entity) -> int:
    """The entity's token whose head lies outside it (the name's syntactic head)."""
    inside = range(entity.token_start, entity.token_end)
    for i in inside:
        if tree[i].head not in inside or tree[i].head == i:
            return i
    return entity.token_end - 1


def _name_head(tree: Tree, i: int) -> int:
    """Through the proper nouns the model left out of a name ("[Marine Le] Pen")."""
    while tree[i].dep in ("compound", "flat") and i < tree[i].head <= i + 3:
        if tree[tree[i].head].pos != "PROPN":
            break
        i = tree[i].head
    return i


def _name_at(tree: Tree, head: int) -> tuple[str, str] | None:
    """(label, text) of the person or organization name headed by token `head`: its entity,
    stretched to the head when the model cut the name short; None for listed actors,
    countries and places."""
    entity = tree.entity_at(head)
    if entity is None and tree[head].pos == "PROPN":
        left = tree.entity_at(head - 1) if head > 0 else None
        if left is not None and tree[head - 1].head == head:
            entity = left
    if (
        entity is not None
        and entity.label == "ORG"
        and entity.token_end - entity.token_start == 1
        and _first_name_before(tree, head)
    ):
        # "Jared [Kushner]ORG": a first name the model left out makes it a person
        return "PERSON", tree.doc.article.text[tree[head - 1].start : tree[head].end]
    if entity is None and _unlabelled_full_name(tree, head):
        # "Emeka Okafor accused…": the small model misses many names outside its training
        # news; two or three capitalized proper nouns in a row read as a person's name
        return "PERSON", tree.doc.article.text[tree[head - 1].start : tree[head].end]
    if entity is None or entity.label not in NAME_LABELS:
        return None
    if entity.ent_id.startswith(("country:", "government:", "place:", "actor:")):
        return None
    end = max(entity.end, tree[head].end)
    return entity.label, tree.doc.article.text[entity.start : end]


def names_person(tree: Tree, head: int, ctx: ArticleContext | None = None) -> bool:
    """Token `head` heads a person's name, also one the model cut short ("[Marine Le] Pen")
    or labelled otherwise where the article names the same person before."""
    token = tree[head]
    if token.ent_label == "PERSON":
        return True
    name = _name_at(tree, head)
    if name is None and token.pos == "PROPN" and not token.ent_label and ctx is not None:
        return word_key(token.text) in ctx.person_names
    if name is None:
        return False
    if name[0] == "PERSON":
        return True
    return ctx is not None and word_key(name[1]) in ctx.person_names


def _learn_genders(tree: Tree, ctx: ArticleContext, words: Lexicon) -> None:
    """ "Mr Putin", "Ms Le Pen": the surname after an honorific, in every sentence (parsed
    or not: this needs only the words)."""
    tokens = tree.tokens
    for k, token in enumerate(tokens[:-1]):
        honorific = token.text.lower().rstrip(".")
        gender = (
            "m"
            if honorific in words["male_honorific"]
            else "f"
            if honorific in words["female_honorific"]
            else None
        )
        if gender is None or not tokens[k + 1].text[:1].isupper():
            continue
        j = k + 1
        while j + 1 < len(tokens) and tokens[j + 1].text[:1].isupper() and j - k < 3:
            j += 1
        ctx.gender.setdefault(word_key(tokens[j].text), gender)


def _first_name_before(tree: Tree, head: int) -> bool:
    """A capitalized proper noun right before `head`, outside any entity, compounding it
    ("Jared" in "Jared Kushner"), itself not the end of a longer name."""
    if head == 0:
        return False
    first = tree[head - 1]
    return (
        first.pos == "PROPN"
        and not first.ent_label
        and first.dep in ("compound", "flat")
        and first.head == head
        and first.text[:1].isupper()
        and (head < 2 or tree[head - 2].pos != "PROPN")
    )


def _unlabelled_full_name(tree: Tree, head: int) -> bool:
    token = tree[head]
    unlabelled = token.pos == "PROPN" and not token.ent_label and token.text[:1].isupper()
    return unlabelled and _first_name_before(tree, head)


def localized(resolved: ResolvedActor | None, country: str | None) -> ResolvedActor | None:
    """A generic party ("police", "protesters") given only the article's country belongs
    to the country its event happens in: "police in Frankfurt" in an article about Turkey."""
    if resolved is None or country is None or resolved.evidence not in ("article", "implied"):
        return resolved
    if resolved.actor.country == country:
        return resolved
    sector = resolved.actor.sector or ""
    actor = dataclasses.replace(resolved.actor, code=f"{country}{sector}", country=country)
    return dataclasses.replace(resolved, actor=actor)


def _seat_of_organization(doc: Document, token: int) -> bool:
    """ "a UK-based group": where an organization sits, not where the news happens."""
    return doc.tokens[doc.tokens[token].head].lemma == "base"


def _clause_owner(tree: Tree, i: int, words: Lexicon) -> int | None:
    """The subject of the clause token i sits in, or the one who controls it ("asked
    France to withdraw its troops", "called on Turkey to halt its drilling")."""
    verb = next((a for a in tree.ancestors(i) if a.pos in ("VERB", "AUX")), None)
    if verb is None:
        return None
    subject = tree.child(verb.i, "nsubj", "nsubjpass")
    if subject is not None and subject.lemma not in words["pronoun"]:
        return subject.i
    if subject is None and verb.dep == "xcomp":
        controller = tree.controller(verb.head)
        return controller.i if controller is not None else None
    return None


def _counted_people(tree: Tree, head: int, words: Lexicon) -> bool:
    """A demonym counted like people: "thousands of Serbians", "two Iraqis", "many Afghans"."""
    if tree.children(head, "nummod") or any(
        k.lemma in words["quantity_head"] for k in tree.children(head, "amod", "det")
    ):
        return True
    prep = tree.head(head)
    if prep is None or tree[head].dep != "pobj" or prep.lemma != "of":
        return False
    owner = tree.head(prep.i)
    return owner is not None and (owner.lemma in words["quantity_head"] or owner.pos == "NUM")
