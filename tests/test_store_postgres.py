"""What only the PostgreSQL backend has: a server to reach, concurrent writers, and the
promise that it stores exactly what DuckDB stores. The shared store tests run on it too
(tests/test_store.py is parametrized over both backends)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest

import pg_cluster
from lapwing.records import CodingResult, InputFailure
from lapwing.store import StoreError, open_store
from lapwing.store.postgres import describe, redact, translate
from test_store import make_article, make_event, one_event_result

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "lapwing" / "data" / "demo" / "articles.jsonl"
postgres_cluster = pg_cluster.postgres_cluster
postgres_url = pg_cluster.postgres_url


def unmerged_result(n: int) -> CodingResult:
    """One article with one event no other article's event is merged with (it is negated:
    only realized events are deduplicated across articles)."""
    article = make_article(n)
    return CodingResult(article, [make_event(article, 0, modality="negated")])


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "src"), str(REPO / "tests"), env.get("PYTHONPATH", "")]
    )
    return env


# -- connecting ----------------------------------------------------------------


def test_wrong_password_is_a_clear_error_without_the_password(postgres_cluster):
    url = postgres_cluster.url(password="hunter2-wrong")
    with pytest.raises(StoreError) as info:
        open_store(url)
    message = str(info.value)
    assert message.startswith(
        f"cannot connect to PostgreSQL at 127.0.0.1:{postgres_cluster.port}/postgres: "
    )
    assert "password authentication failed" in message
    assert "hunter2" not in message


def test_nothing_listening_is_a_clear_error():
    with pytest.raises(StoreError, match=r"cannot connect to PostgreSQL at 127\.0\.0\.1:1/x: "):
        open_store("postgresql://me:topsecret@127.0.0.1:1/x")


def test_cli_reports_a_bad_url_in_one_line():
    done = subprocess.run(
        [sys.executable, "-m", "lapwing", "events", "--db", "postgresql://me:pw9@127.0.0.1:1/x"],
        capture_output=True, text=True, timeout=120, env=subprocess_env(),
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith("lapwing: cannot connect to PostgreSQL at 127.0.0.1:1/x: ")
    assert "pw9" not in done.stderr and "Traceback" not in done.stderr


def test_urls_in_messages_never_carry_a_password():
    assert redact("postgresql://u:p%40ss@h:5/db") == "postgresql://u:***@h:5/db"
    assert redact("postgresql://h/db?user=u&password=x&sslmode=off") == (
        "postgresql://h/db?user=u&password=***&sslmode=off"
    )
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"
    assert describe("postgresql://u:p@db.example:6543/events") == "db.example:6543/events"
    assert describe("postgresql:///events") == "localhost:5432/events"


def test_store_location_is_redacted(postgres_url):
    with open_store(postgres_url) as store:
        assert pg_cluster.PASSWORD not in store.location
        assert store.location.startswith("postgresql://lapwing:***@127.0.0.1:")


# -- SQL translation -------------------------------------------------------------


def test_placeholders_translate_outside_quotes_only():
    sql = "SELECT '?', \"a?\" FROM t WHERE x = ? AND y LIKE 'a%' ESCAPE '\\' LIMIT ?"
    assert translate(sql) == (
        "SELECT '?', \"a?\" FROM t WHERE x = %s AND y LIKE 'a%%' ESCAPE '\\' LIMIT %s"
    )


def test_text_sort_keys_order_by_code_point():
    assert translate("SELECT 1 FROM events ORDER BY date, id LIMIT ?") == (
        'SELECT 1 FROM events ORDER BY date, id COLLATE "C" LIMIT %s'
    )
    assert translate("SELECT 1 FROM m ORDER BY m.event_id, m.sentence_index") == (
        'SELECT 1 FROM m ORDER BY m.event_id COLLATE "C", m.sentence_index'
    )


def test_ids_sort_alike_in_both_backends(postgres_url):
    names = ["b", "B", "a", "_x", "é", "Z9", "z10", "ä"]
    results = [
        CodingResult(make_article(0, id=n), [make_event(make_article(0, id=n), 0)]) for n in names
    ]
    with open_store(postgres_url) as pg, open_store(":memory:") as duck:
        pg.write(results)
        duck.write(results)
        assert [a["id"] for a in pg.articles()] == sorted(names)
        assert [e["id"] for e in pg.events()] == [e["id"] for e in duck.events()]


# -- lifecycle ---------------------------------------------------------------------


def test_reopening_keeps_everything(postgres_url):
    results = [one_event_result(i) for i in range(3)]
    with open_store(postgres_url) as store:
        store.write(results)
        rows = list(store.events())
    with open_store(postgres_url, read_only=True) as store:
        assert list(store.events()) == rows
        with pytest.raises(StoreError, match="read-only"):
            store.write([one_event_result(9)])
    with open_store(postgres_url) as store:
        assert store.write(results).articles_unchanged == len(results)


def test_read_only_needs_a_lapwing_store(postgres_cluster):
    url = postgres_cluster.create_database()
    with pytest.raises(StoreError, match="is not a lapwing store"):
        open_store(url, read_only=True)


def test_a_half_read_stream_does_not_block_writes(postgres_url):
    with open_store(postgres_url) as store:
        store.write([unmerged_result(i) for i in range(1200)])
        rows = store.events()
        first = next(rows)
        also = store.articles()
        next(also)
        store.write([unmerged_result(5000)])  # while two cursors are open
        assert sum(1 for _ in rows) == 1199
        assert first["id"] == "a0-e0"
        del also  # an abandoned stream closes its cursor
        assert store.counts()["articles"] == 1201
        assert len(list(store.events())) == 1201


def test_a_bad_query_in_a_stream_is_a_store_error(postgres_url):
    with open_store(postgres_url) as store:
        with pytest.raises(StoreError, match="cannot read"):
            list(store._stream("SELECT nope FROM events", []))
        assert list(store.events()) == []  # the reading connection recovered


# -- one store, two backends: the same answers ---------------------------------------


def comparable(store) -> dict:
    """Everything a store gives back, minus the times it was written."""
    return {
        "events": list(store.events()),
        "articles": [{**a, "ingested_at": None} for a in store.articles()],
        "errors": [{**e, "seen_at": None} for e in store.errors()],
        "toponyms": list(store.toponyms()),
        "timexes": list(store.timexes()),
        "counts": store.counts(),
    }


@pytest.mark.slow
def test_both_backends_store_the_same_coded_articles(pipeline, postgres_url, tmp_path):
    from lapwing.ingest import read_inputs

    inputs = [DEMO, REPO / "tests" / "fixtures" / "inputs"]
    records = list(read_inputs(inputs))
    articles = [r for r in records if not isinstance(r, InputFailure)]
    failures = [r for r in records if isinstance(r, InputFailure)]
    results = list(pipeline.code(articles))
    assert sum(len(r.events) for r in results) > 50
    with open_store(postgres_url) as pg, open_store(tmp_path / "same.duckdb") as duck:
        pg.write(results, failures)
        duck.write(results, failures)
        pg_view, duck_view = comparable(pg), comparable(duck)
        assert pg_view == duck_view
        assert list(pg.events(country="NER", modality=["asserted"])) == list(
            duck.events(country="NER", modality=["asserted"])
        )
        assert list(pg.events(actor="rus", since="2020")) == list(
            duck.events(actor="rus", since="2020")
        )


# -- concurrent writers ---------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from test_store_postgres import unmerged_result
    from lapwing.store import open_store

    url, first, last, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    with open_store(url) as store:
        store.batch_size = 3
        while not go.exists():
            time.sleep(0.01)
        for _ in range(3):  # again and again: every write races the other process
            store.write([unmerged_result(i) for i in range(first, last)])
    """
)


def test_two_writers_store_each_article_and_event_once(postgres_url, tmp_path):
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, postgres_url, str(a), str(b), str(go)],
            env=subprocess_env(),
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for a, b in ((0, 60), (30, 90))
    ]
    time.sleep(1.5)  # both have opened the store (and raced on creating its schema)
    go.touch()
    for proc in procs:
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
    with open_store(postgres_url, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == counts["events"] == counts["mentions"] == 90
        assert sorted(a["id"] for a in store.articles()) == sorted(f"a{i}" for i in range(90))
    with psycopg.connect(postgres_url) as conn:
        dupes = conn.execute(
            "SELECT count(*) FROM (SELECT id FROM events GROUP BY id HAVING count(*) > 1) d"
        ).fetchone()
        assert dupes == (0,)


def jsonl(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_two_ingest_processes_with_overlapping_articles(postgres_url, tmp_path):
    """`lapwing ingest` twice at once into PostgreSQL == once into DuckDB."""
    rows = DEMO.read_text(encoding="utf-8").splitlines()[:12]
    first = jsonl(tmp_path / "first.jsonl", rows[:8])
    second = jsonl(tmp_path / "second.jsonl", rows[4:])
    union = jsonl(tmp_path / "all.jsonl", rows)
    env = subprocess_env()

    def lapwing(*args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "lapwing", *args],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    procs = [lapwing("ingest", str(p), "--db", postgres_url, "-q") for p in (first, second)]
    duck = tmp_path / "one.duckdb"
    for proc in procs:
        _, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr
    done = lapwing("ingest", str(union), "--db", str(duck), "-q")
    assert done.wait(timeout=600) == 0, done.stderr.read()

    def events(db: str) -> list[dict]:
        proc = lapwing("events", "--db", db, "--all-modalities", "--format", "jsonl")
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        return [json.loads(line) for line in out.splitlines()]

    from_pg, from_duck = events(postgres_url), events(str(duck))
    assert from_pg and from_pg == from_duck
    assert len({e["id"] for e in from_pg}) == len(from_pg)
    with open_store(postgres_url, read_only=True) as pg, open_store(duck, read_only=True) as one:
        assert pg.counts() == one.counts()
        assert pg.counts()["articles"] == len(rows)
