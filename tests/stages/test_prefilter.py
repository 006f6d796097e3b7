"""The prefilter parses only sentences with a trigger word and codes (nearly) the same events."""

from __future__ import annotations

import json

from lapwing import get_pipeline
from lapwing.config import Settings
from lapwing.dictionaries import data_path
from lapwing.records import Article
from lapwing.stages.parse import inflections, parse_selected


def test_inflections_cover_regular_and_irregular_forms():
    irregular = {"seize": (), "fight": ("fought", "fought")}
    assert {"seized", "seizes", "seizing"} <= inflections("seize", irregular)
    assert {"fought", "fighting", "fights"} <= inflections("fight", irregular)
    assert {"occupied", "occupies"} <= inflections("occupy", {})
    assert {"banned", "banning"} <= inflections("ban", {})


def test_sentences_without_triggers_are_not_parsed(pipeline):
    text = (
        "The weather in Bamako was hot and dry. "
        "Malian soldiers arrested three journalists on Tuesday. "
        "The market was busy with fresh fruit."
    )
    article = Article(id="p", text=text, date="2024-05-02", language="en")
    ((_, doc),) = parse_selected(
        pipeline.nlp, [(article, True)], prefilter=pipeline.resources.prefilter
    )
    assert [s.parsed for s in doc.sentences] == [False, True, False]
    # Skipped sentences keep their tokens and the ruler's entities (Bamako).
    assert "".join(t.text for t in doc.tokens[: doc.sentences[0].token_end]).startswith(
        "Theweather"
    )
    assert any(e.text == "Bamako" for e in doc.entities)
    events = next(pipeline.code([article])).events
    assert [(e.event_type, e.actor.code) for e in events] == [("COERCE", "MLIMIL")]


def test_prefilter_agrees_with_the_full_parse_on_real_articles():
    with open(data_path("demo", "articles.jsonl"), encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle][:10]
    articles = [Article(id=r["id"], text=r["text"], date=r["date"], language="en") for r in rows]

    def keys(prefilter: bool) -> set[tuple]:
        pipeline = get_pipeline(Settings(prefilter=prefilter))
        return {
            (e.article_id, e.spans["trigger"], e.event_type)
            for result in pipeline.code(articles)
            for e in result.events
        }

    filtered, full = keys(True), keys(False)
    assert full and len(filtered & full) / len(full | filtered) >= 0.9
