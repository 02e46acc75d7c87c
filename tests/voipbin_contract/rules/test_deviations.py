"""voipbin_contract.rules.deviations: every known deviation of openapi.yaml is found, whole, where it stands."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import ROOT
from voipbin_contract.rules.deviations import Deviation, DeviationError, known_deviations, pointer_parts

# What issue #10 names as the differences between the documented contract and the service.
EXPECTED = {
    "send-answers-parts-zero": "#/paths/~1v1.0~1messages/post",
    "balance-short-answers-500": "#/paths/~1v1.0~1messages/post",
    "charge-flat-per-destination": "#/paths/~1v1.0~1messages/post",
    "source-ownership-not-checked": "#/paths/~1v1.0~1messages/post",
    "deleted-messages-listed": "#/paths/~1v1.0~1messages/get",
    "delete-repeats-200": "#/paths/~1v1.0~1messages~1{id}/delete",
    "target-status-stops-at-provider": "#/components/schemas/TargetStatus",
    "send-accepts-non-e164": "#/paths/~1v1.0~1messages/post/requestBody",
    "send-accepts-any-address-type": "#/paths/~1v1.0~1messages/post/requestBody",
    "send-accepts-empty-text": "#/paths/~1v1.0~1messages/post/requestBody",
    "accesskey-in-token-query-refused": "#/components/securitySchemes/tokenQuery",
    # Issue #20: the two paths of the background dispatch and its failure, and the order of webhook events.
    "dispatch-telnyx-leaves-targets-queued": "#/components/schemas/TargetStatus",
    "dispatch-failure-leaves-targets-queued": "#/components/schemas/TargetStatus",
    "dispatch-messagebird-rebuilds-targets": "#/components/schemas/Message/properties/targets",
    "webhook-events-unordered": "#/webhooks/messageUpdated/post",
    # Issue #34: what the send's body binding does not check, and the method of a customer who never set one.
    "send-accepts-missing-text": "#/paths/~1v1.0~1messages/post/requestBody",
    "send-accepts-missing-source": "#/paths/~1v1.0~1messages/post/requestBody",
    "send-accepts-address-without-type": "#/paths/~1v1.0~1messages/post/requestBody",
    "send-accepts-address-without-target": "#/paths/~1v1.0~1messages/post/requestBody",
    "webhook-get-without-method": "#/webhooks/messageCreated/post",
}


def test_every_deviation_of_the_description_is_found_where_it_stands(spec):
    assert {d.id: d.where for d in known_deviations(spec)} == EXPECTED


def test_each_deviation_names_evidence_in_the_service_source(spec):
    source_files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout  # our own files: evidence must never point into this project
    for deviation in known_deviations(spec):
        assert deviation.evidence, deviation.id
        for path in deviation.evidence:
            assert path.startswith("bin-"), f"{deviation.id}: {path} is not a path of voipbin/monorepo"
            assert path not in source_files


def test_the_provider_statuses_are_data_of_their_deviation(spec):
    (deviation,) = [d for d in known_deviations(spec) if d.id == "target-status-stops-at-provider"]
    assert deviation.extra["statuses"] == ["scheduled", "sent", "buffered", "delivered", "expired", "delivery_failed"]


def test_each_dispatch_path_is_data_of_its_deviation(spec):
    """What the suite applies narrowly: each path's statuses, parts, order, destination and event, as data."""
    dispatch = {d.id: d.extra["dispatch"] for d in known_deviations(spec) if "dispatch" in d.extra}
    assert {rule["path"] for rule in dispatch.values()} == {"telnyx", "messagebird", "failed"}
    telnyx, failed = (
        dispatch["dispatch-telnyx-leaves-targets-queued"],
        dispatch["dispatch-failure-leaves-targets-queued"],
    )
    assert (telnyx["status"], telnyx["parts"], telnyx["order"], telnyx["message_updated"]) == ("queued", 0, "any", True)
    assert (failed["status"], failed["parts"], failed["order"], failed["message_updated"]) == (
        "queued",
        0,
        "kept",
        False,
    )
    rebuilt = dispatch["dispatch-messagebird-rebuilds-targets"]
    assert (rebuilt["destination"], rebuilt["type"], rebuilt["order"]) == ("rebuilt", "tel", "any")
    assert rebuilt["dropped"] == ["target_name", "name", "detail"]


def entry(**changes: object) -> dict[str, object]:
    fields = {"id": "x", "summary": "s", "documented": "d", "service": "v", "evidence": ["bin-a/b.go"]}
    return {key: value for key, value in (fields | changes).items() if value is not None}


def test_a_deviation_is_read_with_its_pointer_escaped():
    spec = {"paths": {"/a/{id}": {"get": {"x-known-deviations": [entry(extra_field=1)]}}}}
    assert known_deviations(spec) == [
        Deviation("x", "s", "d", "v", ("bin-a/b.go",), "#/paths/~1a~1{id}/get", {"extra_field": 1})
    ]


@pytest.mark.parametrize("missing", ["id", "summary", "documented", "service", "evidence"])
def test_a_deviation_without_a_field_is_refused(missing):
    with pytest.raises(DeviationError, match=f"has no {missing}"):
        known_deviations({"info": {"x-known-deviations": [entry(**{missing: None})]}})


def test_a_repeated_id_is_refused():
    spec = {"a": {"x-known-deviations": [entry()]}, "b": [{"x-known-deviations": [entry()]}]}
    with pytest.raises(DeviationError, match="repeated: x"):
        known_deviations(spec)


@pytest.mark.parametrize(
    ("pointer", "parts"),
    [("#", []), ("#/paths/~1v1.0~1messages/post", ["paths", "/v1.0/messages", "post"]), ("#/a~0b/0", ["a~b", "0"])],
)
def test_a_pointer_is_split_and_unescaped(pointer, parts):
    assert pointer_parts(pointer) == parts
