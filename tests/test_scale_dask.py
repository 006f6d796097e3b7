"""`--engine dask`: chunks coded on a real LocalCluster (two worker processes, loopback),
events written as date-partitioned Parquet that matches the sequential pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from lapwing.cli import app
from lapwing.config import Settings
from lapwing.dictionaries import data_path
from lapwing.ingest import read_inputs
from lapwing.records import Article
from lapwing.scale import code_dask
from lapwing.store import open_store

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow
DEMO = data_path("demo", "articles.jsonl")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(2)
        yield client


def _demo_lines(n: int) -> list[str]:
    return DEMO.read_text(encoding="utf-8").splitlines()[:n]


def _demo_articles(n: int, tmp_path: Path) -> list[Article]:
    """The first n demo articles, read as `lapwing code` reads them (same ids and dates)."""
    path = tmp_path / "demo.jsonl"
    path.write_text("\n".join(_demo_lines(n)) + "\n", encoding="utf-8")
    return [a for a in read_inputs([path]) if isinstance(a, Article)]


def _dataset(directory: Path) -> list[tuple]:
    return duckdb.sql(
        "SELECT id, date, year, month, filename FROM read_parquet(?, hive_partitioning=true, "
        "filename=true) ORDER BY id",
        params=[f"{directory}/**/*.parquet"],
    ).fetchall()


def _realized_ids(pipeline, articles: list[Article]) -> list[str]:
    return sorted(e.id for r in pipeline.code(articles) for e in r.events if e.realized)


def test_parquet_matches_sequential_and_each_worker_loads_once(
    client, default_pipeline, tmp_path
):
    articles = _demo_articles(8, tmp_path)
    out = tmp_path / "events"
    reports = list(
        code_dask(articles, Settings(), client, output=out, chunk_size=2, max_in_flight=3)
    )

    assert [r.index for r in reports] == [0, 1, 2, 3]
    assert sum(r.articles for r in reports) == 8
    # Both workers coded chunks, and neither loaded the pipeline more than once.
    assert len({r.worker_pid for r in reports}) == 2
    assert {r.pipeline_loads for r in reports} == {1}

    rows = _dataset(out)
    expected = _realized_ids(default_pipeline, articles)
    assert len(rows) == sum(r.events for r in reports) == len(expected) > 20
    assert [row[0] for row in rows] == expected
    for _, day, year, month, filename in rows:
        assert (int(year), int(month)) == (day.year, day.month)
        assert f"/year={day:%Y}/month={day:%m}/part-" in filename
    assert len({row[1].year for row in rows}) > 1  # the demo spans several years


def test_cli_reads_a_folder_of_jsonl_and_parquet_and_reports_failures(
    client, default_pipeline, tmp_path
):
    inputs = tmp_path / "in"
    inputs.mkdir()
    lines = _demo_lines(5)
    (inputs / "a.jsonl").write_text("\n".join([*lines[:3], '{"text": broken']) + "\n")
    rows = [json.loads(line) for line in lines[3:]] + [{"id": "blank", "text": None}]
    staged = tmp_path / "rows.jsonl"
    staged.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    duckdb.execute(
        f"COPY (SELECT id, title, date::DATE AS date, source, url, language, text FROM "
        f"read_json('{staged}')) TO '{inputs / 'b.parquet'}' (FORMAT PARQUET)"
    )
    articles = [a for a in read_inputs([inputs]) if isinstance(a, Article)]
    assert len(articles) == 5
    out, db = tmp_path / "events", tmp_path / "store.duckdb"
    address = client.scheduler.address

    runner = CliRunner()
    args = ["code", str(inputs), "--engine", "dask", "--scheduler", address]
    written = runner.invoke(app, [*args, "--output", str(out), "--db", str(db)])
    printed = runner.invoke(app, args)

    assert written.exit_code == printed.exit_code == 1, written.stderr
    assert written.stdout == ""
    for result in (written, printed):
        assert f"{inputs / 'a.jsonl'}:4: malformed JSON" in result.stderr
        assert f"{inputs / 'b.parquet'}:3: record has no 'text' field" in result.stderr
    expected = _realized_ids(default_pipeline, articles)
    assert [row[0] for row in _dataset(out)] == expected
    local = runner.invoke(app, ["code", str(inputs)])
    assert printed.stdout == local.stdout  # same events, same (chunk) order
    assert sorted(json.loads(line)["id"] for line in printed.stdout.splitlines()) == expected
    with open_store(str(db), read_only=True) as store:
        assert {a["id"] for a in store.articles()} == {a.id for a in articles}
        assert len(list(store.errors())) == 2


def test_local_engine_writes_the_same_dataset(default_pipeline, tmp_path):
    articles = _demo_articles(4, tmp_path)
    out = tmp_path / "events"
    result = CliRunner().invoke(app, ["code", str(tmp_path / "demo.jsonl"), "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert [row[0] for row in _dataset(out)] == _realized_ids(default_pipeline, articles)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:8786"], "only with --engine dask"),
        (["--output", "{occupied}"], "not an empty directory"),
    ],
)
def test_usage_errors(tmp_path, args, message):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "old.parquet").write_bytes(b"")
    args = [a.format(occupied=occupied) for a in args]
    result = CliRunner().invoke(app, ["code", str(DEMO), *args])
    assert result.exit_code == 2
    assert message in result.stderr
