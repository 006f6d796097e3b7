"""Shared fixtures. The spaCy pipeline is loaded once per test session.

Every file the tests read is in the repository (docs/SCHEMA.md, docs/reference/, eval/,
tests/fixtures/); only measurement sets of texts lapwing may not redistribute are looked for
in `$LAPWING_EXTERNAL_EVAL` (eval/README.md), and the tests that need them say so when they
skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_TEXT = REPO / "eval" / "seed_niger.txt"
EXTERNAL_EVAL = Path(os.environ.get("LAPWING_EXTERNAL_EVAL") or REPO.parent / "shared" / "eval")


def repo_file(*parts: str) -> Path:
    """A file the repository carries (a missing one fails the test, never skips it)."""
    path = REPO.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing from the repository")
    return path


@pytest.fixture(scope="session")
def pipeline():
    """The coder with nothing held back (`partial_dyads`): stage tests look at how roles
    are found, also where only one party is known."""
    from lapwing import get_pipeline
    from lapwing.config import Settings

    return get_pipeline(Settings(partial_dyads=True))


@pytest.fixture(scope="session")
def default_pipeline():
    """The pipeline as `lapwing code` runs it by default."""
    from lapwing import get_pipeline
    from lapwing.config import Settings

    return get_pipeline(Settings())


@pytest.fixture(scope="session")
def code(pipeline):
    """code(text, date=...) -> all events of the text, every modality."""
    from lapwing.records import Article

    def run(text: str, date: str = "2024-04-12", **fields) -> list:
        article = Article(id=fields.pop("id", "t"), text=text, date=date, language="en", **fields)
        return next(pipeline.code([article])).events

    return run
