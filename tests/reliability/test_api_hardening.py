"""The API against issue 16: long JSON integers in POST /articles, article ids holding `/`,
security headers on every response (413 and 500 included) and forged cursors."""

from __future__ import annotations

import json

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
