"""Accuracy gate on the event dev sets: the floors can only go up."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapwing.evaluate.events import evaluate_events, format_report

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"

# Measured when the floor was last raised (all modalities, as the gold codes them).
FLOORS = {
    "plover_gsr.dev.jsonl": {"type_accuracy": 0.77, "actor_country_accuracy": 0.75},
    "petr2_gsr.dev.jsonl": {"type_accuracy": 0.75, "recipient_country_accuracy": 0.6},
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_event_dev_floors(name, pipeline):
    gold = EVAL / name
    if not gold.exists():
        pytest.fail(f"{gold} is missing: the gate expects shared/ beside the repository")
    result = evaluate_events(gold, pipeline=pipeline)
    result["gold"] = str(gold)
    below = {k: (result[k], floor) for k, floor in FLOORS[name].items() if result[k] < floor}
    assert not below, f"{below}\n{format_report(result)}"
