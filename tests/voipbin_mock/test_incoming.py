"""voipbin_mock.incoming: the request read straight from ASGI, as Starlette's Request would read it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request

from voipbin_mock.incoming import BodyTooLarge, Disconnected, Incoming, parse_query

# Query strings made of the characters that matter to parsing: separators, escapes, plus signs, non-ASCII.
QUERY_TEXT = st.lists(st.sampled_from([*"ab=&%+;é", "%2B", "%20", "%e9", "%zz"]), max_size=20).map("".join)


def scope(query: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return {"type": "http", "method": "POST", "path": "/", "query_string": query, "headers": headers or []}


def receiving(*messages: dict[str, Any]) -> Any:
    queue = list(messages)

    async def receive() -> dict[str, Any]:
        return queue.pop(0)

    return receive


@given(QUERY_TEXT)
def test_the_query_reads_as_starlettes_does(text):
    raw = text.encode("utf-8")
    assert Incoming(scope(raw), receiving()).query == dict(Request(scope(raw)).query_params)


def test_a_repeated_parameter_keeps_its_last_value():
    assert parse_query(b"token=a&token=b") == {"token": "b"}


def test_escapes_are_decoded():
    assert parse_query(b"token=a%2Bb&x=c+d") == {"token": "a+b", "x": "c d"}


def test_headers_and_cookies():
    incoming = Incoming(
        scope(headers=[(b"authorization", b"Bearer t"), (b"cookie", b"token=abc; accesskey=k")]), receiving()
    )
    assert incoming.header(b"authorization") == "Bearer t"
    assert incoming.header(b"x-missing") is None
    assert incoming.cookies == {"token": "abc", "accesskey": "k"}
    assert Incoming(scope(), receiving()).cookies == {}


def test_a_body_in_chunks_is_joined():
    receive = receiving(
        {"type": "http.request", "body": b"ab", "more_body": True},
        {"type": "http.request", "body": b"", "more_body": True},
        {"type": "http.request", "body": b"cd", "more_body": False},
    )
    assert asyncio.run(Incoming(scope(), receive).body(limit=4)) == b"abcd"


def test_a_declared_length_over_the_limit_is_refused_before_reading():
    incoming = Incoming(scope(headers=[(b"content-length", b"5")]), receiving())  # nothing to receive
    with pytest.raises(BodyTooLarge):
        asyncio.run(incoming.body(limit=4))


def test_an_undeclared_body_over_the_limit_is_refused_while_reading():
    receive = receiving(
        {"type": "http.request", "body": b"abc", "more_body": True},
        {"type": "http.request", "body": b"de", "more_body": True},
    )
    with pytest.raises(BodyTooLarge):
        asyncio.run(Incoming(scope(), receive).body(limit=4))


def test_a_client_that_leaves_mid_body_is_noticed():
    receive = receiving({"type": "http.request", "body": b"a", "more_body": True}, {"type": "http.disconnect"})
    with pytest.raises(Disconnected):
        asyncio.run(Incoming(scope(), receive).body(limit=4))
