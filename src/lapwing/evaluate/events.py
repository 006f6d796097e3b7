"""Event coding scores: PLOVER type, CAMEO root, actor and recipient codes.

Per gold record (one sentence or short text), lapwing codes the text and its events are
matched to the gold events of that record:

- **type accuracy**: records whose gold has events and whose most confident coded event has
  one of the gold types; records whose gold has no events count as right when nothing is
  coded. This is the headline figure. Records whose gold events all lack a PLOVER type are
  left out of it (PETR2 gold in CAMEO 01/02, statements and appeals: the crosswalk the gold
  was built with drops those codes, so no coded type could match); they are counted as
  `untyped_records` and scored on the CAMEO root of the most confident event
  (`untyped_root_accuracy`) and in the CAMEO root P/R/F1.
- **type P/R/F1**: events matched by type within a record (multiset), micro-averaged, over
  the records the type accuracy counts.
- **CAMEO root P/R/F1**: the same on the two-digit CAMEO root, where the gold has codes.
- **actor / recipient**: among type-matched pairs, the share whose country (first three
  letters of the code) and whose full code agree with the gold (any member of a compound
  gold actor counts).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from lapwing.config import Settings
from lapwing.dictionaries import PLOVER_TYPES
from lapwing.records import Article, Event

DEFAULT_DATE = "2020-01-01"


def _load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _codes(actor: dict | None) -> set[str]:
    if not actor or not actor.get("code"):
        return set()
    codes = set(actor["code"].split("|"))
    for member in actor.get("members") or ():
        if member.get("code"):
            codes.add(member["code"])
    return codes


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def _primary(events: list[Event]) -> Event | None:
    return max(events, key=lambda e: (e.confidence, -e.spans["trigger"][0])) if events else None


def evaluate_events(path: Path, *, realized_only: bool = False, pipeline=None) -> dict[str, Any]:
    from lapwing import get_pipeline

    # Sentence gold codes events with one party too: score all the coder finds
    pipeline = pipeline or get_pipeline(Settings.from_env(partial_dyads=True))
    records = _load(path)
    articles = [
        Article(
            id=str(r["id"]),
            text=r["text"],
            date=r.get("date") or DEFAULT_DATE,
            language="en",
        )
        for r in records
    ]
    type_right = 0
    untyped = untyped_root_right = 0
    empty_right = empty_total = 0
    type_tp = n_pred = n_gold = 0
    root_tp = root_pred = root_gold = 0
    actor_country = actor_code = actor_total = 0
    recipient_country = recipient_code = recipient_total = 0
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for record, result in zip(records, pipeline.code(articles), strict=True):
        predicted = [e for e in result.events if not realized_only or e.realized]
        gold = record["events"]
        primary = _primary(predicted)
        gold_roots = [g["cameo"][:2] for g in gold if g.get("cameo")]
        skip_types = bool(gold) and not any(g.get("event_type") for g in gold)
        if skip_types:  # no PLOVER type to score; the CAMEO root scores below still count it
            untyped += 1
            untyped_root_right += primary is not None and primary.cameo[:2] in gold_roots
            gold = []
        elif not gold:
            empty_total += 1
            empty_right += not predicted
            confusion[("(none)", primary.event_type if primary else "(none)")] += 1
        else:
            gold_types = {g["event_type"] for g in gold if g.get("event_type")}
            hit = primary is not None and primary.event_type in gold_types
            type_right += hit
            gold_label = gold[0].get("event_type") or "(none)"
            confusion[(gold_label, primary.event_type if primary else "(none)")] += 1
            if not hit and len(misses) < 400:
                misses.append(
                    {
                        "id": record["id"],
                        "text": record["text"][:160],
                        "gold": sorted(gold_types),
                        "coded": [f"{e.event_type}:{e.rule}" for e in predicted],
                    }
                )
        # event-level matching by type
        remaining = list(predicted)
        for g in gold:
            n_gold += 1
            match = next((e for e in remaining if e.event_type == g.get("event_type")), None)
            if match is None:
                continue
            remaining.remove(match)
            type_tp += 1
            gold_actor, gold_recipient = _codes(g.get("actor")), _codes(g.get("recipient"))
            if gold_actor:
                actor_total += 1
                code = (match.actor.code if match.actor else None) or ""
                actor_code += code in gold_actor
                actor_country += bool(code) and code[:3] in {c[:3] for c in gold_actor}
            if gold_recipient:
                recipient_total += 1
                code = (match.recipient.code if match.recipient else None) or ""
                recipient_code += code in gold_recipient
                recipient_country += bool(code) and code[:3] in {c[:3] for c in gold_recipient}
        n_pred += 0 if skip_types else len(predicted)
        if gold_roots:
            roots = [e.cameo[:2] for e in predicted]
            root_gold += len(gold_roots)
            root_pred += len(roots)
            left = list(roots)
            for root in gold_roots:
                if root in left:
                    left.remove(root)
                    root_tp += 1
    with_events = sum(1 for r in records if r["events"]) - untyped
    total = len(records) - untyped
    return {
        "records": total,
        "records_with_events": with_events,
        "untyped_records": untyped,
        "untyped_root_accuracy": round(untyped_root_right / untyped, 3) if untyped else None,
        "type_accuracy": round((type_right + empty_right) / total, 3) if total else 0.0,
        "type_accuracy_on_event_records": round(type_right / with_events, 3)
        if with_events
        else 0.0,
        "no_event_accuracy": round(empty_right / empty_total, 3) if empty_total else None,
        "type": _prf(type_tp, n_pred, n_gold),
        "cameo_root": _prf(root_tp, root_pred, root_gold) if root_gold else None,
        "actor_country_accuracy": round(actor_country / actor_total, 3) if actor_total else None,
        "actor_code_accuracy": round(actor_code / actor_total, 3) if actor_total else None,
        "recipient_country_accuracy": (
            round(recipient_country / recipient_total, 3) if recipient_total else None
        ),
        "recipient_code_accuracy": (
            round(recipient_code / recipient_total, 3) if recipient_total else None
        ),
        "realized_only": realized_only,
        "confusion": {f"{g} -> {p}": n for (g, p), n in sorted(confusion.items())},
        "misses": misses,
    }


def format_report(result: dict[str, Any]) -> str:
    lines = [
        f"gold: {result['gold']} ({result['records']} records scored, "
        f"{result['records_with_events']} with events)",
        f"event-type accuracy: {result['type_accuracy']:.3f} "
        f"(on records with events {result['type_accuracy_on_event_records']:.3f}; "
        f"no-event records {result['no_event_accuracy']})",
        *(
            [
                f"records with only CAMEO 01/02 gold (no PLOVER type; not in the accuracy): "
                f"{result['untyped_records']}, CAMEO root right {result['untyped_root_accuracy']}"
            ]
            if result.get("untyped_records")
            else []
        ),
        "event type      P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}".format(**result["type"]),
    ]
    if result.get("cameo_root"):
        lines.append(
            "CAMEO root      P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}".format(
                **result["cameo_root"]
            )
        )
    actor_country, actor_code = result["actor_country_accuracy"], result["actor_code_accuracy"]
    lines.append(f"actor     country {actor_country}  code {actor_code}")
    lines.append(
        f"recipient country {result['recipient_country_accuracy']}  "
        f"code {result['recipient_code_accuracy']}"
    )
    lines.append("confusion (gold -> coded primary):")
    for key, n in sorted(result["confusion"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {n:4d}  {key}")
    return "\n".join(lines)


# ---------------------------------------------------------------- the hand-coded seed article


def evaluate_seed(path: Path, pipeline=None) -> dict[str, Any]:
    """Recall of the gold's required events and violations of its `must_not_code` list."""
    from lapwing import get_pipeline

    pipeline = pipeline or get_pipeline()
    gold = json.loads(Path(path).read_text(encoding="utf-8"))
    text = (Path(path).parent / gold["text_file"]).read_text(encoding="utf-8")
    article = Article(
        id=gold["id"], text=text, date=gold["publication_date_assumed"], language="en"
    )
    events = [e for e in next(pipeline.code([article])).events if e.realized]
    found = []
    for g in (g for g in gold["events"] if g["required"]):
        countries = {
            "actor": {c[:3] for c in _codes(g.get("actor"))},
            "recipient": {c[:3] for c in _codes(g.get("recipient"))},
        }
        alternatives = " ".join(g.get("acceptable_alternatives") or ())
        ok_types = {g["event_type"]} | {t for t in PLOVER_TYPES if t in alternatives}
        match = any(
            e.event_type in ok_types
            and _country_ok(e.actor, countries["actor"] | countries["recipient"])
            and (
                not countries["recipient"]
                or _country_ok(e.recipient, countries["recipient"] | countries["actor"])
            )
            for e in events
        )
        found.append({"id": g["id"], "event_type": g["event_type"], "found": match})
    violations = []
    for statement in gold["must_not_code"]:
        start, end = statement["statement"]["start"], statement["statement"]["end"]
        for e in events:
            trigger = e.spans["trigger"]
            if start <= trigger[0] < end:
                violations.append({"id": statement["id"], "event": e.event_type, "rule": e.rule})
    n_found = sum(f["found"] for f in found)
    return {
        "required": len(found),
        "found": n_found,
        "recall": round(n_found / len(found), 3) if found else 0.0,
        "violations": violations,
        "details": found,
        "events": [e.to_dict() for e in events],
    }


def _country_ok(actor, countries: set[str]) -> bool:
    return actor is not None and bool(actor.code) and actor.code[:3] in countries


def format_seed_report(result: dict[str, Any]) -> str:
    lines = [
        f"required realized events found: {result['found']}/{result['required']} "
        f"(recall {result['recall']:.2f})",
        f"must-not-code violations: {len(result['violations'])}",
    ]
    for detail in result["details"]:
        lines.append(
            f"  {'found' if detail['found'] else 'MISSED':6} {detail['id']} {detail['event_type']}"
        )
    for violation in result["violations"]:
        lines.append(f"  VIOLATION {violation['id']}: {violation['event']} ({violation['rule']})")
    return "\n".join(lines)
