"""Accuracy floors for geoparsing on samples of the dev sets; floors may only go up."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapwing.evaluate.geo import evaluate_event_location, evaluate_geo
from lapwing.gazetteer import Gazetteer

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def nlp(gazetteer):
    from lapwing.stages.parse import load_nlp

    return load_nlp(gazetteer.ruler_patterns())


def test_geovirus_floors(gazetteer, nlp):
    result = evaluate_geo(EVAL / "geovirus.dev.jsonl", gazetteer=gazetteer, nlp=nlp, limit=60)
    assert result["f1"] >= 0.87
    assert result["acc_161km"] >= 0.70
    assert result["country_accuracy"] >= 0.82


def test_geowebnews_floors(gazetteer, nlp):
    result = evaluate_geo(EVAL / "geowebnews.dev.jsonl", gazetteer=gazetteer, nlp=nlp, limit=45)
    assert result["f1"] >= 0.62
    assert result["acc_161km"] >= 0.75


def test_event_location_floor(gazetteer, nlp):
    result = evaluate_event_location(
        EVAL / "event_location.dev.jsonl", gazetteer=gazetteer, nlp=nlp, limit=600
    )
    assert result["accuracy"] >= 0.58
    # a sentence without a place gets none (the gold's null), most of the time
    assert result["accuracy_on_null"] >= 0.72
