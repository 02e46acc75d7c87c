"""voipbin_contract.traffic.listener: the proxy's protocol answers a head too large, with too many headers or too slow
with the error envelope and closes; a request within the bounds reaches the app, one after another on a connection."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn

from tests.hostile import LATE
from voipbin_contract.traffic.listener import MAX_HEAD_BYTES, MAX_HEADERS, BoundedHttpToolsProtocol


class Quick(BoundedHttpToolsProtocol):
    head_seconds = 0.5


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@contextmanager
def listening() -> Iterator[tuple[str, int]]:
    sock = socket.create_server(("127.0.0.1", 0))
    config = uvicorn.Config(app, http=Quick, log_level="critical", lifespan="off", timeout_keep_alive=5)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield sock.getsockname()[:2]
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def answer(address: tuple[str, int], *parts: bytes, pause: float = 0.0) -> tuple[int, dict[str, Any], float]:
    """Sends parts (pausing between them), reads until the server closes; the status, the JSON body, the seconds."""
    started = time.monotonic()
    with socket.create_connection(address, timeout=10) as connection:
        try:
            for part in parts:
                connection.sendall(part)
                time.sleep(pause)
        except OSError:
            pass  # the server closed while we were still sending: its answer is in the buffer
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body) if body.startswith(b"{") else {}, time.monotonic() - started


def test_a_request_within_the_bounds_reaches_the_app_twice_on_one_connection():
    request = b"GET /v1.0/numbers HTTP/1.1\r\nHost: x\r\n\r\n"
    with listening() as address, socket.create_connection(address, timeout=5) as connection:
        for _ in range(2):
            connection.sendall(request)
            assert connection.recv(4096).startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize(
    ("head", "status", "reason"),
    [
        (b"GET / HTTP/1.1\r\nX-Long: " + b"a" * (MAX_HEAD_BYTES + 1) + b"\r\n\r\n", 431, "HEADERS_TOO_LARGE"),
        (b"GET /v1.0/numbers HTTP/1.1\r\n" + b"X: y\r\n" * (MAX_HEADERS + 1) + b"\r\n", 431, "TOO_MANY_HEADERS"),
        (b"GET /" + b"a" * (MAX_HEAD_BYTES + 1) + b" HTTP/1.1\r\n\r\n", 414, "URI_TOO_LONG"),
        (b"NOT HTTP AT ALL\r\n\r\n", 400, "MALFORMED_HTTP_REQUEST"),
    ],
    ids=["a header too large", "too many headers", "a URL too long", "not HTTP"],
)
def test_a_head_out_of_bounds_is_refused_with_the_envelope(head, status, reason):
    with listening() as address:
        code, body, _ = answer(address, head)
    assert code == status
    assert body["error"]["reason"] == reason


def test_a_header_that_never_ends_is_refused_once_past_the_bound_not_held():
    """A megabyte of one header, no end: refused after the first 64 KiB or so, the rest never read."""
    with listening() as address:
        chunk = b"a" * 16384
        code, body, seconds = answer(address, b"GET / HTTP/1.1\r\nX-Endless: ", *[chunk] * 64)
    assert code == 431
    assert body["error"]["reason"] == "HEADERS_TOO_LARGE"
    assert seconds < LATE


def test_a_head_sent_too_slowly_is_refused_at_the_deadline():
    with listening() as address:
        code, body, seconds = answer(address, b"GET / HTTP/1.1\r\n", b"X-A: b\r\n", b"X-C: d\r\n", pause=0.3)
    assert code == 408
    assert body["error"]["reason"] == "REQUEST_TIMEOUT"
    assert seconds < Quick.head_seconds + LATE


def test_a_connection_that_sends_nothing_is_closed_at_the_deadline():
    with listening() as address:
        code, _, seconds = answer(address)
    assert code == 408
    assert seconds < Quick.head_seconds + LATE
