"""voipbin_mock.request_ids: ids shaped as the service's, unique, or the caller's own when it is safe to repeat; each
app has its own."""

from __future__ import annotations

import base64
import re

import pytest

from voipbin_mock.request_ids import RequestIds

SERVICE_SHAPE = re.compile(r"^req_[A-Z2-7]{26}$")  # 16 bytes in base32 without padding


def test_new_ids_are_shaped_as_the_services_and_unique():
    made = RequestIds()
    ids = [made.new() for _ in range(10_000)]
    assert all(SERVICE_SHAPE.match(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert len(base64.b32decode(ids[0][4:] + "======")) == 16  # what the service encodes: 16 bytes


def counter(request_id: str) -> int:
    """The count an id of the mock's encodes in its last 10 characters (base32, two bits of padding)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    value = 0
    for character in request_id[-10:]:
        value = value * 32 + alphabet.index(character)
    return value >> 2


def test_each_app_counts_its_own():
    one, other = RequestIds(), RequestIds()
    assert one.new()[:20] != other.new()[:20]  # a prefix of their own
    assert counter(one.new()) == 2
    other.new()
    assert counter(one.new()) == 3  # the other's ids took nothing of one's count


def scope(value: bytes | None) -> dict[str, object]:
    return {"type": "http", "headers": [] if value is None else [(b"x-request-id", value)]}


@pytest.mark.parametrize("value", [b"abc-123_XYZ", b"a" * 64])
def test_a_safe_caller_id_is_kept(value):
    assert RequestIds().of(scope(value)) == value.decode()


@pytest.mark.parametrize("value", [b"", b"a" * 65, b"two words", b"<script>", b"\xff"])
def test_an_unsafe_caller_id_is_replaced(value):
    assert SERVICE_SHAPE.match(RequestIds().of(scope(value)))


def test_a_request_keeps_its_id():
    one, ids = scope(None), RequestIds()
    assert ids.of(one) == ids.of(one)
