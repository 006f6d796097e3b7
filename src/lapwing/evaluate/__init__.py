"""Score lapwing against gold data (formats: shared/eval/README.md).

`run(path)` recognises the kind of gold file by its records and returns a printable report
and the figures as a dict.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def detect_task(path: Path) -> str:
    if path.suffix == ".json":
        return "seed"
    with open(path, encoding="utf-8") as handle:
        first = json.loads(handle.readline())
    from lapwing.evaluate.news import is_news_gold

    if is_news_gold(first):  # whole articles: events with evidence quotes, must-not statements
        return "news"
    for key, task in (
        ("events", "events"),
        ("event_span", "event_location"),
        ("timexes", "temporal"),
        ("toponyms", "geo"),
    ):
        if key in first:
            return task
    raise ValueError(f"{path}: unknown gold format")


def run(
    path: Path, *, task: str = "auto", realized_only: bool = False, verbose: bool = False
) -> tuple[str, dict[str, Any]]:
    """The report and the figures; `verbose` adds the misses and false positives where the
    task lists them (news)."""
    task = detect_task(path) if task == "auto" else task
    if task == "news":
        from lapwing.evaluate.news import evaluate_news
        from lapwing.evaluate.news import format_report as format_news

        result = evaluate_news(path)
        result.setdefault("gold", str(path))
        result.setdefault("task", task)
        return format_news(result, verbose=verbose), result
    if task == "events":
        from lapwing.evaluate.events import evaluate_events, format_report

        result = evaluate_events(path, realized_only=realized_only)
    elif task == "seed":
        from lapwing.evaluate.events import evaluate_seed as evaluate_seed_file
        from lapwing.evaluate.events import format_seed_report as format_report

        result = evaluate_seed_file(path)
    elif task == "temporal":
        from lapwing.evaluate.temporal import evaluate_timex, format_report

        result = evaluate_timex(path)
    elif task == "geo":
        from lapwing.evaluate.geo import evaluate_geo, format_report

        result = evaluate_geo(path)
    elif task == "event_location":
        from lapwing.evaluate.geo import evaluate_event_location, format_report

        result = evaluate_event_location(path)
    else:
        raise ValueError(f"unknown task {task!r}")
    result.setdefault("gold", str(path))
    result.setdefault("task", task)
    return format_report(result), result
