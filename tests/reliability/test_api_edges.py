"""The API's edges against issue 16 item 13: the security headers are on every response the
app sends, also those its outer middleware sends (CORS preflights, 500s, 413s); a cursor
that is not one the API handed out is a 422 naming the cursor, never a 503 from the
database. The server's own limits (timeouts, connection cap, uvicorn's 400) are in
test_serve_limits.py. No spaCy."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient

from lapwing.api import SECURITY_HEADERS, create_app
from lapwing.store import analytics, open_store
from test_rest_api import TOKEN, build_store

ORIGIN = "https://newsroom.example"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = build_store(tmp_path_factory.mktemp("edges") / "seed.duckdb")
    with open_store(path) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, cors_origins=[ORIGIN]), raise_server_exceptions=False)


def _secured(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_list(name) == [value], (response.status_code, name)


def test_cors_preflights_carry_the_security_headers(client):
    allowed = client.options(
        "/events", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    refused = client.options(
        "/events",
        headers={"Origin": "https://other.example", "Access-Control-Request-Method": "GET"},
    )
    assert refused.status_code == 400
    for response in (allowed, refused):
        _secured(response)


def test_a_500_whose_handler_fails_too_still_carries_them(store, monkeypatch):
    """Starlette's last-resort plain-text 500, sent when the app's own handler raises."""
    app = create_app(store)

    async def failing(request, exc):
        raise RuntimeError("the handler broke as well")

    app.exception_handlers[Exception] = failing

    def explode(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(analytics, "events_page", explode)
    response = TestClient(app, raise_server_exceptions=False).get("/events")
    assert response.status_code == 500
    assert "boom" not in response.text
    _secured(response)


def test_a_413_and_a_cors_answer_carry_each_header_once(store):
    small = TestClient(
        create_app(store, token=TOKEN, max_body=100, cors_origins=[ORIGIN]),
        raise_server_exceptions=False,
    )
    headers = {"Authorization": f"Bearer {TOKEN}", "Origin": ORIGIN}
    too_big = small.post("/articles", content="x" * 200, headers=headers)
    assert too_big.status_code == 413
    assert too_big.headers["access-control-allow-origin"] == ORIGIN
    _secured(too_big)
    _secured(small.get("/events", headers={"Origin": ORIGIN}))


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


FORGED = {
    "text with a lone surrogate": ("type", '["type", "\\ud800", "ev-x"]'),
    "id with a lone surrogate": ("date", '["date", "2024-04-12", "\\udfff"]'),
    "text with NUL": ("actor", '["actor", "RUS\\u0000", "ev-x"]'),
    "id with NUL": ("mentions", '["mentions", 2, "ev\\u0000"]'),
    "NaN": ("confidence", '["confidence", NaN, "ev-x"]'),
    "Infinity": ("-goldstein", '["-goldstein", -Infinity, "ev-x"]'),
    "float for a count": ("mentions", '["mentions", 2.5, "ev-x"]'),
    "2**63 for a float": ("goldstein", f'["goldstein", {2**63}, "ev-x"]'),
    "a bool": ("-mentions", '["-mentions", true, "ev-x"]'),
    "an object": ("date", '{"date": 1, "b": 2, "c": 3}'),
    "a three-letter string": ("date", '"abc"'),
    "four items": ("date", '["date", "2024-04-12", "ev-x", 1]'),
    "an unknown sort": ("date", '[["date"], "2024-04-12", "ev-x"]'),
    "a datetime for a date": ("date", '["date", "2024-04-12T10:00", "ev-x"]'),
    "deeply nested": ("date", "[" * 300 + "]" * 300),
}


@pytest.mark.parametrize("sort, raw", FORGED.values(), ids=FORGED.keys())
def test_a_forged_cursor_is_a_422_that_names_the_cursor(client, sort, raw, caplog):
    response = client.get("/events", params={"sort": sort, "cursor": _cursor(raw)})
    assert response.status_code == 422, response.text[:200]
    assert response.json()["detail"] == "cursor: not a cursor this API handed out"
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_a_cursor_of_another_order_says_so(client):
    cursor = _cursor('["-date", "2024-04-12", "ev-x"]')
    response = client.get("/events", params={"sort": "date", "cursor": cursor})
    assert response.status_code == 422
    assert "another sort order" in response.json()["detail"]


def test_forged_cursors_are_refused_by_the_decoder_itself():
    """The check lives where cursors are read, so every caller of events_page gets it."""
    deeper = ("date", "[" * 100_000 + "]" * 100_000)  # past the recursion limit of json
    for sort, raw in [*FORGED.values(), deeper]:
        with pytest.raises(analytics.BadQuery, match="cursor"):
            analytics.decode_cursor(_cursor(raw), sort)


@pytest.mark.parametrize(
    "sort, value",
    [("date", "2024-04-12"), ("-confidence", 0.75), ("goldstein", -10), ("mentions", 2**63 - 1),
     ("actor", "RUSMIL"), ("-place", "Niamey, Niger")],
)  # fmt: skip
def test_every_cursor_the_encoder_writes_reads_back(sort, value):
    import datetime as dt

    stored = dt.date.fromisoformat(value) if sort == "date" else value
    cursor = analytics.encode_cursor(sort, stored, "ev-1")
    assert analytics.decode_cursor(cursor, sort) == (stored, "ev-1")


def test_pages_of_every_sort_still_chain(client):
    for sort in analytics.SORTS:
        seen: list[str] = []
        params: dict = {"sort": sort, "limit": 2, "modality": "all"}
        while True:
            page = client.get("/events", params=params)
            assert page.status_code == 200, (sort, page.text[:200])
            body = page.json()
            seen += [e["id"] for e in body["events"]]
            if not body["next_cursor"]:
                break
            params["cursor"] = body["next_cursor"]
        everything = client.get("/events", params={"sort": sort, "limit": 500, "modality": "all"})
        assert seen == [e["id"] for e in everything.json()["events"]], sort
        assert len(seen) > 2, sort
