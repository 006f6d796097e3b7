"""Find event triggers in every clause and code who did what to whom.

Every verb and event noun of every sentence is looked up in the pattern dictionary; a
pattern fires when its constraints hold on the dependency tree. Actor and recipient come
from the tree: subjects and objects, passive agents, coordinated and controlled clauses
("asked French forces to leave"), relative clauses, possessives and prepositional phrases
of event nouns ("a call between A and B", "Russia's invasion of Ukraine").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from lapwing.dictionaries import (
    CameoCode,
    Lexicon,
    Pattern,
    PatternIndex,
    PloverTypes,
    load_plover_types,
)
from lapwing.records import (
    Actor,
    Document,
    Event,
    EventDate,
    Place,
    Span,
    date_period,
    unidentified,
)
from lapwing.stages import modality as modality_rules
from lapwing.stages.actors import (
    ActorResolver,
    ArticleContext,
    ResolvedActor,
    localized,
    names_person,
    word_key,
)
from lapwing.stages.places import STRAY_CONFIDENCE
from lapwing.stages.syntax import OBJECT_DEPS, Tree

NON_VISITORS = frozenset(
    {"COP", "MIL", "CVL", "REB", "INS", "CRM", "MED", "REF", "BUS", "LAB", "AGR", "EDU", "HLH",
     "UAF", "SEP", "PMC"}
)  # fmt: skip
# ASSAULT modes that are armed attacks even when protesters carry them out.
ARMED_MODES = frozenset(
    {"firearms", "explosives", "heavy-weapons", "aerial", "drone", "suicide-attack",
     "unconventional"}
)  # fmt: skip
# A government reporting its own forces' deeds accuses no one; a rights group or the
# opposition reporting what the state's forces did accuses them.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
# Stances on a policy that address whoever made it
POLICY_STANCES = frozenset({"REJECT", "SUPPORT", "ACCUSE"})
# Who rallies in the street rather than in a statement
CROWD_SECTORS = frozenset({"CVL", "LAB", "EDU", "REL", "REF", "AGR"})
WATCHDOG_SECTORS = frozenset({"NGO", "HRI", "OPP", "REB", "INS", "CVL", "LAB", "EDU", "REL"})
# At most this many members of a coordinated party become events of their own.
MAX_MEMBERS = 5
# Lexicon class -> the sector of the unnamed agent its passives imply (`_implied_agent`)
IMPLIED_SECTORS = (("police_act", "COP"), ("court_act", "JUD"), ("state_act", "GOV"))
DEFAULT_RECIPIENT_PREPS = ("against", "on", "to", "with", "toward", "towards", "into", "at", "for")

# PLOVER codes a single category: an announced act is AGREE (CAMEO 03x, intent to
# cooperate) or THREATEN (13x), a refused one REJECT (12x), one that someone says another
# "must" do REQUEST (10x). Keyed by the CAMEO root of the act.
INTENT_CODE = {"03": "030", "04": "036", "05": "032", "06": "031", "07": "033", "08": "035",
               "14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138",
               "20": "138"}  # fmt: skip
# "Obama wants Putin to attack…": wishing another party would act is an appeal (CAMEO 02x).
APPEAL_CODE = {"03": "020", "04": "026", "05": "022", "06": "021", "07": "023", "08": "025",
               "09": "020", "10": "020", "11": "020", "12": "020", "13": "020", "14": "020",
               "15": "0212", "16": "020", "17": "0212", "18": "0212", "19": "0212",
               "20": "0212"}  # fmt: skip
REFUSAL_CODE = {"03": "127", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
DEMAND_CODE = {"03": "100", "04": "106", "05": "102", "06": "101", "07": "103", "08": "105",
               "09": "101", "10": "100", "11": "100", "12": "100", "13": "100"}  # fmt: skip
INTENT_CUES = frozenset(
    {"modal:will", "governor:plan", "governor:intend", "governor:promise", "governor:pledge",
     "governor:vow", "governor:decide", "governor:commit", "governor:prepare", "governor:offer",
     "governor:ready", "governor:willing", "governor:prepared", "governor:go", "governor:set",
     "governor:resolve", "governor:agree", "governor:expect"}
)  # fmt: skip
# Getting ready for an attack is raising military alert (CAMEO 152), not only a threat.
READYING_CUES = frozenset({"governor:prepare", "governor:ready", "governor:prepared"})
WANT_CUES = frozenset({"governor:want", "governor:seek", "governor:aim", "governor:hope"})
REFUSAL_CUES = frozenset(
    {"governor:refuse", "governor:decline", "governor:reject", "governor:fail"}
)
DEMAND_CUES = frozenset({"modal:must", "modal:should", "modal:ought", "governor:need"})

# (document, tree, trigger token, character spans of the event's parties) -> place, its span
Locator = Callable[[Document, Tree, int, Sequence[Span]], tuple[Place, Span | None] | None]
# (tree, trigger index) -> event date
Dater = Callable[[Tree, int], EventDate]


@dataclass(frozen=True, slots=True)
class Trigger:
    index: int
    pattern: Pattern


class EventCoder:
    def __init__(
        self,
        patterns: PatternIndex,
        cameo: dict[str, CameoCode],
        resolver: ActorResolver,
        abstract_targets: frozenset[str],
        data_version: str,
        types: PloverTypes | None = None,
        partial_dyads: bool = False,
    ) -> None:
        """`partial_dyads`: keep events of dyadic types (`plover_types.tsv`) that lack a
        coded actor or recipient; by default they are left out."""
        self.types = types or load_plover_types()
        self.words = resolver.words  # word classes: data/lexicon/code.tsv
        self.partial_dyads = partial_dyads
        self.patterns = patterns
        self.cameo = cameo
        self.resolver = resolver
        self.abstract_targets = abstract_targets
        self.data_version = data_version
        # Event nouns that name an attack ("strike", "raid"): victims die "in" them
        self.attack_nouns = frozenset(
            lemma
            for (lemma, pos), candidates in patterns.by_trigger.items()
            if pos == "NOUN" and any(c.type == "ASSAULT" for c in candidates)
        )

    # ------------------------------------------------------------ triggers

    def find_triggers(self, tree: Tree, start: int, end: int) -> list[Trigger]:
        found = []
        for i in range(start, end):
            token = tree[i]
            pos = "VERB" if token.pos in ("VERB", "AUX") else token.pos
            if pos not in ("VERB", "NOUN") or token.dep in ("aux", "auxpass"):
                continue  # an auxiliary ("to help identify") is never the event
            for pattern in self.patterns.candidates(token.lemma, pos):
                if self._satisfies(tree, i, pattern):
                    found.append(Trigger(i, pattern))
                    break
        # A noun that is the complement of a coded verb is part of that event
        # ("imposed sanctions", "launched an attack" when both are triggers).
        verbs = {t.index for t in found if t.pattern.pos == "VERB"}
        return [t for t in found if t.pattern.pos == "VERB" or not self._part_of(tree, t, verbs)]

    @staticmethod
    def _part_of(tree: Tree, trigger: Trigger, verbs: set[int]) -> bool:
        """An event noun that completes a coded verb: its object ("imposed sanctions") or the
        object of its preposition ("conceded to demands", "reneged on its commitment")."""
        token = tree[trigger.index]
        if token.head in verbs and token.dep not in ("nsubj", "nsubjpass", "csubj"):
            return True
        if token.dep == "pobj":
            prep = tree[token.head]
            return prep.dep in ("prep", "dative") and prep.head in verbs
        return False

    def _complements(self, tree: Tree, i: int) -> set[str]:
        """Lemmas that `object` constraints look at."""
        token = tree[i]
        lemmas: set[str] = set()
        heads = []
        if token.pos == "NOUN":
            for kid in tree.children(i, "amod", "compound", "nmod"):
                lemmas.add(kid.lemma)
            heads += [obj.i for _, obj in tree.preps(i)]
        else:
            heads += [k.i for k in tree.children(i, *OBJECT_DEPS, "xcomp", "ccomp")]
            patient = self._passive_patient(tree, i)
            heads += [patient] if patient is not None else []
            heads += [obj.i for _, obj in tree.preps(i)]
            for xcomp in tree.children(i, "xcomp"):
                heads += [k.i for k in tree.children(xcomp.i, *OBJECT_DEPS)]
                heads += [k.i for k in tree.children(xcomp.i, "prt")]
            if self._object_relative(tree, i):  # "the aid that X sent"
                heads.append(token.head)
        for h in heads:
            for c in tree.conjuncts(h):
                lemmas.add(tree[c].lemma)
                for kid in tree.children(c, "compound", "amod"):
                    lemmas.add(kid.lemma)
        return lemmas

    def _satisfies(self, tree: Tree, i: int, pattern: Pattern) -> bool:
        if pattern.particle:
            attached = {
                k.lemma for k in tree.children(i, "prt", "prep", "advmod", "agent", "dative")
            }
            if pattern.particle not in attached:
                return False
        if pattern.object or pattern.not_object:
            lemmas = self._complements(tree, i)
            if pattern.object and not (pattern.object & lemmas):
                return False
            if pattern.not_object & lemmas:
                return False
        if pattern.actor_is:
            if tree[i].pos == "NOUN":
                agents = self._noun_agents(tree, i, pattern)
            else:
                agents = [s for s in [self._subject_head(tree, i)] if s is not None]
            if not any(tree[a].lemma in pattern.actor_is for a in agents):
                return False
        return True

    # ------------------------------------------------------------ roles

    def _subject_head(self, tree: Tree, i: int) -> int | None:
        """The agent of verb i: its subject, or the one it inherits through the tree."""
        token = tree[i]
        if token.pos == "NOUN":
            return None
        agent = self._passive_agent(tree, i)
        if agent is not None:
            return agent
        if any(k.dep == "nsubjpass" for k in tree.children(i)):
            return None
        subject = tree.child(i, "nsubj", "csubj")
        if subject is not None and subject.lemma in self.words["time_noun"]:
            subject = None
        if subject is not None:
            if subject.lemma in self.words["relative_pronoun"] and token.dep == "relcl":
                return token.head
            return subject.i
        head = tree.head(i)
        if head is None:
            return None
        if token.dep in ("conj", "acomp"):  # "…and expelled", "is prepared to lift"
            return self._subject_head(tree, head.i)
        if token.dep == "xcomp":
            controller = tree.controller(head.i)  # "asked French forces to leave"
            if controller is not None and head.lemma not in ("help",):
                return controller.i
            raised = tree.child(head.i, "nsubjpass")  # "Obama is scheduled to attend",
            if raised is not None and self._passive_agent(tree, head.i) is None:
                return raised.i  # "he was forced to resign"
            return self._subject_head(tree, head.i)
        if token.dep in ("acl", "relcl") and (token.tag != "VBN" or _misparsed_main_verb(tree, i)):
            return head.i  # "trainers arriving", "soldiers who ousted", "Trump alleged…"
        if token.dep == "advcl" and token.tag == "VBG":
            return self._subject_head(tree, head.i)  # "…, killing eight people"
        if token.dep == "pcomp" and token.tag == "VBG":
            # "was forceful in blaming Iran", "after meeting Putin, Modi said": the gerund's
            # doer is the subject of the clause its preposition belongs to
            owner = tree.head(head.i)
            while owner is not None and owner.dep == "acomp" and owner.pos == "ADJ":
                owner = tree.head(owner.i)
            if owner is None or owner.pos not in ("VERB", "AUX"):
                return None
            if head.lemma in self.words["object_control_prep"]:
                # "accused Germany of supporting the PKK", "Germany was accused of…",
                # "barred Russia from taking part": the one the verb is about does it
                controlled = tree.child(owner.i, "dobj", "nsubjpass")
                if controlled is not None:
                    return controlled.i
            return self._subject_head(tree, owner.i)
        return None

    def _passive_patient(self, tree: Tree, i: int) -> int | None:
        """The passive subject of verb i, or the subject a passive conjunct shares with the
        verb before it ("The civilians imprisoned … were released by Putin")."""
        patient = tree.child(i, "nsubjpass")
        if patient is not None:
            return patient.i
        token = tree[i]
        passive = any(k.dep == "auxpass" for k in tree.children(i))
        if passive and token.dep == "conj" and tree.child(i, "nsubj") is None:
            head = tree.child(token.head, "nsubjpass", "nsubj")
            return head.i if head is not None else None
        return None

    def _passive_agent(self, tree: Tree, i: int) -> int | None:
        for agent in tree.children(i, "agent"):
            obj = tree.child(agent.i, "pobj")
            if obj is not None and obj.lemma in self.attack_nouns:
                # "hit by drone strikes": the strikes are the means; their owner is the agent
                return self._attack_owner(tree, obj.i)
            if obj is not None:
                return obj.i
        passive = any(k.dep == "auxpass" for k in tree.children(i))
        if passive and tree.child(i, "nsubj") is None:
            # "were killed in an air strike by government forces", "killed in Israel's raid":
            # the one behind the attack the victims died in
            for prep, obj in tree.preps(i):
                if prep.lemma not in ("in", "during") or obj.lemma not in self.attack_nouns:
                    continue
                owner = self._attack_owner(tree, obj.i)
                if owner is not None:
                    return owner
        return None

    @staticmethod
    def _attack_owner(tree: Tree, noun: int) -> int | None:
        """Who carried out the attack noun: "strikes by X", "X's raid", "Israeli strikes"."""
        for prep, agent in tree.preps(noun):
            if prep.lemma == "by":
                return agent.i
        owner = tree.child(noun, "poss")
        if owner is not None:
            return owner.i
        national = next((k for k in tree.children(noun, "amod") if k.ent_label == "NORP"), None)
        return national.i if national is not None else None

    def _object_heads(self, tree: Tree, i: int, pattern: Pattern) -> list[int]:
        token = tree[i]
        preps = tree.preps(i)
        out: list[int] = []
        for wanted in pattern.recipient_prep:
            out += [obj.i for prep, obj in preps if prep.lemma == wanted]
        if token.pos == "NOUN":
            return out + self._noun_patients(tree, i, pattern)
        patient = self._passive_patient(tree, i)
        if patient is not None:
            out.append(patient)
        if token.dep in ("acl",) and token.tag == "VBN" and not _misparsed_main_verb(tree, i):
            out.append(token.head)  # "troops killed in the attack"
        out += [k.i for k in tree.children(i, "dobj", "obj", "dative")]
        if self._object_relative(tree, i):
            # "the sources that the leaders reached out to": the modified noun, and through
            # a copula the subject it describes ("The Wagner group was one of the sources")
            noun = tree[token.head]
            out.append(self._through_copula(tree, noun.i))
        out += [obj.i for prep, obj in preps if prep.lemma in DEFAULT_RECIPIENT_PREPS]
        if token.dep == "relcl" and any(k.lemma == "where" for k in tree.children(i, "advmod")):
            out.append(token.head)  # "Mali, where the delegation visited": the host
        if pattern.type in self.types.having("in_is_patient"):
            # last resort: "imposed a curfew in Cizre", "killed five people in Juba"
            out += [obj.i for prep, obj in preps if prep.lemma == "in"]
        clauses = tree.children(i, "xcomp", "ccomp") + self._stray_that_clauses(tree, i)
        for clause in clauses:
            # "demanded that the United States match…": the one asked is the clause's subject
            out += [k.i for k in tree.children(clause.i, "nsubj", "nsubjpass")]
            out += [k.i for k in tree.children(clause.i, "dobj", "obj")]
            # "agreed to be interviewed by the senators": the passive clause's agent
            out += [o.i for prep, o in tree.preps(clause.i) if prep.dep == "agent"]
        for clause in clauses:
            # "refused to allow the minister to land": the one the allowed act is about
            for inner in tree.children(clause.i, "xcomp", "ccomp"):
                out += [k.i for k in tree.children(inner.i, "nsubj", "nsubjpass")]
        # Inside the object: "demanded the withdrawal of Serbian forces", "threatened action
        # against Russia", "denounced Serbia's suppression of…"
        for obj in [
            *tree.children(i, "dobj", "obj"),
            *(k for clause in clauses for k in tree.children(clause.i, "dobj", "obj")),
            # the object of the trigger's own particle: "called for Rosselló's resignation"
            *(o for prep, o in preps if pattern.particle and prep.lemma == pattern.particle),
        ]:
            out += [k.i for k in tree.children(obj.i, "poss")]
            out += [
                o.i
                for prep, o in tree.preps(obj.i)
                if prep.lemma in ("of", "by", "against", "on", "to", "from", "with")
            ]
        return out

    @staticmethod
    def _stray_that_clauses(tree: Tree, i: int) -> list:
        """A that-clause of verb i the parser hung lower ("alleged on Saturday without
        evidence that Obama wiretapped…": the clause made a modifier of "evidence")."""
        if tree[i].pos not in ("VERB", "AUX"):
            return []
        found = []
        frontier = [k for k in tree.children(i, "prep", "npadvmod", "advmod")]
        for _ in range(2):
            nouns = [o for k in frontier for o in tree.children(k.i, "pobj")] + frontier
            clauses = [c for n in nouns for c in tree.children(n.i, "acl", "relcl")]
            found += [
                c for c in clauses if any(m.lemma == "that" for m in tree.children(c.i, "mark"))
            ]
            frontier = [k for n in nouns for k in tree.children(n.i, "prep")]
        return found

    def _object_relative(self, tree: Tree, i: int) -> bool:
        """A relative clause whose own subject is not the relative pronoun: the modified noun
        is its object ("the sources that the leaders reached out to")."""
        if tree[i].dep != "relcl":
            return False
        subject = tree.child(i, "nsubj", "nsubjpass")
        return subject is not None and subject.lemma not in self.words["relative_pronoun"]

    def _through_copula(self, tree: Tree, noun: int) -> int:
        token = tree[noun]
        while token.dep == "pobj" and tree[token.head].dep == "prep":
            token = tree[tree[token.head].head]
        if token.dep == "attr":
            subject = tree.child(token.head, "nsubj")
            if subject is not None:
                return subject.i
        return token.i

    def _noun_agents(self, tree: Tree, i: int, pattern: Pattern) -> list[int]:
        token = tree[i]
        out = [k.i for k in tree.children(i, "poss")]
        for prep, obj in tree.preps(i):
            if prep.lemma == "by" or (
                prep.lemma == "from" and pattern.type not in self.types.having("from_is_place")
            ):
                out.append(obj.i)  # "pressure from Congress", not "withdrawal from Panama"
            elif prep.lemma == "between":
                out.append(obj.i)
            elif prep.lemma == "of" and pattern.type not in self.types.having("of_is_patient"):
                out.append(obj.i)
        # "Russian strikes", "US sanctions"; a city is where, not who ("a Kabul car bombing")
        out += [
            k.i
            for k in tree.children(i, "amod", "compound")
            if k.ent_label == "NORP"
            or (k.ent_label == "GPE" and k.ent_id.startswith(("country:", "government:")))
        ]
        head = tree.head(i)
        verb = head is not None and head.pos in ("VERB", "AUX")
        if verb and token.dep in ("dobj", "obj") and head.lemma not in self.words["non_agent_verb"]:
            subject = self._subject_head(tree, head.i)
            if subject is not None:
                out.append(subject)
        if token.dep == "pobj" and head is not None and head.lemma == "in":
            taking_part = tree.head(head.i)
            if taking_part is not None and taking_part.lemma in self.words["participation_verb"]:
                # "The U.S. is involved in annual drills", "troops took part in the raid"
                if taking_part.pos == "NOUN" and taking_part.dep in ("dobj", "obj"):
                    taking_part = tree[taking_part.head]
                passive = tree.child(taking_part.i, "nsubjpass")
                doer = passive.i if passive is not None else self._subject_head(tree, taking_part.i)
                if doer is not None:
                    out.append(doer)
        return out

    def _noun_patients(self, tree: Tree, i: int, pattern: Pattern) -> list[int]:
        out = []
        for prep, obj in tree.preps(i):
            if prep.lemma == "between":
                out += [c for c in tree.conjuncts(obj.i) if c != obj.i]
            elif prep.lemma == "of" and pattern.type in self.types.having("of_is_patient"):
                out.append(obj.i)
            elif prep.lemma in DEFAULT_RECIPIENT_PREPS + ("in",):
                out.append(obj.i)
        verb = self._undergoing_verb(tree, i)
        if verb is not None:
            subject = self._subject_head(tree, verb)
            out += [subject] if subject is not None else []
        return out

    def _undergoing_verb(self, tree: Tree, noun: int) -> int | None:
        """The verb whose subject undergoes event noun `noun` ("faces pressure", "came under
        attack"), if there is one."""
        token = tree[noun]
        head = tree.head(noun)
        if head is None:
            return None
        if token.dep == "pobj" and head.lemma == "under":
            head = tree.head(head.i)
        elif token.dep not in ("dobj", "obj"):
            return None
        if (
            head is not None
            and head.pos in ("VERB", "AUX")
            and head.lemma in self.words["undergoing_verb"]
        ):
            return head.i
        return None

    def _accidental(self, tree: Tree, i: int, agent_heads: list[int], ctx: ArticleContext) -> bool:
        """Harm the text calls accidental ("the dog accidentally shot her"), unless a state's
        forces did it: a military that "unintentionally" shot down an airliner still attacked
        it, as event data have always coded friendly fire and mistaken strikes."""
        words = self.words["accidental_word"]
        if not any(
            k.lemma in words or k.text.lower() in words for k in tree.children(i, "advmod", "amod")
        ):
            return False
        for head in agent_heads[:1]:
            agent = self.resolver.resolve(tree, head, ctx)
            if agent is not None and agent.actor.sector in STATE_SECTORS:
                return False
        return True

    def _counterpart(
        self,
        tree: Tree,
        i: int,
        pattern: Pattern,
        actor: ResolvedActor | None,
        recipient: ResolvedActor | None,
        ctx: ArticleContext,
    ) -> ResolvedActor | None:
        """The other party of the story's exchange (`_story_counterpart`) where the text
        means it: "Turkey suspended relations between the two countries" (ties are always
        with another party), "Rutte has demanded an apology" (a state's demand
        naming no one)."""
        if actor is None:
            return recipient
        if recipient is not None:
            ties = tree[recipient.head].lemma in self.words["relation_noun"]
            if not ties or recipient.actor.country != actor.actor.country:
                return recipient
            other = _story_counterpart(actor.actor, ctx)
            return (
                recipient
                if other is None
                else ResolvedActor(other, recipient.span, recipient.head, "coreference")
            )
        author = self._policy_author(tree, i, pattern, actor)
        if author is not None:
            return author
        if (
            pattern.type not in self.types.having("answers_the_story")
            or actor.actor.sector not in STATE_SECTORS
            or tree[i].pos != "VERB"
            or actor.evidence == "coreference"  # "their demands": whose is unsure already
        ):
            return None
        other = _story_counterpart(actor.actor, ctx)
        token = tree[i]
        return (
            None
            if other is None
            else ResolvedActor(other, (token.start, token.start), i, "implied")
        )

    def _policy_author(
        self, tree: Tree, i: int, pattern: Pattern, actor: ResolvedActor
    ) -> ResolvedActor | None:
        """ "The House voted to reject the rule", "the opposition backed the budget": a
        policy no one is named as making is the government's of the actor's country."""
        if (
            pattern.type not in POLICY_STANCES
            or actor.actor.country is None
            or actor.actor.sector in ("GOV", None)
        ):
            return None
        for obj in tree.children(i, "dobj", "obj"):
            if obj.lemma in self.words["policy_noun"] and not tree.children(obj.i, "poss"):
                country = actor.actor.country
                author = Actor(text=None, code=f"{country}GOV", country=country, sector="GOV")
                return ResolvedActor(author, (obj.start, obj.start), obj.i, "implied")
        return None

    def _protest_target(self, tree: Tree, i: int, fired: Mapping[int, str]) -> ResolvedActor | None:
        """A protest's aim names whom it targets: "marched through Frankfurt calling for
        democracy in Turkey" is aimed at Turkey's government (the first country its
        demand names)."""
        for clause in tree.children(i, "advcl", "xcomp"):
            if fired.get(clause.i) != "REQUEST":
                continue
            for k in tree.subtree(clause.i):
                entity = tree.entity_at(k)
                if entity is None or entity.label != "GPE":
                    continue
                iso3 = self.resolver.country_of_entity(entity.text, entity.ent_id, entity.label)
                if iso3:
                    actor = Actor(text=entity.text, code=f"{iso3}GOV", country=iso3, sector="GOV")
                    return ResolvedActor(actor, (entity.start, entity.end), k, "country")
        return None

    def _concurs_in_a_view(self, tree: Tree, i: int) -> bool:
        """ "Agreed that the plan was flawed": sharing a view, no agreement to act; "agreed
        that troops would withdraw" (a clause with a future or modal) is still a deal."""
        if tree[i].lemma not in self.words["concur_verb"] or tree.children(i, "xcomp"):
            return False
        for clause in tree.children(i, "ccomp"):
            auxiliaries = tree.children(clause.i, "aux", "auxpass")
            modal = any(a.tag == "MD" for a in auxiliaries)
            if not modal and clause.pos in ("VERB", "AUX"):
                return True
        return False

    def _warns_of_danger(
        self, tree: Tree, i: int, agent_heads: list[int], ctx: ArticleContext
    ) -> bool:
        """A warning whose clause is about someone else's doing or fate ("warned the U.S. and
        North Korea could be heading for conflict", "warned that Russia would invade") is a
        prediction, no threat: the warner threatens only what it would do itself ("warned
        that it would retaliate"). A clause with no subject of its own is about the warned."""
        if tree[i].lemma not in self.words["warning_verb"] or not agent_heads:
            return False
        clauses = tree.children(i, "ccomp") + self._stray_that_clauses(tree, i)
        if not clauses:
            return False
        subject = tree.child(clauses[0].i, "nsubj", "nsubjpass")
        if subject is None:
            return bool(tree.children(i, "dobj", "obj"))
        warner = self.resolver.resolve(tree, agent_heads[0], ctx)
        about = self.resolver.resolve(tree, subject.i, ctx)
        if warner is None or about is None:
            return False
        same_state = (  # "the security chief warned that police will no longer tolerate…"
            about.actor.country == warner.actor.country
            and {about.actor.sector, warner.actor.sector} <= STATE_SECTORS | {None}
        )
        return about.actor.code != warner.actor.code and not same_state

    def _implied_agent(
        self, tree: Tree, i: int, pattern: Pattern, ctx: ArticleContext
    ) -> ResolvedActor | None:
        """The unnamed agent of an agentless passive whose doer the act itself tells: "was
        arrested" (police), "were indicted" (a court), "was deported" (the state), of the
        article's country until the event's place says otherwise (see `localized`)."""
        token = tree[i]
        passive = any(k.dep == "auxpass" for k in tree.children(i)) or (
            token.dep == "acl" and token.tag == "VBN" and not _misparsed_main_verb(tree, i)
        )
        if token.pos not in ("VERB", "AUX") or not passive or ctx.main_country is None:
            return None
        for word_class, sector in IMPLIED_SECTORS:
            if pattern.id in self.words[word_class] or token.lemma in self.words[word_class]:
                country = ctx.main_country
                actor = Actor(text=None, code=f"{country}{sector}", country=country, sector=sector)
                return ResolvedActor(actor, (token.start, token.start), i, "implied")
        return None

    def _resolve_all(
        self, tree: Tree, heads: list[int], ctx: ArticleContext, exclude: ResolvedActor | None
    ) -> list[ResolvedActor]:
        """Every coordinated member of the first head that names a party: "The US, Japan
        and South Korea requested…" is three requesters (one event each, as GDELT and
        PETRARCH count them)."""
        for head in heads:
            if tree[head].lemma in self.words["time_noun"]:
                continue  # "at 11:25am US east coast time" names no party
            group = self.resolver.group_members(tree, head, ctx)
            if group:
                return group  # "the two leaders": the two the article just named
            members: list[ResolvedActor] = []
            for conjunct in tree.conjuncts(head):
                avoid = exclude.actor.code if exclude is not None else None
                resolved = self.resolver.resolve(tree, conjunct, ctx, avoid=avoid)
                if resolved is None:
                    continue
                if exclude is not None and resolved.span == exclude.span:
                    continue
                if (
                    exclude is not None
                    and resolved.evidence in ("coreference", "country")
                    and resolved.actor.code == exclude.actor.code
                ):
                    # "levied sanctions against him": a pronoun or "the government" in the
                    # actor's own clause is someone else, not the actor again; "Trump
                    # withdrew the US from the treaty": the country moved is not the target
                    continue
                if all(m.actor.code != resolved.actor.code for m in members):
                    members.append(resolved)
            if members:
                return members[:MAX_MEMBERS]
        return []

    # ------------------------------------------------------------ events

    def code_sentence(
        self,
        tree: Tree,
        sentence_index: int,
        ctx: ArticleContext,
        locate: Locator,
        date_of: Dater,
    ) -> list[Event]:
        doc = tree.doc
        sentence = doc.sentences[sentence_index]
        events = []
        triggers = self.find_triggers(tree, sentence.token_start, sentence.token_end)
        fired = {t.index: t.pattern.type for t in triggers}
        for trigger in triggers:
            events += self._code_trigger(tree, trigger, ctx, locate, date_of, fired)
        for verb in range(sentence.token_start, sentence.token_end):
            if verb not in fired:
                events += self._bare_demand(tree, verb, ctx, locate, date_of)
        self._remember_in_order(tree, sentence.token_start, sentence.token_end, events, ctx)
        return events

    def _remember_in_order(
        self, tree: Tree, start: int, end: int, events: list[Event], ctx: ArticleContext
    ) -> None:
        """Actors of this sentence, in text order, so pronouns in the next one find them."""
        if not tree[start].dep:
            # A sentence left unparsed (no trigger in it) still names people: "Belgacem was
            # stopped at a checkpoint. He fired at police" -- the first one named is the
            # likeliest subject
            self._remember_people_named(tree, start, end, ctx)
            return
        mentioned: dict[int, tuple[Actor, bool, bool]] = {}
        listed_people = {
            e.token_end - 1
            for e in tree.entities_in(tree.sentence_index(start))
            if e.label == "PERSON" and e.ent_id.startswith("actor:")
        }
        for i in range(start, end):
            token = tree[i]
            listed = token
            while listed.dep == "conj" and listed.head != listed.i:
                listed = tree[listed.head]  # "Trump and Erdogan spoke": both are subjects
            subject = listed.dep in ("nsubj", "nsubjpass")
            # a person named as an object is still someone "he" or "she" may mean later
            # a listed person named anywhere ("US President Donald Trump and …", however
            # the parser hung it) likewise
            named_object = (
                token.dep in ("dobj", "obj", "pobj", "dative") and token.ent_label == "PERSON"
            ) or i in listed_people
            if (subject or named_object) and token.lemma not in self.words["time_noun"]:
                resolved = self.resolver.resolve(tree, i, ctx)
                if resolved is not None:
                    person = (
                        names_person(tree, resolved.head, ctx)
                        or tree[resolved.head].text.lower() in self.words["personal_pronoun"]
                    )  # "she said…": still the person the pronoun stood for
                    mentioned[resolved.span[0]] = (resolved.actor, subject, person)
        for event in events:
            for role in ("actor", "recipient"):
                actor, span = getattr(event, role), event.spans[role]
                if actor is not None and actor.code and span is not None:
                    mentioned.setdefault(span[0], (actor, False, False))
        for _, (actor, subject, person) in sorted(mentioned.items()):
            ctx.remember(actor, subject, person)

    def _remember_people_named(self, tree: Tree, start: int, end: int, ctx: ArticleContext) -> None:
        """The parties an unparsed sentence names, in text order: listed actors and
        countries (the entity ruler marks them without a parse) and the people the
        article named before."""
        listed = {
            e.token_end - 1: e
            for e in tree.entities_in(tree.sentence_index(start))
            if e.ent_id.startswith(("actor:", "country:", "government:"))
        }
        first = True
        for i in range(start, end):
            token = tree[i]
            if i in listed:
                resolved = self.resolver.resolve(tree, i, ctx, follow_pronouns=False)
                if resolved is not None:
                    person = listed[i].label == "PERSON" or bool(resolved.actor.name)
                    ctx.remember(resolved.actor, subject=first, person=person)
                    first = False
                continue
            person = ctx.person_names.get(word_key(token.text))
            if person is None or not token.text[:1].isupper():
                continue
            if i + 1 < end and ctx.person_names.get(word_key(tree[i + 1].text)) is person:
                continue  # "Ziyed Ben Belgacem": the name once, at its last word
            ctx.remember(dataclasses.replace(person, text=token.text), subject=first, person=True)
            first = False

    def _single_category(
        self,
        tree: Tree,
        i: int,
        mood: modality_rules.Modality,
        cameo_code: str,
        fired: Mapping[int, str],
        actor: ResolvedActor | None,
        recipient: ResolvedActor | None,
        ctx: ArticleContext,
    ):
        """Recode an announced, refused or demanded act as the statement it is."""
        if mood.governor is not None and mood.governor in fired:
            return None  # "agreed to send", "threatened to attack": the governor codes it
        root = cameo_code[:2]
        asserted = modality_rules.Modality("asserted")
        announced = mood.mood in ("future", "hypothetical") and mood.cue in INTENT_CUES
        if announced and root in ("18", "19", "20") and mood.cue in READYING_CUES:
            # "The army prepared to resume shelling": readying forces is force posture
            return "MOBILIZE", "troops", "152", actor, recipient, "readiness", asserted
        if announced and root in INTENT_CODE:
            if _conditional(tree, i):  # "will withdraw its force unless…": an ultimatum
                return "THREATEN", "relations", "139", actor, recipient, "ultimatum", asserted
            code = INTENT_CODE[root]
            kind = "THREATEN" if root >= "14" else "AGREE"
            return kind, None, code, actor, recipient, "intent", asserted
        wish = mood.cue in WANT_CUES and tree[i].head == mood.governor
        if wish:
            wisher_head = self._subject_head(tree, mood.governor)
            wisher = (
                self.resolver.resolve(tree, wisher_head, ctx) if wisher_head is not None else None
            )
            other = (
                wisher is not None
                and actor is not None
                and wisher.span != actor.span
                and wisher.actor.code != actor.actor.code
            )
            if other and root in APPEAL_CODE:  # "Obama wants Putin to attack…": an appeal
                own = modality_rules.modality(tree, mood.governor, self.words)
                return "REQUEST", None, APPEAL_CODE[root], wisher, actor, "appeal", own
            if tree[i].dep == "xcomp" and root in INTENT_CODE:
                # "Obama wants to attack…": the wish is the threat or the offer
                kind = "THREATEN" if root >= "14" else "AGREE"
                return kind, None, INTENT_CODE[root], actor, recipient, "intent", asserted
        if mood.mood == "hypothetical" and mood.cue.startswith("modal:") and _conditional(tree, i):
            if root in INTENT_CODE:  # "may halt mediation if…": a conditional threat or offer
                kind = "THREATEN" if root >= "14" else "AGREE"
                code = INTENT_CODE[root] if kind == "AGREE" else "139"
                return kind, None, code, actor, recipient, "conditional", asserted
        if mood.mood == "hypothetical" and mood.cue == "modal:would" and mood.speaker is not None:
            if root in INTENT_CODE:  # "Iraq said it would allow…": future in the past
                code = INTENT_CODE[root]
                kind = "THREATEN" if root >= "14" else "AGREE"
                return kind, None, code, actor, recipient, "intent", asserted
        if (
            mood.mood == "negated"
            and root in REFUSAL_CODE
            and (mood.cue in REFUSAL_CUES or mood.cue == "neg:will")
        ):
            return "REJECT", None, REFUSAL_CODE[root], actor, recipient, "refusal", asserted
        if mood.mood == "hypothetical" and mood.cue in DEMAND_CUES and mood.speaker is not None:
            speaker = self._subject_head(tree, mood.speaker)
            demander = self.resolver.resolve(tree, speaker, ctx) if speaker is not None else None
            subject = tree.child(i, "nsubj", "nsubjpass")
            # "The army said it must…": a pronoun subject is the speaker itself
            own = actor is None and subject is not None and subject.pos == "PRON"
            if demander is not None and root in DEMAND_CODE and not own:
                if actor is None or demander.actor.code != actor.actor.code:
                    return "REQUEST", None, DEMAND_CODE[root], demander, actor, "demand", asserted
        return None

    def _bare_demand(
        self, tree: Tree, i: int, ctx: ArticleContext, locate: Locator, date_of: Dater
    ) -> list[Event]:
        """ "The Red Cross said US forces must ensure security": whatever the demanded act,
        a party saying that another must act demands it (CAMEO 100), PLOVER's single
        category. Acts that are triggers themselves are recoded in `_single_category`."""
        token = tree[i]
        if token.pos not in ("VERB", "AUX") or token.dep not in ("ccomp", "conj"):
            return []
        mood = modality_rules.modality(tree, i, self.words)
        if mood.mood != "hypothetical" or mood.cue not in DEMAND_CUES or mood.speaker is None:
            return []
        subject = tree.child(i, "nsubj", "nsubjpass")
        speaker = self._subject_head(tree, mood.speaker)
        if subject is None or speaker is None:
            return []
        demander = self.resolver.resolve(tree, speaker, ctx)
        demanded = self.resolver.resolve(tree, subject.i, ctx)
        if demander is None or demanded is None or demander.actor.code == demanded.actor.code:
            return []
        spec = _Spec("REQUEST", None, "100", (), "must-clause+demand", -1)
        event = self._build(tree, i, spec, demander, demanded, "asserted", locate, date_of)
        return [event] if event is not None else []

    def _code_trigger(
        self,
        tree: Tree,
        trigger: Trigger,
        ctx: ArticleContext,
        locate: Locator,
        date_of: Dater,
        fired: Mapping[int, str] | None = None,
    ) -> list[Event]:
        i, pattern = trigger.index, trigger.pattern
        token = tree[i]
        fired = fired or {}
        if token.pos == "NOUN":
            agent_heads = self._noun_agents(tree, i, pattern)
        else:
            subject = self._subject_head(tree, i)
            agent_heads = [subject] if subject is not None else []
        patient_heads = self._object_heads(tree, i, pattern)
        if pattern.reverse:  # "Georgian demonstrators received weapons from the government"
            patient_heads = agent_heads
            givers = [i, *(k.i for k in tree.children(i, "dobj", "obj"))]
            agent_heads = [o.i for g in givers for prep, o in tree.preps(g) if prep.lemma == "from"]
        causes = [a for a in agent_heads[:1] if tree[a].dep == "pobj"]  # "killed by the crash"
        if pattern.type in ("ASSAULT", "COERCE") and any(
            tree[h].lemma in self.abstract_targets for h in [*patient_heads[:1], *causes]
        ):
            # "battling an insurgency", "fight corruption", "victims killed by the crash":
            # no one attacks anyone
            return []
        if pattern.type == "ASSAULT" and self._accidental(tree, i, agent_heads, ctx):
            return []  # "the dog accidentally shot her", "an accidental shooting": no attack
        if pattern.type == "REQUEST" and any(
            k.lemma in self.words["question_mark"]
            for clause in tree.children(i, "ccomp")
            for k in tree.children(clause.i, "mark")
        ):
            return []  # "Trump asked whether allies should pay more": a question
        if pattern.type == "AGREE" and self._concurs_in_a_view(tree, i):
            return []  # "he agreed that he had committed the offences": an admission
        if pattern.type == "THREATEN" and self._warns_of_danger(tree, i, agent_heads, ctx):
            return []  # "warned the U.S. and North Korea could be heading for conflict"
        if token.pos == "NOUN" and _described_not_done(tree, i):
            return []  # "terrorists are an existential threat": a description, no event
        if token.pos == "NOUN" and self._framed(tree, i):
            return []  # "the ceasefire collapsed", "a guarantor of the ceasefire"
        # The mood is the trigger's, whoever its parties are
        mood = modality_rules.modality(tree, i, self.words)
        if token.pos == "NOUN" and _counted_as_none(tree, i, self.words):
            # "received no assurances", "zero fatal attacks since 1975"
            mood = modality_rules.Modality("negated", cue="det:no")
        implied = self._implied_agent(tree, i, pattern, ctx) if not agent_heads else None
        actors = self._resolve_all(tree, agent_heads, ctx, None) or [implied]
        events: list[Event] = []
        seen: set[str] = set()
        for actor in actors:
            recipients = self._resolve_all(tree, patient_heads, ctx, actor) or [None]
            if (
                actor is not None
                and actor.evidence == "group"
                and (
                    recipients == [None]
                    or pattern.type in self.types.having("mutual")
                    or all(self._names_the_event(tree, r, pattern) for r in recipients)
                )
            ):
                # "the two leaders discussed North Korea", "the three navies held drills":
                # with one another, one event for each pair
                later = actors[actors.index(actor) + 1 :]
                recipients = [a for a in later if a is not None]
                if not recipients:
                    continue  # the last member: its pairs are already coded
            recipients = [self._counterpart(tree, i, pattern, actor, r, ctx) for r in recipients]
            if recipients == [None] and pattern.type == "PROTEST":
                recipients = [self._protest_target(tree, i, fired)]
            for recipient in recipients:
                for event in self._code_pair(
                    tree, trigger, mood, actor, recipient, ctx, locate, date_of, fired
                ):
                    if event.id not in seen:
                        seen.add(event.id)
                        events.append(event)
        return events

    def _code_pair(
        self,
        tree: Tree,
        trigger: Trigger,
        mood: modality_rules.Modality,
        actor: ResolvedActor | None,
        recipient: ResolvedActor | None,
        ctx: ArticleContext,
        locate: Locator,
        date_of: Dater,
        fired: Mapping[int, str],
    ) -> list[Event]:
        """The events of one trigger in its mood, for one actor and one recipient."""
        i, pattern = trigger.index, trigger.pattern
        token = tree[i]
        if actor is None and (recipient is None or recipient.evidence == "place"):
            return []  # no one acts on anyone: "a pause in the bombing in Aleppo"
        if (
            pattern.mode == "visit"
            and token.lemma in self.words["travel_verb"]
            and (actor is None or actor.actor.sector in NON_VISITORS)
        ):
            return []  # "police arrived and shot him": coming somewhere is no visit
        if pattern.mode == "visit" and recipient is not None and recipient.evidence == "place":
            # "arrived in Cairo": the host of a visit is the country's government
            country = recipient.actor.country
            host = dataclasses.replace(recipient.actor, code=f"{country}GOV", sector="GOV")
            recipient = dataclasses.replace(recipient, actor=host)

        event_type, mode, cameo_code = pattern.type, pattern.mode, pattern.cameo
        rule = pattern.id
        if modality_rules.discontinued(tree, i) and event_type in self.types.having("cooperative"):
            # "no longer recognized the U.S. presence": a cut in relations (CAMEO 16)
            event_type, mode, cameo_code, rule = (
                "SANCTION",
                "discontinue",
                "16",
                f"{rule}+no-longer",
            )
        if event_type == "ASSAULT" and self._verbal_attack(tree, i, recipient):
            # "launched a blistering attack on the media": words, PLOVER ACCUSE
            event_type, mode, cameo_code, rule = "ACCUSE", "disapprove", "111", f"{rule}+verbal"
        recoded = self._single_category(tree, i, mood, cameo_code, fired, actor, recipient, ctx)
        if recoded is not None:
            event_type, mode, cameo_code, actor, recipient, rule_suffix, mood = recoded
            rule = f"{rule}+{rule_suffix}"
        elif event_type == "PROTEST" and self._verbal_protest(tree, i, actor):
            # PLOVER: a diplomatic or spoken protest is ACCUSE disapprove, not a street protest
            event_type, mode, cameo_code, rule = "ACCUSE", "disapprove", "111", f"{rule}+verbal"
        elif (
            event_type == "ASSAULT"
            and mode not in ARMED_MODES
            and actor is not None
            and tree[actor.head].lemma in self.words["protester_noun"]
        ):
            # "The building was demolished by a Ukrainian protestor": a riot, not an assault
            event_type, mode, cameo_code, rule = "PROTEST", "riot", "145", f"{rule}+riot"
        elif (
            event_type == "ACCUSE"
            and token.lemma in self.words["crowd_verb"]
            and actor is not None
            and actor.actor.sector in CROWD_SECTORS
        ):
            # "Thousands of Kurds rallied against Turkey in Frankfurt": people in the street
            event_type, mode, cameo_code, rule = "PROTEST", "demo", "141", f"{rule}+crowd"
        if (
            actor is not None
            and recipient is not None
            and recipient.actor.code == actor.actor.code
            and recipient.evidence in GUESSED_EVIDENCE
        ):
            # "we want to demonstrate for…" with "we" and its aim guessed as the same crowd:
            # a party acting on itself is no dyad unless the text names both
            recipient = None
        spec = _Spec(event_type, mode, cameo_code, pattern.context, rule, pattern.specificity)
        events = [self._build(tree, i, spec, actor, recipient, mood.mood, locate, date_of)]
        if events[0] is not None and event_type == "REQUEST" and _protest_aim(tree, i, fired):
            # "demonstrated …, calling for independence": the demand is what the protest is
            # about; the protest is the event
            events[0] = dataclasses.replace(
                events[0], confidence=round(max(0.05, events[0].confidence - 0.15), 3)
            )
        accusation = self._accusation(tree, mood, cameo_code, actor, recipient, fired, ctx)
        if accusation is not None:
            speaker, speaker_actor, code = accusation
            target = actor
            if code == "015":  # the speaker claims its own deed against the deed's target
                spec = _Spec("CONCEDE", None, code, (), f"{rule}+claimed-by", 0)
                target = recipient
            else:
                spec = _Spec("ACCUSE", "allege", code, (), f"{rule}+said-by", 0)
            accuse = self._build(
                tree, speaker, spec, speaker_actor, target, "asserted", locate, date_of
            )
            deed = events[0]
            if accuse is not None and deed is not None:
                # A named party that says another attacked accuses it (more so if it "claims");
                # saying another arrested or sanctioned someone is mostly a report of the deed
                if tree[speaker].lemma in self.words["alleging_verb"]:
                    shift = 0.05
                else:
                    shift = 0.01 if cameo_code[:2] in ("18", "19", "20") else -0.01
                confidence = round(max(0.05, min(deed.confidence + shift, 0.99)), 3)
                events.append(dataclasses.replace(accuse, confidence=confidence))
        return [e for e in events if e is not None]

    def _names_the_event(self, tree: Tree, party: ResolvedActor, pattern: Pattern) -> bool:
        """ "the three navies conducted missile defense drills": the object noun the pattern
        asks for names the event; a sector word in it ("defense") makes a party of it only
        by the article's country."""
        head = tree[party.head]
        return (
            head.lemma in pattern.object
            and head.lemma not in self.resolver.tables.sector_by_word
            and party.evidence in ("article", "sector")
        )

    def _framed(self, tree: Tree, i: int) -> bool:
        """An event noun named only as what another word is about: the subject of its
        undoing ("talks and a ceasefire … collapsed") or the of-object of a role or an end
        ("a guarantor of the ceasefire", "violations of the truce"). The event it names
        happened before, if at all; this sentence reports no new one."""
        frame = self.words["event_frame_word"]
        first = tree[i]
        while first.dep == "conj" and first.head != first.i:
            first = tree[first.head]  # "talks and a ceasefire": the first of the list
        head = tree.head(first.i)
        if head is None:
            return False
        if first.dep in ("nsubj", "nsubjpass") and head.lemma in frame:
            return True
        if first.dep == "pobj" and head.lemma == "of":
            owner = tree.head(head.i)
            return owner is not None and owner.pos == "NOUN" and owner.lemma in frame
        return False

    def _verbal_attack(self, tree: Tree, i: int, recipient: ResolvedActor | None) -> bool:
        """An attack noun aimed at the press, or one the text calls verbal or scathing."""
        token = tree[i]
        if token.pos != "NOUN":
            return False
        if recipient is not None and recipient.actor.sector == "MED":
            return True
        return any(k.lemma in self.words["verbal_attack_word"] for k in tree.children(i, "amod"))

    def _verbal_protest(self, tree: Tree, i: int, actor: ResolvedActor | None) -> bool:
        """ "China protested the visit", "the group protested that…", "lodged a protest
        with the embassy": words, not people in the street."""
        token = tree[i]
        if token.lemma != "protest":
            return False
        if token.pos == "NOUN":
            head = tree.head(i)
            return head is not None and head.lemma in self.words["protest_lodging_verb"]
        if tree.children(i, "ccomp"):
            return True
        return actor is not None and actor.actor.sector in STATE_SECTORS | {"IGO"}

    def _accusation(
        self,
        tree: Tree,
        mood: modality_rules.Modality,
        cameo_code: str,
        actor: ResolvedActor | None,
        recipient: ResolvedActor | None,
        fired: Mapping[int, str],
        ctx: ArticleContext,
    ) -> tuple[int, ResolvedActor, str] | None:
        """ "The US said ISIL had attacked Iraq": besides the reported attack, the US
        accuses ISIL (CAMEO 112; 1123 for aggression). "Israel said a mortar bomb was fired
        at it": the victim's complaint accuses an unnamed attacker. "The US claimed that
        they had attacked Iraq": a claim of responsibility (015)."""
        if mood.mood != "reported" or mood.speaker is None or mood.speaker in fired:
            return None
        root = cameo_code[:2]
        if root < "14" or (actor is None and recipient is None):
            return None
        if actor is not None and actor.evidence == "group":
            return None  # "the three navies held drills, the U.S. Navy said": one of them
        subject = self._subject_head(tree, mood.speaker)
        if subject is None:
            return None
        speaker = self.resolver.resolve(tree, subject, ctx)
        # Only a named party accuses ("Israel said…"), not "witnesses" or "police sources"
        if speaker is None or speaker.evidence not in ("named", "country", "memory"):
            return None
        if speaker.actor.sector == "MED":  # a media report accuses no one
            return None
        if actor is None:
            victim = recipient.actor if recipient else None
            if victim is None or victim.country != speaker.actor.country:
                return None
        elif speaker.actor.code == actor.actor.code or (
            speaker.actor.country is not None
            and speaker.actor.country == actor.actor.country
            and not (
                speaker.actor.sector in WATCHDOG_SECTORS and actor.actor.sector in STATE_SECTORS
            )
        ):
            if tree[mood.speaker].lemma in self.words["claiming_verb"]:
                return mood.speaker, speaker, "015"
            return None
        code = "1123" if root in ("15", "18", "19", "20") else "112"
        return mood.speaker, speaker, code

    def _build(
        self,
        tree: Tree,
        i: int,
        spec: _Spec,
        actor: ResolvedActor | None,
        recipient: ResolvedActor | None,
        mood: str,
        locate: Locator,
        date_of: Dater,
    ) -> Event | None:
        cameo = self.cameo.get(spec.cameo)
        if cameo is None:
            return None
        if not self.partial_dyads and spec.event_type in self.types.having("dyadic"):
            if not (_coded(actor) and _coded(recipient)):
                return None  # half a dyad: "criticised" with no one criticised
        if not self.partial_dyads and not (_coded(actor) or _coded(recipient)):
            return None  # no one at all: "torture was reported" is no event data
        token = tree[i]
        aspect = modality_rules.aspect(tree, i, self.words)
        parties = [
            r.span for r in (actor, recipient) if r is not None and r.evidence not in UNWRITTEN
        ]
        place = locate(tree.doc, tree, i, parties)
        text = tree.doc.article.text
        named_place_country = None
        if (
            place is not None
            and place[0].country
            and place[1] is not None
            and (place[0].confidence is None or place[0].confidence > STRAY_CONFIDENCE)
            and not text.startswith("-based", place[1][1])
        ):
            # only a place the sentence names for the event, not the article's fallback,
            # a stray reading nor the seat of an organization ("a UK-based group")
            named_place_country = place[0].country
            actor = localized(actor, place[0].country)
            recipient = localized(recipient, place[0].country)
        when = date_of(tree, i)
        if aspect == "event" and _historical(when, tree.doc.article.date):
            aspect = "historical"  # "a 1972 marriage" in a 2019 article: background
        sentence = tree.doc.sentences[tree.sentence_index(i)]
        article = tree.doc.article
        depth = _clause_depth(tree, i)
        confidence = _confidence(spec.specificity, actor, recipient, mood, depth)
        event_id = _event_id(article.id, sentence.index, token.start, spec.cameo, actor, recipient)
        return Event(
            id=event_id,
            article_id=article.id,
            date=when.date,
            date_precision=when.precision,
            event_type=spec.event_type,
            mode=spec.mode,
            context=list(spec.context or cameo.plover_context),
            cameo=spec.cameo,
            quad_class=cameo.quad_class,
            goldstein=cameo.goldstein,
            actor=(
                actor.actor
                if actor
                else unidentified(
                    named_place_country, spec.event_type in self.types.having("armed")
                )
            ),
            recipient=recipient.actor if recipient else None,
            location=place[0] if place else None,
            modality=mood,
            sentence=sentence.text,
            spans={
                "trigger": (token.start, token.end),
                "actor": _written_span(actor),
                "recipient": _written_span(recipient),
                "location": place[1] if place else None,
            },
            source=article.source,
            url=article.url,
            confidence=confidence,
            rule=spec.rule,
            aspect=aspect,
            sentence_index=sentence.index,
            data_version=self.data_version,
        )


@dataclass(frozen=True, slots=True)
class _Spec:
    """What an event is, before it is placed, dated and given its roles."""

    event_type: str
    mode: str | None
    cameo: str
    context: tuple[str, ...]
    rule: str
    specificity: int


# Evidence of parties with no words of their own in the sentence to point at
UNWRITTEN = frozenset({"place", "implied"})
# Readings of a party that come from context, not from its own words
GUESSED_EVIDENCE = frozenset({"coreference", "default"})


def _story_counterpart(actor: Actor, ctx: ArticleContext) -> Actor | None:
    """The government of the other of the article's two most-named countries, when the
    actor belongs to one of them."""
    if actor.country is None or actor.country not in ctx.story_countries[:2]:
        return None
    others = [c for c in ctx.story_countries[:2] if c != actor.country]
    if not others:
        return None
    return Actor(text=None, code=f"{others[0]}GOV", country=others[0], sector="GOV")


def _written_span(party: ResolvedActor | None) -> tuple[int, int] | None:
    """The party's words; none for an implied agent (it has no words), a place keeps its
    name's span."""
    if party is None or party.evidence == "implied":
        return None
    return party.span


def _coded(party: ResolvedActor | None) -> bool:
    """A party with a country or a group code, not only a sector ("---GOV")."""
    code = party.actor.code if party is not None else None
    return bool(code) and not code.startswith("---")


def _counted_as_none(tree: Tree, i: int, words: Lexicon) -> bool:
    """An event noun counted as none: "no assurances", "zero attacks", "not a single
    shot"."""
    for kid in tree.children(i, "det", "nummod", "amod"):
        if kid.lemma in words["none_quantifier"]:
            return True
    return False


# An event the text dates to a period that ended more than this long before publication is
# background ("the Oklahoma City bombing in 1995"), not news of the day; "last year" is not.
HISTORICAL_AFTER = dt.timedelta(days=365)


def _historical(when: EventDate, published: str | None) -> bool:
    if published is None or when.text is None or when.precision not in _TEXT_PRECISIONS:
        return False  # only a date the text gives, against a known publication date
    _, end = date_period(when.date, when.precision)
    return end < dt.date.fromisoformat(published[:10]) - HISTORICAL_AFTER


_TEXT_PRECISIONS = frozenset({"day", "week", "month", "year"})


def _described_not_done(tree: Tree, i: int) -> bool:
    """An indefinite event noun predicated of a subject ("militants are an existential
    threat", "it was a violation"): it says what something is, not that anything happened."""
    token = tree[i]
    head = tree.head(i)
    if token.dep != "attr" or head is None or head.lemma != "be":
        return False
    return any(k.lemma in ("a", "an") for k in tree.children(i, "det"))


def _misparsed_main_verb(tree: Tree, i: int) -> bool:
    """ "Trump alleged on Saturday that…": the small model sometimes makes a sentence's
    main verb a participle modifying its subject, leaving a noun as the root. A participle
    right after a root name, with no passive auxiliary, is that main verb."""
    token = tree[i]
    head = tree.head(i)
    if head is None or token.dep != "acl" or head.dep != "ROOT" or head.pos != "PROPN":
        return False
    if any(k.dep == "auxpass" for k in tree.children(i)) or tree.children(i, "agent"):
        return False
    return i == head.i + 1 and tree.sentence_index(i) == tree.sentence_index(head.i)


def _conditional(tree: Tree, i: int) -> bool:
    """An if/unless clause on the trigger or on the verbs just above it."""
    for verb in [tree[i], *list(tree.ancestors(i))[:2]]:
        for clause in tree.children(verb.i, "advcl"):
            if any(m.lemma in ("unless", "if") for m in tree.children(clause.i, "mark")):
                return True
    return False


def _protest_aim(tree: Tree, i: int, fired: Mapping[int, str]) -> bool:
    """Trigger i is the purpose or accompanying clause of a protest ("demonstrated …, calling
    for", "continued their hunger strike to demand")."""
    token = tree[i]
    if token.dep not in ("advcl", "xcomp") or token.head == i:
        return False
    head = token.head
    if fired.get(head) == "PROTEST":
        return True
    return any(fired.get(k.i) == "PROTEST" for k in tree.children(head, "dobj", "obj"))


def _clause_depth(tree: Tree, i: int) -> int:
    """How many clauses down from the sentence's main clause the trigger sits."""
    chain = [tree[i], *tree.ancestors(i)]
    return sum(1 for a in chain if a.dep in modality_rules.EMBEDDING_DEPS)


def _confidence(
    specificity: int,
    actor: ResolvedActor | None,
    recipient: ResolvedActor | None,
    mood: str,
    depth: int = 0,
) -> float:
    # Main-clause events are what a sentence is about; embedded ones are less certain.
    score = 0.45 + 0.03 * max(-3, min(specificity, 3))
    score += 0.12 if depth == 0 else 0.04 if depth == 1 else 0.0
    for role in (actor, recipient):
        if role is not None:
            score += {
                "named": 0.15,
                "country": 0.13,
                "sector": 0.09,
                "article": 0.07,
                "coreference": 0.08,
                "group": 0.07,
                "place": 0.07,
                "memory": 0.12,
                "default": 0.04,
                "implied": 0.03,
            }[role.evidence]
    if mood != "asserted":
        score -= 0.05
    return round(max(0.05, min(score, 0.99)), 3)


def _event_id(
    article_id: str,
    sentence_index: int,
    trigger_start: int,
    cameo: str,
    actor: ResolvedActor | None,
    recipient: ResolvedActor | None,
) -> str:
    key = "|".join(
        [
            article_id,
            str(sentence_index),
            str(trigger_start),
            cameo,
            actor.actor.code or "" if actor else "",
            recipient.actor.code or "" if recipient else "",
        ]
    )
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
