"""Is an event asserted, reported, negated, hypothetical or future? Is it a discrete event?

Decided from the trigger's own modifiers and from the verbs that govern it: "has yet to
order troops out" is negated, "a possible intervention" hypothetical, "plans to visit"
future, "X said Y attacked" reported. A request or threat is coded as REQUEST/THREATEN by
its own trigger; the act requested or threatened is hypothetical.

The words that say so are data: the `modality` classes of the lexicon
(`data/lexicon/modality.tsv`, extended by the user's lexicon files). Every function takes the
`Lexicon` to read them from, by default the built-in one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lapwing.dictionaries import Lexicon, default_lexicon
from lapwing.stages.syntax import Tree

RANK = {"asserted": 0, "reported": 1, "future": 2, "hypothetical": 3, "negated": 4}
EMBEDDING_DEPS = frozenset({"xcomp", "ccomp", "advcl", "pcomp", "pobj", "dobj", "acl", "relcl"})
PASS_THROUGH_DEPS = frozenset({"conj", "appos", "amod", "compound", "prep", "nsubj", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class Modality:
    """How the text presents an event, and the word that says so.

    `cue` is "neg", "modal:<word>", "noun:<word>", "purpose", "if", "yet", "governor:<lemma>"
    or "speech" ("" when asserted); `governor` is the token of a governing verb that set the
    mood, `speaker` the nearest governing verb of saying.
    """

    mood: str
    cue: str = ""
    governor: int | None = None
    speaker: int | None = None


def _own(tree: Tree, i: int, lexicon: Lexicon) -> Modality:
    modal_future = lexicon["modal_future"]
    modal_hypothetical = lexicon["modal_hypothetical"]
    token = tree[i]
    kids = tree.children(i)
    lemmas = {k.lemma for k in kids}
    if token.pos == "NOUN":  # "planned" may be lemmatized to "plan"
        lemmas |= {k.text.lower() for k in kids}
    if any(k.dep == "neg" for k in kids) and not _no_longer(tree, i):
        future = any(k.dep == "aux" and k.text.lower() in modal_future | {"would"} for k in kids)
        return Modality("negated", "neg:will" if future else "neg")
    if token.pos == "NOUN":
        if any(k.dep == "det" and k.lemma == "no" for k in kids):
            return Modality("negated", "neg")
        for word in lemmas & lexicon["noun_hypothetical"]:
            return Modality("hypothetical", f"noun:{word}")
        for word in lemmas & lexicon["noun_future"]:
            return Modality("future", f"noun:{word}")
        if _purpose(tree, i, lexicon):
            return Modality("hypothetical", "purpose")
        if _scheduled_noun(tree, i, lexicon):
            return Modality("future", "present:schedule")
        return Modality("asserted")
    for aux in (k for k in kids if k.dep in ("aux", "auxpass")):
        word = aux.text.lower()
        if word in modal_hypothetical or aux.lemma in modal_hypothetical:
            return Modality("hypothetical", f"modal:{aux.lemma or word}")
        if word in modal_future or aux.lemma in modal_future:
            return Modality("future", "modal:will")
    mark = tree.child(i, "mark")
    if mark is not None and mark.lemma in lexicon["conditional_mark"]:
        return Modality("hypothetical", "if")
    if _bare_present(token, kids) and token.lemma in lexicon["itinerary_verb"]:
        # News tells what happened in the past tense; "Tillerson visits South Korea" in a
        # story's body is the itinerary
        return Modality("future", "present:schedule")
    return Modality("asserted")


def _bare_present(token, kids) -> bool:
    """A simple present-tense verb: "visits", not "has visited" or "is visiting"."""
    return token.tag in ("VBZ", "VBP") and not any(k.dep in ("aux", "auxpass") for k in kids)


def _scheduled_noun(tree: Tree, i: int, lexicon: Lexicon) -> bool:
    """ "The final leg involves meetings with Chinese officials": what a schedule holds."""
    head = tree.head(i)
    return (
        head is not None
        and tree[i].dep in ("dobj", "obj")
        and head.lemma in lexicon["itinerary_governor"]
        and _bare_present(head, tree.children(head.i))
    )


def _purpose(tree: Tree, i: int, lexicon: Lexicon) -> bool:
    """ "critical for counterterrorism operations", "used for surveillance operations": an
    event noun named as a purpose, not as something that happened."""
    prep = tree.head(i)
    if prep is None or tree[i].dep != "pobj" or prep.lemma != "for":
        return False
    governor = tree.head(prep.i)
    return governor is not None and (
        governor.pos == "ADJ" or governor.lemma in lexicon["purpose_head"]
    )


def _no_longer(tree: Tree, i: int) -> bool:
    """ "no longer recognized": a discontinuation, coded as its own event, not a negation."""
    for kid in tree.children(i, "neg", "advmod"):
        if kid.lemma in ("no", "not") and any(
            k.lemma == "long" for k in tree.children(kid.i) + tree.children(i, "advmod")
        ):
            return True
        if kid.lemma == "long" and any(k.lemma == "no" for k in tree.children(kid.i)):
            return True
    return False


def discontinued(tree: Tree, i: int) -> bool:
    return _no_longer(tree, i)


def _yet_to(tree: Tree, governor: int) -> bool:
    return tree[governor].lemma == "have" and any(
        k.lemma == "yet" for k in tree.children(governor, "advmod")
    )


def _obligation(tree: Tree, governor: int) -> bool:
    """Present-tense "have to" / "has to" (a duty, not a deed); "had to flee" happened."""
    token = tree[governor]
    return (
        token.lemma == "have"
        and token.tag in ("VBP", "VBZ", "VB")
        and tree.child(governor, "dobj") is None
    )


def _indicative(tree: Tree, verb: int) -> bool:
    """A finite clause in the past or present tense ("was arrested", "has left", "fled"), not a
    subjunctive or an instruction ("insisted that he leave")."""
    token = tree[verb]
    auxiliaries = [k for k in tree.children(verb) if k.dep in ("aux", "auxpass")]
    if any(k.tag == "MD" or k.lemma == "to" for k in auxiliaries):
        return False
    return token.tag in ("VBD", "VBZ") or any(k.tag in ("VBD", "VBZ") for k in auxiliaries)


def _from_governor(tree: Tree, dep: str, current: int, governor: int, lexicon: Lexicon) -> Modality:
    lemma = tree[governor].lemma
    if dep == "xcomp" and _yet_to(tree, governor):
        return Modality("negated", "yet", governor)
    if dep == "xcomp" and _obligation(tree, governor):
        return Modality("hypothetical", "modal:must", governor)  # "we have to stop…"
    if lemma in lexicon["governor_alleged"] and dep in ("xcomp", "pcomp"):
        # "accused the police of killing civilians", "was alleged to have joined": the
        # accusation is the event; the deed it names is not known to have happened
        return Modality("hypothetical", f"alleged:{lemma}", governor)
    if lemma in lexicon["governor_negated"] and dep in ("xcomp", "ccomp", "pcomp", "dobj"):
        return Modality("negated", f"governor:{lemma}", governor)
    if (
        lemma in lexicon["noun_governor_hypothetical"]
        and dep == "acl"
        and tree[governor].pos == "NOUN"
    ):
        return Modality("hypothetical", f"governor:{lemma}", governor)  # "efforts to end…"
    if dep == "ccomp" and lemma in lexicon["speech_verb"] and _indicative(tree, current):
        # "a police source told AFP the student was arrested": "told" asks only in "told
        # them to leave"; with a clause in the past or present tense it reports
        return Modality("reported", "speech", governor, speaker=governor)
    if lemma in lexicon["governor_hypothetical"] and dep in ("xcomp", "ccomp", "dobj"):
        return Modality("hypothetical", f"governor:{lemma}", governor)
    if lemma in lexicon["governor_future"] and dep in ("xcomp", "ccomp"):
        return Modality("future", f"governor:{lemma}", governor)
    if lemma in lexicon["speech_verb"] and dep in ("ccomp", "pobj"):
        return Modality("reported", "speech", governor, speaker=governor)
    if dep == "advcl":
        mark = tree.child(current, "mark")
        if mark is not None and mark.lemma in lexicon["conditional_mark"]:
            return Modality("hypothetical", "if", governor)
    return Modality("asserted")


def modality(tree: Tree, trigger: int, lexicon: Lexicon | None = None) -> Modality:
    """The strongest irrealis marker on the trigger or on the verbs that govern it."""
    lexicon = default_lexicon() if lexicon is None else lexicon
    best = _own(tree, trigger, lexicon)
    speaker = None
    current = tree[trigger]
    # Past a relative clause only a report carries over: in "X wants to punish the soldiers
    # who attacked", the attack itself is asserted.
    only_reported = False
    for _ in range(8):
        if current.head == current.i:
            break
        dep = current.dep
        governor = tree[current.head]
        if dep in PASS_THROUGH_DEPS:
            current = governor
            continue
        if dep not in EMBEDDING_DEPS:
            break
        found = _from_governor(tree, dep, current.i, governor.i, lexicon)
        if dep == "pcomp" and governor.pos == "ADP" and governor.head != governor.i:
            # "refrained from criticising": the verb the preposition hangs on governs
            through = _from_governor(tree, dep, current.i, governor.head, lexicon)
            if RANK[through.mood] > RANK[found.mood]:
                found = through
        if found.speaker is not None and speaker is None:
            speaker = found.speaker
        governing = (
            _own(tree, governor.i, lexicon)
            if governor.pos in ("VERB", "AUX")
            else Modality("asserted")
        )
        if governing.mood == "negated" and found.mood == "reported":
            governing = Modality("asserted")  # "did not say that X attacked": keep it reported
        for candidate in (found, governing):
            if only_reported and candidate.mood != "reported":
                continue
            if RANK[candidate.mood] > RANK[best.mood]:
                best = (
                    candidate
                    if candidate.governor is not None
                    else Modality(candidate.mood, candidate.cue, governor.i)
                )
        if dep in ("relcl", "acl"):
            only_reported = True
        current = governor
    return Modality(best.mood, best.cue, best.governor, speaker)


def _names_time(tree: Tree, since: int, lexicon: Lexicon) -> bool:
    """The object of "since" is a time ("since 2014", "since last year", "since then"), not
    an event ("since the incidents")."""
    objects = tree.children(since, "pobj")
    if not objects:
        return tree.child(since, "advmod") is not None or tree[since].dep == "mark"
    obj = objects[0]
    return (
        obj.ent_label in ("DATE", "TIME")
        or obj.pos in ("NUM", "ADV")
        or obj.lemma in lexicon["time_noun"]
    )


def aspect(tree: Tree, trigger: int, lexicon: Lexicon | None = None) -> str:
    """'habitual' for background over a period ("Until now, the U.S. has trained…", "have
    been scaled back since…"), else 'event'. Only perfect-aspect clauses are examined."""
    token = tree[trigger]
    clause = trigger if token.pos == "VERB" else tree.clause_head(trigger)
    kids = tree.children(clause)
    if not any(k.lemma == "have" and k.dep == "aux" for k in kids):
        return "event"
    sentence = tree.doc.sentences[tree.sentence_index(trigger)]
    _, clause_end = tree.span_of(tree.subtree(clause))
    window = " ".join(tree.doc.article.text[sentence.start : clause_end].lower().split())
    lexicon = default_lexicon() if lexicon is None else lexicon
    if any(re.search(rf"\b{re.escape(marker)}\b", window) for marker in lexicon["habitual_marker"]):
        return "habitual"
    # "has trained troops since 2014": background over a period; "has made angry remarks
    # since the incidents": an act after an event, which the since-phrase only dates
    since_prep = any(
        k.lemma == "since" and k.dep in ("prep", "mark") and _names_time(tree, k.i, lexicon)
        for k in kids
    )
    since_clause = any(
        mark.lemma == "since"
        for adverbial in tree.children(clause, "advcl")
        for mark in tree.children(adverbial.i, "mark")
    )
    return "habitual" if since_prep or since_clause else "event"
