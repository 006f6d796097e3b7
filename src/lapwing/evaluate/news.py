"""Article-level event scores: whole news articles against hand-coded events and non-events.

The gold is one article per line (format: shared/eval/NEWS_GOLD.md): `text`, `events` (each
with an `evidence` quote and its offsets, `required`, `event_type` and `alt_types`, actor and
recipient `code` with `alt_codes`, `alt_pair`, `location`, `date`) and `must_not_code`
statements. lapwing codes each article as `lapwing code` does and is scored on the events
that command prints by default (`scale.kept_events`), with the rules of `score_news.py`, the
reference scorer:

- a predicted event is *placed* on a gold event when its trigger span overlaps the evidence
  quote or its sentence contains the quote;
- the **type** tier also needs its type to be the gold type or one of `alt_types`;
- the **dyad** tier also needs the countries (first three letters) of its actor and
  recipient codes to agree with the gold code or an alternative; a gold party with no code
  accepts anything, a predicted party with no code matches no coded gold party, and
  `alt_pair` accepts the two swapped; the **full** tier compares whole codes;
- **recall** is over required gold events, **precision** over predicted events matched to any
  gold event (required or not);
- a **violation** is a predicted event whose trigger starts inside a must-not statement with
  a bad type (`bad_types` null: any type); PLOVER's single category for an announced act
  (AGREE, THREATEN) is not a violation of a statement marked future;
- on the required events matched at the dyad tier (the first prediction that also matches
  the full codes, else the first): actor and recipient full codes, location country (where
  the gold names one) and date (compared to the gold's precision: day, month or year).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lapwing.config import Settings

#: PLOVER's single category for an announced cooperative or hostile act.
INTENT_TYPES = frozenset({"AGREE", "THREATEN"})
#: How many leading characters of an ISO date each gold precision compares.
DATE_PREFIX = {"day": 10, "month": 7, "year": 4}


def is_news_gold(record: dict[str, Any]) -> bool:
    """An article-level gold record: its events carry evidence quotes, or it lists non-events."""
    if "must_not_code" in record:
        return True
    events = record.get("events")
    return (
        isinstance(events, list)
        and "text" in record
        and any(isinstance(e, dict) and "evidence" in e for e in events)
    )


def load_gold(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# ---------------------------------------------------------------- coding the gold articles


def code_gold(
    records: Iterable[dict[str, Any]], *, settings: Settings | None = None
) -> list[dict[str, Any]]:
    """The events `lapwing code - --format jsonl` prints for these articles, as its dicts.

    Each article goes in as the JSONL record `id`, `text`, `date` (its first ten
    characters), `source`, the way the reference scorer feeds the command."""
    from lapwing import code_articles
    from lapwing.scale import kept_events

    settings = settings or Settings.from_env()
    items = [
        {
            "id": str(r["id"]),
            "text": r["text"],
            "date": (r.get("date") or "")[:10] or None,
            "source": r.get("source"),
        }
        for r in records
        # the readers refuse these, so the command codes nothing for them
        if isinstance(r.get("text"), str)
        and r["text"].strip()
        and len(r["text"]) <= settings.max_chars
    ]
    results = code_articles(items, settings=settings)
    return [event.to_dict() for result in results for event in kept_events(result, settings)]


# ---------------------------------------------------------------- matching rules


def _country(code: str | None) -> str | None:
    return code[:3] if code and len(code) >= 3 else None


def _gold_codes(party: dict[str, Any] | None) -> set[str]:
    if not party:
        return set()
    return {c for c in (party.get("code"), *(party.get("alt_codes") or ())) if c}


def _code_of(party: dict[str, Any] | None) -> str | None:
    return (party or {}).get("code")


def _trigger(event: dict[str, Any]) -> list[int] | None:
    return (event.get("spans") or {}).get("trigger") or None


def placed(event: dict[str, Any], gold: dict[str, Any]) -> bool:
    """The prediction is where the gold event is: trigger on the quote, or quote in sentence."""
    evidence = gold["evidence"]
    trigger = _trigger(event)
    if trigger and trigger[0] < evidence["end"] and evidence["start"] < trigger[1]:
        return True
    return evidence["quote"] in (event.get("sentence") or "")


def type_agrees(event: dict[str, Any], gold: dict[str, Any]) -> bool:
    return event.get("event_type") in {gold["event_type"], *(gold.get("alt_types") or ())}


def party_agrees(
    gold_party: dict[str, Any] | None, party: dict[str, Any] | None, full: bool
) -> bool:
    """Country (or with `full`, whole-code) agreement of one party; an uncoded gold accepts all."""
    if not gold_party or not gold_party.get("code"):
        return True
    code = _code_of(party)
    if not code:
        return False
    wanted = _gold_codes(gold_party)
    if full:
        return code in wanted
    return _country(code) in {_country(c) for c in wanted}


def dyad_agrees(event: dict[str, Any], gold: dict[str, Any], full: bool = False) -> bool:
    actor, recipient = gold.get("actor"), gold.get("recipient")
    if party_agrees(actor, event.get("actor"), full) and party_agrees(
        recipient, event.get("recipient"), full
    ):
        return True
    return bool(gold.get("alt_pair")) and (
        party_agrees(actor, event.get("recipient"), full)
        and party_agrees(recipient, event.get("actor"), full)
    )


def date_agrees(event: dict[str, Any], gold: dict[str, Any]) -> bool:
    wanted, got = gold.get("date"), event.get("date")
    if not wanted or not got:
        return False
    n = DATE_PREFIX.get(gold.get("date_precision") or "day", 10)
    return got[:n] == wanted[:n]


def violates(event: dict[str, Any], statement: dict[str, Any]) -> bool:
    """The prediction codes a must-not statement with a type that is wrong there."""
    trigger = _trigger(event)
    span = statement["statement"]
    if not trigger or not span["start"] <= trigger[0] < span["end"]:
        return False
    event_type = event.get("event_type")
    if "future" in (statement.get("why") or "").lower() and event_type in INTENT_TYPES:
        return False
    bad = statement.get("bad_types")
    return bad is None or event_type in bad


# ---------------------------------------------------------------- scoring


def _ratio(n: int, total: int) -> float:
    return n / total if total else 0.0


def _dyad(event: dict[str, Any]) -> str:
    return f"{_code_of(event.get('actor'))}->{_code_of(event.get('recipient'))}"


def score(records: list[dict[str, Any]], predicted: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Score predicted events (dicts as `lapwing code` prints them) against article gold."""
    gold = {str(r["id"]): r for r in records}
    by_article: dict[str, list[dict[str, Any]]] = {}
    for event in predicted:
        by_article.setdefault(str(event.get("article_id")), []).append(event)

    n: Counter[str] = Counter()
    missed: Counter[tuple[str, str]] = Counter()
    misses: list[dict[str, Any]] = []
    false_positives: list[dict[str, Any]] = []
    violations: list[str] = []
    listing: list[str] = []  # misses and false positives, article by article
    for article_id, record in gold.items():
        events = by_article.get(article_id, [])
        golds = record.get("events") or []
        for g in golds:
            if not g.get("required"):
                continue
            n["required"] += 1
            here = [e for e in events if placed(e, g)]
            typed = [e for e in here if type_agrees(e, g)]
            paired = [e for e in typed if dyad_agrees(e, g)]
            n["type"] += bool(typed)
            if paired:
                n["dyad"] += 1
                best = next((e for e in paired if dyad_agrees(e, g, full=True)), paired[0])
                n["full"] += dyad_agrees(best, g, full=True)
                n["actor_code"] += party_agrees(g.get("actor"), best.get("actor"), True)
                n["recipient_code"] += party_agrees(g.get("recipient"), best.get("recipient"), True)
                country = (g.get("location") or {}).get("country_code")
                if country:
                    n["located"] += 1
                    n["location"] += (best.get("location") or {}).get("country") == country
                n["date"] += date_agrees(best, g)
                continue
            why = (
                "no event in sentence" if not here else "wrong type" if not typed else "wrong dyad"
            )
            missed[(g["event_type"], why)] += 1
            got = [(e.get("event_type"), _code_of(e.get("actor")), _code_of(e.get("recipient")))
                   for e in here]  # fmt: skip
            misses.append({"article": article_id, "id": g["id"], "event_type": g["event_type"],
                           "dyad": _dyad(g), "why": why, "got": got,
                           "quote": g["evidence"]["quote"]})  # fmt: skip
            listing.append(
                f"  MISS {article_id} {g['id']} {g['event_type']} {_dyad(g)} [{why}] "
                f"got {got} | {g['evidence']['quote'][:70]}"
            )
        for e in events:
            n["predicted"] += 1
            typed_gold = [g for g in golds if placed(e, g) and type_agrees(e, g)]
            right = any(dyad_agrees(e, g) for g in typed_gold)
            n["predicted_type"] += bool(typed_gold)
            n["predicted_dyad"] += right
            if not right:
                sentence = e.get("sentence") or ""
                false_positives.append({"article": article_id, "event_type": e.get("event_type"),
                                        "dyad": _dyad(e), "rule": e.get("rule"),
                                        "sentence": sentence})  # fmt: skip
                listing.append(
                    f"  FP   {article_id} {e.get('event_type')} {_dyad(e)} rule={e.get('rule')} "
                    f"| {sentence[:70]}"
                )
            for statement in record.get("must_not_code") or ():
                if violates(e, statement):
                    violations.append(f"{article_id}:{statement['id']}:{e.get('event_type')}")

    recall, precision = (
        _ratio(n["dyad"], n["required"]),
        _ratio(n["predicted_dyad"], n["predicted"]),
    )
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return {
        "articles": len(gold),
        "required": n["required"],
        "predicted": n["predicted"],
        "counts": dict(n),
        "recall": {
            "type": _ratio(n["type"], n["required"]),
            "dyad": recall,
            "full": _ratio(n["full"], n["required"]),
        },
        "precision": {"type": _ratio(n["predicted_type"], n["predicted"]), "dyad": precision},
        "matched": {
            "actor_code": _ratio(n["actor_code"], n["dyad"]),
            "recipient_code": _ratio(n["recipient_code"], n["dyad"]),
            "location_country": _ratio(n["location"], n["located"]),
            "located": n["located"],
            "date": _ratio(n["date"], n["dyad"]),
        },
        "f1": f1,
        "violations": violations,
        "missed_by_type": [
            {"event_type": t, "why": why, "n": k} for (t, why), k in missed.most_common(20)
        ],
        "misses": misses,
        "false_positives": false_positives,
        "listing": listing,
    }


def evaluate_news(path: Path, *, settings: Settings | None = None) -> dict[str, Any]:
    records = load_gold(path)
    return score(records, code_gold(records, settings=settings))


def format_report(result: dict[str, Any], verbose: bool = False) -> str:
    """The figures in the reference scorer's lines; `verbose` lists misses and false positives
    first, as `score_news.py -v` does."""
    lines: list[str] = []
    if verbose:
        lines.extend(result["listing"])
        lines.extend(
            f"  missed {m['event_type']:10s} {m['why']:22s} x{m['n']}"
            for m in result["missed_by_type"]
        )
        lines.append(f"  violations: {result['violations']}")
    recall, precision, matched = result["recall"], result["precision"], result["matched"]
    lines += [
        f"articles {result['articles']}  required gold events {result['required']}  "
        f"predicted events {result['predicted']}",
        f"recall   type {recall['type']:.3f}  type+dyad countries {recall['dyad']:.3f}  "
        f"type+full codes {recall['full']:.3f}",
        f"precision type {precision['type']:.3f}  type+dyad countries {precision['dyad']:.3f}",
        f"on matched required: actor code {matched['actor_code']:.3f}  "
        f"recipient code {matched['recipient_code']:.3f}  "
        f"location country {matched['location_country']:.3f} ({matched['located']})  "
        f"date {matched['date']:.3f}",
        f"news: recall {recall['dyad']:.3f} precision {precision['dyad']:.3f} "
        f"F1 {result['f1']:.3f}, violations {len(result['violations'])}",
    ]
    return "\n".join(lines)
