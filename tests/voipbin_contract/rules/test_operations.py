"""voipbin_contract.rules.operations: which operation of the description a request is, by method and path."""

from __future__ import annotations

from voipbin_contract.rules.operations import operation_of

MESSAGE_ID = "01a23b02-7366-7024-96be-017e7be80294"


def test_operations_are_found_by_method_and_path_template():
    found = operation_of("GET", f"/v1.0/messages/{MESSAGE_ID}"), operation_of("delete", "/v1.0/messages/x")
    assert [o.label if o else None for o in found] == ["GET /v1.0/messages/{id}", "DELETE /v1.0/messages/{id}"]
    assert operation_of("GET", "/v1.0/nothing") is None
