"""Parsing cost is linear in article length (issue 16, item 6): sentences the prefilter skips
used to read their entities with `Span.ents`, which rebuilds every entity of the article."""

from __future__ import annotations

import time

from lapwing.records import Article
from lapwing.stages import parse

# Six ruler entities (countries) and no trigger word: the sentence is never parsed.
LISTING = "The list included Niger, Mali, Chad, Ghana, Togo and Benin."


def _parse_seconds(pipeline, sentences: int) -> float:
    article = Article(id="long", text=" ".join([LISTING] * sentences), language="en")
    best = float("inf")
    for _ in range(2):  # the faster of two, so one garbage collection cannot decide it
        started = time.perf_counter()
        ((_, doc),) = parse.parse_selected(
            pipeline.nlp, [(article, True)], prefilter=pipeline.resources.prefilter
        )
        best = min(best, time.perf_counter() - started)
    assert len(doc.entities) == 6 * sentences
    assert not any(s.parsed for s in doc.sentences)  # the shallow path is the one measured
    return best


def test_parsing_skipped_sentences_is_linear_in_article_length(pipeline):
    small, large = _parse_seconds(pipeline, 300), _parse_seconds(pipeline, 1200)
    # Four times the sentences: about four times the time (it was ~20 times, quadratic).
    assert large < 8 * small, (small, large)


def test_entities_bucketed_by_sentence_match_span_ents(pipeline):
    text = (
        "Russian troops attacked Nigerien rebels near Niamey on Monday. "
        "The list included Niger, Mali and Chad. Nothing here. "
        "The United Nations said Sudan's army met the Rapid Support Forces in Jeddah."
    )
    from spacy.pipeline import Sentencizer

    nlp = pipeline.nlp
    doc = nlp.get_pipe("entity_ruler")(Sentencizer()(nlp.make_doc(text)))
    sentences = list(doc.sents)
    got = parse._ents_by_sentence(doc, sentences)
    expected = [list(s.ents) for s in sentences]
    as_tuples = [[(e.start, e.end, e.label_) for e in ents] for ents in got]
    assert as_tuples == [[(e.start, e.end, e.label_) for e in ents] for ents in expected]
    assert sum(map(len, got)) == len(doc.ents) > 5
