"""Score `find_timexes` on TempEval-3 style JSONL (`{id, text, dct, timexes: [...]}`).

Recognition is scored twice: strict (exact span) and relaxed (any overlap). Type and value
accuracy are measured over the relaxed matches, as in TempEval-3; `value_f1` is the
TempEval-3 "value F1" (relaxed F1 weighted by value accuracy).
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

from lapwing.records import Timex
from lapwing.stages.dates import find_timexes

__all__ = ["evaluate_timex", "format_report"]


def _prf(correct_system: int, n_system: int, correct_gold: int, n_gold: int) -> dict[str, float]:
    precision = correct_system / n_system if n_system else 0.0
    recall = correct_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _pair(gold: list[dict[str, Any]], found: list[Timex]) -> list[tuple[int, int]]:
    """One-to-one relaxed pairs (gold index, system index), exact spans first, then overlaps."""
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_system: set[int] = set()
    for exact in (True, False):
        for gi, g in enumerate(gold):
            if gi in used_gold:
                continue
            for si, s in enumerate(found):
                if si in used_system:
                    continue
                same = (s.start, s.end) == (g["start"], g["end"])
                overlap = s.start < g["end"] and g["start"] < s.end
                if same if exact else overlap:
                    pairs.append((gi, si))
                    used_gold.add(gi)
                    used_system.add(si)
                    break
    return pairs


def evaluate_timex(gold_path: str | Path) -> dict[str, Any]:
    """Recognition P/R/F1 (strict and relaxed), type and value accuracy, time per document."""
    n_gold = n_system = strict = relaxed = type_ok = value_ok = 0
    seconds = 0.0
    documents = 0
    errors: list[dict[str, Any]] = []
    with Path(gold_path).open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            text = record["text"]
            anchor = date.fromisoformat(record["dct"][:10])
            gold = sorted(record["timexes"], key=lambda t: t["start"])
            started = time.perf_counter()
            found = find_timexes(text, anchor)
            seconds += time.perf_counter() - started
            documents += 1
            n_gold += len(gold)
            n_system += len(found)
            pairs = _pair(gold, found)
            matched_gold = {gi for gi, _ in pairs}
            matched_system = {si for _, si in pairs}
            relaxed += len(pairs)
            for gi, si in pairs:
                g, s = gold[gi], found[si]
                strict += (s.start, s.end) == (g["start"], g["end"])
                type_ok += s.type == g["type"]
                value_ok += s.value == g["value"]
                if s.value != g["value"] or s.type != g["type"]:
                    errors.append(
                        {"id": record["id"], "kind": "value", "gold": g, "system": _plain(s)}
                    )
            for gi, g in enumerate(gold):
                if gi not in matched_gold:
                    errors.append({"id": record["id"], "kind": "missed", "gold": g})
            for si, s in enumerate(found):
                if si not in matched_system:
                    errors.append({"id": record["id"], "kind": "spurious", "system": _plain(s)})
    relaxed_scores = _prf(relaxed, n_system, relaxed, n_gold)
    value_accuracy = value_ok / relaxed if relaxed else 0.0
    return {
        "documents": documents,
        "gold": n_gold,
        "system": n_system,
        "strict": _prf(strict, n_system, strict, n_gold),
        "relaxed": relaxed_scores,
        "type_accuracy": type_ok / relaxed if relaxed else 0.0,
        "value_accuracy": value_accuracy,
        "value_f1": relaxed_scores["f1"] * value_accuracy,
        "seconds_per_document": seconds / documents if documents else 0.0,
        "errors": errors,
    }


def _plain(timex: Timex) -> dict[str, Any]:
    return {
        "start": timex.start,
        "end": timex.end,
        "text": timex.text,
        "type": timex.type,
        "value": timex.value,
    }


def format_report(result: dict[str, Any]) -> str:
    """A short human-readable summary of `evaluate_timex` output."""
    lines = [
        f"documents {result['documents']}  gold timexes {result['gold']}  found {result['system']}",
    ]
    for name in ("strict", "relaxed"):
        s = result[name]
        lines.append(f"{name:8} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    lines.append(
        f"type accuracy {result['type_accuracy']:.3f}  value accuracy "
        f"{result['value_accuracy']:.3f}  value F1 {result['value_f1']:.3f}"
    )
    lines.append(f"time per document {1000 * result['seconds_per_document']:.2f} ms")
    for error in result["errors"]:
        gold = error.get("gold")
        system = error.get("system")
        gold_text = f"{gold['text']!r} {gold['type']} {gold['value']}" if gold else "-"
        system_text = f"{system['text']!r} {system['type']} {system['value']}" if system else "-"
        lines.append(f"  {error['kind']:8} {error['id']}: gold {gold_text} | found {system_text}")
    return "\n".join(lines)
