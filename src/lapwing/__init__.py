"""lapwing: news articles in, located and dated PLOVER/CAMEO political events out.

>>> import lapwing
>>> text = "Russian troops attacked Ukrainian positions near Bakhmut on Monday."
>>> events = lapwing.code_text(text, date="2024-04-12", source="Example News")
>>> events[0].event_type, events[0].actor.code                      # doctest: +SKIP
('ASSAULT', 'RUSMIL')
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from lapwing.config import Settings
from lapwing.records import Actor, Article, CodingResult, Event, Place

if TYPE_CHECKING:
    import pandas as pd

    from lapwing.pipeline import Pipeline

__version__ = "0.1.0"

# A library logs, the application decides where to: silent unless the user configures
# logging (the CLI's -v does)
logging.getLogger("lapwing").addHandler(logging.NullHandler())
__all__ = [
    "Actor",
    "Article",
    "CodingResult",
    "Event",
    "Place",
    "Settings",
    "code_articles",
    "code_text",
    "events_frame",
    "get_pipeline",
]


def get_pipeline(settings: Settings | None = None) -> Pipeline:
    """The pipeline for these settings, loaded once per process (the model takes seconds).

    Settings that do not change how text is coded (the store, output filters) share one
    pipeline."""
    settings = settings or Settings.from_env()
    # lru_cache does not hold back a second caller while the first is still loading: without
    # the lock, N concurrent first requests load N pipelines (~350 MB and seconds each).
    with _LOADING:
        return _pipeline_for(settings.pipeline_key())


_LOADING = threading.Lock()


@lru_cache(maxsize=4)
def _pipeline_for(key: Settings) -> Pipeline:
    from lapwing.pipeline import Pipeline

    return Pipeline(key)


def _as_article(item: Article | dict[str, Any] | str) -> Article:
    """The same normalization as the file readers, so ids agree with `lapwing code`."""
    from lapwing.ingest import make_article

    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        item = {"text": item}
    fields = ("id", "title", "date", "source", "url", "language")
    return make_article(item["text"], **{k: item.get(k) for k in fields})


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


def events_frame(events: Iterable[Event | Mapping[str, Any]]) -> pd.DataFrame:
    """A typed pandas DataFrame of events or event dicts, one row per event, with the CSV and
    Parquet exports' flat columns (`lapwing.frames` says how each is typed).

    Needs pandas (`pip install 'lapwing[pandas]'`), imported only on this call.
    """
    from lapwing.frames import events_frame as build

    return build(events)
