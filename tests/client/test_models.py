"""voipbin_client's models read every payload the service has sent, and write what the tutorial sends."""

from __future__ import annotations

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
from voipbin_client.types import UNSET

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
