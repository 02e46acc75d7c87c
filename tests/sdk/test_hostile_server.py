"""voipbin_sdk against a small hostile server on 127.0.0.1: one that drips its answer, hangs, answers HTML, answers
gigabytes, asks to wait forever, or answers bodies of the wrong types. Every call ends within its timeout (plus
a read) with a VoipbinError subclass; nothing else escapes, and memory stays bounded."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import voipbin_sdk as vb
from voipbin_client.api.numbers import list_numbers

from tests.hostile import (
    LATE,
    VALID,
    dripping,
    dripping_head,
    gzip_bomb,
    hanging,
    hostile,
    html,
    huge,
    malformed,
    wrong_types,
)
from tests.voipbin_mock.conftest import ALICE_KEY


def numbers(url: str, timeout: float = 2.0) -> tuple[type[vb.VoipbinError], float, vb.VoipbinError]:
    """What listing the numbers raises, how long it took, and the error."""
    with vb.connect(url, accesskey=ALICE_KEY, timeout=timeout) as client:
        started = time.monotonic()
        with pytest.raises(vb.VoipbinError) as raised:
            vb.call(list_numbers.sync_detailed, client=client)
        elapsed = time.monotonic() - started
    return type(raised.value), elapsed, raised.value


@pytest.mark.parametrize("answer", [dripping, dripping_head, hanging], ids=["drips", "drips-head", "hangs"])
def test_a_call_ends_within_its_timeout_whatever_the_server_does(answer):
    """A server dripping a valid answer a byte at a time kept a call with timeout=2 running past 6 s; dripping its
    headers, for 48 s."""
    with hostile(answer) as url:
        kind, elapsed, error = numbers(url, timeout=2.0)
    assert kind is vb.DeadlineExceededError
    assert isinstance(error, TimeoutError)
    assert elapsed < 2.0 + LATE


def test_an_html_500_is_a_server_error_with_its_text():
    with hostile(html(500)) as url:
        kind, _, error = numbers(url)
    assert kind is vb.ServerError
    assert error.status == 500
    assert "502 Bad Gateway" in error.message


@pytest.mark.parametrize("retry_after", ["-5", "nan", "1e29", "inf", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_a_429_with_a_retry_after_of_nonsense_ends_in_time_with_a_sane_retry_after(retry_after):
    with hostile(html(429, retry_after)) as url:
        kind, elapsed, error = numbers(url, timeout=10.0)
    assert kind is vb.RateLimitedError
    assert isinstance(error, vb.RateLimitedError)
    assert error.retry_after is None or 0 <= error.retry_after <= 60  # a date in the past: 0
    assert elapsed < 10


def test_a_429_asking_for_a_billion_seconds_ends_at_the_calls_deadline():
    with hostile(html(429, "1000000000")) as url:
        kind, elapsed, error = numbers(url, timeout=3.0)
    assert kind in (vb.RateLimitedError, vb.DeadlineExceededError)
    assert elapsed < 5
    assert not isinstance(error, vb.RateLimitedError) or error.retry_after == 60


def test_an_answer_of_500_mb_is_not_read_past_the_cap():
    with hostile(huge) as url:
        kind, elapsed, _ = numbers(url, timeout=30.0)
    assert kind is vb.AnswerTooLargeError
    assert elapsed < 10


def test_a_body_of_the_wrong_types_is_a_malformed_answer():
    with hostile(wrong_types) as url:
        kind, _, error = numbers(url)
    assert kind is vb.MalformedAnswerError
    assert error.status == 200


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("5", 5.0),
        ("0", 0.0),
        ("-5", None),
        ("nan", None),
        ("1e29", None),
        ("inf", None),
        ("99999999999999999999999", 60.0),
        ("120", 60.0),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
)
def test_retry_after_is_read_as_rfc_9110_writes_it_and_bounded(value, seconds):
    assert vb.retry_after_seconds(value) == seconds


def test_credentials_never_follow_a_redirect_to_another_origin():
    """With redirects turned on by the caller, the access-key cookie followed a redirect to another host."""
    import attrs

    heads: list[bytes] = []
    other = socket.create_server(("127.0.0.1", 0))
    other.settimeout(10)

    def elsewhere() -> None:
        connection, _ = other.accept()
        with connection:
            heads.append(connection.recv(65536))
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(VALID)
            connection.sendall(head + VALID)

    thread = threading.Thread(target=elsewhere, daemon=True)
    thread.start()
    target = f"http://127.0.0.1:{other.getsockname()[1]}/v1.0/numbers"

    def redirecting(connection: socket.socket) -> None:
        connection.sendall(f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode())

    with (
        hostile(redirecting) as url,
        attrs.evolve(vb.connect(url, accesskey=ALICE_KEY), follow_redirects=True) as client,
    ):
        vb.call(list_numbers.sync_detailed, client=client)
    thread.join(timeout=10)
    other.close()
    assert heads, "the redirect was not followed"
    assert ALICE_KEY.encode() not in heads[0]
    assert b"cookie" not in heads[0].lower()


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (dripping, vb.DeadlineExceededError),
        (dripping_head, vb.DeadlineExceededError),
        (hanging, vb.DeadlineExceededError),
        (huge, vb.AnswerTooLargeError),
        (html(500), vb.ServerError),
        # Retried after backoff (a nonsense Retry-After is no wait), until the deadline or the last attempt.
        (html(429, "nan"), (vb.RateLimitedError, vb.DeadlineExceededError)),
        (wrong_types, vb.MalformedAnswerError),
    ],
    ids=["drips", "drips-head", "hangs", "huge", "html-500", "retry-after-nan", "wrong-types"],
)
def test_the_async_client_is_bounded_and_typed_the_same_way(answer, kind):
    import asyncio

    async def list_them() -> None:
        async with vb.connect_async(url, accesskey=ALICE_KEY, timeout=2.0) as client:
            await vb.acall(list_numbers.asyncio_detailed, client=client)

    with hostile(answer) as url:
        started = time.monotonic()
        with pytest.raises(kind) as raised:
            asyncio.run(list_them())
        assert time.monotonic() - started < 2.0 + LATE
    if isinstance(raised.value, vb.RateLimitedError):
        assert raised.value.retry_after is None


def test_a_megabyte_of_gzip_inflating_to_a_gibibyte_is_too_large_and_never_inflated_whole():
    """The cap counted compressed bytes: the call read the gibibyte and succeeded (peak 3.1 GB)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB on Linux
    with hostile(gzip_bomb()) as url:
        kind, elapsed, _ = numbers(url, timeout=30.0)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    assert kind is vb.AnswerTooLargeError
    assert grown < 300, grown
    assert elapsed < 10


def test_a_gzip_answer_within_the_cap_reads_as_its_json():
    import gzip

    def gzipped(connection: socket.socket) -> None:
        body = gzip.compress(VALID)
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n"
        )
        connection.sendall(head % len(body) + body)

    with hostile(gzipped) as url, vb.connect(url, accesskey=ALICE_KEY) as client:
        assert vb.call(list_numbers.sync_detailed, client=client).result == []


def test_an_encoding_the_sdk_does_not_read_is_a_malformed_answer_naming_it():
    def brotli(connection: socket.socket) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: br\r\nContent-Length: 3\r\n\r\n"
        connection.sendall(head + b"\x8b\x02\x80")

    with hostile(brotli) as url:
        kind, _, error = numbers(url)
    assert kind is vb.MalformedAnswerError
    assert error.reason == "UNREADABLE_ENCODING"
    assert "'br'" in error.message


def test_the_sdk_asks_only_for_the_encodings_it_reads():
    heads: list[bytes] = []

    def recording(connection: socket.socket) -> None:
        with connection:
            heads.append(connection.recv(65536))
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(VALID)
            connection.sendall(head + VALID)

    server = socket.create_server(("127.0.0.1", 0))
    thread = threading.Thread(target=lambda: recording(server.accept()[0]), daemon=True)
    thread.start()
    with vb.connect(f"http://127.0.0.1:{server.getsockname()[1]}", accesskey=ALICE_KEY) as client:
        vb.call(list_numbers.sync_detailed, client=client)
    thread.join(timeout=10)
    server.close()
    (accepted,) = [line for line in heads[0].split(b"\r\n") if line.lower().startswith(b"accept-encoding:")]
    assert accepted.split(b":", 1)[1].strip() == b"gzip, deflate"


def test_a_redirect_loop_is_a_voipbin_error():
    """With redirects followed, a loop surfaced as httpx.TooManyRedirects."""
    import attrs

    def looping(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 302 Found\r\nLocation: /v1.0/numbers\r\nContent-Length: 0\r\n\r\n")

    with (
        hostile(looping) as url,
        attrs.evolve(vb.connect(url, accesskey=ALICE_KEY), follow_redirects=True) as client,
        pytest.raises(vb.TooManyRedirectsError) as raised,
    ):
        vb.call(list_numbers.sync_detailed, client=client)
    assert raised.value.reason == "TOO_MANY_REDIRECTS"


@pytest.mark.parametrize("answer", [malformed, None], ids=["not-http", "refused"])
def test_no_answer_is_a_network_error(answer):
    """A status line that is not HTTP, and a port nobody listens on: a NetworkError, not httpx's own."""
    if answer is None:
        closed = socket.create_server(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        closed.close()
        with vb.connect(url, accesskey=ALICE_KEY, attempts=0) as client, pytest.raises(vb.NetworkError) as raised:
            vb.call(list_numbers.sync_detailed, client=client)
        assert raised.value.reason == "CONNECT_ERROR"
        return
    with (
        hostile(answer) as url,
        vb.connect(url, accesskey=ALICE_KEY, attempts=0) as client,
        pytest.raises(vb.NetworkError) as raised,
    ):
        vb.call(list_numbers.sync_detailed, client=client)
    assert raised.value.reason == "REMOTE_PROTOCOL_ERROR"


def test_the_environments_proxy_is_used_unless_the_caller_says_not(monkeypatch):
    """HTTP_PROXY pointed at a server on 127.0.0.1; the API's address a port nobody listens on: through the proxy
    the call is answered; with trust_env=False, or the address in NO_PROXY, it goes direct and finds nobody."""
    closed = socket.create_server(("127.0.0.1", 0))
    api = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    seen: list[bytes] = []

    def as_a_proxy(connection: socket.socket) -> None:
        seen.append(b"proxied")
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(VALID)
        connection.sendall(head + VALID)

    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    with hostile(as_a_proxy) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy)
        with vb.Client(api, accesskey=ALICE_KEY, attempts=0) as client:
            assert list(client.numbers.list()) == []
        assert seen == [b"proxied"]
        with vb.Client(api, accesskey=ALICE_KEY, attempts=0, trust_env=False) as client, pytest.raises(vb.NetworkError):
            list(client.numbers.list())
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        with vb.Client(api, accesskey=ALICE_KEY, attempts=0) as client, pytest.raises(vb.NetworkError):
            list(client.numbers.list())
    assert seen == [b"proxied"]
