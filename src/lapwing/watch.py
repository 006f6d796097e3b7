"""Watch RSS/Atom feeds: fetch each new entry's page, code it and store it as it comes.

    with open_store("lapwing.duckdb") as store:
        stats = Watcher(store, get_pipeline().code).poll(["https://example.org/world.rss"])

Politeness: one request at a time, a User-Agent that says who is asking, 10 s timeouts,
conditional GET (the feed's ETag and Last-Modified are kept in the store) and a few
retries with growing pauses for failures that may pass (timeouts, 5xx, 429).

Nothing is lost or repeated across a stop and restart. An entry is marked seen only
after its article (or its error row) is committed, and a feed's validators are saved
only once all its new entries are done; so after a crash the next poll reads the whole
feed again and fetches exactly the entries that were not committed. Writes are upserts,
so even an entry redone after a crash between the two commits changes nothing.
"""

from __future__ import annotations

import email.utils
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lapwing import __version__
from lapwing.ingest import DEFAULT_MAX_CHARS, make_article
from lapwing.records import Article, CodingResult, InputFailure
from lapwing.store import Store, StoreBusy

__all__ = [
    "USER_AGENT",
    "FetchError",
    "PollStats",
    "Response",
    "Watcher",
    "http_get",
    "parse_interval",
    "watch",
]

USER_AGENT = f"lapwing/{__version__} (news event coder; feed watcher)"
TIMEOUT = 10.0  # seconds per request
MAX_FEED_BYTES = 10_000_000
MAX_PAGE_BYTES = 5_000_000
RETRIES = 2  # after the first attempt, for failures that may pass
BACKOFF = 2.0  # seconds before the first retry; doubles each time
# An entry whose own text has this many words is the article itself (content:encoded,
# a full Atom <content>): its page is not fetched. A shorter one is a summary.
FULL_TEXT_WORDS = 150
STORE_WAIT = 5.0  # seconds before trying a busy store again; doubles up to STORE_WAIT_MAX
STORE_WAIT_MAX = 60.0
STORE_WAIT_ONCE = 300.0  # how long `--once` waits for a busy store before giving up

Coder = Callable[[Iterable[Article]], Iterator[CodingResult]]

# The watcher's own state, beside the store's tables; portable SQL as in schema.sql.
_STATE_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        checked_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS feed_entries (
        feed TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        status TEXT NOT NULL,
        seen_at TIMESTAMP NOT NULL,
        PRIMARY KEY (feed, entry_id)
    )""",
)


# ---------------------------------------------------------------- fetching


@dataclass(frozen=True, slots=True)
class Response:
    status: int  # 200, or 304 when the validators still hold
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    charset: str | None = None


class FetchError(Exception):
    """A URL could not be fetched; `permanent` failures are not worth retrying."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def http_get(
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Response:
    """GET an http(s) URL, or read a local file (with its mtime as Last-Modified)."""
    if not re.match(r"(?i)https?://", url):
        return _read_file(url, headers or {}, max_bytes)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            body = reply.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"larger than {max_bytes:,} bytes", permanent=True)
            return Response(
                reply.status, body, dict(reply.headers.items()), reply.headers.get_content_charset()
            )
    except urllib.error.HTTPError as e:
        if e.code == 304:
            return Response(304, b"", dict(e.headers.items()))
        # Client errors stay errors; a timeout, throttling or a server error may pass.
        permanent = 400 <= e.code < 500 and e.code not in (408, 425, 429)
        raise FetchError(f"HTTP {e.code} {e.reason}", permanent=permanent) from e
    # the caller's message names the URL: the reason does not repeat it
    except urllib.error.URLError as e:
        raise FetchError(f"cannot reach the host: {e.reason}", permanent=False) from e
    except (TimeoutError, ConnectionError) as e:
        raise FetchError(f"cannot reach the host: {e or type(e).__name__}", permanent=False) from e


def _read_file(path: str, headers: Mapping[str, str], max_bytes: int) -> Response:
    file = Path(path)
    try:
        stat = file.stat()
        modified = email.utils.formatdate(int(stat.st_mtime), usegmt=True)
        if headers.get("If-Modified-Since") == modified:
            return Response(304, b"", {"Last-Modified": modified})
        if stat.st_size > max_bytes:
            raise FetchError(f"larger than {max_bytes:,} bytes", permanent=True)
        return Response(200, file.read_bytes(), {"Last-Modified": modified})
    except FileNotFoundError as e:
        raise FetchError("no such file", permanent=True) from e
    except OSError as e:
        raise FetchError(f"cannot read: {e.strerror or e}", permanent=True) from e


# ---------------------------------------------------------------- polling


@dataclass(slots=True)
class PollStats:
    feeds_checked: int = 0
    feeds_unchanged: int = 0  # answered 304 Not Modified
    entries_new: int = 0
    articles_stored: int = 0
    events_written: int = 0
    errors: int = 0  # feeds or pages that could not be read

    def add(self, other: PollStats) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class Watcher:
    """Polls feeds into one store; `poll` may be called again and again."""

    def __init__(
        self,
        store: Store,
        code: Coder,
        *,
        fetch: Callable[..., Response] = http_get,
        timeout: float = TIMEOUT,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
        log: Callable[[str], None] | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        self.store = store
        self.code = code
        self.fetch = fetch
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.log = log or (lambda message: None)
        self.max_chars = max_chars
        with store._transaction("create the feed tables"):
            for statement in _STATE_SCHEMA:
                store._execute(statement, [])

    def poll(self, feeds: Sequence[str]) -> PollStats:
        stats = PollStats()
        for feed in feeds:
            stats.add(self.poll_feed(feed))
        return stats

    def poll_feed(self, feed: str) -> PollStats:
        stats = PollStats(feeds_checked=1)
        etag, modified = self._validators(feed)
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9"}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        try:
            response = self._get(feed, headers, MAX_FEED_BYTES)
        except FetchError as e:
            self._fail(InputFailure(feed, e.reason), stats)
            return stats
        if response.status == 304:
            stats.feeds_unchanged = 1
            self._save_validators(feed, etag, modified)
            return stats

        from lapwing.ingest import _feed_articles, _Options

        records = list(_feed_articles(response.body, feed, _Options(None, None, self.max_chars)))
        entries = [r for r in records if isinstance(r, Article)]
        seen = self._seen(feed, [a.id for a in entries])
        new = [a for a in entries if a.id not in seen]
        stats.entries_new = len(new)
        complete = True

        def articles() -> Iterator[Article]:
            nonlocal complete
            for entry in new:
                found = self._article(entry)
                if isinstance(found, Article):
                    yield found
                    continue
                failure, permanent = found
                self._fail(failure, stats)
                if permanent:
                    self._mark_seen(feed, entry.id, "error")
                else:
                    complete = False  # try it again on the next poll

        for result in self.code(articles()):
            written = self.store.write([result])
            self._mark_seen(feed, result.article.id, "stored")
            stats.articles_stored += 1
            stats.events_written += written.events_written
        for failure in records:
            if isinstance(failure, InputFailure):
                self._fail(failure, stats)
        if complete:
            self._save_validators(feed, response.headers.get("ETag"), _last_modified(response))
        return stats

    def _article(self, entry: Article) -> Article | tuple[InputFailure, bool]:
        """The entry's page as an article; the entry's own text when it is the whole article,
        when the page has none, or when the page cannot be fetched."""
        if not entry.url or not re.match(r"(?i)https?://", entry.url):
            return entry
        if len(entry.text.split()) >= FULL_TEXT_WORDS:
            return entry  # the feed carries the full text: no request for it
        try:
            response = self._get(entry.url, {"Accept": "text/html,*/*;q=0.5"}, MAX_PAGE_BYTES)
        except FetchError as e:
            if entry.text.strip() and entry.text.strip() != (entry.title or "").strip():
                self.log(f"lapwing: {entry.url}: {e.reason}; coded the feed's own text instead")
                return entry
            return InputFailure(entry.url, e.reason, entry.id), e.permanent
        from lapwing.ingest import _decode, _extract_html

        page = _decode_page(response, _decode)
        if isinstance(page, InputFailure):
            return InputFailure(entry.url, page.reason, entry.id), True
        if len(page) > self.max_chars:
            reason = f"page of {len(page):,} characters exceeds the limit of {self.max_chars:,}"
            return InputFailure(entry.url, reason, entry.id), True
        try:
            found = _extract_html(page)
        except Exception:  # a third-party parser choking on a page: keep the entry's text
            found = {}
        text = found.get("text") or ""
        if not text.strip():
            return entry
        return make_article(
            text,
            id=entry.id,
            title=entry.title or found.get("title"),
            date=entry.date or found.get("date"),
            source=entry.source or found.get("sitename"),
            url=entry.url,
            origin=entry.origin,
            source_is_explicit=False,
        )

    def _get(self, url: str, headers: Mapping[str, str], max_bytes: int) -> Response:
        pause = self.backoff
        for attempt in range(self.retries + 1):
            try:
                return self.fetch(url, headers, timeout=self.timeout, max_bytes=max_bytes)
            except FetchError as e:
                if e.permanent or attempt == self.retries:
                    raise
                self.log(f"lapwing: {url}: {e.reason}; retrying in {pause:g} s")
                self.sleep(pause)
                pause *= 2
        raise AssertionError("unreachable")

    def _fail(self, failure: InputFailure, stats: PollStats) -> None:
        self.log(f"lapwing: {failure.origin}: {failure.reason}")
        self.store.write([], [failure])
        stats.errors += 1

    # ---- state

    def _validators(self, feed: str) -> tuple[str | None, str | None]:
        rows = self.store._fetchall("SELECT etag, last_modified FROM feeds WHERE url = ?", [feed])
        return rows[0] if rows else (None, None)

    def _save_validators(self, feed: str, etag: str | None, modified: str | None) -> None:
        from lapwing.store.base import _utcnow

        with self.store._transaction("save the feed state"):
            self.store._execute(
                "INSERT INTO feeds (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, checked_at = excluded.checked_at",
                [feed, etag, modified, _utcnow()],
            )

    def _seen(self, feed: str, entry_ids: list[str]) -> set[str]:
        seen: set[str] = set()
        for i in range(0, len(entry_ids), 200):
            chunk = entry_ids[i : i + 200]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT entry_id FROM feed_entries WHERE feed = ? AND entry_id IN ({marks})"
            seen.update(e for (e,) in self.store._fetchall(sql, [feed, *chunk]))
        return seen

    def _mark_seen(self, feed: str, entry_id: str, status: str) -> None:
        from lapwing.store.base import _utcnow

        with self.store._transaction("save the feed state"):
            self.store._execute(
                "INSERT INTO feed_entries (feed, entry_id, status, seen_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (feed, entry_id) DO NOTHING",
                [feed, entry_id, status, _utcnow()],
            )


def _last_modified(response: Response) -> str | None:
    return response.headers.get("Last-Modified")


def _decode_page(response: Response, decode: Callable[[bytes], Any]) -> str | InputFailure:
    if response.charset:
        try:
            return response.body.decode(response.charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header: sniff instead
    return decode(response.body)


# ---------------------------------------------------------------- the loop


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in `90`, `90s`, `15m`, `1h30m` or `1d`; ValueError otherwise."""
    value = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        seconds = float(value)
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)([smhd])", value)
        if not parts or "".join(n + u for n, u in parts) != value:
            raise ValueError(f"{text!r} is not a duration (e.g. 90s, 15m, 1h)")
        seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise ValueError(f"{text!r} is not a positive duration")
    return seconds


def watch(
    feeds: Sequence[str],
    open_store: Callable[[], Store],
    code: Coder,
    *,
    every: float = 900.0,
    once: bool = False,
    log: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    **options: Any,
) -> PollStats:
    """Poll `feeds` every `every` seconds until interrupted (or once); returns the totals.

    The store is opened for each poll and closed in between, so other processes can
    read (and, for DuckDB, open) it while the watcher waits. A busy store (another process
    holds DuckDB's write lock, PostgreSQL does not answer) is waited for, with the wait said
    on the log, growing from 5 s to at most a minute; `once` gives up after 5 minutes.
    """
    total = PollStats()
    say = log or (lambda message: None)
    pause, waited = STORE_WAIT, 0.0
    while True:
        started = time.monotonic()
        try:
            with open_store() as store:
                stats = Watcher(store, code, log=log, sleep=sleep, **options).poll(feeds)
        except StoreBusy as e:
            # another lapwing process writes the store, or the server is away: what the
            # watcher had committed is safe, and the next try redoes only the rest
            if once and waited >= STORE_WAIT_ONCE:
                raise
            say(f"lapwing: {e}; the watcher tries again in {pause:g} s")
            sleep(pause)
            waited += pause
            pause = min(pause * 2, STORE_WAIT_MAX, max(every, STORE_WAIT))
            continue
        pause, waited = STORE_WAIT, 0.0
        total.add(stats)
        if log:
            log(
                f"lapwing: polled {stats.feeds_checked} feed(s) "
                f"({stats.feeds_unchanged} unchanged): {stats.articles_stored} new article(s), "
                f"{stats.events_written} event(s), {stats.errors} error(s)"
            )
        if once:
            return total
        sleep(max(0.0, every - (time.monotonic() - started)))
