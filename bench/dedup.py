"""How cross-article deduplication scales: synthetic mentions, clustered at once and stored.

    python bench/dedup.py                                  # 100k and 1M mentions, 100k via DuckDB
    python bench/dedup.py --sizes 100000 --store-size 0    # a quick look
    python bench/dedup.py --json out.json

The mentions imitate a year of news coding: real events drawn with Zipf-skewed countries
(60), places (30 per country) and PLOVER types, dated uniformly over 2024, each reported
by a geometric number of articles (mean 2.5) from 200 outlets; each report blurs its event
the way coders do (date precision day / publication / week / month / year, a coarser place
or none, a less specific actor code or none, one in ten not realized).

Each size runs in a fresh process (`spawn`): generate, then time `dedup.cluster` and, as the
baseline from the same run and process, sorting the same mentions by their block key and
date (an O(n log n) reference). Peak memory is the process's ru_maxrss. The growth ratio
time(big)/time(small) is printed beside the size ratio (linear) and the baseline's ratio.
The store figure writes the mentions as articles (3 events each, in publication order) into
a fresh DuckDB file with `Store.write`, batches of 500 articles, with and without dedup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TYPES = {
    "CONSULT": 20, "ASSAULT": 15, "ACCUSE": 8, "AGREE": 6, "SUPPORT": 6, "PROTEST": 6,
    "AID": 5, "COOPERATE": 5, "REQUEST": 5, "COERCE": 5, "THREATEN": 4, "REJECT": 4,
    "SANCTION": 3, "MOBILIZE": 3, "RETREAT": 3, "CONCEDE": 2,
}  # fmt: skip
CAMEO_ROOT = {
    "CONSULT": "04", "ASSAULT": "19", "ACCUSE": "11", "AGREE": "05", "SUPPORT": "05",
    "PROTEST": "14", "AID": "07", "COOPERATE": "06", "REQUEST": "02", "COERCE": "17",
    "THREATEN": "13", "REJECT": "12", "SANCTION": "16", "MOBILIZE": "15", "RETREAT": "08",
    "CONCEDE": "08",
}  # fmt: skip
SECTORS = ["GOV", "MIL", "REB", "INS", "CVL", "COP", "OPP", "BUS", "MED", "NGO"]
N_COUNTRIES, N_PLACES, N_OUTLETS = 60, 30, 200
YEAR = 2024


def _zipf(n: int, s: float = 1.1) -> list[float]:
    return [1 / (k + 1) ** s for k in range(n)]


def generate(n: int, seed: int = 1) -> list[Any]:
    """n synthetic mentions (dedup.Mention), deterministic for a seed."""
    from lapwing.stages.dedup import Mention

    rnd = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(N_COUNTRIES)]
    places = {
        c: [
            (f"{c}-P{j}", rnd.uniform(-40, 60), rnd.uniform(-100, 140), f"{c}-A{j % 6}")
            for j in range(N_PLACES)
        ]
        for c in countries
    }
    country_w, place_w = _zipf(N_COUNTRIES), _zipf(N_PLACES)
    types, type_w = list(TYPES), list(TYPES.values())
    start = dt.date(YEAR, 1, 1).toordinal()
    out: list[Any] = []
    article, event_no = 0, 0
    while len(out) < n:
        event_no += 1
        kind = rnd.choices(types, type_w)[0]
        country = rnd.choices(countries, country_w)[0]
        name, lat, lon, admin1 = rnd.choices(places[country], place_w)[0]
        day = start + rnd.randrange(366)
        other = country if rnd.random() < 0.6 else rnd.choices(countries, country_w)[0]
        actor = country + rnd.choice(SECTORS)
        recipient = other + rnd.choice(SECTORS) if rnd.random() < 0.8 else None
        reports = 1
        while rnd.random() < 0.6:  # geometric, mean 2.5
            reports += 1
        for _ in range(min(reports, n - len(out))):
            article += 1
            published = day + rnd.choice((0, 0, 1, 1, 2))
            precision = rnd.choices(
                ["day", "publication", "week", "month", "year"], [60, 25, 5, 7, 3]
            )[0]
            date = {
                "day": day,
                "publication": published,
                "week": day - dt.date.fromordinal(day).weekday(),
                "month": dt.date.fromordinal(day).replace(day=1).toordinal(),
                "year": start,
            }[precision]
            where = rnd.choices(["city", "admin1", "country", None], [55, 10, 25, 10])[0]
            level = rnd.random()
            out.append(
                Mention(
                    id=f"ev{len(out)}",
                    article_id=f"art{article // 3}",
                    event_type=kind,
                    cameo=CAMEO_ROOT[kind] + "0",
                    date=dt.date.fromordinal(date).isoformat(),
                    date_precision=precision,
                    modality=rnd.choices(
                        ["asserted", "reported", "negated", "hypothetical", "future"],
                        [60, 30, 4, 3, 3],
                    )[0],
                    actor=actor if level < 0.6 else (country if level < 0.85 else None),
                    recipient=recipient if rnd.random() < 0.85 else None,
                    actor_country=country if level < 0.85 else None,
                    recipient_country=other if recipient else None,
                    lat=lat if where else None,
                    lon=lon if where else None,
                    place_country=country if where else None,
                    admin1=admin1 if where in ("city", "admin1") else None,
                    place_precision=where,
                    place_name=name if where else None,
                    source=f"outlet {rnd.randrange(N_OUTLETS)}",
                    published=dt.date.fromordinal(published).isoformat(),
                    confidence=round(rnd.uniform(0.4, 0.9), 2),
                    sentence_index=rnd.randrange(20),
                )
            )
    return out


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure_pure(n: int, results: Any) -> None:
    from lapwing.stages import dedup

    t0 = time.perf_counter()
    mentions = generate(n)
    generated_s = time.perf_counter() - t0
    rss_data = _maxrss_mib()
    t0 = time.perf_counter()
    baseline = sorted(mentions, key=lambda m: (dedup.block_key(m) or ("", ""), m.date, m.id))
    baseline_s = time.perf_counter() - t0
    del baseline
    t0 = time.perf_counter()
    clusters = dedup.cluster(mentions)
    cluster_s = time.perf_counter() - t0
    results.put(
        {
            "what": "cluster",
            "mentions": n,
            "events": len(clusters),
            "merged_events": sum(1 for c in clusters if len(c) > 1),
            "generate_s": generated_s,
            "baseline_sort_s": baseline_s,
            "cluster_s": cluster_s,
            "rss_after_generate_mib": rss_data,
            "peak_rss_mib": _maxrss_mib(),
        }
    )


def _as_results(mentions: list[Any]) -> list[Any]:
    from lapwing.records import Actor, Article, CodingResult, Event, Place

    by_article: dict[str, list[Any]] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    results = []
    for article_id, group in by_article.items():
        first = group[0]
        article = Article(
            id=article_id, text="x", date=first.published, source=first.source, language="en"
        )
        events = []
        for i, m in enumerate(group):
            place = None
            if m.place_precision:
                place = Place(
                    m.place_name, None, m.lat, m.lon, m.place_country, m.admin1, m.place_precision
                )
            events.append(
                Event(
                    id=m.id,
                    article_id=article_id,
                    date=m.date,
                    date_precision=m.date_precision,
                    event_type=m.event_type,
                    mode=None,
                    context=[],
                    cameo=m.cameo,
                    quad_class=4,
                    goldstein=-5.0,
                    actor=Actor(None, m.actor, m.actor_country) if m.actor_country else None,
                    recipient=Actor(None, m.recipient, m.recipient_country)
                    if m.recipient
                    else None,
                    location=place,
                    modality=m.modality,
                    sentence="s",
                    spans={"trigger": (0, 1)},
                    source=first.source,
                    url=None,
                    confidence=m.confidence,
                    rule="bench",
                    sentence_index=i,
                )  # fmt: skip
            )
        results.append(CodingResult(article, events))
    # News reaches a store roughly in publication order, so each batch meets the
    # stored events of the last few days rather than of the whole year.
    results.sort(key=lambda r: (r.article.date, r.article.id))
    return results


def _measure_store(n: int, results: Any) -> None:
    from lapwing.store import open_store

    coded = _as_results(generate(n))
    with tempfile.TemporaryDirectory() as tmp:
        timings = {}
        for dedup_on in (False, True):
            path = Path(tmp) / f"bench-{dedup_on}.duckdb"
            with open_store(path) as store:
                store.dedup = dedup_on
                t0 = time.perf_counter()
                store.write(coded)
                timings[dedup_on] = time.perf_counter() - t0
                counts = store.counts()
        results.put(
            {
                "what": "store",
                "mentions": n,
                "articles": len(coded),
                "events": counts["events"],
                "write_s_without_dedup": timings[False],
                "write_s_with_dedup": timings[True],
                "peak_rss_mib": _maxrss_mib(),
            }
        )


def _run(target: Any, n: int) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    proc = ctx.Process(target=target, args=(n, results))
    proc.start()
    row = results.get()
    proc.join()
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--store-size", type=int, default=100_000, help="0 to skip")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = []
    print(
        f"{'mentions':>10} {'events':>9} {'merged':>8} {'cluster s':>10} {'sort s':>8} "
        f"{'peak RSS MiB':>13}"
    )
    for n in args.sizes:
        print(f"clustering {n:,} mentions ...", file=sys.stderr)
        row = _run(_measure_pure, n)
        rows.append(row)
        print(
            f"{n:>10,} {row['events']:>9,} {row['merged_events']:>8,} {row['cluster_s']:>10.2f} "
            f"{row['baseline_sort_s']:>8.2f} {row['peak_rss_mib']:>13.0f}"
        )
    if len(rows) >= 2:
        small, big = rows[0], rows[-1]
        size = big["mentions"] / small["mentions"]
        print(
            f"growth x{size:.0f} mentions: cluster x{big['cluster_s'] / small['cluster_s']:.1f}, "
            f"sort baseline x{big['baseline_sort_s'] / small['baseline_sort_s']:.1f}, "
            f"linear x{size:.0f}"
        )
    if args.store_size:
        print(f"writing {args.store_size:,} mentions to DuckDB ...", file=sys.stderr)
        row = _run(_measure_store, args.store_size)
        rows.append(row)
        print(
            f"store: {row['mentions']:,} mentions in {row['articles']:,} articles -> "
            f"{row['events']:,} events; write {row['write_s_with_dedup']:.1f} s with dedup, "
            f"{row['write_s_without_dedup']:.1f} s without; peak RSS {row['peak_rss_mib']:.0f} MiB"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
