"""Several worker processes give the same results, in input order, reading input lazily."""

from __future__ import annotations

import json

from lapwing.config import Settings
from lapwing.dictionaries import data_path
from lapwing.records import Article
from lapwing.scale import code_parallel


def _demo_articles(n: int) -> list[Article]:
    with open(data_path("demo", "articles.jsonl"), encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle][:n]
    return [Article(id=r["id"], text=r["text"], date=r["date"], language="en") for r in rows]


def test_two_workers_match_one_and_keep_order(default_pipeline):
    articles = _demo_articles(6)
    consumed = []

    def tracked():
        for article in articles:
            consumed.append(article.id)
            yield article

    settings = Settings(batch_size=2)
    results = code_parallel(tracked(), settings, workers=2, chunk_size=1)
    first = next(results)
    # Only the first window of chunks (2 per worker) was read before a result came back.
    assert len(consumed) <= 5
    parallel = [first, *results]
    sequential = list(default_pipeline.code(articles))
    assert [r.article.id for r in parallel] == [a.id for a in articles]
    assert [[e.to_dict() for e in r.events] for r in parallel] == [
        [e.to_dict() for e in r.events] for r in sequential
    ]
