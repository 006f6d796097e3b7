"""lapwing.events_frame: events, their dicts and stored events as one typed DataFrame.

The events are coded from the opening of the demo corpus's Niger article (AID, CAMEO "072":
a code with a leading zero, as every code under the CAMEO roots 01-09 has).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import lapwing
from conftest import repo_file
from lapwing.errors import LapwingError
from lapwing.export import FLAT_COLUMNS
from lapwing.frames import FrameError
from lapwing.records import CodingResult
from lapwing.store import open_store

NAMES = [name for name, _ in FLAT_COLUMNS]
ACTOR_FIELDS = ("text", "code", "country", "sector", "name")
PLACE_FIELDS = ("name", "geonameid", "lat", "lon", "country", "admin1", "precision")
DTYPES = {
    "id": "string",
    "cameo": "string",
    "event_type": "string",
    "actor_code": "string",
    "actor_country": "string",
    "recipient_code": "string",
    "location_country": "string",
    "date": "datetime64[s]",
    "first_seen": "datetime64[s]",
    "quad_class": "Int64",
    "fatalities": "Int64",
    "sentence_index": "Int64",
    "location_geonameid": "Int64",
    "num_mentions": "Int64",
    "goldstein": "float64",
    "confidence": "float64",
    "location_lat": "float64",
    "location_lon": "float64",
    "context": "object",
}


# One event in the SCHEMA.md shape, for the tests that need no model.
EVENT = lapwing.Event(
    id="e1",
    article_id="a1",
    date="2024-04-09",
    date_precision="day",
    event_type="CONSULT",
    mode=None,
    context=[],
    cameo="040",
    quad_class=1,
    goldstein=1.0,
    actor=lapwing.Actor(text="Russia", code="RUSGOV", country="RUS", sector="GOV"),
    recipient=lapwing.Actor(text="China", code="CHNGOV", country="CHN", sector="GOV"),
    location=lapwing.Place(
        name="Beijing", geonameid=1816670, lat=39.9, lon=116.4, country="CHN", precision="city"
    ),
    modality="asserted",
    sentence="Russia met China in Beijing.",
    spans={"trigger": (7, 10), "actor": (0, 6), "recipient": (11, 16), "location": (20, 27)},
    source="Example News",
    url=None,
    confidence=0.9,
    rule="meet",
).to_dict()


@pytest.fixture(scope="module")
def niger(pipeline) -> CodingResult:
    """The Niger article's first two paragraphs, coded with every modality."""
    lines = repo_file("src", "lapwing", "data", "demo", "articles.jsonl").read_text("utf-8")
    record = next(r for r in map(json.loads, lines.splitlines()) if r["id"] == "seed_niger")
    text = "\n".join(record["text"].split("\n")[:2])
    article = lapwing.Article(
        id="seed_niger", text=text, date=record["date"], source=record["source"], language="en"
    )
    result = next(pipeline.code([article]))
    assert any(e.cameo.startswith("0") for e in result.events), "no code with a leading zero"
    return result


@pytest.fixture(scope="module")
def events(niger) -> list[lapwing.Event]:
    return niger.events


def same(value, expected) -> bool:
    """A frame's value is the record's, with missing values for None."""
    return bool(pd.isna(value)) if expected is None else bool(value == expected)


def assert_typed(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == NAMES
    for name, dtype in DTYPES.items():
        assert frame[name].dtype == dtype, (name, frame[name].dtype)
        if dtype == "string":
            assert isinstance(frame[name].dtype, pd.StringDtype), name


@pytest.mark.slow
def test_a_frame_of_events_is_typed(events):
    frame = lapwing.events_frame(events)
    assert len(frame) == len(events)
    assert_typed(frame)


@pytest.mark.slow
def test_a_cameo_code_keeps_its_leading_zero(events):
    frame = lapwing.events_frame(events)
    assert frame["cameo"].tolist() == [e.cameo for e in events]
    assert "072" in frame["cameo"].tolist()


@pytest.mark.slow
def test_nested_fields_land_in_their_columns(events):
    frame = lapwing.events_frame(events)
    for event, row in zip(events, frame.itertuples(index=False), strict=True):
        assert row.id == event.id
        assert row.date == pd.Timestamp(event.date)
        assert row.quad_class == event.quad_class and row.goldstein == event.goldstein
        assert row.context == event.context
        assert json.loads(row.spans) == {k: list(v) if v else None for k, v in event.spans.items()}
        for side in ("actor", "recipient", "location"):
            part = getattr(event, side)
            fields = PLACE_FIELDS if side == "location" else ACTOR_FIELDS
            for field in fields:
                expected = getattr(part, field) if part else None
                assert same(getattr(row, f"{side}_{field}"), expected), (side, field)
    aid = frame[frame["cameo"] == "072"].iloc[0]
    assert (aid["actor_code"], aid["recipient_code"]) == ("RUSMIL", "NERGOV")
    assert aid["location_country"] == "NER"


@pytest.mark.slow
def test_dicts_as_printed_give_the_same_frame(events):
    """`Event.to_dict()` and the JSON line `lapwing code` prints for it read alike."""
    from_events = lapwing.events_frame(events)
    as_dicts = [e.to_dict() for e in events]
    as_json = [json.loads(json.dumps(d)) for d in as_dicts]
    pd.testing.assert_frame_equal(lapwing.events_frame(as_dicts), from_events)
    pd.testing.assert_frame_equal(lapwing.events_frame(as_json), from_events)
    assert from_events["num_mentions"].isna().all()  # no store, no dedup counts


@pytest.mark.slow
def test_a_frame_of_stored_events(niger, tmp_path):
    with open_store(tmp_path / "events.duckdb") as store:
        store.write([niger])
        stored = list(store.events())
        frame = lapwing.events_frame(store.events())
    assert len(frame) == len(stored) > 0
    assert_typed(frame)
    assert frame["num_mentions"].notna().all() and (frame["num_mentions"] >= 1).all()
    assert frame["first_seen"].notna().all()
    assert frame["first_seen"].iloc[0] == pd.Timestamp(stored[0]["first_seen"])
    by_id = {e.id: e for e in niger.events}
    for row in frame.itertuples(index=False):
        event = by_id[row.id]
        assert row.cameo == event.cameo and row.actor_code == event.actor.code
        assert row.date == pd.Timestamp(event.date)
    assert "072" in frame["cameo"].tolist()


def test_no_events_give_an_empty_frame_of_the_same_columns(tmp_path):
    empty = lapwing.events_frame([])
    assert len(empty) == 0
    assert_typed(empty)
    with open_store(tmp_path / "empty.duckdb") as store:
        from_store = lapwing.events_frame(store.events())
    pd.testing.assert_frame_equal(from_store, empty)
    assert lapwing.events_frame(iter(())).dtypes.equals(empty.dtypes)


def test_a_missing_actor_and_place_give_missing_values():
    record = dict(EVENT, actor=None, recipient=None, location=None, fatalities=None)
    row = lapwing.events_frame([record]).iloc[0]
    assert row["actor_code"] is pd.NA and row["location_geonameid"] is pd.NA
    assert pd.isna(row["location_lat"]) and row["fatalities"] is pd.NA
    assert row["cameo"] == "040"


def test_a_historical_date_before_1677_is_kept():
    """pandas' default nanosecond dates end in 1677; an event may be dated earlier."""
    frame = lapwing.events_frame([dict(EVENT, date="1453-05-29", date_precision="day")])
    assert frame["date"].iloc[0] == pd.Timestamp("1453-05-29")


def test_a_cameo_code_read_as_a_number_is_refused():
    with pytest.raises(FrameError, match=r"cameo 40 is not a string.*dtype=\{'cameo': str\}"):
        lapwing.events_frame([dict(EVENT, cameo=40)])


def test_a_bad_value_names_its_column():
    with pytest.raises(FrameError, match="column date"):
        lapwing.events_frame([dict(EVENT, date="last Tuesday")])
    with pytest.raises(TypeError, match="an Event or an event dict, got str"):
        lapwing.events_frame(["not an event"])


def test_without_pandas_the_message_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    with pytest.raises(LapwingError, match=r"pip install 'lapwing\[pandas\]'"):
        lapwing.events_frame([EVENT])


def test_import_lapwing_does_not_import_pandas():
    script = "import sys, lapwing; lapwing.events_frame; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert "events_frame" in lapwing.__all__
