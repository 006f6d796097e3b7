"""Helpers the crash-safety and concurrency tests share: a corpus, a lapwing child process,
and a DuckDB store's content and invariants read straight from its tables."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from lapwing.dictionaries import data_path

# The store commits every `batch_size` articles; a child may lower it so that a kill can
# land between commits, not only before the first one.
_CHILD = """
import sys
batch = int(sys.argv[1])
if batch:
    from lapwing.store import base
    base.Store.batch_size = batch
from lapwing.cli import main
sys.argv = ["lapwing", *sys.argv[2:]]
main()
"""

# (table, columns that identify a row)
KEYS = {
    "articles": ("id",),
    "events": ("id",),
    "mentions": ("article_id", "mention_id"),
    "errors": ("id",),
    "toponyms": ("article_id", "start_char", "end_char"),
    "timexes": ("article_id", "start_char", "end_char"),
}


def write_corpus(path: Path, n: int = 60) -> Path:
    """`n` demo articles with distinct ids (the demo set, then copies under new ids) plus
    two unreadable lines, so error rows are part of what must survive too."""
    lines = Path(data_path("demo", "articles.jsonl")).read_text(encoding="utf-8").splitlines()
    demo = [json.loads(line) for line in lines if line.strip()]
    rows = []
    for i in range(n):
        article = dict(demo[i % len(demo)])
        article["id"] = f"{article['id']}-{i // len(demo)}"
        rows.append(json.dumps(article))
    rows.insert(n // 3, '{"id": "broken", "text": ')
    rows.insert(2 * n // 3, '{"id": "no-text"}')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def lapwing(*args: str, batch: int = 0, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(batch), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def run(*args: str, batch: int = 0, timeout: float = 300) -> subprocess.CompletedProcess:
    child = lapwing(*args, batch=batch)
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


def content(db: Path) -> dict[str, object]:
    """What a store holds, minus timestamps: row keys per table and the event rows."""
    conn = duckdb.connect(str(db), read_only=True)
    try:
        found: dict[str, object] = {}
        for table, key in KEYS.items():
            rows = conn.execute(f"SELECT {', '.join(key)} FROM {table}").fetchall()
            found[table] = sorted(rows)
        found["event_rows"] = sorted(
            conn.execute(
                "SELECT id, article_id, event_type, cameo, num_mentions, num_articles FROM events"
            ).fetchall()
        )
        found["mention_links"] = sorted(
            conn.execute("SELECT article_id, mention_id, event_id FROM mentions").fetchall()
        )
        return found
    finally:
        conn.close()


def invariants(db: Path) -> list[str]:
    """Problems a store must never have, even right after a crash."""
    conn = duckdb.connect(str(db), read_only=True)
    problems: list[str] = []
    try:
        for table, key in KEYS.items():
            cols = ", ".join(key)
            dup = conn.execute(
                f"SELECT {cols}, count(*) FROM {table} GROUP BY {cols} HAVING count(*) > 1"
            ).fetchall()
            if dup:
                problems.append(f"{table}: duplicate rows {dup[:3]}")
        checks = {
            "article whose mentions are not all stored": "SELECT id FROM articles a WHERE "
            "n_events <> (SELECT count(*) FROM mentions m WHERE m.article_id = a.id)",
            "mention of a missing event": "SELECT mention_id FROM mentions m WHERE NOT EXISTS "
            "(SELECT 1 FROM events e WHERE e.id = m.event_id)",
            "event without a mention": "SELECT id FROM events e WHERE NOT EXISTS "
            "(SELECT 1 FROM mentions m WHERE m.event_id = e.id)",
            "mention of a missing article": "SELECT mention_id FROM mentions m WHERE NOT EXISTS "
            "(SELECT 1 FROM articles a WHERE a.id = m.article_id)",
            "event counts that disagree with its mentions": "SELECT id FROM events e WHERE "
            "num_mentions <> (SELECT count(*) FROM mentions m WHERE m.event_id = e.id)",
        }
        for what, sql in checks.items():
            rows = conn.execute(sql).fetchall()
            if rows:
                problems.append(f"{what}: {rows[:3]}")
    finally:
        conn.close()
    return problems
