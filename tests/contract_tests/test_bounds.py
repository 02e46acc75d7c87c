"""contract_tests.bounds: the suite reads no answer past MAX_ANSWER_BYTES."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from contract_tests.bounds import MAX_ANSWER_BYTES, AnswerTooLarge, CappedTransport


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
