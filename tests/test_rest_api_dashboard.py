"""The endpoints the dashboard draws from (issue 13): the source, mode, Goldstein, admin1,
precision and dyad filters, /timeline, /facets, /map?by_precision, /stories, /export and
the actor labels. The store is test_rest_api's hand-made seed plus a Sahel article whose
events are dated by month and year and placed by country, admin1 and region."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import duckdb
import pytest
from fastapi.testclient import TestClient

from lapwing.api import create_app
from lapwing.labels import actor_label
from lapwing.records import Actor, Article, CodingResult, Event, Place
from lapwing.store import open_store
from test_rest_api import ids, seed_results

SAHEL_TEXT = (
    "Nigerien soldiers bombed rebels. "
    "Nigerien officials met rebels in Tillaberi. "
    "The African Union sent troops to the Sahel."
)


def _sahel() -> CodingResult:
    article = Article(
        id="a-sahel", text=SAHEL_TEXT, title="Sahel", date="2024-03-20", source="Sahel Post",
        url="https://example.org/a-sahel", language="en",
    )  # fmt: skip
    sentences = [s + "." for s in SAHEL_TEXT.rstrip(".").split(". ")]
    base = dict(
        article_id="a-sahel", context=[], spans={}, source="Sahel Post", url=article.url,
        confidence=0.8, rule="test", modality="asserted",
    )  # fmt: skip
    events = [
        Event(
            id="ev-sahel-0", date="2024-03-01", date_precision="month", event_type="ASSAULT",
            mode="aerial", cameo="195", quad_class=4, goldstein=-10.0,
            actor=Actor(text="Nigerien soldiers", code="NERMIL", country="NER"),
            recipient=Actor(text="rebels", code="NERREB", country="NER"),
            location=Place("Niger", 2440476, 17.0, 8.5, "NER", precision="country"),
            sentence=sentences[0], sentence_index=0, **base,
        ),
        Event(
            id="ev-sahel-1", date="2024-01-01", date_precision="year", event_type="CONSULT",
            mode="visit", cameo="040", quad_class=1, goldstein=1.0,
            actor=Actor(text="Nigerien officials", code="NERGOV", country="NER"),
            recipient=Actor(text="rebels", code="NERREB", country="NER"),
            location=Place("Tillaberi", 2439374, 14.2, 1.45, "NER", admin1="Tillaberi",
                           precision="admin1"),
            sentence=sentences[1], sentence_index=1, **base,
        ),
        Event(
            id="ev-sahel-2", date="2024-03-20", date_precision="day", event_type="MOBILIZE",
            mode="troops", cameo="150", quad_class=4, goldstein=-7.2,
            actor=Actor(text="The African Union", code="IGOAFU", country=None),
            recipient=None,
            location=Place("Sahel", None, 15.0, 0.0, None, precision="region"),
            sentence=sentences[2], sentence_index=2, **base,
        ),
    ]  # fmt: skip
    return CodingResult(article=article, events=events)


def _second_report() -> CodingResult:
    """Another wire reporting the Niamey assault: the store folds it into the same event."""
    original = next(r for r in seed_results() if r.article.id == "a-niger")
    article = replace(original.article, id="a-niger-2", source="Other Wire",
                      url="https://example.org/a-niger-2")  # fmt: skip
    event = replace(original.events[0], id="ev-a-niger-2-0", article_id="a-niger-2",
                    source="Other Wire", url=article.url)  # fmt: skip
    return CodingResult(article=article, events=[event])


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("dash") / "dash.duckdb"
    with open_store(path) as store:
        store.write([*seed_results(), _sahel(), _second_report()])
    with open_store(path) as store:
        yield TestClient(create_app(store), raise_server_exceptions=False)


def _all(client, **params) -> set[str]:
    return set(ids(client.get("/events", params={"limit": 500, **params})))


SAHEL = {"ev-sahel-0", "ev-sahel-1", "ev-sahel-2"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"source": "Sahel Post"}, SAHEL),
        ({"mode": ["aerial", "troops"]}, {"ev-sahel-0", "ev-sahel-2"}),
        ({"goldstein_min": 1, "goldstein_max": 7}, {"ev-a-niger-1", "ev-a-ukraine-0",
                                                    "ev-a-pacific-1", "ev-sahel-1"}),
        ({"goldstein_max": -7.5}, {"ev-a-niger-0", "ev-sahel-0"}),
        ({"admin1": "Tillaberi"}, {"ev-sahel-1"}),
        ({"location_precision": "country,region"}, {"ev-sahel-0", "ev-sahel-2"}),
        ({"dyad": "rusmil:nerreb"}, {"ev-a-niger-0"}),
        ({"dyad": ["RUSMIL:NERREB", "NERGOV:NERREB"]}, {"ev-a-niger-0", "ev-sahel-1"}),
        ({"dyad": "NERMIL:NERREB", "source": "Test Wire"}, set()),
    ],
)  # fmt: skip
def test_new_filters_select_exactly_their_events(client, params, expected):
    assert _all(client, **params) == expected


@pytest.mark.parametrize(
    "params",
    [{"location_precision": "street"}, {"dyad": "RUSMIL"}, {"dyad": ":NER"}, {"goldstein_min": 11}],
)
def test_bad_new_filters_are_422(client, params):
    response = client.get("/events", params=params)
    assert response.status_code == 422, response.text


def test_timeline_draws_coarse_dates_as_spans_not_on_the_first_day(client):
    body = client.get("/timeline", params={"country": "NER", "interval": "month"}).json()
    assert body["total"] == 4 and body["interval"] == "month"
    assert (body["first"], body["last"]) == ("2024-01-01", "2024-04-12")
    bars = {(b["period"], b["key"]): (b["count"], b["coarse"]) for b in body["bars"]}
    # the month-precision assault fills its month, marked coarse; the year one is a span
    assert bars == {("2024-03-01", "ASSAULT"): (1, 1), ("2024-04-01", "AID"): (1, 0),
                    ("2024-04-01", "ASSAULT"): (1, 0)}  # fmt: skip
    assert body["spans"] == [
        {"start": "2024-01-01", "end": "2024-12-31", "precision": "year", "count": 1}
    ]
    daily = client.get("/timeline", params={"country": "NER", "interval": "day"}).json()
    assert {(s["start"], s["end"], s["precision"]) for s in daily["spans"]} == {
        ("2024-01-01", "2024-12-31", "year"),
        ("2024-03-01", "2024-03-31", "month"),
    }
    assert sum(b["count"] for b in daily["bars"]) + sum(s["count"] for s in daily["spans"]) == 4


def test_timeline_picks_an_interval_and_is_empty_when_nothing_matches(client):
    assert client.get("/timeline").json()["interval"] == "month"  # 2022-01 .. 2024-04
    assert client.get("/timeline", params={"country": "NER"}).json()["interval"] == "day"
    body = client.get("/timeline", params={"country": "ZZZ"}).json()
    assert body == {"total": 0, "first": None, "last": None, "interval": "month",
                    "bars": [], "spans": [], "undated": 0}  # fmt: skip
    assert client.get("/timeline", params={"interval": "hour"}).status_code == 422


def test_timeline_counts_undated_events_apart_and_keeps_them_off_the_axis(tmp_path):
    """An undated article's events (precision `ingest`, dated the day they were coded) are
    counted as `undated`: on the axis they would pile up on the coding day, years away."""
    sahel = _sahel()
    coded_later = replace(sahel.events[2], id="ev-sahel-3", date="2031-07-01",
                          date_precision="ingest")  # fmt: skip
    path = tmp_path / "undated.duckdb"
    with open_store(path) as store:
        store.write([replace(sahel, events=[*sahel.events, coded_later])])
    with open_store(path) as store:
        body = TestClient(create_app(store)).get("/timeline", params={"interval": "month"}).json()
    assert (body["total"], body["undated"]) == (4, 1)
    assert body["last"] == "2024-03-20"  # not the coding day
    drawn = sum(b["count"] for b in body["bars"]) + sum(s["count"] for s in body["spans"])
    assert drawn == 3 and all(b["period"] < "2031" for b in body["bars"])


def test_facets_ignore_their_own_filter_and_count_under_the_others(client):
    body = client.get("/facets", params={"event_type": "ASSAULT", "country": "NER"}).json()
    facets = body["facets"]
    assert set(facets) == {"event_type", "country", "source", "mode", "admin1",
                           "location_precision",
                           "date_precision"}  # fmt: skip
    # types under country=NER, whichever type is chosen
    assert {f["key"]: f["count"] for f in facets["event_type"]} == {
        "ASSAULT": 2, "AID": 1, "CONSULT": 1,
    }  # fmt: skip
    # countries under type=ASSAULT (realized only: the negated Odesa attack is left out)
    assert {f["key"]: f["count"] for f in facets["country"]} == {"NER": 2}
    assert facets["source"] == [{"key": "Sahel Post", "count": 1}, {"key": "Test Wire", "count": 1}]
    one = client.get("/facets", params={"name": "admin1"}).json()["facets"]
    assert one == {"admin1": [{"key": "Tillaberi", "country": "NER", "count": 1}]}
    assert client.get("/facets", params={"name": "nope"}).status_code == 422


def test_map_by_precision_puts_coarse_places_on_their_area(client):
    body = client.get("/map", params={"by_precision": "true", "precision": 1}).json()
    kinds = {(p["kind"], p["country"], p["name"]): p["count"] for p in body["points"]}
    assert kinds[("country", "NER", None)] == 1
    assert kinds[("admin1", "NER", "Tillaberi")] == 1
    assert kinds[("region", None, "Sahel")] == 1
    assert kinds[("place", "NER", "Niamey")] == 1
    assert body["shown"] == body["located"] == sum(kinds.values()) == 8
    coarse = client.get("/map", params={"by_precision": "true", "precision": 2,
                                         "location_precision": "country"}).json()  # fmt: skip
    assert [(p["kind"], p["count"]) for p in coarse["points"]] == [("country", 1)]
    plain = client.get("/map", params={"precision": 1}).json()
    assert plain["located"] == body["located"] and "kind" not in plain["points"][0]


def test_map_by_precision_stays_within_the_limit(client):
    body = client.get("/map", params={"by_precision": "true", "limit": 1}).json()
    assert {p["kind"] for p in body["points"]} == {"country", "admin1", "region", "place"}
    assert sum(1 for p in body["points"] if p["kind"] == "place") == 1


def test_stories_list_mentions_behind_each_deduplicated_event(client):
    body = client.get("/stories", params={"limit": 2, "count": "true"}).json()
    assert body["total"] == len(_all(client))
    top = body["stories"][0]
    assert top["id"] == "ev-a-niger-0"
    assert (top["num_mentions"], top["num_articles"], top["num_sources"]) == (2, 2, 2)
    assert {m["source"] for m in top["mentions"]} == {"Test Wire", "Other Wire"}
    assert {m["href"] for m in top["mentions"]} == {"/articles/a-niger", "/articles/a-niger-2"}
    assert all(s["num_mentions"] == 1 for s in body["stories"][1:])
    seen = [s["id"] for s in body["stories"]]
    cursor = body["next_cursor"]
    while cursor:
        page = client.get("/stories", params={"limit": 2, "cursor": cursor}).json()
        seen += [s["id"] for s in page["stories"]]
        cursor = page["next_cursor"]
    assert sorted(seen) == sorted(_all(client)) and len(seen) == len(set(seen))
    assert client.get("/stories", params={"cursor": "nope!"}).status_code == 422


FILTERS = {"country": "NER,UKR", "goldstein_max": "1"}


def test_export_csv_rows_are_the_filtered_events(client):
    response = client.get("/export", params={**FILTERS, "format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = _all(client, **FILTERS)
    assert expected == {"ev-a-niger-0", "ev-a-ukraine-0", "ev-a-ukraine-1", "ev-sahel-0",
                        "ev-sahel-1"}  # fmt: skip
    assert [r["id"] for r in rows] == ids(client.get("/events", params={**FILTERS}))
    assert response.headers["x-event-count"] == response.headers["x-row-count"] == "5"


def test_export_parquet_gdelt_and_acled_follow_the_filters(client, tmp_path):
    expected = ids(client.get("/events", params=FILTERS))
    parquet = client.get("/export", params={**FILTERS, "format": "parquet"})
    assert parquet.status_code == 200
    (tmp_path / "x.parquet").write_bytes(parquet.content)
    got = duckdb.sql(f"SELECT id FROM '{tmp_path / 'x.parquet'}'").fetchall()
    assert [r[0] for r in got] == expected
    gdelt = client.get("/export", params={**FILTERS, "format": "gdelt"})
    lines = gdelt.text.splitlines()
    assert len(lines) == len(expected) and all(len(x.split("\t")) == 61 for x in lines)
    acled = client.get("/export", params={**FILTERS, "format": "acled"})
    rows = list(csv.DictReader(io.StringIO(acled.text)))
    assert len(rows) == int(acled.headers["x-row-count"]) <= len(expected)
    assert {r["iso"] for r in rows} <= {"562", "804"}  # Niger, Ukraine
    assert acled.headers["x-event-count"] == str(len(expected))
    assert client.get("/export", params={"format": "xlsx"}).status_code == 422


def test_labels_name_countries_sectors_and_groups(client):
    body = client.get("/dashboard/labels.json").json()
    assert body["countries"]["NER"] == "Niger"
    assert body["sectors"]["MIL"] == "military"
    assert body["groups"]["IGOAFU"] == "African Union"
    assert "NGAREB" not in body["groups"], "a code that reads as country+sector is composed"
    assert actor_label("NERMIL") == "Niger military"
    assert actor_label("RUSPMC") == "Russia private military"
    assert actor_label("IGOAFU") == "African Union"
    assert actor_label(None) is None


@pytest.mark.parametrize(
    ("sort", "key"),
    [("type", "event_type"), ("actor", "actor"), ("recipient", "recipient"), ("place", "location")],
)
def test_text_sorts_page_through_every_event_in_order(client, sort, key):
    def value(event):
        part = event[key]
        if key == "event_type":
            return part
        return (part or {}).get("name" if key == "location" else "code") or ""

    for order in (sort, "-" + sort):
        seen, cursor = [], None
        while True:
            params = {"sort": order, "limit": 2, **({"cursor": cursor} if cursor else {})}
            body = client.get("/events", params=params).json()
            seen += body["events"]
            cursor = body["next_cursor"]
            if not cursor:
                break
        values = [value(e) for e in seen]
        assert values == sorted(values, reverse=order.startswith("-"))
        assert {e["id"] for e in seen} == _all(client) and len(seen) == len(_all(client))
