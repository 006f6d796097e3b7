"""Accuracy gate on the event dev sets: the floors can only go up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lapwing.evaluate.events import evaluate_events, format_report

EVAL = Path(__file__).resolve().parents[2] / "eval"  # the gold the repository carries

# Measured when the floor was last raised (all modalities, as the gold codes them).
FLOORS = {
    "plover_gsr.dev.jsonl": {"type_accuracy": 0.78, "actor_country_accuracy": 0.83},
    "petr2_gsr.dev.jsonl": {"type_accuracy": 0.78, "recipient_country_accuracy": 0.6},
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_event_dev_floors(name, pipeline):
    gold = EVAL / name
    if not gold.exists():
        pytest.fail(f"{gold} is missing from the repository")
    result = evaluate_events(gold, pipeline=pipeline)
    result["gold"] = str(gold)
    below = {k: (result[k], floor) for k, floor in FLOORS[name].items() if result[k] < floor}
    assert not below, f"{below}\n{format_report(result)}"


def test_gold_without_a_plover_type_is_left_out_of_the_type_accuracy(tmp_path, pipeline):
    gold = tmp_path / "gold.jsonl"
    records = [
        # CAMEO 018 (an empathetic comment): PLOVER has no type for it
        {"id": "a", "text": "President Obama expressed sorrow for the shootings.",
         "events": [{"event_type": None, "cameo": "018", "actor": {"code": "USAGOV"}}]},
        {"id": "b", "text": "Russian troops attacked Ukrainian positions near Bakhmut.",
         "events": [{"event_type": "ASSAULT", "cameo": "190", "actor": {"code": "RUSMIL"}}]},
    ]  # fmt: skip
    gold.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    result = evaluate_events(gold, pipeline=pipeline)
    assert result["records"] == 1 and result["untyped_records"] == 1
    assert result["type_accuracy"] == 1.0
    assert result["untyped_root_accuracy"] == 1.0  # the coded statement is CAMEO 01
