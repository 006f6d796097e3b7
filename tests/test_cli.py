"""The `lapwing` command, end to end.

Most tests run the typer app in-process (`CliRunner`), so they share the session's loaded
pipeline; a few run `python -m lapwing` in a subprocess for what only a real process shows
(the console entry point, a pipe on stdin, exit codes through `main()`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import lapwing
from conftest import SEED_TEXT, repo_file
from lapwing.cli import app

REALIZED = {"asserted", "reported"}
GOOD_TEXT = "Russian troops attacked Ukrainian positions near Bakhmut.\n"
FRENCH_TEXT = (
    "Les soldats russes sont arrivés dans la capitale du Niger avec du matériel militaire. "
    "Le gouvernement a déclaré que cette mission était une aide pour les forces du pays, "
    "et les États-Unis ont dit qu'ils ne sont pas d'accord avec cette décision.\n"
)


def invoke(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def jsonl(stdout: str) -> list[dict]:
    lines = stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert all(isinstance(r, dict) for r in records), "every stdout line is a JSON object"
    return records


def schema_section(heading_prefix: str) -> str:
    text = repo_file("docs", "SCHEMA.md").read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.M)
    matches = [p for p in parts if p.startswith(heading_prefix)]
    assert len(matches) == 1, f"SCHEMA.md has one section starting {heading_prefix!r}"
    return matches[0]


def schema_event_fields() -> list[str]:
    section = schema_section("`lapwing code`")
    fields = re.findall(r"^\| `([a-z_0-9]+)` \|", section, flags=re.M)
    assert len(fields) > 10
    return fields


def schema_listed_fields(command: str) -> list[str]:
    """Field names of the `- `geoparse`: ...` bullet, examples in parentheses left out."""
    section = schema_section("`lapwing geoparse`")
    (line,) = [ln for ln in section.splitlines() if ln.startswith(f"- `{command}`:")]
    body = re.sub(r"\([^()]*\)", "", line.split(":", 1)[1])
    return re.findall(r"`([a-z_0-9]+)`", body)


def stderr_lines(result) -> list[str]:
    return result.stderr.splitlines()


# ------------------------------------------------------------------ shared runs


@pytest.fixture(scope="module")
def seed_run(pipeline):
    result = invoke("code", str(SEED_TEXT), "--date", "2024-04-12")
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def seed_events(seed_run) -> list[dict]:
    return jsonl(seed_run.stdout)


@pytest.fixture(scope="module")
def good_events(pipeline, tmp_path_factory) -> list[dict]:
    """Events of GOOD_TEXT coded on its own, to recognise them in mixed runs."""
    path = tmp_path_factory.mktemp("good") / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    result = invoke("code", str(path), "--date", "2024-04-12")
    assert result.exit_code == 0, result.stderr
    events = jsonl(result.stdout)
    assert events, "the good article must give at least one event for these tests to mean much"
    return events


# ------------------------------------------------------------------ lapwing code


def test_code_seed_prints_schema_events(seed_run, seed_events):
    assert stderr_lines(seed_run) == [  # a summary, and nothing else when all went well
        f"lapwing: 1 article(s) coded, {len(seed_events)} event(s) printed; "
        "0 without a date, 0 skipped, 0 error(s)"
    ]
    assert seed_events
    fields = schema_event_fields()
    for event in seed_events:
        missing = [f for f in fields if f not in event]
        assert not missing, f"event {event.get('id')} lacks {missing}"
        assert event["source"] == "NBC News"
        assert event["modality"] in REALIZED
        assert event["aspect"] == "event"
        assert isinstance(event["cameo"], str)
        assert set(event["spans"]) == {"trigger", "actor", "recipient", "location"}
    assert len({e["id"] for e in seed_events}) == len(seed_events)


def test_code_all_modalities_adds_unrealized_events(seed_events):
    result = invoke("code", str(SEED_TEXT), "--date", "2024-04-12", "--all-modalities")
    assert result.exit_code == 0, result.stderr
    everything = jsonl(result.stdout)
    ids = {e["id"] for e in everything}
    assert {e["id"] for e in seed_events} <= ids
    modalities = Counter(e["modality"] for e in everything)
    assert set(modalities) - REALIZED, "--all-modalities shows negated/hypothetical events"
    extra = [e for e in everything if e["id"] not in {s["id"] for s in seed_events}]
    # the rest: unrealized events, and dyadic events with one party unknown
    held_back = [
        e
        for e in extra
        if e["modality"] in REALIZED
        and e["aspect"] == "event"
        and _named_party(e["actor"])
        and _named_party(e["recipient"])
    ]
    assert extra and not held_back


def _named_party(party: dict | None) -> bool:
    """A party with a code that the text named (not the explicit unidentified doer)."""
    from lapwing.records import UNIDENTIFIED_NAMES

    return bool(party and party.get("code")) and not (
        party.get("text") is None and party.get("name") in UNIDENTIFIED_NAMES
    )


def test_code_csv_has_header_and_one_row_per_event(seed_events):
    result = invoke("code", str(SEED_TEXT), "--date", "2024-04-12", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == [e["id"] for e in seed_events]
    header = result.stdout.splitlines()[0].split(",")
    for field in schema_event_fields():
        assert field in header or any(h.startswith(f"{field}_") for h in header), field
    for row, event in zip(rows, seed_events, strict=True):
        assert row["event_type"] == event["event_type"]
        assert row["cameo"] == event["cameo"]
        assert row["source"] == "NBC News"


def test_csv_keeps_actor_columns_when_first_event_has_no_actor(seed_events, capsys):
    from lapwing.cli import Format, _EventWriter

    with_actor = next(e for e in seed_events if e["actor"])
    writer = _EventWriter(Format.csv)
    writer.write(dict(with_actor, actor=None))
    writer.write(with_actor)
    writer.close()
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[1].get("actor_code") == with_actor["actor"]["code"]


# ------------------------------------------------------------------ standard input


def test_code_plain_text_on_stdin_gets_defaults(good_events):
    result = invoke(
        "code", "-", "--date", "2024-04-12", "--source", "Default News", input=GOOD_TEXT
    )
    assert result.exit_code == 0, result.stderr
    events = jsonl(result.stdout)
    assert [e["id"] for e in events] == [e["id"] for e in good_events]
    assert {e["source"] for e in events} == {"Default News"}


def test_code_without_paths_reads_stdin(good_events):
    result = invoke("code", "--date", "2024-04-12", input=GOOD_TEXT)
    assert result.exit_code == 0, result.stderr
    assert [e["id"] for e in jsonl(result.stdout)] == [e["id"] for e in good_events]


def test_code_jsonl_on_stdin_defaults_only_fill_gaps(pipeline):
    own = {
        "id": "own",
        "text": "Russian troops attacked Ukrainian positions near Bakhmut.",
        "date": "2024-03-01",
        "source": "Reuters",
    }
    bare = {"id": "bare", "text": "Niger expelled French troops."}
    stdin = "".join(json.dumps(r) + "\n" for r in (own, bare))
    result = invoke("code", "-", "--date", "2024-04-12", "--source", "Default News", input=stdin)
    assert result.exit_code == 0, result.stderr
    events = jsonl(result.stdout)
    by_article = {aid: [e for e in events if e["article_id"] == aid] for aid in ("own", "bare")}
    assert by_article["own"] and by_article["bare"]
    assert {e["source"] for e in by_article["own"]} == {"Reuters"}
    assert {e["source"] for e in by_article["bare"]} == {"Default News"}
    # neither text has a date in it, so each event falls back to its publication date
    for aid, published in (("own", own["date"]), ("bare", "2024-04-12")):
        assert {(e["date"], e["date_precision"]) for e in by_article[aid]} == {
            (published, "publication")
        }
    assert {e["article_id"] for e in events} == {"own", "bare"}


# ------------------------------------------------------------------ bad inputs


BAD_INPUTS = {
    "empty": ("empty.txt", b"", "empty.txt", "empty input"),
    "binary": ("blob.txt", bytes(range(256)) * 16, "blob.txt", "binary file, not text"),
    "invalid-utf8": (
        "latin.txt",
        b"Troops arrived \x81\x8d\x90 in the capital.\n",
        "latin.txt",
        "not valid UTF-8 text",
    ),
    "malformed-jsonl": (
        "articles.jsonl",
        b'{"id": "j1", "text": "Niger expelled French troops."}\n'
        b"{this is not json\n"
        b'{"id": "j3", "text": "Hamas fired rockets at Israel."}\n',
        "articles.jsonl:2",
        "malformed JSON: ",
    ),
    "rss-not-xml": (
        "feed.rss",
        b"this is not XML at all {{\n",
        "feed.rss",
        "not a valid RSS/Atom feed: ",
    ),
    "missing": ("missing.txt", None, "missing.txt", "no such file or directory"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_reported_and_good_input_still_coded(case, good_events, tmp_path, monkeypatch):
    name, content, origin, reason = BAD_INPUTS[case]
    monkeypatch.chdir(tmp_path)  # short relative paths in messages
    Path("good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    if content is not None:
        Path(name).write_bytes(content)
    result = invoke("code", "good.txt", name, "--date", "2024-04-12")
    assert result.exit_code == 1
    events = jsonl(result.stdout)
    assert {e["id"] for e in good_events} <= {e["id"] for e in events}
    lines = stderr_lines(result)
    expected = f"lapwing: {origin}: {reason}"
    if reason.endswith(": "):  # the parser's own details follow
        assert any(line.startswith(expected) for line in lines), lines
    else:
        assert expected in lines
    assert lines[-1] == "lapwing: 1 input(s) could not be read"
    if case == "malformed-jsonl":  # the good lines of the same file are coded too
        assert {"j1", "j3"} <= {e["article_id"] for e in events}


def test_error_message_is_one_line_whatever_its_length(tmp_path):
    deep = tmp_path.joinpath(*["a-rather-long-directory-name"] * 4)
    deep.mkdir(parents=True)
    empty = deep / "empty.txt"
    empty.write_bytes(b"")
    result = invoke("timex", str(empty))
    assert result.exit_code == 1
    assert f"lapwing: {empty}: empty input" in stderr_lines(result)


def test_huge_text_file_fails_fast_with_size_message(pipeline, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    size = 50 * 1024 * 1024
    line = b"Troops crossed the border and attacked the town. " * 20 + b"\n"
    with open("huge.txt", "wb") as f:
        f.write(line * (size // len(line) + 1))
    started = time.monotonic()
    result = invoke("code", "good.txt", "huge.txt", "--date", "2024-04-12")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert elapsed < 10, f"a too-large file should be refused without coding it ({elapsed:.1f}s)"
    limit = lapwing.Settings().max_chars
    chars = Path("huge.txt").stat().st_size  # ASCII: one character per byte
    assert (
        f"lapwing: huge.txt: text of {chars:,} characters exceeds the limit of {limit:,} "
        "(LAPWING_MAX_CHARS raises it)" in stderr_lines(result)
    )
    assert jsonl(result.stdout), "the good file is still coded"


def test_french_article_is_reported_not_coded(pipeline, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("fr.txt").write_text(FRENCH_TEXT, encoding="utf-8")
    result = invoke("code", "fr.txt", "--date", "2024-04-12")
    assert result.exit_code == 0  # it was read; it is just not English: a skip
    assert result.stdout == ""
    assert stderr_lines(result) == [
        "lapwing: fr.txt: not coded: not English (detected language: fr)",
        "lapwing: 0 article(s) coded, 0 event(s) printed; 0 without a date, 1 skipped, 0 error(s)",
    ]


# ------------------------------------------------------------------ ingest and events


@pytest.fixture(scope="module")
def ingested(pipeline, tmp_path_factory):
    """A store with the seed article, two JSONL articles and two bad inputs."""
    root = tmp_path_factory.mktemp("ingest")
    inputs = root / "inputs"
    inputs.mkdir()
    (inputs / "niger.txt").write_text(SEED_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "more.jsonl").write_text(
        json.dumps({"id": "m1", "text": GOOD_TEXT, "date": "2024-02-05"})
        + "\n{oops\n"
        + json.dumps({"id": "m2", "text": "Niger expelled French troops.", "date": "2023-09-01"})
        + "\n",
        encoding="utf-8",
    )
    (inputs / "empty.txt").write_bytes(b"")
    db = root / "store.duckdb"
    args = ("ingest", str(inputs), "--db", str(db), "--date", "2024-04-12")
    first = invoke(*args)
    return {"db": db, "inputs": inputs, "args": args, "first": first}


def _store_counts(db: Path) -> dict:
    from lapwing.store import open_store

    with open_store(db, read_only=True) as store:
        return store.counts()


def _store_errors(db: Path) -> list[dict]:
    from lapwing.store import open_store

    with open_store(db) as store:
        return list(store.errors())


def _gains(summary: str) -> dict[str, int]:
    """The store's gains an `ingest` summary line reports ("3 new article(s), ...")."""
    found = re.findall(r"(-?\d+) new (article|event|mention|error)\(s\)", summary)
    return {f"{kind}s": int(n) for n, kind in found}


def test_ingest_counts_and_errors(ingested):
    first = ingested["first"]
    assert first.exit_code == 1
    assert first.stdout == ""
    counts = _store_counts(ingested["db"])
    assert counts["articles"] == 3
    assert counts["events"] > 0
    assert counts["errors"] == 2
    # the summary's gains are the store's own counts (the store was empty)
    (summary,) = [ln for ln in stderr_lines(first) if "new article(s)" in ln]
    assert _gains(summary) == {t: counts[t] for t in ("articles", "events", "mentions", "errors")}
    assert counts["mentions"] >= counts["events"]
    assert summary.endswith("0 without a date, 0 skipped, 2 input(s) failed")
    assert stderr_lines(first)[-1] == "lapwing: 2 input(s) could not be read"
    errors = {e["origin"]: e["reason"] for e in _store_errors(ingested["db"])}
    inputs = ingested["inputs"]
    assert errors[str(inputs / "empty.txt")] == "empty input"
    assert errors[f"{inputs / 'more.jsonl'}:2"].startswith("malformed JSON: ")
    assert len(errors) == 2
    for origin, reason in errors.items():  # the same message on stderr, on one line
        assert f"lapwing: {origin}: {reason}" in stderr_lines(first)


def test_ingest_again_adds_nothing(ingested):
    db = ingested["db"]
    before = _store_counts(db)
    listed_before = invoke("events", "--db", str(db), "--format", "jsonl")
    again = invoke(*ingested["args"])
    assert again.exit_code == 1
    (summary,) = [ln for ln in stderr_lines(again) if "new article(s)" in ln]
    assert _gains(summary) == {"articles": 0, "events": 0, "mentions": 0, "errors": 0}
    assert f"0 article(s) re-coded, {before['articles']} unchanged" in summary
    assert _store_counts(db) == before
    assert len(_store_errors(db)) == 2
    listed_after = invoke("events", "--db", str(db), "--format", "jsonl")
    assert listed_before.exit_code == listed_after.exit_code == 0
    assert listed_after.stdout == listed_before.stdout
    assert jsonl(listed_after.stdout)


@pytest.fixture(scope="module")
def stored(ingested) -> list[dict]:
    result = invoke("events", "--db", str(ingested["db"]), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    fields = schema_event_fields()
    for row in rows:
        assert [f for f in fields if f not in row] == []
    return rows


def _codes(row: dict, key: str) -> str:
    return (row.get(key) or {}).get("code") or ""


FILTERS = {
    "country": (
        ("--country", "NER"),
        lambda r: (
            "NER"
            in {
                (r["location"] or {}).get("country"),
                (r["actor"] or {}).get("country"),
                (r["recipient"] or {}).get("country"),
            }
        ),
    ),
    "type": (("--type", "AID"), lambda r: r["event_type"] == "AID"),
    "type-lowercase": (("--type", "aid"), lambda r: r["event_type"] == "AID"),
    "since": (("--since", "2024-01-01"), lambda r: r["date"] >= "2024-01-01"),
    "actor": (
        ("--actor", "RUSMIL"),
        lambda r: (
            _codes(r, "actor").startswith("RUSMIL") or _codes(r, "recipient").startswith("RUSMIL")
        ),
    ),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_events_filters(name, ingested, stored):
    option, keep = FILTERS[name]
    result = invoke("events", "--db", str(ingested["db"]), *option, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = jsonl(result.stdout)
    expected = [r for r in stored if keep(r)]
    assert expected, f"the test store has no event for {option}"
    assert len(expected) < len(stored) or name == "since"
    assert [r["id"] for r in rows] == [r["id"] for r in expected]


def test_events_csv_and_table(ingested, stored):
    db = str(ingested["db"])
    as_csv = invoke("events", "--db", db, "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["id"] for r in rows] == [r["id"] for r in stored]
    as_table = invoke("events", "--db", db, "--format", "table")
    assert as_table.exit_code == 0, as_table.stderr
    assert f"{len(stored)} events" in as_table.stdout
    for column in ("date", "actor", "event", "recipient", "where", "modality"):
        assert column in as_table.stdout


def test_events_without_store_exits_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("events", "--db", "nowhere.duckdb")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert stderr_lines(result) == [
        "lapwing: no store at nowhere.duckdb (run `lapwing ingest` first)"
    ]
    assert not Path("nowhere.duckdb").exists()


def test_events_bad_since_names_the_option(ingested):
    result = invoke("events", "--db", str(ingested["db"]), "--since", "soon")
    assert result.exit_code == 2
    assert "Invalid value for --since: 'soon' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)" in (
        result.stderr
    )


# ------------------------------------------------------------------ undated input (issue 15)

UNDATED_WARNING = "lapwing: warning: 1 article(s) had no date: relative dates ('on Thursday')"


def test_undated_text_is_not_dated_today_by_guess(seed_events, tmp_path, monkeypatch):
    """Without --date the seed's 'on Thursday' resolves against nothing: its events get
    precision `ingest` (the day of coding), a date the text names in full stays, and stderr
    says how many articles had no date and how to give one."""
    monkeypatch.chdir(tmp_path)
    Path("niger.txt").write_text(SEED_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    day_of = {e["id"]: (e["date"], e["date_precision"]) for e in seed_events}
    thursday = {i for i, when in day_of.items() if when == ("2024-04-11", "day")}
    assert thursday, "with --date 2024-04-12 the seed has events dated by 'on Thursday'"
    coded_on = {date.today().isoformat()}
    result = invoke("code", "niger.txt")
    coded_on.add(date.today().isoformat())  # a run across midnight
    assert result.exit_code == 0, result.stderr
    undated = {e["id"]: e for e in jsonl(result.stdout)}
    assert thursday <= set(undated)
    assert {undated[i]["date_precision"] for i in thursday} == {"ingest"}
    for event in undated.values():
        if event["date_precision"] == "ingest":
            assert event["date"] in coded_on
        elif event["id"] in day_of:  # a date the text names in full: the same either way
            assert (event["date"], event["date_precision"]) == day_of[event["id"]]
        else:  # with --date it is old background (historical); with no date, who can say
            assert event["date"] < "2023-04-12", event
    assert "publication" not in {e["date_precision"] for e in undated.values()}
    lines = stderr_lines(result)
    (warning,) = [ln for ln in lines if ln.startswith("lapwing: warning:")]
    assert warning.startswith(UNDATED_WARNING) and "--date YYYY-MM-DD" in warning
    assert "'ingest'" in warning and "column" in warning
    assert lines[-1] == (
        f"lapwing: 1 article(s) coded, {len(undated)} event(s) printed; "
        "1 without a date, 0 skipped, 0 error(s)"
    )


def test_date_option_dates_undated_stdin(good_events):
    undated = invoke("code", "-", input=GOOD_TEXT)
    assert undated.exit_code == 0, undated.stderr
    assert {e["date_precision"] for e in jsonl(undated.stdout)} == {"ingest"}
    assert any(ln.startswith(UNDATED_WARNING) for ln in stderr_lines(undated))
    dated = invoke("code", "-", "--date", "2024-04-12", input=GOOD_TEXT)
    assert dated.exit_code == 0, dated.stderr
    assert {(e["date"], e["date_precision"]) for e in jsonl(dated.stdout)} == {
        ("2024-04-12", "publication")
    }
    assert not any("warning" in ln for ln in stderr_lines(dated))


def test_timex_without_a_date_leaves_relative_values_null():
    result = invoke(
        "timex", "-", input="Troops arrived on Thursday. They had left on 3 March 2024."
    )
    assert result.exit_code == 0, result.stderr
    assert [(r["text"], r["value"]) for r in jsonl(result.stdout)] == [
        ("Thursday", None),
        ("3 March 2024", "2024-03-03"),
    ]
    assert any(ln.startswith(UNDATED_WARNING) for ln in stderr_lines(result))


# ------------------------------------------------------------------ CSV, skips, identity (issue 15)

# Three short wire items, written for these tests; the columns are named as a news
# export might name them, not as lapwing does.
CSV_ROWS = [
    ("wire-101", "2024-05-02", "Somali troops clash with militants",
     "Somali troops attacked al-Shabaab fighters near Mogadishu on Tuesday."),
    ("wire-102", "2024-05-03", "Kenya and Ethiopia agree on border",
     "Kenya signed a border agreement with Ethiopia in Nairobi."),
    ("wire-103", "2024-05-04", "Protest in Dakar",
     "Thousands of students protested in Dakar against the postponed election."),
]  # fmt: skip


def _write_csv(path: Path, header: tuple[str, ...]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(CSV_ROWS)
    return path


def test_csv_with_other_column_names_gives_one_article_per_row(pipeline, tmp_path):
    path = _write_csv(tmp_path / "wire.csv", ("story_id", "published", "headline", "body"))
    result = invoke(
        "code", str(path), "--text-column", "body", "--column", "id=story_id",
        "--column", "date=published", "--column", "title=headline",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    events = jsonl(result.stdout)
    by_article = {aid: [e for e in events if e["article_id"] == aid] for aid, *_ in CSV_ROWS}
    assert all(by_article.values()), {a: len(v) for a, v in by_article.items()}
    assert len(events) == sum(len(v) for v in by_article.values())
    assert {e["event_type"] for e in by_article["wire-101"]} == {"ASSAULT"}
    assert {e["event_type"] for e in by_article["wire-103"]} == {"PROTEST"}
    for aid, published, _, _ in CSV_ROWS:  # dated by the column: nothing is `ingest`
        assert {e["date_precision"] for e in by_article[aid]} <= {"day", "publication"}
        assert all(e["date"] <= published for e in by_article[aid])
    tuesday = ("2024-04-30", "day")  # "on Tuesday" before Thursday 2 May 2024
    assert tuesday in {(e["date"], e["date_precision"]) for e in by_article["wire-101"]}
    assert stderr_lines(result) == [
        f"lapwing: 3 article(s) coded, {len(events)} event(s) printed; "
        "0 without a date, 0 skipped, 0 error(s)"
    ]


def test_csv_without_the_text_column_names_the_option(tmp_path):
    path = _write_csv(tmp_path / "wire.csv", ("story_id", "published", "headline", "body"))
    result = invoke("code", str(path), "--date", "2024-05-01")
    assert result.exit_code == 1
    assert (
        f"lapwing: {path}: no 'text' column in the header (columns: story_id, published, "
        "headline, body); name yours with --text-column"
    ) in stderr_lines(result)


@pytest.mark.parametrize("value", ["text", "colour=body", "text="])
def test_bad_column_option_is_a_usage_error(value):
    result = invoke("code", "-", "--column", value, input=GOOD_TEXT)
    assert result.exit_code == 2
    assert "--column" in result.stderr


def test_unknown_file_in_a_directory_is_a_skip_not_an_error(good_events, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("inbox").mkdir()
    Path("inbox/good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    Path("inbox/NOTES.md").write_text("# Sources\n\nAsk the desk about Bakhmut.\n")
    db = tmp_path / "store.duckdb"
    result = invoke("ingest", "inbox", "--db", str(db), "--date", "2024-04-12")
    assert result.exit_code == 0, result.stderr  # a run whose only problem is a skip
    skips = [ln for ln in stderr_lines(result) if ": skipped: " in ln]
    assert len(skips) == 1 and skips[0].startswith("lapwing: inbox/NOTES.md: skipped: ")
    assert result.stderr.count("NOTES.md") == 1
    counts = _store_counts(db)
    assert counts["articles"] == 1
    # the store accounts for the skipped file too: a row that says it was skipped, and why
    (row,) = _store_errors(db)
    assert row["origin"] == "inbox/NOTES.md"
    assert row["reason"].startswith("skipped: not an article file (.md)")
    assert stderr_lines(result)[-1].endswith("1 skipped, 0 input(s) failed")


def _seed_page(path: Path) -> Path:
    """The seed article as a publisher's page: the same text, with a title, date and site."""
    import html

    paragraphs = "".join(
        f"<p>{html.escape(line)}</p>\n"
        for line in SEED_TEXT.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    path.write_text(
        "<!doctype html><html><head><title>Russian military trainers arrive in Niger</title>\n"
        '<meta property="article:published_time" content="2024-04-12T09:30:00Z">\n'
        '<meta property="og:site_name" content="NBC News"></head>\n'
        f"<body><article>{paragraphs}</article></body></html>\n",
        encoding="utf-8",
    )
    return path


def test_same_text_as_page_and_text_file_is_one_dated_article(seed_events, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("inputs").mkdir()
    Path("inputs/seed_niger.txt").write_text(SEED_TEXT.read_text(encoding="utf-8"))
    _seed_page(Path("inputs/niger.html"))
    result = invoke("code", "inputs")  # no --date: the page's own date is used
    assert result.exit_code == 0, result.stderr
    events = jsonl(result.stdout)
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)), "no event id is printed twice"
    assert sorted(ids) == sorted(e["id"] for e in seed_events)
    assert {e["date"] for e in events if e["date_precision"] == "publication"} == {"2024-04-12"}
    assert "ingest" not in {e["date_precision"] for e in events}
    (skip,) = [ln for ln in stderr_lines(result) if ": skipped: " in ln]
    assert skip.startswith(
        "lapwing: inputs/seed_niger.txt: skipped: same text as inputs/niger.html"
    )
    db = tmp_path / "store.duckdb"
    stored = invoke("ingest", "inputs", "--db", str(db))
    assert stored.exit_code == 0, stored.stderr
    from lapwing.store import open_store

    with open_store(db, read_only=True) as store:
        (article,) = store._fetchall("SELECT title, date, source FROM articles", [])
    assert tuple(str(v) for v in article) == (
        "Russian military trainers arrive in Niger",
        "2024-04-12",
        "NBC News",
    )


# ------------------------------------------------------------------ fatalities (issue 15)

# Written for this test: an attack whose toll the next sentence gives, one with its toll in
# its own clause, one with no toll.
TOLL_TEXT = (
    "Gunmen attacked a church in Owo, Nigeria, during Sunday mass.\n"
    "Fourteen worshippers were killed, a police spokesman said.\n"
    "In a separate raid, militants attacked a village near Maiduguri, killing at least 30 "
    "people.\n"
    "Soldiers clashed with rebels near Goma.\n"
)


def test_fatalities_reach_the_event_and_the_acled_column(pipeline, tmp_path):
    path = tmp_path / "tolls.txt"
    path.write_text(TOLL_TEXT, encoding="utf-8")
    db = tmp_path / "tolls.duckdb"
    result = invoke("ingest", str(path), "--db", str(db), "--date", "2024-06-05")
    assert result.exit_code == 0, result.stderr
    events = jsonl(invoke("events", "--db", str(db), "--format", "jsonl").stdout)
    toll = {e["sentence"].split(",")[0]: e["fatalities"] for e in events}
    assert toll["Gunmen attacked a church in Owo"] == 14  # from the next sentence
    assert toll["In a separate raid"] == 30
    assert toll["Soldiers clashed with rebels near Goma."] is None  # unknown, not 0
    exported = invoke("export", "--db", str(db), "--format", "acled")
    assert exported.exit_code == 0, exported.stderr
    rows = {r["notes"].split(",")[0]: r for r in csv.DictReader(io.StringIO(exported.stdout))}
    assert rows["Gunmen attacked a church in Owo"]["fatalities"] == "14"
    assert rows["In a separate raid"]["fatalities"] == "30"
    assert rows["Soldiers clashed with rebels near Goma."]["fatalities"] == ""
    assert all(r["notes"] == r["notes"].strip() for r in rows.values())


# ------------------------------------------------------------------ timex, geoparse, eval


def test_timex_resolves_weekday_against_date():
    result = invoke("timex", "-", "--date", "2024-04-12", input="Troops arrived on Thursday.")
    assert result.exit_code == 0, result.stderr
    (record,) = jsonl(result.stdout)
    assert record["text"] == "Thursday"
    assert record["value"] == "2024-04-11"  # the Thursday before Friday 12 April 2024
    assert record["type"] == "DATE"
    assert [f for f in schema_listed_fields("timex") if f not in record] == []


def test_geoparse_prints_schema_fields(pipeline, tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    result = invoke("geoparse", str(path))
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert records
    fields = schema_listed_fields("geoparse")
    assert "geonameid" in fields and "confidence" in fields
    text = GOOD_TEXT.strip()
    for record in records:
        assert [f for f in fields if f not in record] == []
        assert text[record["start"] : record["end"]] == record["name"]
    assert "Bakhmut" in {r["name"] for r in records}


def test_eval_json_reports_type_accuracy():
    gold = repo_file("eval", "petr2_gsr.dev.jsonl")
    result = invoke("eval", str(gold), "--format", "json")
    assert result.exit_code == 0, result.stderr
    (report,) = jsonl(result.stdout)
    assert isinstance(report["type_accuracy"], float)
    assert 0.0 <= report["type_accuracy"] <= 1.0


def test_eval_missing_gold_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("eval", "nothing.jsonl")
    assert result.exit_code == 2
    assert stderr_lines(result) == ["lapwing: nothing.jsonl: no such file"]


# ------------------------------------------------------------------ usage errors


def test_bad_date_is_a_usage_error():
    result = invoke("code", "--date", "notadate", "x.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for --date: 'notadate' is not a date (YYYY-MM-DD)" in result.stderr


def test_unknown_command_is_a_usage_error():
    result = invoke("frobnicate")
    assert result.exit_code == 2
    assert "No such command 'frobnicate'." in result.stderr


def test_no_arguments_shows_help():
    result = invoke()
    assert result.exit_code == 2  # click's no_args_is_help is a usage error
    assert "Commands" in result.stdout + result.stderr


# ------------------------------------------------------------------ demo


def test_demo_prints_summary(pipeline, tmp_path, monkeypatch):
    from lapwing.store import open_store

    monkeypatch.chdir(tmp_path)
    result = invoke("demo", "--db", "demo.duckdb")
    assert result.exit_code == 0, result.stderr
    with open_store("demo.duckdb", read_only=True) as store:
        counts = store.counts()
        rows = [r for r in store.events(modality=sorted(REALIZED)) if r["aspect"] == "event"]
    assert counts["articles"] > 1 and rows
    flat = " ".join(result.stdout.split())
    assert (
        f"Coded {counts['articles']} articles into demo.duckdb: {len(rows)} realized events "
        f"({counts['events']} with all modalities); {counts['articles']} article(s) new "
        "in this run." in flat
    )
    assert "Events by PLOVER type" in result.stdout
    for event_type, n in Counter(r["event_type"] for r in rows).items():
        assert re.search(rf"│ {event_type}\s+│\s+{n} │", result.stdout), event_type
    assert "Who did what to whom, where, when" in result.stdout


# ------------------------------------------------------------------ real processes


def run_module(*args: str, input: str | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "lapwing", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_python_m_version():
    done = run_module("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"lapwing {lapwing.__version__}\n"


def test_python_m_timex_reads_a_pipe():
    done = run_module("timex", "-", "--date", "2024-04-12", input="Troops arrived on Thursday.\n")
    assert done.returncode == 0, done.stderr
    (record,) = jsonl(done.stdout)
    assert record["value"] == "2024-04-11"


def test_python_m_unknown_command_exits_2():
    done = run_module("frobnicate")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "No such command 'frobnicate'." in done.stderr


def test_python_m_code_pipe_with_missing_file_exits_1(good_events, tmp_path):
    done = run_module(
        "code", "-", "missing.txt", "--date", "2024-04-12", input=GOOD_TEXT, cwd=tmp_path
    )
    assert done.returncode == 1
    assert [e["id"] for e in jsonl(done.stdout)] == [e["id"] for e in good_events]
    assert done.stderr.splitlines() == [
        "lapwing: missing.txt: no such file or directory",
        f"lapwing: 1 article(s) coded, {len(good_events)} event(s) printed; "
        "0 without a date, 0 skipped, 1 error(s)",
        "lapwing: 1 input(s) could not be read",
    ]


def test_python_m_store_error_is_a_clean_message(tmp_path):
    (tmp_path / "x.duckdb").write_text("not a database\n")
    done = run_module("events", "--db", "x.duckdb", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("lapwing: cannot open x.duckdb: ")


def test_failures_are_streamed_to_the_store_not_held_to_the_end(tmp_path, monkeypatch):
    """Issue 16 item 11: 981,016 malformed lines once peaked at 937 MB in `ingest`, every
    failure held until the end. Now the rows go to the store in batches as they come."""
    from lapwing import cli

    monkeypatch.setattr(cli.FailureLog, "FLUSH_EVERY", 50)
    held: list[int] = []
    keep = cli.FailureLog._keep

    def watched(self, row):
        keep(self, row)
        held.append(len(self._pending))

    monkeypatch.setattr(cli.FailureLog, "_keep", watched)
    lines = [f'{{"id": "bad-{i}", "text": broken' for i in range(1200)]
    lines.append(json.dumps({"id": "good", "text": GOOD_TEXT}))
    source = tmp_path / "mostly_broken.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    result = invoke("ingest", str(source), "--db", str(db), "--date", "2024-04-12", "-q")
    assert result.exit_code == 1  # inputs failed; everything else was still stored
    assert max(held) < 50  # never more than one batch waiting
    counts = _store_counts(db)
    assert (counts["articles"], counts["errors"]) == (1, 1200)


def test_events_limit_counts_realized_events_and_a_postgres_url_is_a_store(ingested, stored):
    # the realized filter runs in the query, before LIMIT: "--limit 2" is two events
    # (it once printed none, the first two stored rows being background)
    result = invoke("events", "--db", str(ingested["db"]), "--limit", "2", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in jsonl(result.stdout)] == [r["id"] for r in stored[:2]]
    assert all(r["aspect"] == "event" and r["modality"] in REALIZED for r in stored)
    # a postgres:// URL is a store for the CLI as for open_store: the server answers
    refused = invoke("events", "--db", "postgres://127.0.0.1:9/none", "--limit", "1")
    said = refused.stderr + str(refused.exception or "")  # main() prints what app() raises
    assert refused.exit_code == 1
    assert "no store at" not in said and "cannot connect to PostgreSQL" in said


def test_the_library_is_silent_and_the_cli_logs_with_v(tmp_path):
    """A library installs a NullHandler and leaves logging to the application; `lapwing -v`
    logs to stderr (here: the pipeline's load, with the dictionary versions)."""
    import logging

    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("lapwing").handlers)
    source = tmp_path / "a.txt"
    source.write_text(GOOD_TEXT, encoding="utf-8")
    run = [sys.executable, "-m", "lapwing"]
    loud = subprocess.run([*run, "-v", "code", str(source), "--date", "2024-04-12"],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert loud.returncode == 0, loud.stderr
    assert "lapwing INFO lapwing: pipeline loaded in" in loud.stderr
    assert "patterns " in loud.stderr and "lexicon " in loud.stderr
    quiet = subprocess.run([*run, "code", str(source), "--date", "2024-04-12"],
                           capture_output=True, text=True, timeout=300)  # fmt: skip
    assert "INFO" not in quiet.stderr and quiet.stdout == loud.stdout


def test_an_empty_input_is_refused_before_the_model_loads_and_help_lists_choices(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "lapwing", "code", str(empty)],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 1 and "could not be read" in run.stderr
    assert time.monotonic() - started < 3, "no model load (about 5 s) for nothing to code"
    export_help = invoke("export", "--help").stdout
    assert "plover|gdelt|gdelt-mentions|acled|parquet|csv" in export_help
    assert invoke("export", "--format", "nope").exit_code == 2
