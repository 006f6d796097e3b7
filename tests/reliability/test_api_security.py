"""API security against `create_app`: tokens compared in constant time, size and page
limits, injection strings in every filter and path parameter with no effect on the store,
CORS closed by default, no stack trace in any error body, and `serve` on loopback."""

from __future__ import annotations

import hmac
import inspect
import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from lapwing import api as api_module
from lapwing.api import create_app
from lapwing.store import open_store
from test_rest_api import TOKEN, build_store

INJECTIONS = [
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    "'; DELETE FROM articles; --",
    "1; UPDATE events SET event_type='X'",
    "%",
    "_",
    "%%",
    "\\%",
    "RUS%",
    "a\x00b",
    "\x00",
    "NER\u202e",
    "\u200b",
    "Ωμέγα 🚀 中文",
    "' UNION SELECT id, text FROM articles --",
    "$(reboot)",
    "../../etc/passwd",
    "*/ OR /*",
    "ATTACH 'x.db' AS x; --",
    "COPY events TO '/tmp/pwned.csv'",
]
FILTERS = ["country", "actor", "event_type", "quad_class", "modality", "since", "until",
           "bbox", "q", "article_id"]  # fmt: skip
READ_PATHS = ["/events", "/stats", "/actors", "/map"]
TRACE_MARKERS = ("Traceback", 'File "', "site-packages", "lapwing/", '.py", line')


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_store(tmp_path_factory.mktemp("sec") / "sec.duckdb")
    with open_store(path) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, token=TOKEN), raise_server_exceptions=False)


def _snapshot(store) -> tuple:
    counts = store.counts()
    events = sorted((e["id"], e["event_type"], e["actor"] and e["actor"]["code"])
                    for e in store.events())  # fmt: skip
    articles = sorted(a["id"] for a in store.articles())
    return counts, events, articles


def _no_trace(response) -> None:
    for marker in TRACE_MARKERS:
        assert marker not in response.text, (response.status_code, response.text[:500])


# -- tokens ----------------------------------------------------------------------------


def test_tokens_are_compared_with_hmac_compare_digest(store, monkeypatch):
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(api_module.hmac, "compare_digest", spy)
    app = create_app(store, token=TOKEN, open_reads=False, read_token="read-secret")
    client = TestClient(app, raise_server_exceptions=False)
    wrong = client.post("/articles", json={"text": "x"}, headers={"Authorization": "Bearer no"})
    assert wrong.status_code == 401
    assert (b"no", TOKEN.encode()) in calls
    calls.clear()
    assert client.get("/events", headers={"Authorization": "Bearer read-secret"}).status_code == 200
    assert any(b == b"read-secret" for _, b in calls)
    # No token never reaches a comparison that could leak its length through timing.
    calls.clear()
    assert client.post("/articles", json={"text": "x"}).status_code == 401
    assert calls == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer  "},
        {"Authorization": f"Token {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN} extra"},
        {"Authorization": f"Bearer {TOKEN.upper()}"},
        {"Authorization": "Bearer " + "x" * 10_000},
        {"Authorization": "Bearer ' OR 1=1 --"},
        {"X-Api-Key": TOKEN},
        {"Cookie": f"token={TOKEN}"},
    ],
)
def test_writes_without_the_exact_token_are_refused(client, store, headers):
    before = _snapshot(store)
    response = client.post("/articles", json={"text": "Russian troops attacked rebels."},
                           headers=headers)  # fmt: skip
    assert response.status_code == 401, response.text
    _no_trace(response)
    assert _snapshot(store) == before


def test_a_token_in_the_query_string_is_not_accepted(client):
    for name in ("token", "access_token", "api_key"):
        response = client.post(f"/articles?{name}={TOKEN}", json={"text": "x"})
        assert response.status_code == 401


def test_non_ascii_authorization_header_is_a_clean_401(client):
    raw = [(b"authorization", "Bearer jeton-éèü".encode("latin-1"))]
    response = client.post("/articles", json={"text": "x"}, headers=raw)
    assert response.status_code == 401
    _no_trace(response)


# -- size and page limits ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, params",
    [
        ("/events", {"limit": 501}),
        ("/events", {"limit": 0}),
        ("/events", {"limit": -1}),
        ("/events", {"limit": 10**30}),
        ("/events", {"limit": "1e3"}),
        ("/actors", {"limit": 10**6}),
        ("/map", {"limit": 5001}),
        ("/map", {"precision": 9}),
        ("/stats", {"top": 101}),
        ("/stats", {"dyads": 501}),
        ("/events", {"country": ",".join(["NER"] * 51)}),
        ("/events", {"q": "x" * 201}),
        ("/events", {"cursor": "A" * 1001}),
        ("/events", {"article_id": "a" * 301}),
    ],
)
def test_page_and_filter_limits(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422, (path, params, response.status_code)
    _no_trace(response)


def test_the_largest_page_is_served(client):
    assert client.get("/events", params={"limit": 500}).status_code == 200


def test_body_limits_and_hostile_bodies(store):
    client = TestClient(create_app(store, token=TOKEN, max_body=300_000),
                        raise_server_exceptions=False)  # fmt: skip
    auth = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    before = _snapshot(store)
    bodies = {
        "too large": ("x" * 400_000, 413),
        "nested arrays": ("[" * 100_000 + "]" * 100_000, 422),
        "nested objects": ('{"a":' * 30_000 + "1" + "}" * 30_000, 422),
        "nested in text": ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", 422),
        "not utf-8": (b"\xff\xfe{\x00", 422),
        "too many articles": (json.dumps([{"text": "a"}] * 201), 413),
    }
    for name, (body, status) in bodies.items():
        response = client.post("/articles", content=body, headers=auth)
        assert response.status_code == status, (name, response.status_code, response.text[:200])
        _no_trace(response)
    for length in ("99999999999999999999", "-1", "abc", "1e9"):
        headers = {**auth, "content-length": length}
        response = client.post("/articles", content=b"{}", headers=headers)
        assert response.status_code in (400, 413), (length, response.status_code)
    assert _snapshot(store) == before


# -- injection strings ------------------------------------------------------------------


@pytest.mark.parametrize("name", FILTERS)
def test_injection_strings_in_every_filter_have_no_effect(client, store, name):
    before = _snapshot(store)
    everything = client.get("/events", params={"modality": "all", "limit": 500}).json()
    for payload in INJECTIONS:
        for path in READ_PATHS:
            response = client.get(path, params={name: payload})
            assert response.status_code in (200, 422), (path, name, payload, response.text)
            _no_trace(response)
            if response.status_code == 200 and path == "/events":
                found = response.json()["events"]
                # A pattern character never widens a filter to everything.
                assert len(found) < len(everything["events"]) or not everything["events"]
    assert _snapshot(store) == before


@pytest.mark.parametrize("prefix", ["/events/", "/articles/"])
def test_injection_strings_in_path_parameters_have_no_effect(client, store, prefix):
    before = _snapshot(store)
    for payload in INJECTIONS + ["%25", "%00", "..%2F..%2Fetc%2Fpasswd", "*"]:
        for fmt in ("", "?format=html"):
            response = client.get(prefix + quote(payload, safe="") + fmt)
            assert response.status_code in (404, 422), (prefix, payload, response.status_code)
            _no_trace(response)
    assert _snapshot(store) == before


def test_injection_strings_stored_through_post_are_only_text(store, pipeline):
    client = TestClient(create_app(store, token=TOKEN), raise_server_exceptions=False)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = store.counts()
    articles = [
        {"id": payload, "title": payload, "source": payload, "url": payload,
         "text": f"Russian troops attacked rebels near Niamey. {payload}"}
        for payload in INJECTIONS[:6]
    ]  # fmt: skip
    response = client.post("/articles", json=articles, headers=auth)
    assert response.status_code == 201, response.text
    after = store.counts()
    assert after["articles"] > before["articles"]
    assert after["events"] >= before["events"]  # DROP/DELETE/UPDATE did nothing
    stored = {a["id"] for a in store.articles()}
    for payload in INJECTIONS[:6]:
        if "\x00" not in payload:
            assert payload in stored
            page = client.get("/articles/" + quote(payload, safe=""), params={"format": "html"})
            assert page.status_code == 200
            assert "<script" not in page.text.split("<body", 1)[1].lower()


# -- CORS and error bodies ------------------------------------------------------------------


def test_cors_is_closed_by_default_for_every_method(client):
    for origin in ("https://evil.example", "null", "http://127.0.0.1:8000"):
        headers = {"Origin": origin}
        for response in (
            client.get("/events", headers=headers),
            client.get("/health", headers=headers),
            client.options("/events", headers={**headers, "Access-Control-Request-Method": "GET"}),
            client.options("/articles", headers={**headers,
                           "Access-Control-Request-Method": "POST",
                           "Access-Control-Request-Headers": "authorization"}),
        ):  # fmt: skip
            lowered = {k.lower() for k in response.headers}
            assert "access-control-allow-origin" not in lowered, origin
            assert "access-control-allow-credentials" not in lowered


def test_no_stack_trace_in_any_error_body(store, monkeypatch):
    client = TestClient(create_app(store, token=TOKEN), raise_server_exceptions=False)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    requests = [
        ("GET", "/nope", {}),
        ("DELETE", "/events", {}),
        ("PUT", "/articles", {}),
        ("GET", "/events?limit=abc", {}),
        ("GET", "/events?sort=drop", {}),
        ("GET", "/events?cursor=!!!", {}),
        ("GET", "/events?since=2024-13-45", {}),
        ("GET", "/stats?group_by=text", {}),
        ("GET", "/events/" + "x" * 400, {}),
        ("POST", "/articles", {"content": "{", "headers": auth}),
        ("POST", "/articles", {"content": "<a/>", "headers": {**auth, "content-type": "text/xml"}}),
        ("GET", "/dashboard/../../etc/passwd", {}),
        ("GET", "/dashboard/%2e%2e/%2e%2e/pyproject.toml", {}),
    ]
    for method, url, kwargs in requests:
        response = client.request(method, url, **kwargs)
        assert 400 <= response.status_code < 600, (method, url, response.status_code)
        _no_trace(response)
        assert "root:" not in response.text
    from lapwing.store import analytics

    def explode(*args, **kwargs):
        raise ZeroDivisionError("/home/secret/path.py line 3")

    for name in ("events_page", "date_range", "top_actors", "map_points", "event", "article"):
        monkeypatch.setattr(analytics, name, explode)
    for url in ("/events", "/stats", "/actors", "/map", "/events/x", "/articles/x"):
        response = client.get(url)
        assert response.status_code == 500, url
        assert response.json() == {"detail": "internal error"}
        assert "secret" not in response.text
        _no_trace(response)


# -- serve ---------------------------------------------------------------------------------


def test_serve_binds_loopback_by_default():
    from typer.testing import CliRunner

    from lapwing import cli

    default = inspect.signature(cli.serve).parameters["host"].default
    assert default == "127.0.0.1"
    help_text = CliRunner().invoke(cli.app, ["serve", "--help"], terminal_width=200).output
    assert "127.0.0.1" in help_text and "0.0.0.0" not in help_text
