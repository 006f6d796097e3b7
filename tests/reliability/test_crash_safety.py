"""Crash safety: `lapwing ingest` killed with SIGKILL at random moments, then rerun, stores
exactly what one clean run stores -- every article, event, mention and error row once."""

from __future__ import annotations

import os
import random
import signal
import time

import pytest
from _store_checks import content, invariants, lapwing, run, write_corpus

KILLS = 5
SMALL_BATCH = 4  # articles per commit in the killed runs: kills land between commits too


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """One uninterrupted run, and how long it took."""
    folder = tmp_path_factory.mktemp("crash")
    corpus = write_corpus(folder / "corpus.jsonl")
    db = folder / "clean.duckdb"
    started = time.perf_counter()
    done = run("ingest", str(corpus), "--db", str(db))
    elapsed = time.perf_counter() - started
    assert done.returncode == 1, done.stderr  # two unreadable lines
    assert "Traceback" not in done.stderr
    assert invariants(db) == []
    return corpus, content(db), elapsed


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun_stores_everything_once(clean, tmp_path):
    corpus, expected, elapsed = clean
    db = tmp_path / "killed.duckdb"
    rng = random.Random(int(os.environ.get("LAPWING_CRASH_SEED", "20240412")))
    history = []
    for attempt in range(KILLS):
        # Early kills hit start-up and schema creation, later ones coding and commits.
        delay = rng.uniform(0.3, max(1.0, elapsed * 0.95))
        child = lapwing("ingest", str(corpus), "--db", str(db), batch=SMALL_BATCH)
        time.sleep(delay)
        finished = child.poll() is not None
        if not finished:
            child.send_signal(signal.SIGKILL)
        _, err = child.communicate(timeout=60)
        assert "Traceback" not in err, err[-2000:]
        stored = 0
        if db.exists():
            problems = invariants(db)
            assert problems == [], (attempt, delay, problems)
            stored = len(content(db)["articles"])
        history.append((round(delay, 2), "finished" if finished else "killed", stored))
    done = run("ingest", str(corpus), "--db", str(db))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert invariants(db) == []
    got = content(db)
    for table in expected:
        assert got[table] == expected[table], (table, history)
    print("kills (delay s, outcome, articles stored):", history)
