"""A long article (issue 16 item 6) is parsed with work that grows with its sentences only
where each sentence needs it, and reads the same as its parts. Skipped sentences' entities
are tested in test_linear_coding.py."""

from __future__ import annotations

from conftest import SEED_TEXT
from lapwing.records import Article, Document
from lapwing.stages import parse

# The seed article without its source line, which has no full stop to end it
SEED = SEED_TEXT.read_text(encoding="utf-8").split("\nSource:")[0].strip()


def _parse(pipeline, text: str) -> Document:
    article = Article(id="long", text=text, date="2024-04-12", language="en")
    ((_, doc),) = parse.parse_selected(
        pipeline.nlp, [(article, True)], prefilter=pipeline.resources.prefilter
    )
    assert doc is not None
    return doc


def _copies(n: int) -> str:
    return "\n".join([SEED] * n)  # each seam looks like the seed's own line breaks


def test_the_entity_ruler_does_no_work_per_sentence_that_no_sentence_needs(pipeline, monkeypatch):
    """spaCy's ruler counted all its 19,000 patterns for every parsed sentence, only to warn
    when it has none."""
    from spacy.pipeline import EntityRuler

    counted: list[int] = []
    count_patterns = EntityRuler.__len__

    def counting(ruler):
        counted.append(1)
        return count_patterns(ruler)

    monkeypatch.setattr(EntityRuler, "__len__", counting)
    calls = {}
    for n in (2, 8):
        counted.clear()
        doc = _parse(pipeline, _copies(n))
        assert sum(s.parsed for s in doc.sentences) >= 4 * n  # the full parse ran
        calls[n] = len(counted)
    assert calls[8] == calls[2], calls


def _sentences(doc: Document) -> list[tuple]:
    """Each sentence as what it holds, in its own coordinates (no whitespace tokens)."""
    out = []
    for sentence in doc.sentences:
        words = [t for t in doc.sentence_tokens(sentence) if t.text.strip()]
        first = words[0].i  # a seam's line break opens the sentence after it
        tokens = [
            (t.text, t.lemma, t.pos, t.tag, t.dep, t.head - first, t.ent_label, t.ent_id)
            for t in words
        ]
        entities = [
            (e.label, e.text, e.ent_id, e.token_start - first, e.end - e.start)
            for e in doc.sentence_entities(sentence)
        ]
        out.append((sentence.text.strip(), sentence.parsed, tokens, entities))
    return out


def test_a_long_article_reads_as_its_parts(pipeline):
    one = _sentences(_parse(pipeline, SEED))
    assert any(parsed for _, parsed, _, _ in one) and not all(parsed for _, parsed, _, _ in one)
    assert sum(len(entities) for *_, entities in one) > 5
    copies = 40
    long = _parse(pipeline, _copies(copies))
    assert _sentences(long) == one * copies
    assert [s.index for s in long.sentences] == list(range(len(one) * copies))
    for token in long.tokens:  # article coordinates: every token is the text it names
        assert long.article.text[token.start : token.end] == token.text


def test_skipping_the_pattern_count_changes_no_parse(pipeline, monkeypatch):
    text = _copies(3)
    fast = _parse(pipeline, text)
    ruler = pipeline.nlp.get_pipe("entity_ruler")
    monkeypatch.delattr(ruler, "_require_patterns")  # spaCy's own check again
    slow = _parse(pipeline, text)
    assert fast.tokens == slow.tokens and fast.entities == slow.entities
    assert fast == slow
