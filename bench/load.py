"""Load test: `lapwing serve` under many concurrent clients, on a loopback port.

    python bench/load.py                                 # demo store, 200 clients, 4,000 requests
    python bench/load.py --db lapwing.duckdb --clients 50 --requests 10000 --duration 60
    python bench/load.py --json load.json

Starts `lapwing serve` (uvicorn, one process) on a free 127.0.0.1 port over a store (by
default the demo corpus, coded once into bench/.cache/), then runs `--clients` asyncio
clients sharing one httpx.AsyncClient. Each takes the next request of a fixed, seeded mix --
/events with filters (45%), /stats with filters (30%), /events/{id} of a stored event (25%)
-- until `--requests` were sent or `--duration` seconds have passed, whichever comes first.
It prints throughput, latency percentiles per endpoint and overall, and errors (transport
errors, timeouts, and any status other than 200), stops the server and exits: 0 when no
request failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

CACHE = Path(__file__).resolve().parent / ".cache"

COUNTRIES = ["NER", "RUS", "UKR", "USA", "MLI", "FRA", "CHN", "ISR", "PSE", "GBR"]
TYPES = ["ASSAULT", "AID", "CONSULT", "ACCUSE", "COERCE", "COOPERATE", "AGREE", "PROTEST"]
ACTORS = ["RUS", "USA", "NER", "GOV", "MIL", "RUSMIL", "UKR"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_db() -> Path:
    from lapwing.api import demo_store

    return demo_store(CACHE)


def start_server(db: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "lapwing", "serve", "--db", str(db), "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k not in ("LAPWING_TOKEN", "LAPWING_READ_TOKEN")}
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def wait_ready(base: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"lapwing serve exited: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("lapwing serve did not answer /health in time")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def request_mix(n: int, event_ids: list[str], seed: int) -> list[tuple[str, str, dict]]:
    """(label, path, params) for n requests, drawn once so every run sends the same."""
    rng = random.Random(seed)
    mix = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.45 or not event_ids:
            params: dict = {"limit": rng.choice([10, 50, 100])}
            for name, values in (("country", COUNTRIES), ("event_type", TYPES),
                                 ("actor", ACTORS)):  # fmt: skip
                if rng.random() < 0.3:
                    params[name] = rng.choice(values)
            if rng.random() < 0.3:
                params["since"] = f"{rng.randint(2010, 2024)}"
            if rng.random() < 0.2:
                params["modality"] = "all"
            mix.append(("/events", "/events", params))
        elif roll < 0.75:
            params = {"interval": rng.choice(["auto", "month", "year"])}
            if rng.random() < 0.5:
                params["country"] = rng.choice(COUNTRIES)
            if rng.random() < 0.3:
                params["group_by"] = rng.choice(["event_type", "quad_class", "country"])
            mix.append(("/stats", "/stats", params))
        else:
            mix.append(("/events/{id}", "/events/" + rng.choice(event_ids), {}))
    return mix


async def run_load(base: str, mix: list, clients: int, duration: float) -> dict:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    statuses: Counter = Counter()
    position = 0
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(30.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:

        async def worker() -> None:
            nonlocal position
            while position < len(mix) and time.monotonic() < deadline:
                label, path, params = mix[position]
                position += 1
                started = time.perf_counter()
                try:
                    response = await client.get(path, params=params)
                except httpx.TimeoutException:
                    errors[f"{label}: timeout"] += 1
                    continue
                except httpx.HTTPError as error:
                    errors[f"{label}: {type(error).__name__}"] += 1
                    continue
                latencies[label].append(time.perf_counter() - started)
                statuses[response.status_code] += 1
                if response.status_code != 200:
                    errors[f"{label}: HTTP {response.status_code}"] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "statuses": statuses, "elapsed": elapsed}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summarize(result: dict, clients: int) -> dict:
    everything = [x for values in result["latencies"].values() for x in values]
    completed = len(everything)
    failed = sum(result["errors"].values())

    def row(values: list[float]) -> dict:
        return {
            "requests": len(values),
            "p50_ms": round(1000 * percentile(values, 50), 1),
            "p90_ms": round(1000 * percentile(values, 90), 1),
            "p99_ms": round(1000 * percentile(values, 99), 1),
            "max_ms": round(1000 * max(values), 1) if values else None,
            "mean_ms": round(1000 * statistics.fmean(values), 1) if values else None,
        }

    return {
        "clients": clients,
        "requests": completed + sum(v for k, v in result["errors"].items() if "HTTP" not in k),
        "completed": completed,
        "seconds": round(result["elapsed"], 2),
        "throughput_rps": round(completed / result["elapsed"], 1) if result["elapsed"] else 0,
        "errors": failed,
        "error_kinds": dict(result["errors"]),
        "statuses": {str(k): v for k, v in sorted(result["statuses"].items())},
        "overall": row(everything),
        "by_endpoint": {
            label: row(values) for label, values in sorted(result["latencies"].items())
        },
    }


def print_report(summary: dict) -> None:
    print(
        f"{summary['completed']} requests from {summary['clients']} clients in "
        f"{summary['seconds']} s: {summary['throughput_rps']} requests/s, "
        f"{summary['errors']} error(s)"
    )
    header = f"{'endpoint':<14}{'n':>7}{'p50 ms':>10}{'p90 ms':>10}{'p99 ms':>10}{'max ms':>10}"
    print(header)
    rows = [*summary["by_endpoint"].items(), ("all", summary["overall"])]
    for label, row in rows:
        print(f"{label:<14}{row['requests']:>7}{row['p50_ms']:>10}{row['p90_ms']:>10}"
              f"{row['p99_ms']:>10}{row['max_ms']:>10}")  # fmt: skip
    for kind, count in summary["error_kinds"].items():
        print(f"  error: {kind} x{count}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="store to serve (default: the demo store)")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds at most")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    db = args.db or demo_db()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"serving {db} on {base}", file=sys.stderr)
    server = start_server(db, port)
    try:
        wait_ready(base, server)
        listed = httpx.get(base + "/events", params={"modality": "all", "limit": 500}, timeout=30)
        event_ids = [e["id"] for e in listed.json()["events"]]
        mix = request_mix(args.requests, event_ids, args.seed)
        result = asyncio.run(run_load(base, mix, args.clients, args.duration))
        alive = server.poll() is None
    finally:
        stop_server(server)
    summary = summarize(result, args.clients)
    summary["server_survived"] = alive
    summary["store_events"] = len(event_ids)
    print_report(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0 if summary["errors"] == 0 and alive else 1


if __name__ == "__main__":
    sys.exit(main())
