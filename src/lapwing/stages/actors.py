"""Resolve noun phrases to CAMEO-style actor codes (ISO3 country + sector, or a group code).

Evidence, strongest first: a named person or group from the actor tables (with the role
that held on the article's date), a country/demonym/metonym in the phrase, a possessive
or "in/of" country, then coreference: pronouns take the latest actor, and "the country",
"the junta", "the government" take the country the article is about.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

from lapwing.dictionaries import ActorTables, NamedActor, fold
from lapwing.records import Actor, Document, Token
from lapwing.stages.syntax import Tree

MODIFIER_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "case", "npadvmod"})
PRONOUNS = frozenset({"it", "its", "they", "them", "their", "he", "his", "she", "her", "we", "our"})
# Heads that say little about the sector: a modifier ("military leaders") decides instead.
GENERIC_HEADS = frozenset(
    {"leader", "official", "member", "representative", "source", "head", "chief", "team"}
)
# Nouns that stand for the country the article is about when nothing else is said.
COUNTRY_ANAPHORS = frozenset({"country", "nation", "state"})
COUNTRY_GOVERNMENT_NOUNS = frozenset(
    {"government", "junta", "regime", "authority", "administration", "cabinet", "leadership"}
)
BARE_COUNTRY_SECTOR = "GOV"
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
FORMER_WORDS = frozenset({"former", "ex", "ex-", "erstwhile", "onetime", "one-time"})
# Where a capital's name stands for its government: as the one who acts or owns.
SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "csubj"})
# "thousands of students", "members of the government": the actor is the of-object.
QUANTITY_HEADS = frozenset(
    {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "ten", "tens", "million",
     "millions", "score", "scores", "number", "group", "some", "many", "most", "all", "both",
     "one", "two", "three", "four", "five", "several", "member", "part", "rest", "majority",
     "handful", "crowd", "band", "contingent", "unit", "squad", "battalion", "detachment"}
)  # fmt: skip


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

    def remember(self, actor: Actor, subject: bool = False, person: bool = False) -> None:
        self.recent.append((actor, subject, person))
        del self.recent[:-8]


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    actor: Actor
    span: tuple[int, int]
    head: int
    evidence: str  # "named", "country", "sector", "coreference", "place"


class ActorResolver:
    def __init__(self, tables: ActorTables) -> None:
        self.tables = tables

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
        return ArticleContext(date=doc.article.date, main_country=main, place_countries=places)

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
        self, tree: Tree, head: int, ctx: ArticleContext, *, follow_pronouns: bool = True
    ) -> ResolvedActor | None:
        """`follow_pronouns=False` when resolving antecedents: "many of them" must not send
        the search for "them" back to "many"."""
        token = tree[head]
        if token.lemma in PRONOUNS or token.text.lower() in PRONOUNS:
            return self._pronoun(tree, token, ctx) if follow_pronouns else None
        quantity = token.lemma in QUANTITY_HEADS or token.text.lower() in QUANTITY_HEADS
        if quantity or token.pos == "NUM" or token.lemma in GENERIC_HEADS:
            # "thousands of students", "leaders of the opposition coalition"
            for prep, obj in tree.preps(head):
                if prep.lemma == "of":
                    inner = self.resolve(tree, obj.i, ctx, follow_pronouns=follow_pronouns)
                    if inner is not None:
                        return inner
        resolved = self._resolve_phrase(tree, head, ctx)
        if resolved is None or resolved.evidence == "sector":
            # "Salaheddine Sidhoum, Algeria's leading human rights activist": the apposition
            for appos in tree.children(head, "appos"):
                described = self._resolve_phrase(tree, appos.i, ctx)
                if described is not None and (resolved is None or described.evidence != "sector"):
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
        if country and country_token == head and sector is None:
            if token.ent_label == "NORP" and _counted_people(tree, head):
                sector = "CVL"  # "thousands of Serbians", "two Iraqis": people, not the state
            else:
                sector = self._government_metonym_sector(tree, head) or BARE_COUNTRY_SECTOR
        if country is None and (
            token.lemma in COUNTRY_ANAPHORS | COUNTRY_GOVERNMENT_NOUNS
            or self._possessed_by_country_anaphor(tree, phrase)
        ):
            country = ctx.main_country
            sector = sector or ("GOV" if token.lemma not in COUNTRY_ANAPHORS else "GOV")
            evidence = "coreference"
        if country is None and sector is not None:
            country = self._nearest_country(tree, head) or ctx.main_country
            evidence = "sector"
        if country is None and sector is None:
            place_country = self._place_country(tree, head, ctx)
            if place_country is None:
                return None
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
            or head_token.lemma in GENERIC_HEADS | QUANTITY_HEADS | COUNTRY_GOVERNMENT_NOUNS
            or head_token.ent_label in ("PERSON", "ORG", "NORP")
        )
        for prep, obj in tree.preps(head) if actorish else ():
            if prep.lemma in ("of", "in", "from") and obj.ent_label in ("GPE", "NORP"):
                entity = tree.entity_at(obj.i)
                if entity is not None:
                    iso3 = self.country_of_entity(entity.text, entity.ent_id, entity.label)
                    if iso3:
                        return iso3, obj.i
        return None, None

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

    @staticmethod
    def _former(tree: Tree, phrase: list[int], named: NamedActor, ctx: ArticleContext) -> bool:
        return any(tree[i].text.lower() in FORMER_WORDS for i in phrase)

    def _sector(self, tree: Tree, phrase: list[int], head: int) -> str | None:
        words = self.tables.sector_by_word
        head_token = tree[head]
        head_sector = words.get(head_token.lemma) or words.get(head_token.text.lower())
        if head_token.lemma.lower() == "general" and tree.children(head, "compound"):
            # "Solicitor General", "Attorney General", "Governor General": an office, not a rank
            return "GOV"
        for i in phrase:
            if i == head:
                continue
            token = tree[i]
            if token.dep in ("amod", "compound") and token.ent_label == "":
                modifier_sector = words.get(token.lemma) or words.get(token.text.lower())
                if token.lemma.lower() == "general" and i - 1 in phrase:
                    modifier_sector = "GOV"  # "Solicitor General Jose Calida": an office
                if modifier_sector and (head_sector is None or head_token.lemma in GENERIC_HEADS):
                    return modifier_sector
        return head_sector

    def _possessed_by_country_anaphor(self, tree: Tree, phrase: list[int]) -> bool:
        return any(tree[i].dep == "poss" and tree[i].lemma in COUNTRY_ANAPHORS for i in phrase)

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

    def _pronoun(self, tree: Tree, token: Token, ctx: ArticleContext) -> ResolvedActor | None:
        """The nearest earlier subject in the sentence ("Niger said it…"), else the latest
        actor of the article; "it" skips groups of people ("troops", "protesters")."""
        word = token.text.lower()
        wants_state = word in ("it", "its")
        if token.dep == "poss":  # "called on Turkey to halt its drilling": the clause's own
            owner = _clause_owner(tree, token.i)
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
            if other.dep in ("nsubj", "nsubjpass") and other.lemma not in PRONOUNS:
                resolved = self.resolve(tree, i, ctx, follow_pronouns=False)
                if resolved is not None:
                    in_sentence.append((resolved.actor, True, other.ent_label == "PERSON"))
        # Subjects are the likelier antecedents: the latest subject first, then anything;
        # "he", "she" look for a person first ("Governor Rosselló … he", not "protesters").
        latest = list(reversed(ctx.recent + in_sentence))
        ordered = [a for a, subject, _ in latest if subject] + [
            a for a, subject, _ in latest if not subject
        ]
        if word in PERSONAL_PRONOUNS:
            people = [a for a, subject, person in latest if person and subject] + [
                a for a, subject, person in latest if person and not subject
            ]
            ordered = people + [a for a in ordered if a not in people]
        for previous in ordered:
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


def _seat_of_organization(doc: Document, token: int) -> bool:
    """ "a UK-based group": where an organization sits, not where the news happens."""
    return doc.tokens[doc.tokens[token].head].lemma == "base"


def _clause_owner(tree: Tree, i: int) -> int | None:
    """The subject of the clause token i sits in, or the one who controls it ("asked
    France to withdraw its troops", "called on Turkey to halt its drilling")."""
    verb = next((a for a in tree.ancestors(i) if a.pos in ("VERB", "AUX")), None)
    if verb is None:
        return None
    subject = tree.child(verb.i, "nsubj", "nsubjpass")
    if subject is not None and subject.lemma not in PRONOUNS:
        return subject.i
    if subject is None and verb.dep == "xcomp":
        controller = tree.controller(verb.head)
        return controller.i if controller is not None else None
    return None


def _counted_people(tree: Tree, head: int) -> bool:
    """A demonym counted like people: "thousands of Serbians", "two Iraqis", "many Afghans"."""
    if tree.children(head, "nummod") or any(
        k.lemma in QUANTITY_HEADS for k in tree.children(head, "amod", "det")
    ):
        return True
    prep = tree.head(head)
    if prep is None or tree[head].dep != "pobj" or prep.lemma != "of":
        return False
    owner = tree.head(prep.i)
    return owner is not None and (owner.lemma in QUANTITY_HEADS or owner.pos == "NUM")
