"""voipbin_mock.openapi: the operations, parameters and request rules the mock serves come from the description."""

from __future__ import annotations

import pytest

from voipbin_mock.config import DEFAULT_SPEC
from voipbin_mock.errors import ApiError
from voipbin_mock.openapi import check_body, load_spec, operations, read_parameters, rules_the_service_lets_through

SPEC = load_spec(DEFAULT_SPEC)
OPERATIONS = {operation.operation_id: operation for operation in operations(SPEC)}


def test_every_operation_of_the_description_is_compiled():
    described = {
        operation["operationId"]
        for item in SPEC["paths"].values()
        for method, operation in item.items()
        if method in ("get", "post", "delete")
    }
    assert OPERATIONS.keys() == described
    assert not OPERATIONS["login"].authenticated
    assert OPERATIONS["sendMessage"].authenticated
    assert OPERATIONS["login"].body_has_secrets


@pytest.mark.parametrize(
    ("query", "page_size"),
    [
        ({}, 100),
        ({"page_size": "7"}, 7),
        ({"page_size": "0"}, 100),
        ({"page_size": "101"}, 100),
        ({"page_size": "-3"}, 100),
    ],
)
def test_page_size_takes_the_descriptions_default_and_clamp(query, page_size):
    assert read_parameters(OPERATIONS["listMessages"], {}, query)["page_size"] == page_size


@pytest.mark.parametrize(("query", "reason"), [({"page_size": "ten"}, "INVALID_REQUEST_PARAMETER")])
def test_a_parameter_of_the_wrong_type_is_400(query, reason):
    with pytest.raises(ApiError, match=reason):
        read_parameters(OPERATIONS["listMessages"], {}, query)


def test_an_id_that_is_not_a_uuid_is_invalid_id():
    with pytest.raises(ApiError, match="INVALID_ID"):
        read_parameters(OPERATIONS["getMessage"], {"id": "nope"}, {})


def test_the_rules_the_service_lets_through_are_the_deviations_lets_through():
    body = SPEC["paths"]["/v1.0/messages"]["post"]["requestBody"]
    expected = {
        (d["lets_through"]["keyword"], d["lets_through"]["field"])
        for d in body["x-known-deviations"]
        if "lets_through" in d
    }
    assert rules_the_service_lets_through(SPEC) == {"sendMessage": frozenset(expected)}
    assert ("pattern", "target") in expected


def send(target: str, kind: str = "tel") -> dict[str, object]:
    return {"source": {"type": "tel", "target": "+15559876543"}, "destinations": [{"type": kind, "target": target}],
            "text": "hi"}  # fmt: skip


def test_a_body_breaking_only_rules_let_through_passes_and_any_other_rule_still_counts():
    operation = OPERATIONS["sendMessage"]
    lets_through = rules_the_service_lets_through(SPEC)["sendMessage"]
    check_body(operation, send("+31 6 1681 8985"), lets_through)  # pattern: let through
    with pytest.raises(ApiError, match="INVALID_REQUEST_BODY"):
        check_body(operation, send("+31 6 1681 8985"))  # the documented contract
    with pytest.raises(ApiError, match="INVALID_REQUEST_BODY"):
        check_body(operation, {"text": "hi"}, lets_through)  # required fields are not let through


def test_a_login_body_error_names_the_rule_never_the_password():
    with pytest.raises(ApiError) as raised:
        check_body(OPERATIONS["login"], {"username": "alice@example.com", "password": ["hunter2-secret"]})
    assert "hunter2-secret" not in str(raised.value.details)
