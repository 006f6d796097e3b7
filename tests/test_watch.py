"""`lapwing watch`: feeds and pages served from 127.0.0.1, conditional GET, errors, restarts."""

from __future__ import annotations

import http.server
import threading
from collections import Counter
from dataclasses import dataclass, field

import pytest
from typer.testing import CliRunner

import pg_cluster
from lapwing.cli import app
from lapwing.store import open_store
from lapwing.watch import USER_AGENT, FetchError, Watcher, http_get, parse_interval

postgres_cluster = pg_cluster.postgres_cluster

STORIES = {
    "niger": (
        "Russian trainers arrive in Niger",
        "Russian military trainers arrived in Niamey on Wednesday, state television said. "
        "The junta expelled French troops last year.",
    ),
    "tbilisi": (
        "Protest in Tbilisi",
        "Tens of thousands of protesters marched in Tbilisi on Sunday against a foreign agents "
        "law. Police used tear gas against demonstrators outside parliament.",
    ),
    "sudan": (
        "Sudan talks",
        "Representatives of Sudan's army met the Rapid Support Forces in Jeddah on Saturday "
        "for talks brokered by Saudi Arabia.",
    ),
    "sanctions": (
        "EU sanctions",
        "The European Union imposed new sanctions on Russia on Monday, targeting gas shipments.",
    ),
}


@dataclass
class Site:
    """A news site on 127.0.0.1: /feed.xml lists `entries`, /story/<key> are pages."""

    entries: list[str] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)  # pages that answer 404
    bare: set[str] = field(default_factory=set)  # entries with no text of their own
    full: set[str] = field(default_factory=set)  # entries that carry the whole article
    unavailable: Counter = field(default_factory=Counter)  # path -> 503s before success
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    version: int = 0
    base: str = ""

    @property
    def feed_url(self) -> str:
        return f"{self.base}/feed.xml"

    def publish(self, *keys: str) -> None:
        self.entries.extend(keys)
        self.version += 1

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{STORIES[k][0]}</title><link>{self.base}/story/{k}</link>"
            f"<guid>story-{k}</guid><pubDate>Mon, 06 May 2024 08:00:00 GMT</pubDate>"
            f"{self.description(k)}</item>"
            for k in self.entries
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Local Wire</title><link>{self.base}/</link>{items}</channel></rss>"
        ).encode()

    def description(self, key: str) -> str:
        if key in self.bare:
            return ""
        if key in self.full:  # the article itself, repeated past FULL_TEXT_WORDS
            return f"<description>{' '.join([STORIES[key][1]] * 10)}</description>"
        return f"<description>Summary of {key}.</description>"

    def pages(self, path: str) -> list[str]:
        return [p for p, _ in self.requests if p == path]


def page(key: str) -> bytes:
    title, text = STORIES[key]
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1><p>{text}</p></article><footer>(c) Wire</footer>"
        "</body></html>"
    ).encode()


@pytest.fixture
def site():
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            state.requests.append((self.path, dict(self.headers.items())))
            if state.unavailable[self.path] > 0:
                state.unavailable[self.path] -= 1
                return self.answer(503, b"busy")
            if self.path == "/feed.xml":
                etag = f'"v{state.version}"'
                modified = f"Mon, 06 May 2024 09:{state.version:02d}:00 GMT"
                if self.headers.get("If-None-Match") == etag:
                    return self.answer(304, b"", ETag=etag)
                return self.answer(
                    200, state.feed(), ETag=etag, **{"Last-Modified": modified}, ctype="rss+xml"
                )
            key = self.path.removeprefix("/story/")
            if key in STORIES and key not in state.missing:
                return self.answer(200, page(key), ctype="html")
            return self.answer(404, b"not here")

        def answer(self, status: int, body: bytes, ctype: str = "plain", **headers: str):
            self.send_response(status)
            kind = "application" if ctype.endswith("xml") else "text"
            self.send_header("Content-Type", f"{kind}/{ctype}; charset=utf-8")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["duckdb", "postgresql"])
def db(request, tmp_path) -> str:
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_cluster").create_database()
    return str(tmp_path / "watch.duckdb")


def poll(db: str, feeds: list[str], code, **options):
    with open_store(db) as store:
        return Watcher(store, code, sleep=lambda s: None, **options).poll(feeds)


def test_polls_store_new_articles_once_and_ask_conditionally(site, db, pipeline):
    site.publish("niger", "tbilisi", "sudan")
    first = poll(db, [site.feed_url], pipeline.code)
    assert (first.entries_new, first.articles_stored, first.errors) == (3, 3, 0)
    assert first.events_written > 0
    with open_store(db, read_only=True) as store:
        articles = {a["id"]: a for a in store.articles()}
        assert set(articles) == {"story-niger", "story-tbilisi", "story-sudan"}
        niger = articles["story-niger"]
        assert "state television said" in niger["text"]  # the page's text, not the summary
        assert "Home | World" not in niger["text"]
        assert niger["url"] == f"{site.base}/story/niger" and niger["date"] == "2024-05-06"
    assert all(h.get("User-Agent") == USER_AGENT for _, h in site.requests)

    site.requests.clear()
    second = poll(db, [site.feed_url], pipeline.code)
    assert (second.feeds_unchanged, second.entries_new, second.articles_stored) == (1, 0, 0)
    [(path, headers)] = site.requests  # the feed only, and it was not sent again
    assert path == "/feed.xml"
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Mon, 06 May 2024 09:01:00 GMT"

    site.requests.clear()
    site.publish("sanctions")
    third = poll(db, [site.feed_url], pipeline.code)
    assert (third.entries_new, third.articles_stored) == (1, 1)
    assert [p for p, _ in site.requests] == ["/feed.xml", "/story/sanctions"]
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 4


def test_a_missing_page_becomes_an_error_row_and_is_not_retried(site, tmp_path, pipeline):
    db = str(tmp_path / "w.duckdb")
    site.publish("niger", "sudan")
    site.missing.add("sudan")
    site.bare.add("sudan")  # nothing of its own to fall back on
    stats = poll(db, [site.feed_url], pipeline.code)
    assert (stats.articles_stored, stats.errors) == (1, 1)
    with open_store(db, read_only=True) as store:
        [error] = list(store.errors())
        assert error["origin"] == f"{site.base}/story/sudan"
        assert error["reason"] == "HTTP 404 Not Found"
        assert error["article_id"] == "story-sudan"
        assert [a["id"] for a in store.articles()] == ["story-niger"]
    site.publish("tbilisi")  # the feed changes; the 404 is not asked for again
    site.requests.clear()
    poll(db, [site.feed_url], pipeline.code)
    assert site.pages("/story/sudan") == []
    assert site.pages("/story/tbilisi") == ["/story/tbilisi"]


def test_a_busy_server_is_retried_with_growing_pauses(site, tmp_path, pipeline):
    site.publish("niger")
    site.unavailable["/story/niger"] = 2
    pauses: list[float] = []
    with open_store(tmp_path / "w.duckdb") as store:
        stats = Watcher(store, pipeline.code, sleep=pauses.append, backoff=1.5).poll(
            [site.feed_url]
        )
    assert (stats.articles_stored, stats.errors) == (1, 0)
    assert pauses == [1.5, 3.0]


def test_a_page_that_cannot_be_fetched_falls_back_to_the_feed_s_own_text(site, tmp_path, pipeline):
    db = str(tmp_path / "w.duckdb")
    site.publish("niger", "sudan")
    site.missing.add("sudan")
    site.unavailable["/story/niger"] = 3  # the first attempt and both retries
    said: list[str] = []
    stats = poll(db, [site.feed_url], pipeline.code, log=said.append)
    assert (stats.articles_stored, stats.errors) == (2, 0)
    with open_store(db, read_only=True) as store:
        texts = {a["id"]: a["text"] for a in store.articles()}
        assert texts["story-sudan"] == "Summary of sudan."
        assert store.counts()["errors"] == 0
    fallbacks = [line for line in said if "coded the feed's own text instead" in line]
    assert fallbacks == [
        f"lapwing: {site.base}/story/niger: HTTP 503 Service Unavailable; coded the feed's own "
        "text instead",
        f"lapwing: {site.base}/story/sudan: HTTP 404 Not Found; coded the feed's own text instead",
    ]
    assert all(line.count(site.base) == 1 for line in said)  # the URL once per line


def test_an_entry_that_carries_the_whole_article_is_not_fetched(site, tmp_path, pipeline):
    db = str(tmp_path / "w.duckdb")
    site.full.add("niger")
    site.publish("niger", "sudan")
    stats = poll(db, [site.feed_url], pipeline.code)
    assert stats.articles_stored == 2
    assert site.pages("/story/niger") == []  # the feed had it all
    assert site.pages("/story/sudan") == ["/story/sudan"]  # a summary: the page is read


def test_the_watcher_waits_for_a_store_another_process_writes(site, tmp_path, pipeline):
    from lapwing.store import StoreBusy
    from lapwing.watch import watch

    db = str(tmp_path / "w.duckdb")
    site.publish("niger")
    attempts = []

    def busy_then_free():
        attempts.append(len(attempts))
        if len(attempts) < 3:
            raise StoreBusy("database is locked by another lapwing process (PID 42)")
        return open_store(db)

    said: list[str] = []
    pauses: list[float] = []
    stats = watch(
        [site.feed_url], busy_then_free, pipeline.code, once=True, log=said.append,
        sleep=pauses.append,
    )  # fmt: skip
    assert stats.articles_stored == 1
    assert pauses == [5.0, 10.0]
    waits = [line for line in said if "tries again" in line]
    assert len(waits) == 2 and all("PID 42" in line for line in waits)


def test_a_page_down_for_good_is_tried_again_next_poll(site, tmp_path, pipeline):
    db = str(tmp_path / "w.duckdb")
    site.publish("niger")
    site.bare.add("niger")
    site.unavailable["/story/niger"] = 3  # the first attempt and both retries
    assert poll(db, [site.feed_url], pipeline.code).errors == 1
    site.requests.clear()
    stats = poll(db, [site.feed_url], pipeline.code)  # validators not kept: full feed again
    assert stats.articles_stored == 1
    assert "If-None-Match" not in site.requests[0][1]


def test_a_crash_between_fetching_and_committing_loses_and_repeats_nothing(
    site, tmp_path, pipeline
):
    db = str(tmp_path / "w.duckdb")
    site.publish("niger", "tbilisi", "sudan")

    def crashing(articles):
        for n, result in enumerate(pipeline.code(articles)):
            if n == 1:  # the second article was fetched and coded, not committed
                raise RuntimeError("killed")
            yield result

    with pytest.raises(RuntimeError, match="killed"):
        poll(db, [site.feed_url], crashing)
    with open_store(db, read_only=True) as store:
        assert [a["id"] for a in store.articles()] == ["story-niger"]
    fetched_before = Counter(p for p, _ in site.requests)

    poll(db, [site.feed_url], pipeline.code)  # the restart
    fetched = Counter(p for p, _ in site.requests)
    assert fetched["/story/niger"] == 1  # committed before the crash: not fetched again
    assert fetched["/story/tbilisi"] == 2  # fetched, lost in the crash, fetched again
    assert fetched["/story/sudan"] == fetched_before["/story/sudan"] + 1
    with open_store(db, read_only=True) as store:
        ids = [a["id"] for a in store.articles()]
        assert sorted(ids) == ["story-niger", "story-sudan", "story-tbilisi"]
        counts = store.counts()
        assert counts["articles"] == 3 and counts["errors"] == 0
    assert poll(db, [site.feed_url], pipeline.code).feeds_unchanged == 1


def test_a_feed_file_is_polled_by_modification_time(tmp_path, pipeline):
    feed = tmp_path / "wire.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><guid>x1</guid><title>Talks</title><description>Sudan's army and the Rapid "
        "Support Forces met in Jeddah on Saturday for talks.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    db = str(tmp_path / "w.duckdb")
    assert poll(db, [str(feed)], pipeline.code).articles_stored == 1
    assert poll(db, [str(feed)], pipeline.code).feeds_unchanged == 1


def test_an_unreachable_feed_is_an_error_row(tmp_path, pipeline):
    db = str(tmp_path / "w.duckdb")
    stats = poll(db, [str(tmp_path / "nope.xml")], pipeline.code)
    assert stats.errors == 1
    with open_store(db, read_only=True) as store:
        assert next(store.errors())["reason"] == "no such file"


def test_http_get_limits_the_size(site):
    site.publish("niger")
    with pytest.raises(FetchError, match="larger than 100 bytes") as info:
        http_get(f"{site.base}/story/niger", max_bytes=100)
    assert info.value.permanent


def test_cli_watch_once(site, tmp_path):
    site.publish("niger", "sudan")
    site.missing.add("sudan")
    site.bare.add("sudan")
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(app, ["watch", site.feed_url, "--once", "--db", str(db)])
    assert result.exit_code == 1, result.output  # one page could not be read
    assert "HTTP 404 Not Found" in result.stderr
    assert "1 new article(s)" in result.stderr
    again = CliRunner().invoke(app, ["watch", site.feed_url, "--once", "--db", str(db), "-q"])
    assert again.exit_code == 0 and again.stderr == ""


def test_cli_watch_rejects_a_bad_interval(site):
    result = CliRunner().invoke(app, ["watch", site.feed_url, "--every", "soon"])
    assert result.exit_code == 2
    assert "is not a duration" in result.stderr


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("1h30m", 5400), ("1d", 86400)]
)
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "15x", "m", "0s", "-5m", "15m junk"])
def test_parse_interval_rejects(text):
    with pytest.raises(ValueError):
        parse_interval(text)
