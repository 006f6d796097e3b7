"""The API against issue 16: long JSON integers in POST /articles, article ids holding `/`,
security headers on every response (413 and 500 included) and forged cursors."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import lapwing
from lapwing.api import create_app
from lapwing.records import CodingResult
from lapwing.store import open_store
from test_rest_api import TOKEN, build_store

AUTH = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
LONG = "9" * 5_000


class _NoModel:
    """Codes nothing: these tests are about what reaches the pipeline, not what it finds."""

    def code(self, articles):
        return (CodingResult(article=a) for a in articles)


@pytest.fixture
def writer(tmp_path, monkeypatch):
    monkeypatch.setattr(lapwing, "get_pipeline", lambda settings=None: _NoModel())
    path = build_store(tmp_path / "api.duckdb")
    with open_store(path) as store:
        yield TestClient(create_app(store, token=TOKEN), raise_server_exceptions=False), store


# -- item 2: an integer longer than int() reads ---------------------------------------------


def test_a_long_integer_in_post_fails_its_article_not_the_request(writer):
    client, store = writer
    before = store.counts()["articles"]
    good = json.dumps({"id": "posted", "text": "Police arrested protesters."})
    bad = '{"text": "x", "n": ' + LONG + "}"
    for body in (f"[{good}, {bad}]", f"{good}\n{bad}\n"):
        response = client.post("/articles", content=body, headers=AUTH)
        assert response.status_code == 201, response.text[:300]
        report = response.json()["articles"]
        assert [r.get("error") for r in report][0] == "#2: a JSON number has more than 4,300 digits"
        assert [r["id"] for r in report if not r.get("error")] == ["posted"]
    assert store.counts()["articles"] == before + 1
    for body in (bad, f"[{bad}]", '{"text": ' + LONG + "}"):
        response = client.post("/articles", content=body, headers=AUTH)
        assert response.status_code == 422, response.text[:300]
        assert "4,300 digits" in response.text


# -- item 8: article ids holding "/" ----------------------------------------------------------

SLASHED = ["https://example.org/news/2024/05/06/niger-story", "wire/2024/1", "a//b/"]


@pytest.fixture
def slashed(tmp_path):
    """The seed store, with one article (and its events) under each id in SLASHED."""
    from dataclasses import replace

    from test_rest_api import seed_results

    results = []
    for article_id in SLASHED:
        seed = seed_results()[0]
        events = [replace(e, article_id=article_id) for e in seed.events]  # the store merges
        results.append(replace(seed, article=replace(seed.article, id=article_id), events=events))
    path = build_store(tmp_path / "slashed.duckdb")
    with open_store(path) as store:
        store.write(results)
        yield TestClient(create_app(store), raise_server_exceptions=False), results


def test_articles_whose_id_holds_a_slash_are_reachable(slashed):
    client, results = slashed
    for result in results:
        article_id = result.article.id
        response = client.get("/articles/" + quote(article_id, safe=""))
        assert response.status_code == 200, (article_id, response.text[:200])
        body = response.json()
        assert body["id"] == article_id
        assert len(body["events"]) == len(result.events)
        page = client.get("/articles/" + quote(article_id, safe=""), params={"format": "html"})
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]


def test_the_dashboards_reported_by_link_opens_the_article(slashed):
    client, _ = slashed
    reached = set()
    for event in client.get("/events", params={"modality": "all", "limit": 500}).json()["events"]:
        for ref in client.get(f"/events/{event['id']}").json()["articles"]:
            response = client.get(ref["href"], headers={"Accept": "text/html"})
            assert response.status_code == 200, (ref["href"], response.status_code)
            assert "<h1>" in response.text
            reached.add(ref["id"])
    assert set(SLASHED) <= reached


# -- item 13: security headers on every response; forged cursors ------------------------------


def _secured(response) -> None:
    headers = response.headers
    assert headers.get("x-content-type-options") == "nosniff", response.status_code
    assert "default-src 'self'" in headers.get("content-security-policy", "")
    assert headers.get("x-frame-options") == "DENY"
    assert headers.get("content-security-policy", "").count("default-src") == 1


def test_security_headers_on_413_500_and_other_errors(writer, monkeypatch):
    client, store = writer
    small = TestClient(create_app(store, token=TOKEN, max_body=100), raise_server_exceptions=False)
    responses = {
        "413 by Content-Length": small.post("/articles", content="x" * 200, headers=AUTH),
        "413 streamed": small.post("/articles", content=iter([b"x" * 80] * 3), headers=AUTH),
        "404": client.get("/nope"),
        "405": client.delete("/events"),
        "422": client.get("/events", params={"limit": "abc"}),
        "401": TestClient(create_app(store, open_reads=False, read_token="r")).get("/events"),
        "200": client.get("/events"),
    }
    from lapwing.store import analytics

    def explode(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(analytics, "events_page", explode)
    responses["500"] = client.get("/events")
    for name, response in responses.items():
        assert str(response.status_code) == name.split()[0], (name, response.status_code)
        _secured(response)


def _cursor(sort: str, value) -> str:
    raw = json.dumps([sort, value, "ev-x"], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "sort, value",
    [("mentions", 10**300), ("-mentions", -(10**40)), ("confidence", 10**300),
     ("goldstein", 2**63), ("mentions", "x"), ("date", "not a date")],
    ids=["10**300", "-10**40", "float-10**300", "2**63", "string", "date"],
)  # fmt: skip
def test_a_forged_cursor_is_a_422_not_a_503(writer, sort, value, caplog):
    client, _ = writer
    response = client.get("/events", params={"sort": sort, "cursor": _cursor(sort, value)})
    assert response.status_code == 422, response.text[:200]
    assert "cursor" in response.json()["detail"]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_a_cursor_the_api_handed_out_still_pages(writer):
    client, _ = writer
    for sort in ("mentions", "-confidence", "goldstein", "date"):
        first = client.get("/events", params={"sort": sort, "limit": 2, "modality": "all"})
        cursor = first.json()["next_cursor"]
        assert cursor, sort
        second = client.get(
            "/events", params={"sort": sort, "limit": 2, "modality": "all", "cursor": cursor}
        )
        assert second.status_code == 200
        assert {e["id"] for e in second.json()["events"]}.isdisjoint(
            e["id"] for e in first.json()["events"]
        )
