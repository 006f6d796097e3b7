"""Two processes and one DuckDB file: the second gets a clear message (exit 1, no
traceback) while the first writes, and the file is never corrupted. (PostgreSQL, which
several processes may write at once, is tested in tests/test_store_postgres.py.)"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from _store_checks import content, invariants, lapwing, run, write_corpus


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _holds(pid: int, path: Path) -> bool:
    """Whether process `pid` has `path` open (Linux /proc)."""
    folder = Path(f"/proc/{pid}/fd")
    try:
        links = [os.readlink(folder / fd) for fd in os.listdir(folder)]
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False
    return str(path) in links


def _wait_until_open(child, path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            pytest.fail(f"the first writer ended early: {child.communicate()[1][-2000:]}")
        if _holds(child.pid, path):
            return
        time.sleep(0.05)
    pytest.fail("the first writer never opened the store")


@pytest.mark.slow
def test_second_writer_gets_a_clear_message_and_nothing_is_corrupted(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", n=40)
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "other", "text": "Russian troops attacked rebels."}))
    db = tmp_path / "shared.duckdb"
    first = lapwing("ingest", str(corpus), "--db", str(db), batch=4)
    _wait_until_open(first, db)
    contenders = {
        "ingest": ("ingest", str(other), "--db", str(db)),
        "code --db": ("code", str(other), "--db", str(db)),
        "events": ("events", "--db", str(db), "--format", "jsonl"),
        "export": ("export", "--db", str(db), "--format", "csv"),
        "serve": ("serve", "--db", str(db), "--port", str(_free_port())),
    }
    refused = {}
    for name, args in contenders.items():
        started = time.monotonic()
        try:
            done = run(*args, timeout=60)
        except subprocess.TimeoutExpired:
            if first.poll() is None:
                raise
            break  # the writer finished as it started: `serve` got the store and served
        if first.poll() is not None:
            break  # the first writer finished: the lock is gone, nothing left to test
        refused[name] = time.monotonic() - started
        assert done.returncode == 1, (name, done.returncode, done.stderr[-2000:])
        assert "Traceback" not in done.stderr, (name, done.stderr[-3000:])
        assert "locked by another lapwing process" in done.stderr, (name, done.stderr)
        assert str(first.pid) in done.stderr, (name, done.stderr)  # who holds it
        assert done.stdout == "", name  # no half output
    _, err = first.communicate(timeout=300)
    assert first.returncode == 1, err  # the corpus holds two unreadable lines
    assert "Traceback" not in err
    assert refused, "the first writer finished before any contender ran"
    assert invariants(db) == []
    after = content(db)
    assert len(after["articles"]) == 40 and len(after["errors"]) == 2
    # Now that the first is done, the refused ingest goes through.
    done = run("ingest", str(other), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert invariants(db) == []
    assert len(content(db)["articles"]) == 41


@pytest.mark.slow
def test_two_writers_started_together_never_corrupt_the_file(tmp_path):
    """Both race to create the file: one wins, the other is refused cleanly (or waits)."""
    a = write_corpus(tmp_path / "a.jsonl", n=6)
    b = tmp_path / "b.jsonl"
    b.write_text(json.dumps({"id": "b", "text": "Nigerien police arrested protesters."}) + "\n")
    db = tmp_path / "race.duckdb"
    children = [lapwing("ingest", str(path), "--db", str(db)) for path in (a, b)]
    outcomes = []
    for child in children:
        _, err = child.communicate(timeout=300)
        assert "Traceback" not in err, err[-3000:]
        if child.returncode == 1 and "locked by another lapwing process" in err:
            outcomes.append("refused")
        else:
            outcomes.append("written")
    assert "written" in outcomes, outcomes
    assert invariants(db) == []
    stored = {aid for (aid,) in content(db)["articles"]}
    if outcomes[0] == "written":
        assert len(stored - {"b"}) == 6
    if outcomes[1] == "written":
        assert "b" in stored
