"""Article-level event scoring (`lapwing eval` on NEWS_GOLD.md gold).

The unit tests score stub predictions against two hand-written articles
(tests/fixtures/news_gold.jsonl); the slow test checks that `lapwing eval` prints the same
figures as the reference scorer (eval/score_news.py) on the fixture and, where the external
measurement set is present, on news_dev.jsonl (eval/README.md).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXTERNAL_EVAL
from lapwing.cli import app
from lapwing.evaluate import detect_task, news, run
from lapwing.evaluate.news import format_report, load_gold, placed, score, violates

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "news_gold.jsonl"
NEWS_DEV = EXTERNAL_EVAL / "news_dev.jsonl"  # texts owned by their publishers: not in the repo
REFERENCE = REPO / "eval" / "score_news.py"


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_gold(FIXTURE)


def _event(record: dict, event_type: str, actor: str | None, recipient: str | None,
           trigger: str | None, sentence: int, *, country: str | None = None,
           date: str | None = None) -> dict:  # fmt: skip
    """A predicted event as `lapwing code --format jsonl` prints it (the fields scored)."""
    text = record["text"]
    start = text.index(trigger) if trigger else None
    return {
        "article_id": record["id"],
        "event_type": event_type,
        "actor": {"code": actor} if actor else None,
        "recipient": {"code": recipient} if recipient else None,
        "location": {"country": country} if country else None,
        "date": date,
        "sentence": re.split(r"(?<=\.) ", text)[sentence],
        "spans": {"trigger": [start, start + len(trigger)] if trigger else None},
        "rule": f"stub-{event_type.lower()}",
    }


@pytest.fixture(scope="module")
def predicted(gold) -> list[dict]:
    a, b = gold
    return [
        # fx-1
        _event(a, "COERCE", "KENCOP", "KENCVL", "arrested", 0, country="KEN", date="2021-05-03"),
        _event(a, "SUPPORT", "KENGOV", None, "praised", 1),  # no recipient: wrong dyad
        _event(a, "ACCUSE", "UGAGOV", "KENGOV", "expelled", 2),  # wrong type
        _event(a, "PROTEST", "KENOPP", None, "hold", 3),  # inside a future statement
        # fx-2
        _event(b, "CONSULT", "PERGOV", "CHLGOV", None, 0, country="CHL", date="2022-11-20"),
        _event(b, "ACCUSE", "CHLMIL", "BOLGOV", "accused", 1, date="2022-11-20"),
        _event(b, "COOPERATE", "CHLGOV", "PERGOV", "cooperate", 4),  # future, not AGREE
        _event(b, "AGREE", "PERGOV", None, "sign", 2),  # negated, AGREE is a bad type
        _event(b, "AGREE", "CHLGOV", "PERGOV", "cooperate", 4),  # future intent: allowed
        _event(b, "COERCE", "BOLGOV", None, "closing", 1),  # matches an optional event
        # an article the gold does not have is not scored
        {**_event(b, "CONSULT", "CHLGOV", "PERGOV", "met", 0), "article_id": "elsewhere"},
    ]


def test_fixture_offsets_are_the_quotes(gold):
    for record in gold:
        spans = [e["evidence"] for e in record["events"]]
        spans += [n["statement"] for n in record["must_not_code"]]
        for span in spans:
            assert record["text"][span["start"] : span["end"]] == span["quote"]


def test_article_gold_is_told_apart_from_sentence_gold(tmp_path):
    assert detect_task(FIXTURE) == "news"
    sentences = tmp_path / "sentences.jsonl"
    sentences.write_text(
        json.dumps({"id": "s1", "text": "Chile accused Bolivia.",
                    "events": [{"event_type": "ACCUSE", "actor": {"code": "CHL"}}]}) + "\n"
    )  # fmt: skip
    assert detect_task(sentences) == "events"
    assert news.is_news_gold({"id": "x", "text": "Nothing happened.", "events": [],
                              "must_not_code": []})  # fmt: skip


def test_news_figures_on_the_fixture(gold, predicted):
    result = score(gold, predicted)
    assert (result["articles"], result["required"], result["predicted"]) == (2, 6, 10)
    # required: fx-1 E1 E2 E3, fx-2 E1 E2 E4; type tier E1 E2 (fx-1), E1 E2 (fx-2)
    assert result["recall"] == pytest.approx({"type": 4 / 6, "dyad": 3 / 6, "full": 2 / 6})
    # right by type: arrest, praise, consult, accuse, closing; of them not the praise by dyad
    assert result["precision"] == pytest.approx({"type": 5 / 10, "dyad": 4 / 10})
    # matched required: fx-1 E1, fx-2 E1 (swapped pair: actor and recipient codes compare
    # unswapped, as the reference does), fx-2 E2 (CHLMIL is Chile but not CHLGOV)
    assert result["matched"] == pytest.approx(
        {"actor_code": 1 / 3, "recipient_code": 2 / 3, "location_country": 1 / 3,
         "located": 3, "date": 2 / 3}
    )  # fmt: skip
    assert result["f1"] == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert result["violations"] == ["fx-1:N1:PROTEST", "fx-2:N2:COOPERATE", "fx-2:N1:AGREE"]
    assert [(m["article"], m["id"], m["why"]) for m in result["misses"]] == [
        ("fx-1", "E2", "wrong dyad"),
        ("fx-1", "E3", "wrong type"),
        ("fx-2", "E4", "no event in sentence"),
    ]
    assert [(f["article"], f["event_type"]) for f in result["false_positives"]] == [
        ("fx-1", "SUPPORT"), ("fx-1", "ACCUSE"), ("fx-1", "PROTEST"),
        ("fx-2", "COOPERATE"), ("fx-2", "AGREE"), ("fx-2", "AGREE"),
    ]  # fmt: skip


def test_news_report_lines(gold, predicted):
    report = format_report(score(gold, predicted)).splitlines()
    assert report == [
        "articles 2  required gold events 6  predicted events 10",
        "recall   type 0.667  type+dyad countries 0.500  type+full codes 0.333",
        "precision type 0.500  type+dyad countries 0.400",
        "on matched required: actor code 0.333  recipient code 0.667  "
        "location country 0.333 (3)  date 0.667",
        "news: recall 0.500 precision 0.400 F1 0.444, violations 3",
    ]
    verbose = format_report(score(gold, predicted), verbose=True).splitlines()
    assert verbose[0] == (
        "  MISS fx-1 E2 SUPPORT KENGOV->KENCOP [wrong dyad] got [('SUPPORT', 'KENGOV', None)]"
        " | praised the officers"
    )
    assert verbose[2] == (
        "  FP   fx-1 SUPPORT KENGOV->None rule=stub-support"
        " | The interior minister later praised the officers."
    )
    assert "  missed SANCTION   no event in sentence   x1" in verbose
    assert "  violations: ['fx-1:N1:PROTEST', 'fx-2:N2:COOPERATE', 'fx-2:N1:AGREE']" in verbose
    assert verbose[-5:] == report


def test_placed_by_overlapping_trigger_or_by_sentence(gold):
    a = gold[0]
    evidence = a["events"][0]["evidence"]  # "police arrested twelve protesters"
    start, end = evidence["start"], evidence["end"]
    elsewhere = {"sentence": "Something else.", "spans": {}}
    assert placed({**elsewhere, "spans": {"trigger": [end - 1, end + 4]}}, a["events"][0])
    assert not placed({**elsewhere, "spans": {"trigger": [end, end + 4]}}, a["events"][0])
    assert not placed({**elsewhere, "spans": {"trigger": [start - 3, start]}}, a["events"][0])
    assert placed({"sentence": a["text"][:70], "spans": {"trigger": None}}, a["events"][0])


def test_violation_needs_the_trigger_start_inside_and_a_bad_type(gold):
    b = gold[1]
    negated = b["must_not_code"][0]  # bad types AGREE, COOPERATE
    start, end = negated["statement"]["start"], negated["statement"]["end"]
    assert violates({"event_type": "AGREE", "spans": {"trigger": [start, start + 2]}}, negated)
    assert not violates({"event_type": "REJECT", "spans": {"trigger": [start, start + 2]}}, negated)
    assert not violates({"event_type": "AGREE", "spans": {"trigger": [end, end + 2]}}, negated)
    assert not violates({"event_type": "AGREE", "spans": {"trigger": None}}, negated)


def test_eval_command_prints_the_news_figures(gold, predicted, monkeypatch):
    monkeypatch.setattr(news, "code_gold", lambda records, settings=None: predicted)
    result = CliRunner().invoke(app, ["eval", str(FIXTURE), "-v"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("  MISS fx-1 E2 SUPPORT")
    assert lines[-1] == "news: recall 0.500 precision 0.400 F1 0.444, violations 3"
    result = CliRunner().invoke(app, ["eval", str(FIXTURE), "--format", "json"])
    figures = json.loads(result.output)
    assert figures["task"] == "news" and figures["recall"]["dyad"] == 0.5
    report, _ = run(FIXTURE)
    assert "MISS" not in report


def _figures(output: str) -> list[str]:
    """The five figure lines, without the reference's `(need x.xx)` thresholds."""
    lines = [re.sub(r" \(need [0-9.]+\)", "", line) for line in output.splitlines()]
    return lines[-5:]


@pytest.mark.slow
@pytest.mark.parametrize("gold_path", [FIXTURE, NEWS_DEV], ids=["fixture", "news_dev"])
def test_eval_agrees_with_the_reference_scorer(gold_path, tmp_path):
    if not gold_path.exists():
        why = "the news_dev texts belong to their publishers, external measurement data"
        pytest.skip(f"{gold_path} is not here: {why} (eval/README.md, LAPWING_EXTERNAL_EVAL)")
    dump = tmp_path / "predicted.jsonl"
    reference = subprocess.run(
        [sys.executable, str(REFERENCE), str(gold_path), "-v", "--dump", str(dump)],
        cwd=REPO, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert reference.stdout.count("\n") >= 5, reference.stderr[-2000:]
    # the same predictions, scored by lapwing's rules: every line, listings included
    records = load_gold(gold_path)
    predicted = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    ours = format_report(score(records, predicted), verbose=True)
    assert ours.splitlines() == [
        re.sub(r" \(need [0-9.]+\)", "", line) for line in reference.stdout.splitlines()
    ]
    # and lapwing's own in-process coding gives the figures the command gives
    lapwing = subprocess.run(
        [sys.executable, "-m", "lapwing", "eval", str(gold_path)],
        cwd=REPO, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert lapwing.returncode == 0, lapwing.stderr[-2000:]
    assert _figures(lapwing.stdout) == _figures(reference.stdout)
