"""Exports: GDELT 2.0 events and mentions, ACLED, PLOVER JSONL, Parquet, CSV. No spaCy.

Column names are checked against the reference tables in docs/reference, and
expected values are read back from the store, so nothing here restates the answer.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import tracemalloc

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import repo_file
from lapwing.cli import app
from lapwing.dictionaries import PLOVER_TYPES
from lapwing.export import (
    ACLED_COLUMNS,
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    export,
    gdelt_name,
    global_event_id,
    load_acled_rules,
)
from lapwing.records import Actor, Article, CodingResult, Event, Place
from lapwing.stages import fatalities
from lapwing.store import open_store

REALIZED = ("asserted", "reported")


def reference(name: str) -> list[dict[str, str]]:
    with open(repo_file("docs", "reference", name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


NIAMEY = Place("Niamey", 2440485, 13.51, 2.11, "NER", "Niamey", "city")
TILLABERI = Place("Tillaberi", 2439374, 14.21, 1.45, "NER", "Tillaberi", "admin1")
KYIV = Place("Kyiv", 703448, 50.45, 30.52, "UKR", "Kyiv City", "point")
RUSMIL = Actor("Russian troops", "RUSMIL", "RUS", "MIL")
NERMIL = Actor("Nigerien soldiers", "NERMIL", "NER", "MIL")
JNIM = Actor("JNIM fighters", "MLIINS", "MLI", "INS", name="JNIM")
VILLAGERS = Actor("villagers", "NERCVL", "NER", "CVL")
UN = Actor("the United Nations", "IGOUNO", None, "IGO", name="United Nations")

# (event_type, mode, cameo, actor, recipient, place, date, sentence, modality)
SPECS = [
    ("CONSULT", "visit", "042", RUSMIL, UN, NIAMEY, "2024-04-11", "Russian troops met UN staff.",
     "asserted"),
    ("ASSAULT", "firearms", "193", JNIM, NERMIL, TILLABERI, "2024-03-02",
     "JNIM fighters attacked Nigerien soldiers in Tillaberi, killing at least eight people.",
     "asserted"),
    ("ASSAULT", "firearms", "193", JNIM, VILLAGERS, TILLABERI, "2024-03-05",
     "Militants raided a village; 20 dead.", "reported"),
    ("ASSAULT", "aerial", "195", RUSMIL, None, KYIV, "2024-02-20",
     "Russian aircraft bombed Kyiv.", "asserted"),
    ("PROTEST", "riot", "145", VILLAGERS, None, NIAMEY, "2024-05-01",
     "Residents rioted in Niamey.", "asserted"),
    ("AGREE", None, "030", NERMIL, RUSMIL, None, "2024-01-15",
     "Niger agreed to host Russian trainers.", "asserted"),
    ("ASSAULT", "explosives", "1833", JNIM, NERMIL, TILLABERI, "2024-06-10",
     "A roadside bomb might hit a convoy.", "hypothetical"),
]  # fmt: skip


def make_results() -> list[CodingResult]:
    results = []
    for n, (etype, mode, cameo, actor, recipient, place, date, sentence, modality) in enumerate(
        SPECS
    ):
        article = Article(
            id=f"art{n}",
            text=f"Lead sentence. {sentence}",
            date=date,
            source="Reuters" if n % 2 else "AFP",
            url=f"https://news.example/{n}",
            language="en",
        )
        event = Event(
            id=f"art{n}-e0",
            article_id=article.id,
            date=date,
            date_precision="day",
            event_type=etype,
            mode=mode,
            context=["military"],
            cameo=cameo,
            quad_class=4 if cameo[:2] >= "14" else 1,
            goldstein=-9.5 if cameo[:2] >= "14" else 1.0,
            actor=actor,
            recipient=recipient,
            location=place,
            modality=modality,
            sentence=sentence,
            spans={"trigger": (16, 20), "actor": (15, 16), "recipient": None, "location": None},
            source=article.source,
            url=article.url,
            confidence=0.7,
            rule="test",
            sentence_index=1,
            data_version="test-1",
        )
        events = fatalities.assign([event], ["Lead sentence.", sentence])
        results.append(CodingResult(article=article, events=events))
    return results


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "events.duckdb") as s:
        s.write(make_results())
        yield s


def stored(store, **filters) -> list[dict]:
    return [e for e in store.events(modality=REALIZED, **filters) if e["aspect"] == "event"]


def run_export(store, fmt, **options) -> str:
    out = io.StringIO()
    export(store, fmt, out, **options)
    return out.getvalue()


# ---------------------------------------------------------------- GDELT


def test_gdelt_columns_are_the_published_ones_in_order():
    assert list(GDELT_EVENT_COLUMNS) == [r["name"] for r in reference("gdelt_events_columns.tsv")]
    mentions = reference("gdelt_mentions_columns.tsv")
    assert list(GDELT_MENTION_COLUMNS) == [r["name"] for r in mentions]


def test_gdelt_rows_have_61_tab_separated_fields_and_load_with_the_gdelt_names(store):
    names = [r["name"] for r in reference("gdelt_events_columns.tsv")]
    text = run_export(store, "gdelt", header=True)
    lines = text.splitlines()
    assert lines[0].split("\t") == names
    assert all(len(line.split("\t")) == 61 for line in lines)
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    events = stored(store)
    assert len(rows) == len(events)
    by_id = {str(global_event_id(e["id"])): e for e in events}
    for row in rows:
        event = by_id[row["GLOBALEVENTID"]]
        assert row["EventCode"] == event["cameo"]  # "042" keeps its leading zero
        assert row["EventRootCode"] == event["cameo"][:2]
        assert row["EventBaseCode"] == event["cameo"][:3]
        assert row["SQLDATE"] == event["date"].replace("-", "")
        assert row["Year"] == event["date"][:4]
        assert int(row["QuadClass"]) == event["quad_class"]
        assert int(row["NumMentions"]) == event["num_mentions"]
        assert row["Actor1Code"] == (event["actor"] or {}).get("code", "")
        place = event["location"]
        assert row["ActionGeo_Lat"] == (str(place["lat"]) if place else "")
        assert row["ActionGeo_Type"] == ("0" if not place else row["ActionGeo_Type"])
    leading_zero = [r for r in rows if r["EventCode"].startswith("0")]
    assert leading_zero, "the fixture has a CAMEO code with a leading zero"


def test_gdelt_geo_types_follow_place_precision(store):
    rows = csv.DictReader(io.StringIO(run_export(store, "gdelt", header=True)), delimiter="\t")
    types = {r["ActionGeo_FullName"].split(",")[0]: r["ActionGeo_Type"] for r in rows}
    assert types["Kyiv"] == types["Niamey"] == "4"  # point and city: world city
    assert types["Tillaberi"] == "5"  # admin1: world state
    assert types[""] == "0"  # no place


def test_gdelt_without_header_starts_with_data_and_ids_are_stable(store):
    first = run_export(store, "gdelt")
    assert first.splitlines()[0].split("\t")[0].isdigit()
    assert first == run_export(store, "gdelt")
    assert all(0 < global_event_id(e["id"]) < 2**60 for e in stored(store))


def test_gdelt_mentions_have_16_fields_one_row_per_stored_mention(store):
    text = run_export(store, "gdelt-mentions", header=True)
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(len(line.split("\t")) == 16 for line in text.splitlines())
    events = stored(store)
    expected = list(store.mentions([e["id"] for e in events]))
    assert len(rows) == len(expected) >= len(events)
    ids = {str(global_event_id(e["id"])) for e in events}
    assert {r["GLOBALEVENTID"] for r in rows} == ids
    urls = {m["article_url"] for m in expected}
    assert {r["MentionIdentifier"] for r in rows} == urls
    assert all(int(r["SentenceID"]) >= 1 for r in rows)


# ---------------------------------------------------------------- ACLED


def test_acled_has_exactly_acleds_columns_in_order(store):
    names = [r["name"] for r in reference("acled_columns.tsv")]
    assert list(ACLED_COLUMNS) == names
    reader = csv.DictReader(io.StringIO(run_export(store, "acled")))
    rows = list(reader)
    assert reader.fieldnames == names
    assert rows


def test_acled_types_are_acleds_and_verbal_events_are_left_out(store):
    known = {
        (r["event_type"], r["sub_event_type"], r["disorder_type"])
        for r in reference("acled_event_types.tsv")
    }
    rows = list(csv.DictReader(io.StringIO(run_export(store, "acled"))))
    assert {(r["event_type"], r["sub_event_type"], r["disorder_type"]) for r in rows} <= known
    notes = {r["notes"] for r in rows}
    consult = [e for e in stored(store) if e["event_type"] == "CONSULT"]
    assert consult and not notes & {e["sentence"] for e in consult}


def test_acled_maps_by_means_and_sides(store):
    rows = {r["notes"]: r for r in csv.DictReader(io.StringIO(run_export(store, "acled")))}
    by_type = {e["sentence"]: e for e in stored(store)}

    def row_for(event_type, mode):
        (sentence,) = [
            s for s, e in by_type.items() if e["event_type"] == event_type and e["mode"] == mode
            and (event_type != "ASSAULT" or mode != "firearms")
        ]  # fmt: skip
        return rows[sentence]

    firearms = [rows[s] for s, e in by_type.items() if e["mode"] == "firearms"]
    kinds = {
        (by_type[r["notes"]]["recipient"]["sector"], r["event_type"], r["sub_event_type"])
        for r in firearms
    }
    assert kinds == {
        ("MIL", "Battles", "Armed clash"),
        ("CVL", "Violence against civilians", "Attack"),
    }
    assert row_for("ASSAULT", "aerial")["sub_event_type"] == "Air/drone strike"
    riot = row_for("PROTEST", "riot")
    assert (riot["event_type"], riot["inter1"]) == ("Riots", "5")
    civilians = [r for r in firearms if r["inter2"] == "7"]
    assert civilians and all(r["civilian_targeting"] == "Civilian targeting" for r in civilians)


def test_acled_fields_come_from_the_event(store):
    import pycountry

    rows = list(csv.DictReader(io.StringIO(run_export(store, "acled"))))
    by_sentence = {e["sentence"]: e for e in stored(store)}
    for row in rows:
        event = by_sentence[row["notes"]]
        assert row["event_date"] == event["date"]
        dead = fatalities.count(event["sentence"])
        assert row["fatalities"] == ("" if dead is None else str(dead))  # blank: unknown
        place = event["location"]
        if place:
            assert row["location"] == place["name"]
            numeric = pycountry.countries.get(alpha_3=place["country"]).numeric
            assert int(row["iso"]) == int(numeric)
            assert row["event_id_cnty"].startswith(place["country"])
        assert row["time_precision"] in {"1", "2", "3"}
        assert row["geo_precision"] in {"1", "2", "3"}
        low, high = sorted((int(row["inter1"]), int(row["inter2"])))
        assert int(row["interaction"]) == (high * 10 if low == 0 else low * 10 + high)
    assert any(r["fatalities"] and int(r["fatalities"]) > 0 for r in rows)
    assert any(r["fatalities"] == "" for r in rows), "a toll the text does not state is blank"


def test_undated_events_leave_the_event_date_blank(tmp_path):
    """An undated article's events (precision `ingest`) are dated only by the day they were
    coded: GDELT, ACLED and PLOVER, which have no word for that, get no date at all."""
    from dataclasses import replace

    results = make_results()
    assault = results[1]  # the Tillaberi attack, ACLED and GDELT both take it
    results[1] = replace(
        assault,
        article=replace(assault.article, date=None),
        events=[replace(assault.events[0], date="2031-07-01", date_precision="ingest")],
    )
    with open_store(tmp_path / "undated.duckdb") as s:
        s.write(results)
        gdelt = {r.split("\t")[0]: r.split("\t") for r in run_export(s, "gdelt").splitlines()}
        acled = {r["notes"]: r for r in csv.DictReader(io.StringIO(run_export(s, "acled")))}
        plover = {r["id"]: r for r in map(json.loads, run_export(s, "plover").splitlines())}
    undated = str(global_event_id("art1-e0"))
    assert gdelt[undated][1:5] == ["", "", "", ""]  # SQLDATE, MonthYear, Year, FractionDate
    dated = str(global_event_id("art2-e0"))
    assert gdelt[dated][1:4] == ["20240305", "202403", "2024"]
    row = acled[SPECS[1][7]]
    assert (row["event_date"], row["year"], row["time_precision"]) == ("", "", "")
    assert row["fatalities"] == "8" and row["timestamp"]  # the rest of the row is intact
    assert acled[SPECS[2][7]]["event_date"] == "2024-03-05"
    assert plover["art1-e0"]["date"] is None
    assert plover["art1-e0"]["date_precision"] == "ingest"
    assert plover["art2-e0"]["date"] == "2024-03-05"


@pytest.mark.parametrize(
    ("sentence", "dead"),
    [
        ("Gunmen attacked the village, killing at least eight people.", 8),
        ("Clashes left 20 dead in the north.", 20),
        ("Three Malian soldiers were killed on Monday.", 3),
        ("The death toll rose to 45 on Tuesday.", 45),
        ("The blast killed 1,200 people and wounded 300.", 1200),
        ("Twenty-five civilians died in the raid.", 25),
        ("No one was killed in the attack.", 0),
        ("Police arrested 20 protesters.", None),  # no toll stated: unknown, not 0
        ("Russian aircraft bombed Kyiv.", None),
        ("Two soldiers were killed in the ambush.", 2),
        ("At least 30 dead after the market bombing.", 30),
        ("The raid left 23 civilians dead.", 23),
        ("The attack killed an estimated 40 people.", 40),
        ("Dozens of people were killed.", 12),  # ACLED's conservative reading of "dozens"
    ],
)
def test_fatalities_from_the_sentence(sentence, dead):
    assert fatalities.count(sentence) == dead


def _attack(sentence: str, index: int) -> Event:
    (result,) = [r for r in make_results() if r.events[0].event_type == "ASSAULT"][:1]
    event = result.events[0]
    return dataclasses.replace(event, sentence=sentence, sentence_index=index, fatalities=None)


def test_an_attack_takes_the_toll_that_opens_the_next_sentence():
    sentences = [
        "Gunmen attacked a church in Owo during Sunday mass.",
        "Fourteen worshippers were killed, a police spokesman said.",
        "Last year 200 people were killed in similar attacks across the state.",
    ]
    first = _attack(sentences[0], 0)
    (dated,) = fatalities.assign([first], sentences)
    assert dated.fatalities == 14
    second = _attack("Gunmen attacked a school nearby.", 1)
    (other,) = fatalities.assign([second], [sentences[0], second.sentence, sentences[2]])
    assert other.fatalities is None  # a toll that does not open the sentence is not its
    verbal = dataclasses.replace(first, event_type="ACCUSE", cameo="112", quad_class=3)
    (accusation,) = fatalities.assign([verbal], sentences)
    assert accusation.fatalities is None


def test_an_unknown_fatality_class_names_the_file_and_line(tmp_path):
    from lapwing.errors import DictionaryError

    path = tmp_path / "cues.tsv"
    path.write_text("# version: 1\nclass\tword\nkill_verb\tkill\nkil_verb\tslay\n")
    with pytest.raises(DictionaryError, match=r"cues.tsv:4: unknown fatality class 'kil_verb'; "
                       r"did you mean 'kill_verb'\?"):  # fmt: skip
        fatalities.load_cues(path)


@pytest.mark.parametrize(
    ("actor", "name"),
    [
        (Actor("She", "NERGOV", "NER", "GOV"), "NIGER"),
        (Actor("she", None), ""),
        (Actor("Gunmen", "---INS", None, "INS"), ""),
        (Actor("the police", "KENCOP", "KEN", "COP"), "KENYA"),
        (Actor("Russian troops", "RUSMIL", "RUS", "MIL"), "RUSSIA"),
        (Actor("ECOWAS", "IGOWAS", None, "IGO"), "ECOWAS"),
        (Actor("the Sahel Post", "NERMED", "NER", "MED"), "SAHEL POST"),
        (JNIM, "JNIM"),
    ],
)
def test_gdelt_actor_names_are_never_pronouns_or_common_nouns(actor, name):
    assert gdelt_name(dataclasses.asdict(actor)) == name


def test_acled_mapping_file_is_complete_and_uses_acleds_vocabulary():
    version, rules = load_acled_rules()
    assert version
    known = {
        (r["event_type"], r["sub_event_type"], r["disorder_type"])
        for r in reference("acled_event_types.tsv")
    }
    for rule in rules:
        if rule.event_type != "-":
            assert (rule.event_type, rule.sub_event_type, rule.disorder_type) in known, rule
        assert rule.plover_type in PLOVER_TYPES, rule
    # Every PLOVER type ends in a catch-all row, so no event falls through unmatched.
    catch_all = {
        r.plover_type
        for r in rules
        if (r.mode, r.cameo, r.actor, r.recipient, r.fatal) == ("*",) * 5
    }
    assert catch_all == set(PLOVER_TYPES)


# ---------------------------------------------------------------- PLOVER, CSV, Parquet


def test_plover_jsonl_uses_plovers_field_names(store):
    records = [json.loads(line) for line in run_export(store, "plover").splitlines()]
    events = {e["id"]: e for e in stored(store)}
    assert {r["id"] for r in records} == set(events)
    for record in records:
        event = events[record["id"]]
        assert record["date"] == event["date"]
        assert record["event"] == [event["event_type"]]
        assert record["mode"] == ([event["mode"]] if event["mode"] else [])
        assert record["context"] == event["context"]
        assert record["quad_code"] == event["quad_class"]
        assert record["event_scale"] == event["goldstein"]
        assert [a["sector"] for a in record["actor"]] == [event["actor"]["sector"]]
        if event["location"]:
            assert record["event_loc"]["geonameid"] == event["location"]["geonameid"]
            assert record["event_loc"]["country_code"] == event["location"]["country"]
        dead = event["fatalities"]
        assert record.get("size") == (None if dead is None else {"dead": dead})
        assert record["text"] == event["sentence"].strip()


def test_csv_is_flat(store):
    rows = list(csv.DictReader(io.StringIO(run_export(store, "csv"))))
    events = {e["id"]: e for e in stored(store)}
    assert len(rows) == len(events)
    for row in rows:
        event = events[row["id"]]
        assert row["actor_code"] == event["actor"]["code"]
        assert row["cameo"] == event["cameo"]
        assert json.loads(row["context"]) == event["context"]
        assert row["location_name"] == ((event["location"] or {}).get("name") or "")


def test_parquet_round_trip_has_typed_columns(store, tmp_path):
    path = tmp_path / "events.parquet"
    stats = export(store, "parquet", path)
    events = {e["id"]: e for e in stored(store)}
    assert stats.rows == len(events)
    relation = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
    types = dict(zip(relation.columns, map(str, relation.types), strict=True))
    assert types["date"] == "DATE" and types["first_seen"] == "DATE"
    assert types["quad_class"] == "INTEGER" and types["goldstein"] == "DOUBLE"
    assert types["location_geonameid"] == "BIGINT" and types["cameo"] == "VARCHAR"
    assert types["context"] == "VARCHAR[]"
    for row in relation.fetchall():
        record = dict(zip(relation.columns, row, strict=True))
        event = events[record["id"]]
        assert record["date"].isoformat() == event["date"]
        assert record["cameo"] == event["cameo"]
        assert record["context"] == event["context"]
        assert record["num_mentions"] == event["num_mentions"]


def test_parquet_partitioned_by_year_and_month(store, tmp_path):
    out = tmp_path / "parts"
    export(store, "parquet", out, partition_by_date=True)
    events = stored(store)
    months = {(int(e["date"][:4]), int(e["date"][5:7])) for e in events}
    found = {
        (int(p.parent.parent.name.split("=")[1]), int(p.parent.name.split("=")[1]))
        for p in out.rglob("*.parquet")
    }
    assert found == months
    rows = duckdb.sql(
        f"SELECT id, year, month, date FROM read_parquet('{out}/**/*.parquet', "
        "hive_partitioning = true)"
    ).fetchall()
    assert sorted(r[0] for r in rows) == sorted(e["id"] for e in events)
    assert all((r[1], r[2]) == (r[3].year, r[3].month) for r in rows)


# ---------------------------------------------------------------- filters, CLI


@pytest.mark.parametrize(
    "filters",
    [{"event_type": "ASSAULT"}, {"country": "UKR"}, {"since": "2024-03", "until": "2024-04-30"},
     {"actor": "MLI"}],
)  # fmt: skip
def test_filters_apply_as_in_events(store, filters):
    expected = {str(global_event_id(e["id"])) for e in stored(store, **filters)}
    lines = run_export(store, "gdelt", **filters).splitlines()
    assert expected and {line.split("\t")[0] for line in lines} == expected


def test_all_modalities_adds_hypothetical_events(store):
    realized = run_export(store, "plover").splitlines()
    every = run_export(store, "plover", all_modalities=True).splitlines()
    modalities = {json.loads(line)["modality"] for line in every}
    assert len(every) > len(realized) and "hypothetical" in modalities


def test_cli_export(store, tmp_path):
    db = store.location
    store.close()
    runner = CliRunner()
    out = tmp_path / "out.tsv"
    result = runner.invoke(app, ["export", "--db", db, "--format", "gdelt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with open_store(db, read_only=True) as s:
        assert len(out.read_text().splitlines()) == len(stored(s))
    result = runner.invoke(app, ["export", "--db", db, "--format", "acled", "--type", "assault"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split(",") == list(ACLED_COLUMNS)
    for bad in (
        ["--format", "shapefile"],
        ["--format", "parquet"],  # no -o
        ["--format", "csv", "--partition-by-date"],
        ["--since", "2024-13"],
    ):
        assert runner.invoke(app, ["export", "--db", db, *bad]).exit_code == 2, bad
    missing = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1


# ---------------------------------------------------------------- streaming


def _fill(path, n: int) -> None:
    """n distinct events written straight into the store's tables by DuckDB, so building a
    large store takes a second (the store's own write path is tested in test_store)."""
    with open_store(path):
        pass
    con = duckdb.connect(str(path))
    con.execute(
        """
        INSERT INTO events (id, article_id, date, date_precision, event_type, mode, context,
            cameo, quad_class, goldstein, actor_text, actor_code, actor_country, actor_sector,
            recipient_text, recipient_code, recipient_country, recipient_sector,
            location_name, location_geonameid, location_lat, location_lon, location_country,
            location_precision, modality, aspect, sentence, sentence_index, spans, source,
            url, confidence, rule, data_version, num_mentions, num_articles, num_sources,
            first_seen, last_seen)
        SELECT 'e' || i, 'a' || i, DATE '2020-01-01' + CAST(i % 1500 AS INTEGER), 'day',
            'ASSAULT', 'firearms', '["military"]', '193', 4, -10.0, 'troops', 'RUSMIL',
            'RUS', 'MIL', 'soldiers', 'UKRMIL', 'UKR', 'MIL', 'Place ' || i, i, 48.0, 37.0,
            'UKR', 'city', 'asserted', 'event',
            'Troops attacked soldiers near Place ' || i || ', killing ' || (i % 9) || ' people.',
            0, '{"trigger": [0, 6]}', 'Agency', 'https://news.example/' || i, 0.6, 'r', 'v1',
            1, 1, 1, DATE '2020-01-01', DATE '2020-01-02'
        FROM range(?) t(i)
        """,
        [n],
    )
    con.close()


def test_export_streams_with_bounded_memory(tmp_path):
    n = 50_000
    path = tmp_path / "big.duckdb"
    _fill(path, n)
    with open_store(path, read_only=True) as store:
        out = tmp_path / "big.tsv"
        tracemalloc.start()
        try:
            stats = export(store, "gdelt", out)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert stats.rows == n
    size = os.path.getsize(out)
    # Holding the rows (let alone the event dicts) would take more than the file itself.
    assert peak < 8 * 2**20 < size, (peak, size)


class ListStore:
    """Just enough of a Store for the writers: events() over given dicts."""

    def __init__(self, events: list[dict]) -> None:
        self._events = events

    def events(self, **filters):
        return iter(self._events)


def test_free_text_cannot_break_a_gdelt_row(store):
    (event,) = stored(store, event_type="AGREE")
    event["actor"]["text"] = "the\tjunta\nleaders"
    event["url"] = None
    event["source"] = 'Agence "France"\r\nPresse'
    lines = run_export(ListStore([event]), "gdelt").splitlines()
    assert len(lines) == 1 and len(lines[0].split("\t")) == 61
    assert 'Agence "France" Presse' in lines[0]
