"""The hand-coded Niger article: required events found, must-not-code statements respected."""

from __future__ import annotations

import json

from conftest import SEED_TEXT, repo_file
from lapwing.evaluate.events import evaluate_seed


def test_required_events_found_and_nothing_forbidden(default_pipeline):
    result = evaluate_seed(repo_file("eval", "seed_niger.gold.json"), pipeline=default_pipeline)
    assert result["recall"] >= 0.8, result["details"]
    assert result["violations"] == []


def test_dates_and_places_of_background_events(pipeline):
    from lapwing.records import Article

    text = SEED_TEXT.read_text(encoding="utf-8")
    article = Article(id="seed_niger", text=text, date="2024-04-12", language="en")
    events = next(pipeline.code([article])).events
    by_trigger = {text[slice(*e.spans["trigger"])]: e for e in events}
    coup = by_trigger["ousted"]
    assert (coup.date, coup.date_precision) == ("2023-07-01", "month")
    killed = by_trigger["killed"]
    assert (killed.date, killed.date_precision) == ("2017-01-01", "year")
    assert killed.location is not None and killed.location.country == "NER"
    rejection = by_trigger["recognized"]
    assert (rejection.date, rejection.date_precision) == ("2024-01-01", "year")
    for event in events:
        assert text[slice(*event.spans["trigger"])] in event.sentence
        json.dumps(event.to_dict())
