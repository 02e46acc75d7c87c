"""voipbin_contract.runner.bounds: the suite reads no answer past MAX_ANSWER_BYTES, and none past its request's
deadline, through httpx and through schemathesis alike."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.hostile import LATE, dripping, dripping_head, hanging, hostile, html, huge
from voipbin_contract.runner.bounds import (
    MAX_ANSWER_BYTES,
    AnswerTooLarge,
    AnswerTooSlow,
    CappedTransport,
    bounded_send,
)


class Endless(httpx.SyncByteStream):
    def __init__(self) -> None:
        self.taken = 0

    def __iter__(self) -> Iterator[bytes]:
        while True:
            self.taken += 65536
            yield b"[" * 65536


def test_an_endless_answer_fails_at_the_cap_and_is_read_no_further():
    """100 MB answers took the suite to 4.4 GB."""
    body = Endless()
    transport = CappedTransport(httpx.MockTransport(lambda request: httpx.Response(200, stream=body)))
    client = httpx.Client(transport=transport, base_url="http://server.test")
    with client, pytest.raises(AnswerTooLarge, match=r"/v1\.0/numbers answered more than"):
        client.get("/v1.0/numbers")
    assert body.taken <= MAX_ANSWER_BYTES + 65536


def test_an_answer_within_the_cap_is_read_whole():
    transport = CappedTransport(httpx.MockTransport(lambda request: httpx.Response(200, json={"result": []})))
    with httpx.Client(transport=transport, base_url="http://server.test") as client:
        assert client.get("/v1.0/numbers").json() == {"result": []}


@pytest.mark.parametrize("answer", [dripping, dripping_head, hanging], ids=["drips", "drips-head", "hangs"])
def test_a_request_of_the_suite_ends_at_its_deadline_whatever_the_server_does(answer):
    """httpx's timeouts start again at every read: a server dripping its head a byte at a time held a request
    for as long as it dripped."""
    transport = CappedTransport(httpx.HTTPTransport(), seconds=1.0)
    with hostile(answer) as url, httpx.Client(transport=transport, base_url=url, timeout=10) as client:
        started = time.monotonic()
        with pytest.raises(AnswerTooSlow, match=r"GET /v1\.0/numbers did not answer whole within 1 s"):
            client.get("/v1.0/numbers")
        assert time.monotonic() - started < 1.0 + LATE


DESCRIPTION = {
    "openapi": "3.0.3",
    "info": {"title": "hostile", "version": "1"},
    "paths": {"/v1.0/numbers": {"get": {"responses": {"200": {"description": "numbers"}}}}},
}


def schemathesis_get(seconds: float) -> Callable[[str], Any]:
    """A GET as schemathesis sends it during a run, through bounded_send: a function of the server's URL."""
    import schemathesis
    from schemathesis.transport.requests import REQUESTS_TRANSPORT

    case = schemathesis.openapi.from_dict(DESCRIPTION)["/v1.0/numbers"]["GET"].Case()
    send = bounded_send(REQUESTS_TRANSPORT.send, seconds)
    return lambda url: send(case, base_url=url, timeout=10)


@pytest.mark.parametrize("answer", [dripping, dripping_head], ids=["drips", "drips-head"])
def test_a_request_of_schemathesis_ends_at_its_deadline(answer):
    get = schemathesis_get(1.0)
    with hostile(answer) as url:
        started = time.monotonic()
        with pytest.raises(AnswerTooSlow, match=r"GET /v1\.0/numbers did not answer whole"):
            get(url)
        assert time.monotonic() - started < 1.0 + LATE


def test_an_answer_to_schemathesis_of_500_mb_is_not_read_past_the_cap():
    get = schemathesis_get(30.0)
    with hostile(huge) as url, pytest.raises(AnswerTooLarge, match=r"GET /v1\.0/numbers answered more than"):
        get(url)


def test_an_answer_to_schemathesis_within_the_bounds_is_read_whole():
    get = schemathesis_get(5.0)
    with hostile(html(200)) as url:
        response = get(url)
    assert response.status_code == 200
    assert b"502 Bad Gateway" in response.content
