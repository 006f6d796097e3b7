"""`lapwing serve` against slow and many clients (issue 16 item 12): a client that never
finishes its request head is cut off after LAPWING_HEADER_TIMEOUT, even if it trickles bytes
in; beyond LAPWING_MAX_CONNECTIONS a request gets a 503 at once instead of waiting; uvicorn's
own 400 and that 503 carry the API's security headers (item 13). A real server in a child
process on a loopback port, over a small store; no spaCy."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time

import pytest
from _store_checks import lapwing

from lapwing.api import SECURITY_HEADERS
from test_rest_api import build_store

HEADER_TIMEOUT = 1.5
MAX_CONNECTIONS = 4
PARTIAL = b"GET /events HTTP/1.1\r\nHost: localhost\r\nX-Slow: "


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("serve") / "seed.duckdb")
    port = _free_port()
    env = {
        **os.environ,
        "LAPWING_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
        "LAPWING_MAX_CONNECTIONS": str(MAX_CONNECTIONS),
    }
    child = lapwing("serve", "--db", str(db), "--port", str(port), env=env)
    deadline = time.monotonic() + 60
    while True:
        if child.poll() is not None:
            pytest.fail(f"serve ended: {child.communicate()[1][-2000:]}")
        try:
            if _get(port, "/health")[0] == 200:
                break
        except OSError:
            if time.monotonic() > deadline:
                child.kill()
                pytest.fail("serve did not start listening")
            time.sleep(0.1)
    yield port
    child.terminate()
    try:
        child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()


def _get(port: int, path: str) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


def _open(port: int, first: bytes = PARTIAL) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(first)
    return sock


def _closed_after(sock: socket.socket, trickle: bool = False) -> float:
    """Seconds until the server closes `sock`, sending a header byte every 0.2 s if asked."""
    started = time.monotonic()
    sock.settimeout(0.2 if trickle else 10)
    while time.monotonic() - started < 10:
        try:
            if sock.recv(1024) == b"":
                return time.monotonic() - started
        except TimeoutError:
            sock.sendall(b"x")  # one more byte of the never-ending header
        except ConnectionResetError:
            return time.monotonic() - started
    return float("inf")


def _secured(headers: dict[str, str]) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name


def test_a_request_head_never_finished_is_cut_off(server):
    with _open(server) as sock:
        waited = _closed_after(sock)
    assert HEADER_TIMEOUT * 0.8 <= waited < HEADER_TIMEOUT + 3, waited


def test_trickling_header_bytes_does_not_keep_the_connection(server):
    with _open(server) as sock:
        waited = _closed_after(sock, trickle=True)
    # uvicorn's own keep-alive timer restarts on every byte: this connection was held for ever
    assert waited < HEADER_TIMEOUT + 3, waited


def test_a_kept_alive_connection_serves_request_after_request(server):
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    try:
        for _ in range(3):
            conn.request("GET", "/health")
            response = conn.getresponse()
            response.read()
            assert response.status == 200
            _secured({k.lower(): v for k, v in response.getheaders()})
    finally:
        conn.close()


def test_beyond_the_connection_limit_a_request_gets_a_503_not_a_wait(server):
    idle = [_open(server) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.2)  # the server has taken them all
        started = time.monotonic()
        status, headers = _get(server, "/health")
        assert status == 503
        assert time.monotonic() - started < HEADER_TIMEOUT * 0.8  # answered, not timed out
        assert headers.get("retry-after") == "1"
        _secured(headers)
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.3)  # the closed ones are gone: there is room again
    assert _get(server, "/health")[0] == 200


def test_idle_connections_free_their_places_by_themselves(server):
    idle = [_open(server) for _ in range(MAX_CONNECTIONS)]
    try:
        assert _get(server, "/health")[0] == 503
        assert [_closed_after(sock) < HEADER_TIMEOUT + 3 for sock in idle] == [True] * len(idle)
        assert _get(server, "/health")[0] == 200
    finally:
        for sock in idle:
            sock.close()


def test_uvicorns_own_400_carries_the_security_headers(server):
    with _open(server, b"NOT HTTP AT ALL\r\n\r\n") as sock:
        received = b""
        while chunk := sock.recv(4096):
            received += chunk
    head = received.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    assert head[0].startswith("HTTP/1.1 400"), head
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in head[1:])}
    _secured(headers)


def test_a_setting_of_zero_is_refused(tmp_path):
    db = build_store(tmp_path / "seed.duckdb")
    env = {**os.environ, "LAPWING_MAX_CONNECTIONS": "0"}
    child = lapwing("serve", "--db", str(db), "--port", str(_free_port()), env=env)
    try:
        _, err = child.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail("serve started with no connection allowed")
    assert child.returncode == 2
    assert "LAPWING_MAX_CONNECTIONS" in err and "Traceback" not in err
