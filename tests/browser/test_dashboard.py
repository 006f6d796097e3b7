"""The dashboard in a real browser: Debian's chromium driven by Playwright, against uvicorn
serving a seeded store on a loopback port. Screenshots go to test-artifacts/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Page, expect

from conftest import REPO
from lapwing.api import create_app
from test_rest_api import build_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(store_path: Path) -> Iterator[str]:
    """uvicorn serving the store on a free loopback port, in a thread; yields its URL."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(store_path), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def browser_page(base_url: str, **context_options: Any) -> Iterator[Page]:
    """A page in Debian's chromium that records page errors (`page.errors`) and every
    request to anywhere but the server (`page.outside`)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install it with `apt-get update && apt-get install -y "
            "chromium` (.ci/run does this)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, **context_options)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        outside: list[str] = []
        page.on(
            "request",
            lambda r: (
                outside.append(r.url)
                if not r.url.startswith((base_url, "data:", "blob:"))
                else None
            ),
        )
        page.errors, page.outside = errors, outside  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            browser.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with serve(build_store(tmp_path_factory.mktemp("browser") / "seed.duckdb")) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url):
    with browser_page(base_url) as page:
        yield page


def test_dashboard_filters_and_shows_a_highlighted_sentence(page, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(base_url + "/")
    page.wait_for_selector("#events tbody tr[data-id]")
    page.wait_for_selector("#map path.country")
    page.wait_for_selector("#map path.point")
    page.wait_for_selector("#timeline rect.bar")
    page.wait_for_selector("#network .node")
    assert page.locator("#events tbody tr[data-id]").count() == 6
    assert "6 events" in page.locator("#summary").inner_text()
    page.screenshot(path=str(ARTIFACTS / "dashboard-seeded.png"), full_page=True)

    # filter by a country: every view follows
    page.select_option("#f-country", "NER")
    # (locator assertions, not wait_for_function: the page's CSP forbids eval)
    expect(page.locator("#events tbody tr[data-id]")).to_have_count(2)
    expect(page.locator("#summary")).to_contain_text("2 events")
    assert "2 events" in page.locator("#summary").inner_text()
    assert "country=NER" in page.url
    assert page.locator("#map path.country.selected").get_attribute("data-iso") == "NER"
    rows = page.locator("#events tbody tr[data-id]")
    ids = {rows.nth(i).get_attribute("data-id") for i in range(rows.count())}
    assert ids == {"ev-a-niger-0", "ev-a-niger-1"}

    # open an event: its sentence with actor, trigger, recipient and place highlighted
    page.locator('#events tbody tr[data-id="ev-a-niger-0"]').click()
    page.wait_for_selector("#event-panel:not([hidden]) #ev-sentence mark")
    marks = page.locator("#ev-sentence mark")
    roles = {
        marks.nth(i).get_attribute("data-role"): marks.nth(i).inner_text()
        for i in range(marks.count())
    }
    assert roles == {
        "actor": "Russian troops",
        "trigger": "attacked",
        "recipient": "Nigerien rebels",
        "location": "Niamey",
    }
    assert page.locator("#ev-sentence").inner_text().strip() == (
        "Russian troops attacked Nigerien rebels near Niamey."
    )
    colors = {
        marks.nth(i).evaluate("e => getComputedStyle(e).backgroundColor")
        for i in range(marks.count())
    }
    assert len(colors) == 4, "each role has its own color"
    assert page.locator(".event-panel .legend.roles li").count() == 4
    link = page.locator("#ev-articles a").first
    assert link.get_attribute("href") == "/articles/a-niger"
    page.screenshot(path=str(ARTIFACTS / "dashboard-event.png"), full_page=True)

    # the article view linked from the panel
    article = page.context.new_page()
    article.goto(base_url + link.get_attribute("href"))
    assert article.locator(".article-text mark.trigger").first.inner_text() == "attacked"
    article.close()

    assert page.errors == []  # type: ignore[attr-defined]
    assert page.outside == []  # type: ignore[attr-defined]  # nothing fetched from elsewhere
