"""`get_pipeline` under concurrency: simultaneous first calls load one pipeline, not one each."""

from __future__ import annotations

import os
import threading
import time

import lapwing
import lapwing.pipeline
from lapwing.config import Settings


def test_concurrent_first_calls_load_one_pipeline(monkeypatch):
    loads: list[int] = []

    class SlowPipeline:
        def __init__(self, key: Settings) -> None:
            loads.append(threading.get_ident())
            time.sleep(0.5)  # as the model load takes seconds

    monkeypatch.setattr(lapwing.pipeline, "Pipeline", SlowPipeline)
    # A key no other test uses, so the cached real pipelines are neither hit nor dropped.
    settings = Settings(max_chars=1_000_003 + os.getpid() % 997)
    start = threading.Barrier(8)
    got: list[object] = []

    def first_call() -> None:
        start.wait()
        got.append(lapwing.get_pipeline(settings))

    threads = [threading.Thread(target=first_call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1
    assert len(got) == 8 and all(p is got[0] for p in got)
