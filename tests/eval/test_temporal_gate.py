"""Accuracy gate on the TempEval-3 platinum dev documents: the floors can only go up."""

from __future__ import annotations

from pathlib import Path

import pytest

from lapwing.evaluate.temporal import evaluate_timex, format_report

GOLD = Path(__file__).resolve().parents[2] / "eval" / "tempeval3_platinum.dev.jsonl"

# measured values at the time the floor was last raised, minus nothing: raise, never lower
FLOORS = {
    "relaxed_f1": 0.93,
    "strict_f1": 0.92,
    "type_accuracy": 0.97,
    "value_accuracy": 0.92,
}


@pytest.mark.slow
def test_tempeval3_dev_floors():
    if not GOLD.exists():
        pytest.fail(f"{GOLD} is missing from the repository")
    result = evaluate_timex(GOLD)
    report = format_report(result)
    measured = {
        "relaxed_f1": result["relaxed"]["f1"],
        "strict_f1": result["strict"]["f1"],
        "type_accuracy": result["type_accuracy"],
        "value_accuracy": result["value_accuracy"],
    }
    for name, floor in FLOORS.items():
        assert measured[name] >= floor, f"{name} {measured[name]:.3f} < {floor}\n{report}"
    assert result["seconds_per_document"] < 0.05, report
