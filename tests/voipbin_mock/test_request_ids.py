"""voipbin_mock.request_ids: ids shaped as the service's, unique, or the caller's own when it is safe to repeat."""

from __future__ import annotations

import base64
import re

import pytest

from voipbin_mock.request_ids import new_request_id, request_id_of

SERVICE_SHAPE = re.compile(r"^req_[A-Z2-7]{26}$")  # 16 bytes in base32 without padding


def test_new_ids_are_shaped_as_the_services_and_unique():
    ids = [new_request_id() for _ in range(10_000)]
    assert all(SERVICE_SHAPE.match(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert len(base64.b32decode(ids[0][4:] + "======")) == 16  # what the service encodes: 16 bytes


def scope(value: bytes | None) -> dict[str, object]:
    return {"type": "http", "headers": [] if value is None else [(b"x-request-id", value)]}


@pytest.mark.parametrize("value", [b"abc-123_XYZ", b"a" * 64])
def test_a_safe_caller_id_is_kept(value):
    assert request_id_of(scope(value)) == value.decode()


@pytest.mark.parametrize("value", [b"", b"a" * 65, b"two words", b"<script>", b"\xff"])
def test_an_unsafe_caller_id_is_replaced(value):
    assert SERVICE_SHAPE.match(request_id_of(scope(value)))


def test_a_request_keeps_its_id():
    one = scope(None)
    assert request_id_of(one) == request_id_of(one)
