"""voipbin_mock.errors: the envelope, its `status` the class the description gives each HTTP status."""

from __future__ import annotations

from voipbin_mock import errors
from voipbin_mock.config import DEFAULT_SPEC
from voipbin_mock.openapi import load_spec

SPEC = load_spec(DEFAULT_SPEC)


def test_the_classes_are_the_descriptions_and_the_mocks_own_statuses_keep_theirs():
    names = errors.status_names(SPEC)
    described = SPEC["components"]["schemas"]["ErrorStatus"]["x-http-status"]
    for name, code in described.items():
        assert names[code] == name or code == 409  # two classes share 409
    assert names[409] == "FAILED_PRECONDITION"
    assert not set(errors.MOCK_ONLY_STATUS_NAMES) & set(described.values())  # never both the mock's and described
    assert names.keys() == set(described.values()) | errors.MOCK_ONLY_STATUS_NAMES.keys()


def test_the_envelope_carries_details_only_when_there_are_some():
    names = errors.status_names(SPEC)
    bare = errors.envelope(404, "RESOURCE_NOT_FOUND", "No message with this id.", "req_X", names)
    assert bare == {
        "error": {
            "status": "NOT_FOUND",
            "reason": "RESOURCE_NOT_FOUND",
            "message": "No message with this id.",
            "request_id": "req_X",
        }
    }
    detailed = errors.envelope(400, "INVALID_REQUEST_BODY", "m", "req_X", names, [{"path": "/text", "message": "m"}])
    assert detailed["error"]["details"] == [{"path": "/text", "message": "m"}]
    assert errors.envelope(599, "X", "m", "req_X", names)["error"]["status"] == "INTERNAL"  # a status with no class
