"""Shared fixtures. The spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_TEXT = SHARED / "eval" / "seed_niger.txt"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests expect shared/ beside the repository")
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
