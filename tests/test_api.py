"""The Python API: `lapwing.code_text` and `lapwing.code_articles`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import lapwing
from conftest import SEED_TEXT
from lapwing.config import Settings
from lapwing.records import REALIZED_MODALITIES, Article, CodingResult, Event

MIXED = (
    "Niger did not expel French troops. Russia might attack Ukraine. "
    "Russian troops attacked Ukrainian positions near Bakhmut."
)


@pytest.fixture(scope="module")
def realized() -> list[Event]:
    return lapwing.code_text(MIXED, date="2024-04-12", source="Example News")


@pytest.fixture(scope="module")
def everything() -> list[Event]:
    return lapwing.code_text(MIXED, date="2024-04-12", source="Example News", all_modalities=True)


def test_code_text_returns_realized_events_by_default(realized):
    assert realized
    assert all(isinstance(e, Event) for e in realized)
    assert all(e.realized for e in realized)
    assert {e.modality for e in realized} <= REALIZED_MODALITIES
    assert {e.source for e in realized} == {"Example News"}


def test_code_text_all_modalities_adds_the_others(realized, everything):
    assert [e.id for e in everything if e.realized] == [e.id for e in realized]
    others = [e for e in everything if not e.realized]
    assert others, "the text holds a negated and a hypothetical event"
    assert {e.modality for e in others} - REALIZED_MODALITIES


def test_code_text_ids_are_stable_across_calls(everything):
    again = lapwing.code_text(MIXED, date="2024-04-12", source="Example News", all_modalities=True)
    assert [e.id for e in again] == [e.id for e in everything]
    assert [e.to_dict() for e in again] == [e.to_dict() for e in everything]


def test_code_articles_accepts_dicts_strings_and_articles_in_order():
    items = [
        {
            "id": "from-dict",
            "text": "Niger expelled French troops.",
            "date": "2024-03-01",
            "source": "Reuters",
        },
        "Russian troops attacked Ukrainian positions near Bakhmut.",
        Article(id="from-record", text="Hamas fired rockets at Israel.", date="2024-01-02"),
        {"id": "from-dict-2", "text": "Russian troops attacked Ukrainian positions."},
    ]
    results = list(lapwing.code_articles(items))
    assert all(isinstance(r, CodingResult) for r in results)
    ids = [r.article.id for r in results]
    assert ids[0] == "from-dict" and ids[2] == "from-record" and ids[3] == "from-dict-2"
    assert ids[1].startswith("a-")
    assert results[1].article.text == items[1]
    for result in results:
        assert result.events, f"{result.article.id} gave no event"
        assert {e.article_id for e in result.events} == {result.article.id}
    assert {e.source for e in results[0].events} == {"Reuters"}
    again = list(lapwing.code_articles(items))
    assert [[e.id for e in r.events] for r in again] == [[e.id for e in r.events] for r in results]


class CountingIterator:
    """An iterator that records how many items have been taken from it."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.taken = 0

    def __iter__(self) -> Iterator[dict]:
        return self

    def __next__(self) -> dict:
        if self.taken >= self.n:
            raise StopIteration
        self.taken += 1
        return {
            "id": f"n{self.taken}",
            "text": f"Russian troops attacked Bakhmut {self.taken} times.",
        }


def test_code_articles_streams_lazily():
    batch = Settings.from_env().batch_size
    source = CountingIterator(3 * batch + 4)
    results = lapwing.code_articles(source)
    assert source.taken == 0, "nothing is read before the first result is asked for"
    first = next(results)
    assert first.article.id == "n1"
    assert source.taken <= 2 * batch + 1, (
        f"{source.taken} of {source.n} articles read for the first result (batch size {batch})"
    )
    assert source.taken < source.n
    rest = [r.article.id for r in results]
    assert rest == [f"n{i}" for i in range(2, source.n + 1)]
    assert source.taken == source.n


def test_code_articles_reports_non_english_as_skipped():
    french = (
        "Les soldats russes sont arrivés dans la capitale du Niger avec du matériel militaire. "
        "Le gouvernement a déclaré que cette mission était une aide pour les forces du pays."
    )
    (result,) = lapwing.code_articles([{"id": "fr", "text": french}])
    assert result.events == []
    assert result.skipped_reason == "not English (detected language: fr)"


def test_api_and_cli_give_the_same_ids_for_the_same_article():
    from lapwing.ingest import read_inputs

    (article,) = read_inputs([SEED_TEXT], default_date="2024-04-12")
    via_reader = next(lapwing.code_articles([article])).events
    via_text = lapwing.code_text(
        SEED_TEXT.read_text(encoding="utf-8"), date="2024-04-12", all_modalities=True
    )
    assert [e.id for e in via_text] == [e.id for e in via_reader]


def test_default_pipeline_is_loaded_once():
    assert lapwing.get_pipeline() is lapwing.get_pipeline(Settings.from_env())
