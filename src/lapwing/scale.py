"""Coding on several processes, each loading the model once, with results in input order.

Memory stays flat however many articles flow through: at most `2 × workers` chunks are in
flight, and the input iterator is read only as results are handed out.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context

from lapwing.config import Settings
from lapwing.records import Article, CodingResult

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
