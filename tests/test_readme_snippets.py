"""The README's Python snippets run (issue 15).

Every ```python block of README.md is executed in a fresh namespace, in a scratch directory
holding the files the snippets read, all made from the demo corpus: `article.txt` and
`articles.jsonl`, a store `lapwing.duckdb` and the files the `lapwing export` commands of
"Loading the exports" write from it. A block whose first line is `# not run by tests: <why>`
is skipped, and only then. What a snippet loads must hold rows, and CAMEO codes as text.
"""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

import lapwing
from conftest import REPO, repo_file
from lapwing.cli import app
from lapwing.config import Settings
from lapwing.export import FORMATS
from lapwing.store import open_store

pytestmark = pytest.mark.slow  # the snippets code articles

README = REPO / "README.md"
SKIP = "# not run by tests:"
CAMEO_COLUMNS = ("cameo", "EventCode", "EventBaseCode", "EventRootCode")
SNIPPET_ARTICLES = 4  # the streaming snippet codes these; the store gets the whole corpus


@dataclass(frozen=True, slots=True)
class Snippet:
    line: int  # README line of the snippet's first line of code
    code: str


def python_snippets(markdown: str) -> list[Snippet]:
    blocks = re.finditer(r"^```python\n(.*?)^```", markdown, flags=re.M | re.S)
    return [Snippet(markdown.count("\n", 0, b.start(1)) + 1, b.group(1)) for b in blocks]


def readme_section(markdown: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, flags=re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def export_commands(markdown: str) -> list[list[str]]:
    """The arguments of each `lapwing export` line of "Loading the exports"."""
    section = readme_section(markdown, "Loading the exports")
    lines = (line.split("#", 1)[0] for line in section.splitlines())
    return [shlex.split(line)[1:] for line in lines if line.startswith("lapwing export ")]


TEXT = README.read_text(encoding="utf-8")
SNIPPETS = python_snippets(TEXT)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A directory with every file the snippets read."""
    root = tmp_path_factory.mktemp("readme")
    demo = repo_file("src", "lapwing", "data", "demo", "articles.jsonl").read_text("utf-8")
    rows = [json.loads(line) for line in demo.splitlines() if line.strip()]
    niger = next(r for r in rows if r["id"] == "seed_niger")
    (root / "article.txt").write_text(niger["text"], encoding="utf-8")
    lines = [json.dumps(r) for r in rows[:SNIPPET_ARTICLES]]
    (root / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(root / "lapwing.duckdb") as store:
        store.write(lapwing.code_articles(rows, settings=Settings()))
    with contextlib.chdir(root):
        for args in export_commands(TEXT):
            result = CliRunner().invoke(app, [*args, "--silent"], env={"LAPWING_DB": None})
            assert result.exit_code == 0, (args, result.output)
            assert Path(args[args.index("-o") + 1]).exists(), args
    return root


def test_the_readme_has_python_snippets():
    assert len(SNIPPETS) >= 2
    loading = readme_section(TEXT, "Loading the exports")
    assert "```python\n" in loading
    assert not any(s.code.startswith(SKIP) for s in SNIPPETS if s.code in loading)


def test_loading_the_exports_covers_every_format():
    formats = {args[args.index("--format") + 1] for args in export_commands(TEXT)}
    assert formats == set(FORMATS)
    assert any("--partition-by-date" in args for args in export_commands(TEXT))


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda s: f"README.md:{s.line}")
def test_snippet_runs(snippet, workdir):
    if snippet.code.startswith(SKIP):
        pytest.skip(snippet.code.splitlines()[0].removeprefix("#").strip())
    # Padded so that a traceback gives the README's own line numbers.
    code = compile("\n" * (snippet.line - 1) + snippet.code, str(README), "exec")
    namespace: dict = {"__name__": "__readme__"}
    with contextlib.chdir(workdir):
        exec(code, namespace)
        for name, value in namespace.items():
            assert_loaded_right(name, value)


def assert_loaded_right(name: str, value: object) -> None:
    """A frame or DuckDB relation a snippet made holds rows, and its CAMEO codes as text."""
    if isinstance(value, pd.DataFrame):
        assert len(value) > 0, f"{name} is empty"
        for column in set(CAMEO_COLUMNS) & set(value.columns):
            codes = value[column].dropna()
            assert pd.api.types.is_string_dtype(value[column]), (name, column, value[column].dtype)
            assert len(codes) and all(isinstance(c, str) for c in codes), (name, column)
            assert all(c.isdigit() and len(c) >= 2 for c in codes), (name, column)
    elif isinstance(value, duckdb.DuckDBPyRelation):
        assert value.shape[0] > 0, f"{name} is empty"
        types = dict(zip(value.columns, map(str, value.types), strict=True))
        for column in set(CAMEO_COLUMNS) & set(types):
            assert types[column] == "VARCHAR", (name, column, types[column])
