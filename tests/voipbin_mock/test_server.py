"""voipbin_mock.server: uvicorn's protocol, writing each response to the socket in one call."""

from __future__ import annotations

import asyncio

import orjson
import pytest

from tests.voipbin_mock.conftest import ALICE_KEY, RecordingTransport, open_connection
from voipbin_mock.server import REQUEST_SECONDS, OneWriteTransport


async def one_turn() -> None:
    await asyncio.sleep(0)
    await asyncio.sleep(0)


def test_writes_in_one_turn_reach_the_socket_as_one():
    async def scenario() -> list[bytes]:
        inner = RecordingTransport()
        outer = OneWriteTransport(inner, asyncio.get_running_loop())
        outer.write(b"HTTP/1.1 200 OK\r\n\r\n")
        outer.write(b"{}")
        assert inner.writes == []
        assert outer.get_write_buffer_size() == 21
        await one_turn()
        outer.write(b"next")
        await one_turn()
        return inner.writes

    assert asyncio.run(scenario()) == [b"HTTP/1.1 200 OK\r\n\r\n{}", b"next"]


def test_close_writes_what_is_pending_first_and_abort_drops_it():
    async def scenario() -> tuple[RecordingTransport, RecordingTransport]:
        loop = asyncio.get_running_loop()
        closed, aborted = RecordingTransport(), RecordingTransport()
        for inner in (closed, aborted):
            OneWriteTransport(inner, loop).write(b"bye")
        first = OneWriteTransport(closed, loop)
        first.write(b"last words")
        first.close()
        second = OneWriteTransport(aborted, loop)
        second.write(b"never sent")
        second.abort()
        await one_turn()
        return closed, aborted

    closed, aborted = asyncio.run(scenario())
    assert closed.writes[0] == b"last words"
    assert closed.closed
    assert b"never sent" not in aborted.writes
    assert aborted.aborted


def test_nothing_is_written_to_a_connection_already_closing():
    async def scenario() -> RecordingTransport:
        inner = RecordingTransport()
        outer = OneWriteTransport(inner, asyncio.get_running_loop())
        outer.write(b"late")
        inner.closed = True  # the client went away meanwhile
        await one_turn()
        return inner

    assert asyncio.run(scenario()).writes == []


def test_the_mock_answers_a_request_with_one_write():
    """Head and body of an answer go out together: the client reads one segment, not two."""

    async def scenario() -> list[bytes]:
        protocol, socket = open_connection(asyncio.get_running_loop())
        protocol.data_received(f"GET /v1.0/messages?accesskey={ALICE_KEY} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        for _ in range(50):
            await asyncio.sleep(0)
            if socket.writes:
                break
        await one_turn()
        protocol.connection_lost(None)
        return socket.writes

    writes = asyncio.run(scenario())
    assert len(writes) == 1
    head, _, body = writes[0].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert orjson.loads(body) == {"result": [], "next_page_token": ""}


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"get /v1.0/numbers HTTP/1.1\r\nHost: x\r\n\r\n",
        b"FOO /v1.0/numbers HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GARBAGE\r\n\r\n",
    ],
    ids=["lowercase method", "unknown method", "no request line"],
)
def test_a_request_that_is_not_http_gets_the_error_envelope(request_bytes):
    async def scenario() -> RecordingTransport:
        protocol, socket = open_connection(asyncio.get_running_loop())
        protocol.data_received(request_bytes)
        await one_turn()
        return socket

    socket = asyncio.run(scenario())
    head, _, body = b"".join(socket.writes).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 Bad Request")
    assert b"content-type: application/json" in head
    error = orjson.loads(body)["error"]
    assert error["reason"] == "MALFORMED_HTTP_REQUEST"
    assert f"x-request-id: {error['request_id']}".encode() in head
    assert socket.closed


def slow_client(request_bytes: bytes) -> tuple[RecordingTransport, float]:
    """A connection that sent request_bytes and no more: its socket, and in how many seconds its deadline falls due
    (-1 when it has none)."""

    async def scenario() -> tuple[RecordingTransport, float]:
        loop = asyncio.get_running_loop()
        protocol, socket = open_connection(loop)
        if request_bytes:
            protocol.data_received(request_bytes)
        deadline = protocol._request_deadline
        due = deadline.when() - loop.time() if deadline is not None else -1.0
        if deadline is not None:
            protocol.request_too_slow()  # what the event loop would call when it falls due
        await one_turn()
        return socket, due

    return asyncio.run(scenario())


@pytest.mark.parametrize(
    "sent",
    [
        b"",
        b"GET /v1.0/numbers HTTP/1.1\r\nHost: x\r\n",
        b"POST /v1.0/messages HTTP/1.1\r\nContent-Length: 100\r\n\r\n{",
    ],
    ids=["nothing", "headers unfinished", "body unfinished"],
)
def test_a_request_that_does_not_arrive_whole_in_time_gets_408_and_the_connection_closes(sent):
    socket, due = slow_client(sent)
    assert 0 < due <= REQUEST_SECONDS
    head, _, body = b"".join(socket.writes).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 Request Timeout")
    assert orjson.loads(body)["error"]["reason"] == "REQUEST_TIMEOUT"
    assert socket.closed


def test_a_whole_request_stops_the_clock():
    socket, due = slow_client(f"GET /v1.0/numbers?accesskey={ALICE_KEY} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert due == -1.0  # no deadline left once the request was whole
    assert b"408" not in b"".join(socket.writes)
