"""Cross-article deduplication: the matching rules, clustering, and the store's use of them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapwing.records import Actor, Article, CodingResult, Event
from lapwing.stages.dedup import (
    Mention,
    block_key,
    cluster,
    combined_confidence,
    distance_km,
    same_event,
    summarize,
)
from lapwing.store import open_store

MENAKA = (15.91985, 2.39609)
GAO = (16.27167, -0.04472)  # ~265 km west of Menaka


def mention(n: int = 0, **changes) -> Mention:
    base = Mention(
        id=f"m{n}",
        article_id=f"a{n}",
        event_type="ASSAULT",
        cameo="190",
        date="2024-03-05",
        date_precision="day",
        modality="asserted",
        actor="MLIINS",
        recipient="MLIMIL",
        actor_country="MLI",
        recipient_country="MLI",
        lat=MENAKA[0],
        lon=MENAKA[1],
        place_country="MLI",
        admin1="Ménaka",
        place_precision="city",
        place_name="Ménaka",
        source=f"source {n}",
        published="2024-03-06",
        confidence=0.6,
        sentence_index=0,
    )
    return dataclasses.replace(base, **changes)


def offset(lat: float, lon: float, km_east: float) -> tuple[float, float]:
    """A point km_east kilometres east of (lat, lon) on the same parallel (approximately)."""
    return lat, lon + km_east / (111.195 * math.cos(math.radians(lat)))


def at(lat_lon: tuple[float, float], **changes) -> Mention:
    return mention(1, lat=lat_lon[0], lon=lat_lon[1], **changes)


# -- the rules ----------------------------------------------------------------


def test_identical_reports_match():
    assert same_event(mention(0), mention(1))


@pytest.mark.parametrize(
    ("precision", "date", "other", "expected"),
    [
        ("day", "2024-03-05", "2024-03-06", True),
        ("day", "2024-03-05", "2024-03-04", True),
        ("day", "2024-03-05", "2024-03-07", False),
        ("publication", "2024-03-07", "2024-03-05", True),  # publication: +-2 days
        ("publication", "2024-03-08", "2024-03-05", False),
        ("week", "2024-03-11", "2024-03-05", True),  # the week of 11 March, 6 days before
        ("week", "2024-03-18", "2024-03-05", False),  # 13 days before the week starts
        ("month", "2024-03-01", "2024-03-31", True),  # same month
        ("month", "2024-04-01", "2024-03-31", False),
        ("year", "2024-01-01", "2024-12-31", True),
        ("year", "2025-01-01", "2024-12-31", False),
    ],
)
def test_date_window_depends_on_precision(precision, date, other, expected):
    coarse = mention(0, date=date, date_precision=precision)
    assert same_event(coarse, mention(1, date=other)) is expected
    assert same_event(mention(1, date=other), coarse) is expected


@pytest.mark.parametrize(
    ("precision", "km", "expected"),
    [
        ("city", 20, True),
        ("city", 40, False),
        ("point", 24, True),
        ("admin1", 120, True),
        ("admin1", 200, False),
    ],
)
def test_place_radius_depends_on_precision(precision, km, expected):
    here = mention(0, place_precision=precision, admin1=None)
    there = at(offset(*MENAKA, km), admin1=None)
    assert distance_km(*MENAKA, there.lat, there.lon) == pytest.approx(km, rel=0.01)
    assert same_event(here, there) is expected


def test_same_admin1_matches_beyond_the_radius():
    region = mention(0, place_precision="admin1", place_name="Ménaka Region")
    far = at(offset(*MENAKA, 300), admin1="Ménaka")
    assert same_event(region, far)
    assert not same_event(region, dataclasses.replace(far, admin1="Gao"))


def test_country_and_region_precision():
    mali = mention(0, place_precision="country", place_name="Mali", lat=17.0, lon=-4.0)
    assert same_event(mali, at(GAO))  # anywhere in the same country
    assert not same_event(mali, at(GAO, place_country="NER"))
    sahel = mention(0, place_precision="region", place_name="Sahel", place_country=None)
    assert same_event(sahel, mention(1, place_precision="region", place_name="Sahel"))
    assert not same_event(sahel, mention(1, place_precision="region", place_name="Maghreb"))


def test_no_place_needs_the_actors_countries_to_agree():
    nowhere = mention(0, lat=None, lon=None, place_country=None, place_precision=None)
    assert same_event(nowhere, mention(1))
    assert same_event(nowhere, dataclasses.replace(nowhere, id="m2", article_id="a2"))
    # Codes that say nothing against it, but the only country known is Niger's.
    foreign = dataclasses.replace(
        nowhere, actor=None, recipient=None, actor_country="NER", recipient_country=None
    )
    assert not same_event(foreign, mention(1))
    assert same_event(foreign, mention(1, actor_country="NER"))
    assert not same_event(foreign, dataclasses.replace(nowhere, actor=None, actor_country=None))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("RUS", "RUSMIL", True),  # one less specific than the other
        ("RUSMIL", "RUSMIL", True),
        ("RUSMIL", "RUSGOV", False),
        ("RUSMIL", "UKRMIL", False),
        (None, "RUSMIL", True),  # a missing actor is compatible with any
        ("---INS", "MLIINS", True),  # unknown country
        ("MLIREB", "MLIINS", True),  # rebels, insurgents, gunmen: one armed non-state sector
        ("MLIREB", "MLIMIL", False),
    ],
)
def test_actor_codes(a, b, expected):
    assert same_event(mention(0, actor=a), mention(1, actor=b)) is expected
    assert same_event(mention(0, recipient=a), mention(1, recipient=b)) is expected


def test_type_family():
    assert not same_event(mention(0), mention(1, event_type="PROTEST", cameo="140"))
    assert same_event(mention(0, cameo="180"), mention(1, cameo="190"))  # one PLOVER type
    untyped = mention(0, event_type="", cameo="190")
    assert same_event(untyped, mention(1, event_type="", cameo="195"))  # same CAMEO root
    assert not same_event(untyped, mention(1, event_type="", cameo="180"))


@pytest.mark.parametrize(
    "changes",
    [{"modality": "negated"}, {"modality": "hypothetical"}, {"modality": "future"}]
    + [{"aspect": "habitual"}, {"date_precision": "decade"}],
)
def test_only_realized_events_with_a_known_date_merge(changes):
    assert same_event(mention(0, modality="reported"), mention(1))
    assert not same_event(mention(0, **changes), mention(1))
    assert block_key(mention(0, **changes)) is None
    assert len(cluster([mention(0, **changes), mention(1), mention(2)])) == 2


def test_undated_reports_coded_the_same_day_stay_apart():
    """`ingest` dates are the day of coding: two undated reports of an attack in one town
    may be years apart, so they are never merged, with each other or with a dated report."""
    undated = [mention(n, date_precision="ingest") for n in (0, 1)]
    assert same_event(mention(0), mention(1))  # the same two reports, dated, are one event
    assert not same_event(*undated)
    assert not same_event(undated[0], mention(2))
    assert len(cluster([*undated, mention(2)])) == 3


def test_clusters_do_not_chain_day_after_day():
    """Shelling reported every day at one place is one event per day, not one long one."""
    daily = [mention(n, date=f"2024-03-{n + 1:02d}") for n in range(10)]
    groups = cluster(daily)
    assert len(groups) >= 5
    for group in groups:
        days = [int(m.date[-2:]) for m in group]
        assert max(days) - min(days) <= 1


def test_a_report_joins_the_cluster_it_matches_best():
    precise = [mention(0), mention(1, date="2024-03-09")]
    vague = mention(2, date="2024-03-08", date_precision="publication")
    groups = {frozenset(m.id for m in g) for g in cluster([*precise, vague])}
    assert groups == {frozenset({"m0"}), frozenset({"m1", "m2"})}


def test_most_specific_codes_keep_a_cluster_coherent():
    """RUS fits RUSMIL and RUSGOV, but the RUSMIL and RUSGOV reports stay apart."""
    reports = [mention(0, actor="RUSMIL"), mention(1, actor="RUS"), mention(2, actor="RUSGOV")]
    groups = {frozenset(m.actor for m in g) for g in cluster(reports)}
    assert len(groups) == 2 and all(not {"RUSMIL", "RUSGOV"} <= g for g in groups)


def test_summary_counts_and_confidence():
    reports = [
        mention(0, source="Reuters", confidence=0.6, published="2024-03-06"),
        mention(1, source="Reuters", confidence=0.7, published="2024-03-07"),
        mention(2, source="AFP", confidence=0.5, published="2024-03-05"),
        mention(3, source=None, article_id="a2", confidence=0.4, published="2024-03-08"),
    ]
    s = summarize(reports)
    assert (s.num_mentions, s.num_articles, s.num_sources) == (4, 3, 2)
    assert (s.first_seen, s.last_seen) == ("2024-03-05", "2024-03-08")
    assert s.representative.id == "m2"  # the earliest article
    # Per source its best mention: Reuters 0.7, AFP 0.5, no source 0.4.
    assert s.confidence == pytest.approx(1 - 0.3 * 0.5 * 0.6)
    assert combined_confidence(reports[:2]) == 0.7  # one outlet is not corroboration
    many = [mention(n, source=f"s{n}", confidence=0.9) for n in range(6)]
    assert combined_confidence(many) == 0.99


# -- property: the input order does not matter ----------------------------------

small_mentions = st.builds(
    Mention,
    id=st.uuids().map(str),
    article_id=st.sampled_from(["a", "b", "c", "d"]),
    event_type=st.sampled_from(["ASSAULT", "PROTEST"]),
    cameo=st.just("190"),
    date=st.dates(
        min_value=dt.date(2024, 3, 1),
        max_value=dt.date(2024, 3, 12),
    ).map(str),
    date_precision=st.sampled_from(["day", "day", "publication", "week", "month"]),
    modality=st.sampled_from(["asserted", "reported", "negated"]),
    actor=st.sampled_from([None, "MLI", "MLIINS", "MLIREB", "---INS", "MLIMIL"]),
    recipient=st.sampled_from([None, "MLIMIL", "MLICVL"]),
    actor_country=st.sampled_from([None, "MLI"]),
    recipient_country=st.sampled_from([None, "MLI", "NER"]),
    lat=st.sampled_from([MENAKA[0], GAO[0], 15.95]),
    lon=st.sampled_from([MENAKA[1], GAO[1], 2.5]),
    place_country=st.sampled_from([None, "MLI"]),
    admin1=st.sampled_from([None, "Ménaka", "Gao"]),
    place_precision=st.sampled_from([None, "city", "admin1", "country"]),
    place_name=st.sampled_from(["Ménaka", "Gao"]),
    source=st.sampled_from([None, "Reuters", "AFP"]),
    published=st.sampled_from([None, "2024-03-06", "2024-03-08"]),
    confidence=st.floats(0, 1),
    sentence_index=st.integers(0, 3),
)


def partition(groups: list[list[Mention]]) -> set[frozenset[str]]:
    return {frozenset(m.id for m in g) for g in groups}


@settings(max_examples=150, deadline=None)
@given(st.lists(small_mentions, max_size=40, unique_by=lambda m: m.id), st.randoms())
def test_property_clustering_ignores_input_order(mentions, rnd):
    shuffled = list(mentions)
    rnd.shuffle(shuffled)
    first, second = cluster(mentions), cluster(shuffled)
    assert partition(first) == partition(second)
    assert sum(len(g) for g in second) == len(mentions)
    for group in first:
        keys = {block_key(m) for m in group}
        assert len(group) == 1 or (len(keys) == 1 and None not in keys)
        for m in group:  # every member matches at least one other member's report
            assert len(group) == 1 or any(same_event(m, o) for o in group if o is not m)


def coded(article: Article, events: list[dict]) -> CodingResult:
    out = []
    for n, fields in enumerate(events):
        m = mention(**fields)
        out.append(
            Event(
                id=f"{article.id}-{n}",
                article_id=article.id,
                date=m.date,
                date_precision=m.date_precision,
                event_type=m.event_type,
                mode=None,
                context=[],
                cameo=m.cameo,
                quad_class=4,
                goldstein=-10.0,
                actor=None,
                recipient=None,
                location=None,
                modality=m.modality,
                sentence="A sentence.",
                spans={"trigger": (0, 1)},
                source=article.source,
                url=None,
                confidence=0.5,
                rule="r",
                sentence_index=n,
            )
        )
    return CodingResult(article, out)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ASSAULT", "PROTEST"]),
            st.sampled_from(["2024-03-05", "2024-03-06", "2024-03-09", "2024-03-10"]),
            st.sampled_from(["day", "publication", "month"]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.randoms(),
    st.integers(1, 4),
)
def test_property_store_counts_ignore_article_order(rows, rnd, batch_size):
    """Articles stored in any order and batch size give the same events and mentions."""
    articles = [
        Article(id=f"art{i}", text="x", date="2024-03-10", source=f"outlet {i % 3}")
        for i in range(len(rows))
    ]
    results = []
    for article, (kind, date, precision) in zip(articles, rows, strict=True):
        # No place, so the store files the event under its actors' countries: give it some.
        result = coded(article, [{"event_type": kind, "date": date, "date_precision": precision}])
        event = dataclasses.replace(result.events[0], actor=Actor("x", "MLI", "MLI"))
        results.append(CodingResult(article, [event]))
    shuffled = list(results)
    rnd.shuffle(shuffled)
    summaries = []
    for order, size in ((results, len(results)), (shuffled, batch_size)):
        with open_store(":memory:") as store:
            store.batch_size = size
            store.write(order)
            events = list(store.events())
            summaries.append(
                (
                    len(events),
                    sum(e["num_mentions"] for e in events),
                    sorted((e["num_articles"], e["num_sources"]) for e in events),
                )
            )
            assert store.counts()["mentions"] == len(results)
    assert summaries[0] == summaries[1]
    expected = cluster(
        Mention.from_event(e, r.article.date) for r in results for e in r.events
    )  # the store agrees with the pure clustering of everything at once
    assert summaries[0][0] == len(expected)


# -- through the real pipeline and store -----------------------------------------

MENAKA_REPORTS = [
    Article(
        id="reuters-2024-03-06-mali",
        source="Reuters",
        date="2024-03-06",
        language="en",
        title="Militants kill nine soldiers in attack on Mali army post",
        text=(
            "BAMAKO, March 6 - Suspected jihadist militants attacked a military post near "
            "Menaka in northeastern Mali on Tuesday, killing at least nine soldiers, two "
            "security sources said. The assailants arrived on motorcycles at dawn and set "
            "fire to vehicles before withdrawing, one of the sources said."
        ),
    ),
    Article(
        id="afp-2024-03-06-menaka",
        source="AFP",
        date="2024-03-06",
        language="en",
        title="Mali army says it repelled assault near Menaka",
        text=(
            "Islamist fighters stormed an army base outside the town of Menaka in Mali on "
            "March 5, the Malian army said in a statement on Wednesday. The army said its "
            "troops repelled the assault and lost several men."
        ),
    ),
    Article(
        id="aljazeera-2024-03-07-sahel",
        source="Al Jazeera",
        date="2024-03-07",
        language="en",
        title="Deadly attack on Malian troops in Menaka",
        text=(
            "Gunmen attacked Malian soldiers at a military camp in Menaka on Tuesday, "
            "according to local officials. The region has seen repeated violence by armed "
            "groups linked to al-Qaeda and ISIL."
        ),
    ),
]
SAME_DAY_ELSEWHERE = Article(
    id="bbc-2024-03-06-mali",
    source="BBC News",
    date="2024-03-06",
    language="en",
    title="Fuel protest in Bamako as violence flares in central Mali",
    text=(
        "Thousands of people protested in Bamako on Tuesday against fuel shortages and power "
        "cuts. In Mopti, gunmen attacked a police station on Tuesday, wounding two officers."
    ),
)


@pytest.fixture(scope="module")
def coded_corpus(pipeline) -> list[CodingResult]:
    return list(pipeline.code([*MENAKA_REPORTS, SAME_DAY_ELSEWHERE]))


def mentions_by_event(store) -> dict[str, list[dict]]:
    by_event: dict[str, list[dict]] = {}
    for row in store.mentions():
        by_event.setdefault(row["event_id"], []).append(row)
    return by_event


def menaka_event(store) -> dict:
    menaka_ids = {a.id for a in MENAKA_REPORTS}
    linked = mentions_by_event(store)
    hits = [
        e
        for e in store.events()
        if {m["article_id"] for m in linked[e["id"]]} & menaka_ids and e["num_articles"] > 1
    ]
    assert len(hits) == 1, hits
    return hits[0]


def test_three_reports_of_one_attack_are_one_event(tmp_path, coded_corpus):
    with open_store(tmp_path / "dedup.duckdb") as store:
        store.write(coded_corpus)
        event = menaka_event(store)
        assert event["event_type"] == "ASSAULT"
        assert (event["num_articles"], event["num_sources"]) == (3, 3)
        assert event["num_mentions"] >= 3
        assert (event["first_seen"], event["last_seen"]) == ("2024-03-06", "2024-03-07")
        first_day = [a.id for a in MENAKA_REPORTS if a.date == "2024-03-06"]
        assert event["article_id"] == min(first_day)
        linked = mentions_by_event(store)[event["id"]]
        assert {m["article_id"] for m in linked} == {a.id for a in MENAKA_REPORTS}
        assert all(m["mention_id"] and m["trigger_start"] is not None for m in linked)
        own = [
            e.confidence
            for r in coded_corpus
            for e in r.events
            if e.id in {m["mention_id"] for m in linked}
        ]
        assert max(own) < event["confidence"] <= 0.99


def test_distinct_events_on_the_same_day_stay_distinct(tmp_path, coded_corpus):
    with open_store(tmp_path / "dedup.duckdb") as store:
        store.write(coded_corpus)
        linked = mentions_by_event(store)
        bbc = {
            e["id"]: e
            for e in store.events()
            if any(m["article_id"] == SAME_DAY_ELSEWHERE.id for m in linked[e["id"]])
        }
        places = {(e["event_type"], (e["location"] or {}).get("name")) for e in bbc.values()}
        assert ("PROTEST", "Bamako") in places
        assert any(kind == "ASSAULT" and name == "Mopti" for kind, name in places)
        for event_id in bbc:  # none of them took in a Menaka report
            assert {m["article_id"] for m in linked[event_id]} == {SAME_DAY_ELSEWHERE.id}
        bbc_events = [e for r in coded_corpus for e in r.events if r.article is SAME_DAY_ELSEWHERE]
        assert not same_event(
            next(e for e in bbc_events if e.event_type == "PROTEST"),
            next(e for e in bbc_events if e.event_type == "ASSAULT"),
        )


def snapshot(store) -> tuple[list[dict], list[dict]]:
    return list(store.events()), list(store.mentions())


def test_ingesting_twice_changes_nothing(tmp_path, coded_corpus):
    with open_store(tmp_path / "dedup.duckdb") as store:
        store.write(coded_corpus)
        before = snapshot(store)
        stats = store.write(coded_corpus)
        assert stats.articles_unchanged == len(coded_corpus)
        assert snapshot(store) == before


def test_article_order_and_batches_do_not_matter(tmp_path, coded_corpus):
    with open_store(tmp_path / "all.duckdb") as together:
        together.write(coded_corpus)
        expected = snapshot(together)
    with open_store(tmp_path / "one-by-one.duckdb") as apart:
        apart.batch_size = 1
        apart.write(reversed(coded_corpus))
        events, mentions = snapshot(apart)
    assert events == expected[0]
    key = ("event_id", "article_id", "mention_id")
    assert sorted(tuple(m[k] for k in key) for m in mentions) == sorted(
        tuple(m[k] for k in key) for m in expected[1]
    )


def test_recoding_an_article_recomputes_its_events(tmp_path, coded_corpus):
    with open_store(tmp_path / "dedup.duckdb") as store:
        store.write(coded_corpus)
        first = menaka_event(store)
        dropped = next(r for r in coded_corpus if r.article.id == first["article_id"])
        # The first report is re-coded and now finds nothing: the event survives on the
        # other two reports, under the next article that reported it.
        assert store.write([CodingResult(dropped.article, [])]).articles_updated == 1
        now = menaka_event(store)
        assert (now["num_articles"], now["num_sources"]) == (2, 2)
        assert now["article_id"] != dropped.article.id
        assert now["first_seen"] == "2024-03-06" and now["last_seen"] == "2024-03-07"
        orphans = set(mentions_by_event(store)) - {e["id"] for e in store.events()}
        assert orphans == set()
        store.write([dropped])  # coded as before again: back to where it was
        assert menaka_event(store) == first
        others = [CodingResult(r.article, []) for r in coded_corpus]
        store.write(others)
        assert store.counts()["events"] == store.counts()["mentions"] == 0


def test_dedup_can_be_switched_off(coded_corpus):
    with open_store(":memory:") as store:
        store.dedup = False
        store.write(coded_corpus)
        n = sum(len(r.events) for r in coded_corpus)
        assert store.counts()["events"] == store.counts()["mentions"] == n


def test_shuffled_pipeline_corpus(tmp_path, coded_corpus):
    """Any order of the four articles, one per batch: one Menaka event of 3 articles."""
    rnd = random.Random(7)
    for attempt in range(3):
        order = list(coded_corpus)
        rnd.shuffle(order)
        with open_store(tmp_path / f"shuffled-{attempt}.duckdb") as store:
            store.batch_size = 1
            store.write(order)
            event = menaka_event(store)
            assert (event["num_articles"], event["num_sources"]) == (3, 3)
