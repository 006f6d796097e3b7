"""lapwing: news articles in, located and dated PLOVER/CAMEO political events out.

>>> import lapwing
>>> text = "Russian troops attacked Ukrainian positions near Bakhmut on Monday."
>>> events = lapwing.code_text(text, date="2024-04-12", source="Example News")
>>> events[0].event_type, events[0].actor.code                      # doctest: +SKIP
('ASSAULT', 'RUSMIL')
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lapwing.config import Settings
from lapwing.records import Actor, Article, CodingResult, Event, Place

if TYPE_CHECKING:
    from lapwing.pipeline import Pipeline

__version__ = "0.1.0"
__all__ = [
    "Actor",
    "Article",
    "CodingResult",
    "Event",
    "Place",
    "Settings",
    "code_articles",
    "code_text",
    "get_pipeline",
]


@lru_cache(maxsize=4)
def get_pipeline(settings: Settings | None = None) -> Pipeline:
    """The pipeline for these settings, loaded once per process (the model takes a second)."""
    from lapwing.pipeline import Pipeline

    return Pipeline(settings or Settings.from_env())


def _as_article(item: Article | dict[str, Any] | str) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        item = {"text": item}
    text = item["text"]
    article_id = item.get("id") or "a-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    fields = ("title", "date", "source", "url", "language")
    return Article(id=str(article_id), text=text, **{k: item.get(k) for k in fields})


def code_articles(
    articles: Iterable[Article | dict[str, Any] | str], *, settings: Settings | None = None
) -> Iterator[CodingResult]:
    """Stream articles (records, dicts with at least `text`, or strings) into coding results.

    Every event is kept, whatever its modality: filter on `event.realized` for the events
    the text asserts as having happened.
    """
    pipeline = get_pipeline(settings)
    return pipeline.code(_as_article(a) for a in articles)


def code_text(
    text: str,
    *,
    date: str | None = None,
    source: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
    all_modalities: bool = False,
    settings: Settings | None = None,
) -> list[Event]:
    """Code one article's text; by default only events it asserts as having happened."""
    item = {"text": text, "date": date, "source": source, "url": url, "id": article_id}
    result = next(code_articles([item], settings=settings))
    return [e for e in result.events if all_modalities or e.realized]
