"""Navigation over the dependency tree of a `Document` (plain records, no spaCy)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

from lapwing.records import Document, Entity, Token

CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "csubj", "pcomp"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "dative"})
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def _repaired(tokens: Sequence[Token], speech_verbs: frozenset[str]) -> Sequence[Token]:
    """The tokens with two parser slips undone, each a construction English cannot have:
    - a past-tense verb coordinated with a bare infinitive ("announced that it would not
      allow the ambassador to return and suspended relations") is the conjunct of the
      nearest past-tense verb above it ("announced"), whose subject and mood it shares;
    - a clause before a verb that has an object of its own ("A Palestinian official blamed
      Israel, however, a spokeswoman denied any knowledge") is no complement of that verb
      but a sentence of its own, spliced on with a comma (dep `parataxis`); a verb of
      saying keeps it ("Rebels attacked the town, the minister told reporters");
    - a gerund after a comma hung on a verb whose preposition already has a gerund before it
      ("accused the police of killing civilians, displacing thousands and …") is the next
      item of that list: the conjunct of the first gerund, not a clause of the verb."""
    repaired: list[Token] | None = None

    def replace(token: Token, **changes) -> None:
        nonlocal repaired
        repaired = repaired or list(tokens)
        repaired[token.i] = dataclasses.replace(token, **changes)

    with_object = {t.head for t in tokens if t.dep in ("dobj", "obj")}
    for token in tokens:
        head = tokens[token.head]
        if token.dep == "conj" and token.tag == "VBD" and head.tag == "VB":
            above, seen = head, {token.i}
            while above.head != above.i and above.i not in seen:
                seen.add(above.i)
                above = tokens[above.head]
                if above.tag == "VBD":
                    replace(token, head=above.i)
                    break
        elif (
            token.dep == "ccomp"
            and token.i < head.i
            and token.tag in ("VBD", "VBZ", "VBP")
            and head.i in with_object
            and head.lemma not in speech_verbs
        ):
            replace(token, dep="parataxis")
        elif token.dep == "advcl" and token.tag == "VBG" and tokens[token.i - 1].text == ",":
            between = tokens[head.i + 1 : token.i]  # the verb's own preposition and gerund
            first = next(
                (
                    g
                    for p in between
                    if p.head == head.i and p.dep == "prep"
                    for g in between
                    if g.head == p.i and g.dep == "pcomp" and g.tag == "VBG"
                ),
                None,
            )
            if first is not None:
                replace(token, dep="conj", head=first.i)
    return tokens if repaired is None else repaired


class Tree:
    """Children lists for one document, built once and shared by the stages that need them."""

    def __init__(self, doc: Document, speech_verbs: frozenset[str] = frozenset()) -> None:
        """`speech_verbs`: lemmas of saying (the lexicon's `speech_verb`), whose fronted
        clauses are what was said."""
        self.doc = doc
        self.tokens = _repaired(doc.tokens, speech_verbs)
        children: list[list[int]] = [[] for _ in doc.tokens]
        for token in self.tokens:
            if token.head != token.i:
                children[token.head].append(token.i)
        self._children = children
        self._sentence_of = [0] * len(doc.tokens)
        for sentence in doc.sentences:
            for i in range(sentence.token_start, sentence.token_end):
                self._sentence_of[i] = sentence.index
        # Entity lookups by token and by sentence, so no stage scans the whole article
        self._entity_of: dict[int, Entity] = {}
        self._sentence_entities: dict[int, list[Entity]] = {}
        for entity in doc.entities:
            for i in range(entity.token_start, entity.token_end):
                self._entity_of[i] = entity
            if entity.token_start < len(doc.tokens):
                index = self._sentence_of[entity.token_start]
                self._sentence_entities.setdefault(index, []).append(entity)

    def __getitem__(self, i: int) -> Token:
        return self.tokens[i]

    def sentence_index(self, i: int) -> int:
        return self._sentence_of[i]

    def entity_at(self, i: int) -> Entity | None:
        return self._entity_of.get(i)

    def entities_in(self, sentence_index: int) -> list[Entity]:
        return self._sentence_entities.get(sentence_index, [])

    def children(self, i: int, *deps: str) -> list[Token]:
        kids = [self.tokens[c] for c in self._children[i]]
        return [k for k in kids if k.dep in deps] if deps else kids

    def child(self, i: int, *deps: str) -> Token | None:
        kids = self.children(i, *deps)
        return kids[0] if kids else None

    def head(self, i: int) -> Token | None:
        token = self.tokens[i]
        return None if token.head == i else self.tokens[token.head]

    def ancestors(self, i: int) -> Iterator[Token]:
        seen = {i}
        token = self.tokens[i]
        while token.head != token.i and token.head not in seen:
            seen.add(token.head)
            token = self.tokens[token.head]
            yield token

    def subtree(self, i: int) -> list[int]:
        out = [i]
        stack = list(self._children[i])
        while stack:
            j = stack.pop()
            out.append(j)
            stack.extend(self._children[j])
        return sorted(out)

    def span_of(self, indices: list[int]) -> tuple[int, int]:
        return self.tokens[min(indices)].start, self.tokens[max(indices)].end

    def text_of(self, indices: list[int]) -> str:
        start, end = self.span_of(indices)
        return self.doc.article.text[start:end]

    def conjuncts(self, i: int) -> list[int]:
        """The token and everything coordinated with it ("A and B", "A, B and C")."""
        out = [i]
        stack = [i]
        while stack:
            j = stack.pop()
            for kid in self.children(j, "conj"):
                if kid.i not in out:
                    out.append(kid.i)
                    stack.append(kid.i)
        return out

    def clause_head(self, i: int) -> int:
        """The verb (or root) heading the clause that holds token i."""
        token = self.tokens[i]
        while token.head != token.i:
            if token.pos in ("VERB", "AUX") and token.dep in CLAUSE_DEPS | {"ROOT"}:
                return token.i
            token = self.tokens[token.head]
        return token.i

    def controller(self, i: int) -> Token | None:
        """Who is to carry out the infinitive verb i governs: its object ("asked French forces
        to leave") or the object of "on" ("called on Turkey to halt…")."""
        found = self.child(i, "dobj", "obj")
        if found is None:
            found = next((o for p, o in self.preps(i) if p.lemma in ("on", "upon")), None)
        return found

    def preps(self, i: int) -> list[tuple[Token, Token]]:
        """(preposition, its object) pairs attached to token i, also through a particle."""
        pairs = []
        for prep in self.children(i, "prep", "agent", "dative"):
            for obj in self.children(prep.i, "pobj", "pcomp"):
                pairs.append((prep, obj))
            # "reached out to for support": the object of "to" is moved (relative clause)
        for prt in self.children(i, "prt", "advmod"):
            for prep in self.children(prt.i, "prep"):
                for obj in self.children(prep.i, "pobj"):
                    pairs.append((prep, obj))
        return pairs
