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

from tests.hostile import VALID, dripping, dripping_head, hanging, hostile, html, huge, wrong_types
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
    assert elapsed < 3.5


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
        assert time.monotonic() - started < 3.5
    if isinstance(raised.value, vb.RateLimitedError):
        assert raised.value.retry_after is None
