"""The store: round trips, idempotence, filters, errors, locking. No spaCy."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pg_cluster
from lapwing.records import (
    MODALITIES,
    PLACE_PRECISIONS,
    Actor,
    Article,
    CodingResult,
    Event,
    InputFailure,
    Place,
    Timex,
    Toponym,
)
from lapwing.store import Store, StoreError, WriteStats, open_store

INJECTION = "'; DROP TABLE events; --"
BACKENDS = ("duckdb-columnar", "duckdb-row-wise", "postgresql")
postgres_cluster = pg_cluster.postgres_cluster  # one throwaway cluster for the session
DEDUP_FIELDS = ("num_mentions", "num_articles", "num_sources", "first_seen", "last_seen")


def make_event(article: Article, n: int, **changes) -> Event:
    event = Event(
        id=f"{article.id}-e{n}",
        article_id=article.id,
        date="2024-04-11",
        date_precision="day",
        event_type="CONSULT",
        mode="visit",
        context=["diplomatic"],
        cameo="042",
        quad_class=1,
        goldstein=1.9,
        actor=Actor(text="Russian troops", code="RUSMIL", country="RUS", sector="MIL"),
        recipient=Actor(text="Niger", code="NER", country="NER"),
        location=Place(
            name="Niamey",
            geonameid=2440485,
            lat=13.51366,
            lon=2.1098,
            country="NER",
            admin1="Niamey",
            precision="city",
        ),
        modality="asserted",
        sentence="Russian troops arrived in Niamey.",
        spans={"trigger": (15, 22), "actor": (0, 14), "recipient": None, "location": (26, 32)},
        source=article.source,
        url=article.url,
        confidence=0.8,
        rule="arrive_in",
        sentence_index=n,
        data_version="verbs-1",
    )
    return dataclasses.replace(event, **changes)


def make_article(n: int, **changes) -> Article:
    article = Article(
        id=f"a{n}",
        text=f"Article number {n}. Russian troops arrived in Niamey.",
        title=f"Title {n}",
        date="2024-04-12",
        source="NBC News",
        url=f"https://example.com/{n}",
        language="en",
        origin="feed.xml",
    )
    return dataclasses.replace(article, **changes)


def one_event_result(n: int) -> CodingResult:
    article = make_article(n)
    return CodingResult(article, [make_event(article, 0)])


def expected(event: Event) -> dict:
    """What the store should hand back: the event's own dict, null actors as null."""
    record = event.to_dict()
    for side in ("actor", "recipient"):
        if record[side] is not None and all(v is None for v in record[side].values()):
            record[side] = None
    return record


def without_dedup(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in DEDUP_FIELDS}


@pytest.fixture(params=BACKENDS)
def new_store(request) -> Callable[[], Store]:
    """Opens new, empty stores: DuckDB with its own bulk inserts and with the portable
    ones, and PostgreSQL (one database per test, emptied for each new store)."""
    if request.param == "postgresql":
        cluster = request.getfixturevalue("postgres_cluster")
        url = cluster.create_database()

        def postgresql() -> Store:
            cluster.empty(url)
            return open_store(url)

        return postgresql

    def duckdb() -> Store:
        store = open_store(":memory:")
        store._columnar = request.param == "duckdb-columnar"
        return store

    return duckdb


@pytest.fixture
def store(new_store):
    """Each test runs on every backend and bulk-insert path."""
    with new_store() as s:
        yield s


@pytest.fixture
def corpus() -> list[CodingResult]:
    """Three articles with events that differ on every filterable field."""
    a0, a1, a2 = (make_article(i) for i in range(3))
    ukr = Place("Kyiv", 703448, 50.45, 30.52, "UKR", "Kyiv City", "city")
    return [
        CodingResult(
            a0,
            [make_event(a0, 0), make_event(a0, 1, modality="negated", date="2024-05-02")],
            toponyms=[Toponym("Niamey", 41, 47, make_event(a0, 0).location)],
            timexes=[Timex("April 11", 0, 8, "DATE", "2024-04-11", "day", "2024-04-11")],
        ),
        CodingResult(
            a1,
            [
                make_event(
                    a1,
                    0,
                    event_type="ASSAULT",
                    cameo="190",
                    quad_class=4,
                    goldstein=-10.0,
                    date="2023-12-01",
                    date_precision="month",
                    actor=Actor("Wagner", "WAGPMC", None, "PMC", "Wagner Group"),
                    recipient=Actor("Ukrainian soldiers", "UKRMIL", "UKR", "MIL"),
                    location=ukr,
                    modality="reported",
                )
            ],
            toponyms=[Toponym("Nowhere", 3, 10, None)],
        ),
        CodingResult(
            make_article(2, text="Le texte.", language="fr"), skipped_reason="not English"
        ),
    ]


def ids(rows) -> list[str]:
    return [row["id"] for row in rows]


def test_round_trip_rebuilds_the_schema_shape(store: Store, corpus):
    store.write(corpus)
    stored = {row["id"]: row for row in store.events()}
    written = [e for r in corpus for e in r.events]
    assert sorted(stored) == sorted(e.id for e in written)
    for event in written:
        row = stored[event.id]
        assert without_dedup(row) == expected(event)
        assert isinstance(row["cameo"], str) and row["cameo"] == event.cameo
        assert isinstance(row["context"], list)
        assert row["num_mentions"] == row["num_articles"] == 1
    first = written[0]
    assert stored[first.id]["cameo"].startswith("0")  # a leading zero survives
    assert stored[first.id]["spans"]["trigger"] == list(first.spans["trigger"])


def test_events_ordered_by_date_then_id(store: Store, corpus):
    store.write(corpus)
    rows = list(store.events())
    keys = [(r["date"], r["id"]) for r in rows]
    assert keys == sorted(keys)


def test_articles_toponyms_timexes(store: Store, corpus):
    store.write(corpus)
    articles = {a["id"]: a for a in store.articles()}
    assert set(articles) == {r.article.id for r in corpus}
    for result in corpus:
        row = articles[result.article.id]
        for field in dataclasses.fields(Article):
            assert row[field.name] == getattr(result.article, field.name)
        assert row["n_events"] == len(result.events)
        assert row["skipped_reason"] == result.skipped_reason
        assert row["ingested_at"]
    toponyms = list(store.toponyms())
    assert len(toponyms) == sum(len(r.toponyms) for r in corpus)
    resolved = next(t for t in toponyms if t["geonameid"] is not None)
    assert resolved["name"] == corpus[0].toponyms[0].name
    assert resolved["start_char"] == corpus[0].toponyms[0].start
    timex = next(store.timexes(corpus[0].article.id))
    assert timex["value"] == corpus[0].timexes[0].value
    assert list(store.timexes(corpus[1].article.id)) == []


def test_write_is_idempotent(store: Store, corpus):
    failures = [InputFailure("bad.jsonl:3", "not JSON")]
    first = store.write(corpus, failures)
    before = store.counts()
    snapshot = list(store.events())
    second = store.write(corpus, failures)
    assert store.counts() == before
    assert list(store.events()) == snapshot
    n_events = sum(len(r.events) for r in corpus)
    assert first == WriteStats(
        articles_new=len(corpus), events_written=n_events, errors_written=len(failures)
    )
    assert second == WriteStats(articles_unchanged=len(corpus))


def test_same_article_twice_in_one_write(store: Store, corpus):
    store.write([corpus[0], corpus[0]])
    assert store.counts()["articles"] == 1
    assert store.counts()["events"] == len(corpus[0].events)


def test_recoding_replaces_the_articles_events(store: Store, corpus):
    store.write(corpus)
    article = corpus[0].article
    recoded = CodingResult(article, [make_event(article, 7, event_type="PROTEST", cameo="140")])
    stats = store.write([recoded])
    assert stats.articles_updated == 1 and stats.events_written == 1
    assert ids(store.events(article_id=article.id)) == [recoded.events[0].id]
    assert list(store.toponyms(article.id)) == []  # the new coding found none
    other = corpus[1]
    assert ids(store.events(article_id=other.article.id)) == [e.id for e in other.events]
    counts = store.counts()
    assert counts["events"] == counts["mentions"] == 1 + len(other.events)
    assert next(a for a in store.articles() if a["id"] == article.id)["n_events"] == 1


def test_recoding_with_the_same_event_ids(store: Store, corpus):
    store.write(corpus)
    result = corpus[0]
    recoded = CodingResult(
        result.article, [dataclasses.replace(e, confidence=e.confidence / 2) for e in result.events]
    )
    assert store.write([recoded]).articles_updated == 1
    stored = [without_dedup(r) for r in store.events(article_id=result.article.id)]
    assert stored == [expected(e) for e in sorted(recoded.events, key=lambda e: (e.date, e.id))]
    assert store.counts()["mentions"] == sum(len(r.events) for r in corpus)


def test_batches_commit_separately(store: Store):
    store.dedup = False  # the five articles report the same event: count rows, not events
    store.batch_size = 1
    results = [CodingResult(make_article(i), [make_event(make_article(i), 0)]) for i in range(5)]
    stats = store.write(results)
    assert stats.articles_new == 5
    assert store.counts()["events"] == 5


def test_failed_batch_rolls_back_and_keeps_earlier_batches(store: Store):
    store.dedup = False  # the good articles report the same event: count rows, not events
    store.batch_size = 2
    good = [one_event_result(i) for i in range(2)]
    bad_article = make_article(9)
    bad = CodingResult(bad_article, [make_event(bad_article, 0, date="11 April")])
    with pytest.raises(StoreError, match="date"):
        store.write([*good, bad])
    assert store.counts()["articles"] == len(good)
    assert store.counts()["events"] == len(good)


def countries(e: Event) -> set[str | None]:
    return {p.country for p in (e.location, e.actor, e.recipient) if p is not None}


def involves(e: Event, actor: str) -> bool:
    """The documented actor filter: a code prefix, or a name or text ignoring case."""
    sides = [a for a in (e.actor, e.recipient) if a is not None]
    return any(
        (a.code or "").startswith(actor.upper())
        or actor.lower() in {(a.name or "").lower(), (a.text or "").lower()}
        for a in sides
    )


@pytest.mark.parametrize(
    ("kwargs", "wanted"),
    [
        ({"country": "UKR"}, lambda e: "UKR" in countries(e)),
        ({"country": "rus"}, lambda e: "RUS" in countries(e)),
        ({"since": "2024-04-11"}, lambda e: e.date >= "2024-04-11"),
        ({"since": "2024-05"}, lambda e: e.date >= "2024-05-01"),
        ({"until": "2023"}, lambda e: e.date <= "2023-12-31"),
        ({"since": "2024-01-01", "until": "2024-04-30"}, lambda e: e.date[:7] == "2024-04"),
        ({"event_type": "assault"}, lambda e: e.event_type == "ASSAULT"),
        ({"actor": "RUS"}, lambda e: involves(e, "RUS")),
        ({"actor": "wagner group"}, lambda e: involves(e, "wagner group")),
        ({"actor": "UKRMIL"}, lambda e: involves(e, "UKRMIL")),
        ({"modality": ["asserted", "reported"]}, lambda e: e.realized),
        ({"modality": "negated"}, lambda e: e.modality == "negated"),
        ({"modality": []}, lambda e: False),
    ],
)
def test_filters(store: Store, corpus, kwargs, wanted):
    store.write(corpus)
    events = sorted((e for r in corpus for e in r.events), key=lambda e: (e.date, e.id))
    assert ids(store.events(**kwargs)) == [e.id for e in events if wanted(e)]


def test_limit(store: Store, corpus):
    store.write(corpus)
    everything = ids(store.events())
    assert ids(store.events(limit=1)) == everything[:1]
    assert ids(store.events(limit=0)) == []
    with pytest.raises(StoreError):
        store.events(limit=-1)


def test_actor_code_prefix_is_not_a_pattern(store: Store, corpus):
    store.write(corpus)
    assert ids(store.events(actor="%")) == []
    assert ids(store.events(actor="_")) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"country": INJECTION},
        {"event_type": INJECTION},
        {"actor": INJECTION},
        {"modality": [INJECTION]},
        {"article_id": INJECTION},
    ],
)
def test_injection_finds_nothing_and_breaks_nothing(store: Store, corpus, kwargs):
    store.write(corpus)
    before = store.counts()
    assert list(store.events(**kwargs)) == []
    assert store.counts() == before


@pytest.mark.parametrize("field", ["since", "until"])
def test_injection_in_a_date_is_a_clean_error(store: Store, corpus, field):
    store.write(corpus)
    before = store.counts()
    with pytest.raises(StoreError, match=field):
        store.events(**{field: INJECTION})
    assert store.counts() == before


def test_injection_in_stored_values_is_just_text(store: Store):
    article = make_article(0, id=INJECTION, title=INJECTION)
    event = make_event(article, 0, id=INJECTION, sentence=INJECTION, rule=INJECTION)
    store.write([CodingResult(article, [event])], [InputFailure(INJECTION, INJECTION)])
    assert without_dedup(next(store.events(article_id=INJECTION))) == expected(event)
    assert next(store.errors())["origin"] == INJECTION


def test_errors_table(store: Store):
    failures = [
        InputFailure("feeds/a.xml", "not well-formed XML"),
        InputFailure("in.jsonl:4", "line is not JSON", article_id=None),
        InputFailure("in.jsonl:9", "no text field", article_id="x9"),
        InputFailure("feeds/a.xml", "not well-formed XML"),  # the same failure again
    ]
    stats = store.write([], failures)
    assert stats.errors_written == 3
    rows = list(store.errors())
    assert {(r["origin"], r["reason"], r["article_id"]) for r in rows} == {
        (f.origin, f.reason, f.article_id) for f in failures
    }
    assert all(r["id"] and r["seen_at"] for r in rows)
    assert store.write([], failures).errors_written == 0
    assert store.counts()["errors"] == 3


def test_how_a_path_is_spelt_changes_no_identity(store: Store, corpus, tmp_path, monkeypatch):
    """Issue 16 #14: re-ingesting `./x` after `/abs/x` rewrote every mention and doubled
    the error rows, because the origin was part of the coding hash and the error id."""
    (tmp_path / "in").mkdir()
    for name in ("x.jsonl", "y.xml"):
        (tmp_path / "in" / name).write_text("{}")
    monkeypatch.chdir(tmp_path)
    spellings = [str(tmp_path / "in" / "x.jsonl"), "./in/x.jsonl", "in/../in/x.jsonl"]
    for n, spelt in enumerate(spellings):
        results = [
            CodingResult(dataclasses.replace(r.article, origin=spelt), r.events, r.toponyms,
                         r.timexes, r.skipped_reason)
            for r in corpus
        ]  # fmt: skip
        failures = [
            InputFailure(f"{spelt}:3", "line is not JSON"),
            InputFailure(spelt.replace("x.jsonl", "y.xml"), "not a valid RSS/Atom feed"),
            InputFailure(f"{spelt.replace('x.jsonl', 'y.xml')}:entry 2", "no text"),
        ]
        stats = store.write(results, failures)
        if n == 0:
            snapshot, mentions = list(store.events()), list(store.mentions())
            assert stats.errors_written == 3
        else:
            assert stats == WriteStats(articles_unchanged=len(corpus)), spelt
            assert list(store.events()) == snapshot
            assert list(store.mentions()) == mentions
    assert store.counts()["errors"] == 3
    # Origins that are not local files keep their identity as written.
    assert store.write([], [InputFailure("<stdin>:2", "empty text")]).errors_written == 1
    assert store.write([], [InputFailure("<stdin>:2", "empty text")]).errors_written == 0


def test_failures_may_be_produced_while_results_stream(store: Store, corpus):
    failures: list[InputFailure] = []

    def results():
        for r in corpus:
            failures.append(InputFailure(f"{r.article.id}.html", "empty page"))
            yield r

    stats = store.write(results(), failures)
    assert stats.errors_written == len(corpus)


def test_counts(store: Store, corpus):
    store.write(corpus, [InputFailure("x", "y")])
    counts = store.counts()
    events = [e for r in corpus for e in r.events]
    assert counts["articles"] == len(corpus)
    assert counts["events"] == len(events)
    assert counts["errors"] == 1
    by_type: dict[str, int] = {}
    for e in events:
        by_type[e.event_type] = by_type.get(e.event_type, 0) + 1
    assert counts["events_by_type"] == by_type


def test_reopening_a_file_keeps_everything(tmp_path, corpus):
    path = tmp_path / "events.duckdb"
    with open_store(path) as store:
        store.write(corpus)
        rows = list(store.events())
    with open_store(path, read_only=True) as store:
        assert list(store.events()) == rows
    with open_store(str(path)) as store:
        assert store.write(corpus).articles_unchanged == len(corpus)


def test_read_only_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError, match="no lapwing store"):
        open_store(tmp_path / "missing.duckdb", read_only=True)


def test_second_process_gets_a_clear_lock_error(tmp_path):
    path = tmp_path / "locked.duckdb"
    child = textwrap.dedent(
        """
        import sys
        from lapwing.store import StoreError, open_store
        try:
            open_store(sys.argv[1])
        except StoreError as e:
            print(e)
            sys.exit(3)
        """
    )
    with open_store(path):
        done = subprocess.run(
            [sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=120
        )
    assert done.returncode == 3, done.stderr
    assert "database is locked by another lapwing process" in done.stdout
    assert str(path) in done.stdout
    assert "Traceback" not in done.stderr


# -- property: any events survive the round trip -------------------------------

text = st.text(max_size=20)
maybe_text = st.none() | text
finite = st.floats(allow_nan=False, allow_infinity=False)
offsets = st.integers(0, 10_000)
actors = st.none() | st.builds(Actor, maybe_text, maybe_text, maybe_text, maybe_text, maybe_text)
places = st.none() | st.builds(
    Place,
    text,
    st.none() | st.integers(-(2**63), 2**63 - 1),
    st.none() | finite,
    st.none() | finite,
    maybe_text,
    maybe_text,
    st.sampled_from(PLACE_PRECISIONS),
)
spans = st.dictionaries(
    st.sampled_from(["trigger", "actor", "recipient", "location"]),
    st.none() | st.tuples(offsets, offsets),
)


@st.composite
def coding_results(draw) -> CodingResult:
    article = Article(
        id=draw(st.text(min_size=1, max_size=10)),
        text=draw(text),
        title=draw(maybe_text),
        date=draw(st.none() | st.dates().map(str) | text),
        source=draw(maybe_text),
        url=draw(maybe_text),
        language=draw(maybe_text),
        origin=draw(maybe_text),
    )
    events = st.builds(
        Event,
        id=st.text(min_size=1, max_size=12),
        article_id=st.just(article.id),
        date=st.dates().map(str),
        date_precision=text,
        event_type=text,
        mode=maybe_text,
        context=st.lists(text, max_size=3),
        cameo=st.text("0123456789", min_size=2, max_size=4),
        quad_class=st.integers(-(2**31), 2**31 - 1),
        goldstein=finite,
        actor=actors,
        recipient=actors,
        location=places,
        modality=st.sampled_from(MODALITIES),
        sentence=text,
        spans=spans,
        source=maybe_text,
        url=maybe_text,
        confidence=finite,
        rule=text,
        aspect=st.sampled_from(["event", "state", "habitual"]),
        sentence_index=st.integers(0, 2**31 - 1),
        data_version=text,
    )
    return CodingResult(article, draw(st.lists(events, max_size=4, unique_by=lambda e: e.id)))


def nul_as_replacement(value):
    """What PostgreSQL keeps of a string: NUL, which its text cannot hold, becomes U+FFFD
    (lists are stored as JSON text, which escapes NUL and keeps it)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {nul_as_replacement(k): nul_as_replacement(v) for k, v in value.items()}
    return value


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(result=coding_results())
def test_property_events_survive_the_round_trip(new_store, result: CodingResult):
    with new_store() as store:
        store.write([result])
        stored = {row["id"]: without_dedup(row) for row in store.events()}
        wanted = {e.id: expected(e) for e in result.events}
        if store.location.startswith("postgresql://"):
            wanted = nul_as_replacement(wanted)
        assert stored == wanted
        assert store.write([result]) == WriteStats(articles_unchanged=1)


def test_a_version_2_store_is_upgraded_in_place_keeping_its_events(tmp_path, corpus):
    """Schema 3 adds `fatalities`; a store written by the version before opens, for
    writing, with its events kept and the new column empty (unknown)."""
    import duckdb

    path = tmp_path / "old.duckdb"
    with open_store(path) as s:
        s.write(corpus)
        before = [dict(e, fatalities=None) for e in s.events()]
    with duckdb.connect(str(path)) as conn:  # what a version-2 store looks like
        indexes = conn.execute("SELECT index_name, sql FROM duckdb_indexes()").fetchall()
        for name, _ in indexes:  # DuckDB drops no column a table's index depends on
            conn.execute(f"DROP INDEX {name}")
        for table in ("events", "mentions"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN fatalities")
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="version 2; .* to upgrade it"):
        open_store(path, read_only=True)
    with open_store(path) as s:
        assert list(s.events()) == before
        toll = dataclasses.replace(corpus[0].events[0], fatalities=3)
        s.write([dataclasses.replace(corpus[0], events=[toll, *corpus[0].events[1:]])])
        assert {e["id"]: e["fatalities"] for e in s.events()}[toll.id] == 3
