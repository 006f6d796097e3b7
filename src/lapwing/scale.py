"""Coding on several processes, each loading the model once, with results in input order.

Memory stays flat however many articles flow through: at most `2 × workers` chunks are in
flight, and the input iterator is read only as results are handed out. `code_parallel` uses
processes on this machine; `code_dask` the workers of a Dask cluster, writing Parquet there.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lapwing.config import Settings
from lapwing.records import Article, CodingResult, Event, InputFailure

if TYPE_CHECKING:
    from distributed import Client
    from distributed import Future as DaskFuture

    from lapwing.pipeline import Pipeline

# One pipeline per worker process, set by the pool's initializer (module state is the
# standard way to hand a per-process object to ProcessPoolExecutor tasks).
_WORKER_PIPELINE = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_PIPELINE
    from lapwing.pipeline import Pipeline

    _WORKER_PIPELINE = Pipeline(settings)


def _code_chunk(articles: list[Article]) -> list[CodingResult]:
    assert _WORKER_PIPELINE is not None, "worker not initialised"
    return list(_WORKER_PIPELINE.code(articles))


def code_parallel(
    articles: Iterable[Article],
    settings: Settings,
    *,
    workers: int,
    chunk_size: int | None = None,
) -> Iterator[CodingResult]:
    """Code articles on `workers` processes; yields results in input order."""
    if workers <= 1:
        from lapwing import get_pipeline

        yield from get_pipeline(settings).code(articles)
        return
    size = chunk_size or settings.batch_size
    stream = iter(articles)
    # "spawn" keeps workers free of the parent's threads and open handles.
    context = get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(settings.pipeline_key(),),
    ) as pool:
        pending: deque[Future[list[CodingResult]]] = deque()

        def submit_next() -> bool:
            chunk = list(islice(stream, size))
            if chunk:
                pending.append(pool.submit(_code_chunk, chunk))
            return bool(chunk)

        for _ in range(2 * workers):
            if not submit_next():
                break
        while pending:
            results = pending.popleft().result()
            submit_next()
            yield from results


# ---------------------------------------------------------------- Dask
#
# `code_dask` spreads chunks of articles over a Dask cluster (a LocalCluster, or an existing
# one at a scheduler address). Each worker process loads the pipeline on its first chunk and
# keeps it; each chunk's events go straight from the worker to Parquet files, and the client
# gets back a small `ChunkReport` (and the CodingResults only when it asks for them, to print
# or store them). Like `code_parallel`, only a bounded window of chunks is ever in flight.

DASK_CHUNK_SIZE = 64

# Typed Parquet columns: the `lapwing code` JSONL fields (docs/SCHEMA.md) with their types.
_ACTOR = "STRUCT(text VARCHAR, code VARCHAR, country VARCHAR, sector VARCHAR, name VARCHAR)"
_PLACE = (
    "STRUCT(name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, country VARCHAR, "
    "admin1 VARCHAR, precision VARCHAR)"
)
_SPANS = "STRUCT(trigger INTEGER[], actor INTEGER[], recipient INTEGER[], location INTEGER[])"
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("article_id", "VARCHAR"),
    ("date", "DATE"),
    ("date_precision", "VARCHAR"),
    ("event_type", "VARCHAR"),
    ("mode", "VARCHAR"),
    ("context", "VARCHAR[]"),
    ("cameo", "VARCHAR"),
    ("quad_class", "INTEGER"),
    ("goldstein", "DOUBLE"),
    ("actor", _ACTOR),
    ("recipient", _ACTOR),
    ("location", _PLACE),
    ("modality", "VARCHAR"),
    ("sentence", "VARCHAR"),
    ("spans", _SPANS),
    ("source", "VARCHAR"),
    ("url", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("rule", "VARCHAR"),
    ("aspect", "VARCHAR"),
    ("sentence_index", "INTEGER"),
    ("data_version", "VARCHAR"),
    ("fatalities", "INTEGER"),
)


@dataclass(frozen=True, slots=True)
class ChunkReport:
    """What a worker sends back for one chunk of articles."""

    index: int  # position of the chunk in the input, from 0
    articles: int
    events: int  # events kept (those `lapwing code` prints: see Settings.all_modalities)
    files: tuple[str, ...]  # Parquet files written for the chunk
    skipped: tuple[tuple[str, str], ...]  # (origin, reason) of articles returned uncoded
    failed: tuple[InputFailure, ...]  # articles whose coding raised
    worker_pid: int
    pipeline_loads: int  # pipelines the worker process had loaded after this chunk
    results: tuple[CodingResult, ...] | None = None  # only when asked for


_DASK_LOCK = threading.Lock()
_DASK_PIPELINES: dict[Settings, Pipeline] = {}
_DASK_LOADS = 0


def _dask_pipeline(settings: Settings) -> Pipeline:
    """This worker process's pipeline for these settings, loaded on first use."""
    global _DASK_LOADS
    key = settings.pipeline_key()
    with _DASK_LOCK:  # a worker with several threads must still load only once
        if key not in _DASK_PIPELINES:
            from lapwing import get_pipeline

            _DASK_PIPELINES[key] = get_pipeline(key)
            _DASK_LOADS += 1
        return _DASK_PIPELINES[key]


def kept_events(result: CodingResult, settings: Settings) -> list[Event]:
    """The events `lapwing code` prints for an article."""
    return [e for e in result.events if settings.all_modalities or e.realized]


def code_chunk(
    index: int,
    articles: list[Article],
    settings: Settings,
    output: str | None = None,
    run: str = "run",
    return_results: bool = False,
) -> ChunkReport:
    """Code one chunk on a worker; write its events under `output` when given."""
    pipeline = _dask_pipeline(settings)
    results, failed = _code_safely(pipeline, articles)
    events = [e.to_dict() for r in results for e in kept_events(r, settings)]
    files: list[str] = []
    if output is not None and events:
        files = write_events_parquet(events, output, f"part-{run}-{index:06d}")
    skipped = tuple(
        (r.article.origin or r.article.id, r.skipped_reason) for r in results if r.skipped_reason
    )
    return ChunkReport(
        index=index,
        articles=len(articles),
        events=len(events),
        files=tuple(files),
        skipped=skipped,
        failed=tuple(failed),
        worker_pid=os.getpid(),
        pipeline_loads=_DASK_LOADS,
        results=tuple(results) if return_results else None,
    )


def _code_safely(
    pipeline: Pipeline, articles: list[Article]
) -> tuple[list[CodingResult], list[InputFailure]]:
    """Code a chunk; if it raises, code article by article so one bad article costs only
    itself (a 200,000-article job should not stop for one)."""
    try:
        return list(pipeline.code(articles)), []
    except Exception:
        pass
    results: list[CodingResult] = []
    failed: list[InputFailure] = []
    for article in articles:
        try:
            results.extend(pipeline.code([article]))
        except Exception as error:
            reason = f"coding failed: {type(error).__name__}: {error}"
            failed.append(InputFailure(article.origin or article.id, reason, article.id))
    return results, failed


def write_events_parquet(events: list[dict[str, Any]], directory: str, name: str) -> list[str]:
    """Write event dicts (`Event.to_dict()`) under `directory` as `year=YYYY/month=MM/`
    partitions, in files `{name}-{i}.parquet`; returns the files written.

    pandas and pyarrow are not needed: DuckDB reads a temporary JSONL with typed columns.
    Rewriting the same `name` replaces its files, so a retried chunk leaves no duplicates.
    """
    import duckdb

    from lapwing.export import sql_string

    columns = "{" + ", ".join(f"'{n}': '{t}'" for n, t in EVENT_COLUMNS) + "}"
    names = ", ".join(n for n, _ in EVENT_COLUMNS)
    with tempfile.TemporaryDirectory(prefix="lapwing-chunk-") as tmp:
        source = Path(tmp) / "events.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for event in events:
                handle.write(json.dumps(event, ensure_ascii=False) + "\n")
        con = duckdb.connect(config={"threads": 1})  # one task, one core
        try:
            (_, files), *_ = con.execute(
                f"COPY (SELECT {names}, strftime(date, '%Y') AS year, "
                f"strftime(date, '%m') AS month "
                f"FROM read_json({sql_string(str(source))}, format='newline_delimited', "
                f"columns={columns})) "
                f"TO {sql_string(directory)} (FORMAT PARQUET, PARTITION_BY (year, month), "
                f"FILENAME_PATTERN {sql_string(name + '-{i}')}, OVERWRITE_OR_IGNORE, "
                f"RETURN_FILES)"
            ).fetchall()
        finally:
            con.close()
    return list(files)


def code_dask(
    articles: Iterable[Article],
    settings: Settings,
    client: Client,
    *,
    output: str | Path | None = None,
    return_results: bool = False,
    chunk_size: int = DASK_CHUNK_SIZE,
    max_in_flight: int | None = None,
) -> Iterator[ChunkReport]:
    """Code articles on a Dask cluster, one chunk per task; yields reports in input order.

    At most `max_in_flight` chunks (default: twice the cluster's threads) are submitted
    and not yet handed out, so the input is read only as fast as the cluster codes it.
    `output` must be a directory every worker can write to (a shared file system when the
    cluster spans machines); file names carry a per-call run id and the chunk index.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be >= 1")
    if max_in_flight is None:
        max_in_flight = 2 * max(1, sum(client.nthreads().values()))
    target = None if output is None else str(Path(output).resolve())
    run = uuid.uuid4().hex[:8]
    stream = iter(articles)
    pending: deque[DaskFuture] = deque()
    submitted = 0

    def submit_next() -> bool:
        nonlocal submitted
        chunk = list(islice(stream, chunk_size))
        if chunk:
            pending.append(
                client.submit(
                    code_chunk,
                    submitted,
                    chunk,
                    settings,
                    target,
                    run,
                    return_results,
                    key=f"lapwing-chunk-{run}-{submitted}",
                    pure=False,
                )  # fmt: skip
            )
            submitted += 1
        return bool(chunk)

    try:
        while len(pending) < max_in_flight and submit_next():
            pass
        while pending:
            future = pending.popleft()
            report = future.result()
            future.release()
            submit_next()
            yield report
    finally:
        if pending:  # the caller stopped early or a task failed: drop the rest
            client.cancel(list(pending))


@contextmanager
def dask_client(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a new LocalCluster on this machine
    with `workers` single-threaded processes (default: one per core)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,  # shutdown chatter; task errors reach the client
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def write_results_parquet(
    results: Iterable[CodingResult],
    settings: Settings,
    output: str | Path,
    *,
    chunk_size: int = DASK_CHUNK_SIZE,
) -> Iterator[CodingResult]:
    """Pass results through, writing their events as `code_chunk` does (for the local
    engines, so `--output` means the same dataset whatever codes it)."""
    target = str(Path(output).resolve())
    run = uuid.uuid4().hex[:8]
    events: list[dict[str, Any]] = []
    chunk, in_chunk = 0, 0
    for result in results:
        events.extend(e.to_dict() for e in kept_events(result, settings))
        in_chunk += 1
        yield result
        if in_chunk == chunk_size:
            if events:
                write_events_parquet(events, target, f"part-{run}-{chunk:06d}")
            events, chunk, in_chunk = [], chunk + 1, 0
    if events:
        write_events_parquet(events, target, f"part-{run}-{chunk:06d}")
