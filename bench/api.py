"""Latency of the HTTP API over a big store, next to bare DuckDB on the same table.

    python bench/api.py                          # 1,000,000 synthetic events, 30 runs each
    python bench/api.py --events 100000 --repeat 50 --json out.json

The store is generated in SQL (DuckDB `range()` and `hash()`: deterministic, a few
seconds) and cached in bench/.cache/. Requests go through the whole ASGI app (routing,
validation, JSON encoding) with an in-process httpx client, one at a time; each case is
run twice to warm up, then `--repeat` times. The baseline rows time bare SQL on the same
connection-less file: `SELECT count(*)` and the filtered count the API case implies.
Goal: p95 < 200 ms for every case.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import duckdb
import httpx

from lapwing.api import create_app
from lapwing.store import open_store

CACHE = Path(__file__).resolve().parent / ".cache"
TYPES = [  # (PLOVER type, CAMEO, QuadClass, Goldstein)
    ("AGREE", "057", 1, 3.0),
    ("CONSULT", "040", 1, 1.0),
    ("SUPPORT", "051", 1, 3.4),
    ("CONCEDE", "080", 2, 5.0),
    ("COOPERATE", "061", 2, 6.4),
    ("AID", "070", 2, 7.0),
    ("RETREAT", "087", 2, 9.0),
    ("REQUEST", "020", 1, 3.0),
    ("ACCUSE", "112", 3, -2.0),
    ("REJECT", "120", 3, -4.0),
    ("THREATEN", "130", 3, -4.4),
    ("PROTEST", "140", 3, -6.5),
    ("SANCTION", "163", 4, -8.0),
    ("MOBILIZE", "150", 4, -7.2),
    ("COERCE", "173", 4, -5.0),
    ("ASSAULT", "190", 4, -10.0),
]
COUNTRIES = [
    "NER",
    "MLI",
    "BFA",
    "NGA",
    "UKR",
    "RUS",
    "USA",
    "CHN",
    "IRN",
    "IRQ",
    "SYR",
    "TUR",
    "ISR",
    "PSE",
    "LBN",
    "YEM",
    "SAU",
    "EGY",
    "LBY",
    "SDN",
    "ETH",
    "SOM",
    "KEN",
    "COD",
    "CAF",
    "AFG",
    "PAK",
    "IND",
    "MMR",
    "PHL",
    "FRA",
    "DEU",
    "GBR",
    "POL",
    "BLR",
    "VEN",
    "COL",
    "MEX",
    "BRA",
    "HTI",
]
SECTORS = ["GOV", "MIL", "REB", "COP", "OPP", "CVL", "MED", "BUS"]
WORDS = ["troops", "protesters", "officials", "rebels", "police", "ministers", "militants"]


def build(path: Path, n: int) -> None:
    """A lapwing store with n synthetic events (and 1 article per 10 events)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with open_store(path):
        pass  # the schema, exactly as lapwing creates it
    conn = duckdb.connect(str(path))
    types = ", ".join(f"('{t}', '{c}', {q}, {g})" for t, c, q, g in TYPES)
    countries = ", ".join(f"('{c}', {i})" for i, c in enumerate(COUNTRIES))
    sectors = "[" + ", ".join(f"'{s}'" for s in SECTORS) + "]"
    words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    conn.execute(f"CREATE TEMP TABLE t(event_type, cameo, quad_class, goldstein) AS VALUES {types}")
    conn.execute(f"CREATE TEMP TABLE c(code, k) AS VALUES {countries}")
    conn.execute(
        f"""
        INSERT INTO events
        WITH r AS (
            SELECT i,
                hash(i, 1) % {len(TYPES)} AS ti, hash(i, 2) % {len(COUNTRIES)} AS ai,
                hash(i, 3) % {len(COUNTRIES)} AS ri, hash(i, 4) % 8 AS asec,
                hash(i, 5) % 8 AS rsec, hash(i, 6) % 3653 AS day, hash(i, 7) % 10 AS flags,
                (hash(i, 8) % 10000) / 10000.0 AS u, (hash(i, 9) % 10000) / 10000.0 AS v
            FROM range({n}) AS s(i)
        ), tt AS (SELECT row_number() OVER () - 1 AS k, * FROM t)
        SELECT
            'ev-' || lpad(CAST(i AS VARCHAR), 9, '0'), 'art-' || CAST(i // 10 AS VARCHAR),
            DATE '2015-01-01' + CAST(day AS INTEGER), 'day', tt.event_type, NULL, '[]',
            tt.cameo, tt.quad_class, tt.goldstein,
            a.code || ' ' || {words}[1 + CAST(i % 7 AS INTEGER)],
            a.code || {sectors}[1 + CAST(asec AS INTEGER)], a.code,
            {sectors}[1 + CAST(asec AS INTEGER)], NULL,
            CASE WHEN flags < 8 THEN rc.code || ' officials' END,
            CASE WHEN flags < 8 THEN rc.code || {sectors}[1 + CAST(rsec AS INTEGER)] END,
            CASE WHEN flags < 8 THEN rc.code END,
            CASE WHEN flags < 8 THEN {sectors}[1 + CAST(rsec AS INTEGER)] END, NULL,
            CASE WHEN flags < 9 THEN 'Place ' || a.code || CAST(i % 50 AS VARCHAR) END,
            NULL,
            CASE WHEN flags < 9 THEN -35 + 80 * u END,
            CASE WHEN flags < 9 THEN -120 + 240 * v END,
            CASE WHEN flags < 9 THEN a.code END, NULL,
            CASE WHEN flags < 9 THEN 'city' END,
            CASE WHEN flags = 9 THEN 'negated' WHEN flags = 8 THEN 'reported' ELSE 'asserted' END,
            'event',
            a.code || ' ' || {words}[1 + CAST(i % 7 AS INTEGER)] || ' acted against '
                || rc.code || ' ' || {words}[1 + CAST((i // 7) % 7 AS INTEGER)] || ' on day '
                || CAST(day AS VARCHAR) || '.',
            0, '{{"trigger": [10, 15], "actor": [0, 9], "recipient": null, "location": null}}',
            'Synthetic Wire', NULL, 0.5 + u / 2, 'synthetic', 'bench', 1, 1, 1, NULL, NULL
        FROM r JOIN tt ON tt.k = r.ti JOIN c a ON a.k = r.ai JOIN c rc ON rc.k = r.ri
        """
    )
    conn.execute(
        f"""
        INSERT INTO articles SELECT 'art-' || CAST(i AS VARCHAR), 'Article ' || CAST(i AS VARCHAR),
            '2020-01-01', 'Synthetic Wire', NULL, 'en', NULL, 'text', 10, NULL, 'x',
            TIMESTAMP '2024-01-01 00:00:00'
        FROM range({n // 10}) AS s(i)
        """
    )
    conn.execute("CHECKPOINT")
    conn.close()


CASES = [
    ("events: first page (sort date)", "/events?limit=100"),
    ("events: newest first", "/events?sort=-date&limit=100"),
    ("events: country", "/events?country=NER&limit=100&sort=-date"),
    ("events: actor+type+since", "/events?actor=RUS&event_type=ASSAULT&since=2020-01&limit=100"),
    ("events: bbox", "/events?bbox=0,10,20,20&limit=100"),
    ("events: text search q", "/events?q=rebels%20acted%20against%20UKR&limit=100"),
    ("events: page 2 (cursor)", None),
    ("events: with count=true", "/events?country=UKR&count=true&limit=100"),
    ("events: csv", "/events?country=NER&limit=500&format=csv"),
    ("events/{id}", "/events/ev-000500000"),
    ("stats: default (auto, top, dyads)", "/stats"),
    ("stats: country filter", "/stats?country=NER"),
    ("stats: by country, no time", "/stats?group_by=country&interval=none&top=0&dyads=0"),
    ("map: 1500 points (1° grid)", "/map?limit=1500"),
    ("actors", "/actors?limit=100"),
]
BASELINES = [
    ("SELECT count(*) FROM events", []),
    (
        "SELECT count(*) FROM events WHERE location_country = ? OR actor_country = ? "
        "OR recipient_country = ?",
        ["NER"] * 3,
    ),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(app, repeat: int) -> list[tuple[str, float, float, int]]:
    transport = httpx.ASGITransport(app=app)
    rows = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        first = await client.get("/events?limit=100")
        cursor = first.json()["next_cursor"]
        for name, url in CASES:
            url = url or f"/events?limit=100&cursor={cursor}"
            times = []
            for run in range(repeat + 2):
                start = time.perf_counter()
                response = await client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
                if run >= 2:
                    times.append(elapsed)
            rows.append((name, statistics.median(times), percentile(times, 0.95), len(times)))
    return rows


def baseline(path: Path, repeat: int) -> list[tuple[str, float, float, int]]:
    conn = duckdb.connect(str(path), read_only=True)
    rows = []
    for sql, params in BASELINES:
        times = []
        for run in range(repeat + 2):
            start = time.perf_counter()
            conn.execute(sql, params).fetchall()
            if run >= 2:
                times.append((time.perf_counter() - start) * 1000)
        rows.append(
            (f"bare SQL: {sql[:60]}", statistics.median(times), percentile(times, 0.95), len(times))
        )
    conn.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="Regenerate the cached store.")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args(argv)
    if args.events < 1000 or args.repeat < 1:
        parser.error("--events >= 1000 and --repeat >= 1")
    path = CACHE / f"api-{args.events}.duckdb"
    if args.rebuild or not path.exists():
        start = time.perf_counter()
        print(f"building {path} with {args.events:,} events...", file=sys.stderr)
        build(path, args.events)
        print(f"built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    base = baseline(path, args.repeat)
    app = create_app(path)
    rows = asyncio.run(measure(app, args.repeat))
    width = max(len(r[0]) for r in base + rows)
    print(f"{args.events:,} events, {args.repeat} runs per case (in-process ASGI client)")
    print(f"{'case':<{width}}  {'p50 ms':>8}  {'p95 ms':>8}")
    for name, p50, p95, _ in base:
        print(f"{name:<{width}}  {p50:8.1f}  {p95:8.1f}")
    for name, p50, p95, _ in rows:
        flag = "" if p95 < 200 else "  > 200 ms"
        print(f"{name:<{width}}  {p50:8.1f}  {p95:8.1f}{flag}")
    if args.json:
        figures = [{"case": n, "p50_ms": a, "p95_ms": b, "runs": k} for n, a, b, k in base + rows]
        args.json.write_text(json.dumps({"events": args.events, "figures": figures}, indent=2))
    return 0 if all(p95 < 200 for _, _, p95, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
