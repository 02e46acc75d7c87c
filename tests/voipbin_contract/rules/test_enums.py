"""voipbin_contract.rules.enums: the open enums are found from the description, and every value outside one is named."""

from __future__ import annotations

from tests.test_service_answers import answer
from voipbin_contract.rules.enums import ANSWER_SCHEMAS, Unlisted, open_enum, unlisted, unlisted_in_answer
from voipbin_contract.rules.events import unlisted_in_event


def test_the_open_enums_are_read_from_the_description():
    assert open_enum({"anyOf": [{"$ref": "#/components/schemas/TargetStatus"}, {"type": "string"}]}) == "TargetStatus"
    assert open_enum({"anyOf": [{"$ref": "#/components/schemas/Timestamp"}, {"type": "null"}]}) is None
    assert ("getNumber", 200) in ANSWER_SCHEMAS
    assert ("getNumber", 404) in ANSWER_SCHEMAS  # through components/responses


def test_every_value_outside_an_enum_is_named_with_its_place():
    page = answer("number_list")["body"]
    assert unlisted_in_answer("listNumbers", 200, page) == []
    page["result"][0]["status"] = "Active"
    page["result"][0]["type"] = "toll_free"
    found = unlisted_in_answer("listNumbers", 200, page)
    assert found == [
        Unlisted("/result/0/type", "NumberType", "toll_free"),
        Unlisted("/result/0/status", "NumberStatus", "Active"),
    ]
    assert found[1].listed == ("", "active", "deleted")


def test_messages_errors_and_events_are_walked_too():
    message = answer("dispatched_provider_statuses")["body"]
    found = list(unlisted(message, {"$ref": "#/components/schemas/Message"}))
    assert {(f.where, f.enum) for f in found} == {(f"/targets/{i}/status", "TargetStatus") for i in (0, 2, 4, 5)}
    error = {"error": {"status": "NOT_FOUND_ERROR", "reason": "X", "message": "m", "request_id": "r"}}
    assert unlisted_in_answer("getMessage", 404, error) == [Unlisted("/error/status", "ErrorStatus", "NOT_FOUND_ERROR")]
    event = {"type": "message_created", "data": message | {"direction": "sideways"}}
    assert Unlisted("/data/direction", "MessageDirection", "sideways") in unlisted_in_event(event)
