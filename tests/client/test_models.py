"""voipbin_client's models read every payload the service has sent, and write what the tutorial sends."""

from __future__ import annotations

import re
from uuid import UUID

import pytest
from voipbin_client.models import (
    MessageDirection,
    MessageList,
    MessageType,
    SendMessageRequest,
    Target,
    TargetStatus,
    TelAddress,
    TelAddressType,
)
from voipbin_client.types import UNSET, parse_uuid

from tests.conftest import SEED_LISTS, SEED_SEND_REQUESTS, fixture_json


def test_first_seed_list_parses():
    page = MessageList.from_dict(fixture_json("seeds/tutorial_list.json"))
    message = page.result[0]
    assert str(message.id) == "a5d2114a-8e84-48cd-8bb2-c406eeb08cd1"
    assert str(message.customer_id) == "5e4a0680-804e-11ec-8477-2fea5968d85b"
    assert message.type_ is MessageType.SMS
    assert message.direction is MessageDirection.OUTBOUND
    assert message.source.target == "+15551234567"
    assert message.targets[0].status is TargetStatus.SENT
    assert message.targets[0].parts == 1
    assert message.tm_create == "2022-03-13 15:11:05.235717"
    assert message.tm_delete == "9999-01-01 00:00:00.000000"


def test_second_seed_list_parses_with_nine_fraction_digits_and_no_customer_id():
    page = MessageList.from_dict(fixture_json("seeds/tutorial_legacy_list.json"))
    message = page.result[0]
    assert message.targets[0].tm_update == "2022-03-13 15:11:06.497184184"
    assert message.targets[0].destination.target == "+821021656521"
    assert message.customer_id is UNSET
    assert message.tm_delete == "9999-01-01 00:00:00.000000"


def test_rfc3339_list_parses_with_null_tm_delete():
    page = MessageList.from_dict(fixture_json("rfc3339_list.json"))
    outbound, inbound = page.result
    assert outbound.tm_delete is None
    assert [t.status for t in outbound.targets] == [TargetStatus.DELIVERED, TargetStatus.DLR_TIMEOUT]
    assert outbound.targets[0].tm_update == "2026-02-10T08:30:02.481516342Z"
    assert inbound.direction is MessageDirection.INBOUND
    assert inbound.targets[0].status is TargetStatus.RECEIVED
    assert page.next_page_token == "2026-02-09T21:05:11.500000Z"


@pytest.mark.parametrize("name", [*SEED_LISTS, "rfc3339_list.json"])
def test_models_round_trip_every_payload_unchanged(name):
    payload = fixture_json(name)
    assert MessageList.from_dict(payload).to_dict() == payload


def test_an_unknown_status_does_not_fail_the_list():
    payload = fixture_json("rfc3339_list.json")
    payload["result"][0]["targets"][1]["status"] = "carrier_rejected"
    page = MessageList.from_dict(payload)
    first, second = page.result[0].targets
    assert first.status is TargetStatus.DELIVERED
    assert second.status == "carrier_rejected"
    assert not isinstance(second.status, TargetStatus)
    assert page.to_dict() == payload


def test_extra_fields_the_service_adds_are_kept():
    payload = fixture_json("seeds/tutorial_list.json")
    payload["result"][0]["provider_reference_id"] = "prv-1"
    payload["result"][0]["targets"][0]["carrier"] = {"name": "example"}
    message = MessageList.from_dict(payload).result[0]
    assert message["provider_reference_id"] == "prv-1"
    assert isinstance(message.targets[0], Target)
    assert message.targets[0]["carrier"] == {"name": "example"}


@pytest.mark.parametrize(
    ("name", "source", "destination"),
    [
        (SEED_SEND_REQUESTS[0], "+15559876543", "+31616818985"),
        (SEED_SEND_REQUESTS[1], "+821021656521", "+31616818985"),
    ],
)
def test_send_request_built_with_the_client_serialises_to_the_seed_json(name, source, destination):
    request = SendMessageRequest(
        source=TelAddress(type_=TelAddressType.TEL, target=source),
        destinations=[TelAddress(type_=TelAddressType.TEL, target=destination)],
        text="hello, this is test message.",
    )
    assert request.to_dict() == fixture_json(name)


def test_extra_fields_are_the_only_additional_properties():
    payload = fixture_json("rfc3339_list.json")
    payload["result"][0]["source"]["carrier"] = "example"
    message = MessageList.from_dict(payload).result[0]
    assert message.additional_properties == {}
    assert message.source.additional_properties == {"carrier": "example"}
    assert message.targets[0].destination.additional_properties == {}


@pytest.mark.parametrize(
    ("where", "value", "error"),
    [
        (("text",), 123, '"text" is int, not str'),
        (("targets", 0, "parts"), "x", '"parts" is str, not int'),
        (("targets", 0, "parts"), True, '"parts" is bool, not int'),
        (("targets", 0, "status"), 5, '"status" is int, not str'),
        (("source", "name"), ["a"], '"name" is list, not str'),
        (("tm_update",), 0, '"tm_update" is int, not None | str'),
        (("source",), "tel", "Address is str, not an object"),
        (("targets", 0), 7, "Target is int, not an object"),
    ],
)
def test_a_field_of_the_wrong_json_type_is_refused_naming_it(where, value, error):
    """The generator kept such values as they came: a `text` of 123 was a Message with an int for a text."""
    payload = fixture_json("rfc3339_list.json")
    holder = payload["result"][0]
    for key in where[:-1]:
        holder = holder[key]
    holder[where[-1]] = value
    with pytest.raises(TypeError, match=re.escape(error)):
        MessageList.from_dict(payload)


def test_null_where_the_description_allows_it_is_kept():
    payload = fixture_json("rfc3339_list.json")
    payload["result"][0]["tm_update"] = None
    assert MessageList.from_dict(payload).result[0].tm_update is None


@pytest.mark.parametrize(
    "text",
    [
        "0b6f7f4e-2c1d-4b8e-9a51-3f0c2d7e9a10",
        "0B6F7F4E-2C1D-4B8E-9A51-3F0C2D7E9A10",
        "{0b6f7f4e-2c1d-4b8e-9a51-3f0c2d7e9a10}",
        "urn:uuid:0b6f7f4e-2c1d-4b8e-9a51-3f0c2d7e9a10",
        "0b6f7f4e2c1d4b8e9a513f0c2d7e9a10",
        "0b6f7f4e-2c1d-4b8e-9a51-3f0c2d7e9a1",
        "-b6f7f4e-2c1d-4b8e-9a51-3f0c2d7e9a10",
        "0b6f7f4e-2c1d-4b8e-9a51-3f0c2d7e9a1g",
        "0b6f7f4e-2c1d-4b8e-9a51--f0c2d7e9a10",
        "",
    ],
)
def test_ids_parse_as_uuid_parses_them(text):
    """parse_uuid (the generated models' fast path) agrees with uuid.UUID: the same value, or ValueError."""
    try:
        expected = UUID(text)
    except ValueError as refused:
        with pytest.raises(ValueError, match=re.escape(str(refused))):
            parse_uuid(text)
        return
    parsed = parse_uuid(text)
    assert parsed == expected
    assert (str(parsed), hash(parsed), parsed.version, parsed.is_safe) == (
        str(expected),
        hash(expected),
        expected.version,
        expected.is_safe,
    )
