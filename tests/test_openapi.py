"""openapi.yaml says what the service promises: its rules, its examples and its naming are checked here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.conftest import SEED_LISTS, SEED_SEND_REQUESTS, fixture_json

SPEC_URI = "urn:voipbin:openapi"
METHODS = ("get", "post", "put", "patch", "delete")
# The verbs an operationId may start with; each turns into a readable Python function name in generated/.
VERBS = ("login", "list", "get", "send", "delete", "create")


def validator(spec: dict[str, Any], pointer: str) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator for the schema at pointer, resolving the description's own $refs."""
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def deref(spec: dict[str, Any], node: Any) -> Any:
    """Follow local $refs (`#/a/b`) until a node that is not one."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) of the description."""
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def examples(spec: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Every example with the pointer of the schema it must satisfy: (where, schema pointer, value)."""
    for path, method, operation in operations(spec):
        bodies = [("requestBody", operation.get("requestBody", {}))]
        bodies += [(f"responses/{code}", deref(spec, r)) for code, r in operation["responses"].items()]
        for where, body in bodies:
            for media_type, media in body.get("content", {}).items():
                schema = media["schema"]
                pointer = schema["$ref"].removeprefix("#") if "$ref" in schema else None
                assert pointer, f"{method} {path} {where} {media_type}: the schema must be a named component"
                for name, example in media.get("examples", {}).items():
                    yield f"{method} {path} {where} {name}", pointer, deref(spec, example)["value"]
    for name, schema in spec["components"]["schemas"].items():
        for index, value in enumerate(schema.get("examples", [])):
            yield f"schema {name} example {index}", f"/components/schemas/{name}", value


def undeclared_keys(spec: dict[str, Any], schema: Any, value: Any, where: str = "") -> list[str]:
    """Keys of value that its schema does not declare: typos that an open schema would let through."""
    schema = deref(spec, schema)
    if not isinstance(schema, dict):
        return []
    found: list[str] = []
    for branch in schema.get("anyOf", []) + schema.get("allOf", []):
        found += undeclared_keys(spec, branch, value, where)
    if isinstance(value, dict) and "properties" in schema:
        properties = schema["properties"]
        found += [f"{where}/{key}" for key in value if key not in properties]
        for key, item in value.items():
            if key in properties:
                found += undeclared_keys(spec, properties[key], item, f"{where}/{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += undeclared_keys(spec, schema["items"], item, f"{where}/{index}")
    return found


def test_every_example_validates_against_its_schema(spec):
    checked = 0
    for where, pointer, value in examples(spec):
        errors = [f"{where}: {e.json_path}: {e.message}" for e in validator(spec, pointer).iter_errors(value)]
        assert not errors, "\n".join(errors)
        checked += 1
    assert checked >= 20, f"only {checked} examples found; the walk over the description is broken"


def test_no_example_carries_a_key_its_schema_does_not_declare(spec):
    for where, pointer, value in examples(spec):
        schema = {"$ref": f"#{pointer}"}
        assert undeclared_keys(spec, schema, value) == [], where


def test_undeclared_keys_finds_a_typo(spec):
    message = fixture_json("seeds/tutorial_list.json")["result"][0]
    message["targets"][0]["statuss"] = "sent"
    found = undeclared_keys(spec, {"$ref": "#/components/schemas/Message"}, message)
    assert found == ["/targets/0/statuss"]


@pytest.mark.parametrize("name", [*SEED_LISTS, "rfc3339_list.json"])
def test_list_payloads_validate_as_message_list(spec, name):
    errors = list(validator(spec, "/components/schemas/MessageList").iter_errors(fixture_json(name)))
    assert errors == []


@pytest.mark.parametrize("name", SEED_SEND_REQUESTS)
def test_seed_send_requests_validate(spec, name):
    errors = list(validator(spec, "/components/schemas/SendMessageRequest").iter_errors(fixture_json(name)))
    assert errors == []


@pytest.mark.parametrize(
    "value",
    [
        "2022-03-13 15:11:05.235717",
        "2022-03-13 15:11:06.497184184",
        "9999-01-01 00:00:00.000000",
        "2022-03-13 15:11:05",
        "2026-02-10T08:30:00Z",
        "2026-02-10T08:30:00.5Z",
        "2026-02-10T08:30:02.481516342Z",
        "2016-12-31T23:59:60Z",
    ],
)
def test_timestamp_accepts_both_eras(spec, value):
    assert validator(spec, "/components/schemas/Timestamp").is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "2022-03-13",
        "2022-03-13T15:11:05.235717",
        "2022-03-13 15:11:05.235717Z",
        "2022-03-13T15:11:05+09:00",
        "2022-03-13 15:11:05.2357171234",
        "2022-13-13 15:11:05.235717",
        "2022-03-13 24:11:05.235717",
        "2022/03/13 15:11:05.235717",
        "Sun, 13 Mar 2022 15:11:05 GMT",
        "1647184265",
        "",
    ],
)
def test_timestamp_rejects_other_formats(spec, value):
    assert not validator(spec, "/components/schemas/Timestamp").is_valid(value)


@pytest.mark.parametrize("value", ["9999-01-01 00:00:00.000000", None, "2026-03-01T10:00:00Z"])
def test_deletion_timestamp_accepts_both_not_deleted_forms(spec, value):
    assert validator(spec, "/components/schemas/DeletionTimestamp").is_valid(value)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("+15559876543", True),
        ("+821021656521", True),
        ("+1234567", True),
        ("+123456789012345", True),
        ("15559876543", False),
        ("+05559876543", False),
        ("+1234567890123456", False),
        ("+123456", False),
        ("+1 555 987 6543", False),
        ("+1-555-987-6543", False),
        ("+1555CALLNOW", False),
        ("+", False),
    ],
)
def test_e164_number(spec, value, valid):
    assert validator(spec, "/components/schemas/E164Number").is_valid(value) is valid


def test_a_response_address_takes_any_target_the_service_sends(spec):
    address = validator(spec, "/components/schemas/Address")
    for target in ("+15559876543", "15559876543", "VOIPBIN", "72345"):
        assert address.is_valid({"type": "tel", "target": target}), target
    assert address.is_valid({"type": "sip", "target": "sip:alice@example.com"})
    assert address.is_valid({"type": "tel"})  # a target sent empty comes back left out
    assert not address.is_valid({"type": "tel", "target": 15559876543})


def test_a_request_address_must_be_tel_and_e164(spec):
    address = validator(spec, "/components/schemas/TelAddress")
    assert address.is_valid({"type": "tel", "target": "+15559876543"})
    assert not address.is_valid({"type": "tel", "target": "15559876543"})
    assert not address.is_valid({"type": "whatsapp", "target": "+15559876543"})


def test_address_type_lists_every_type_of_the_service(spec):
    types = spec["components"]["schemas"]["AddressType"]["enum"]
    expected = ["", "agent", "ai", "ai_team", "conference", "email", "extension", "line", "sip", "tel", "webchat"]
    assert types == [*expected, "web_session", "whatsapp"]


def test_empty_address_fields_may_be_left_out(spec):
    assert validator(spec, "/components/schemas/Address").is_valid({"type": "tel", "target": "+15559876543"})


@pytest.mark.parametrize(
    ("schema", "field"),
    [
        ("Message", "tm_update"),
        ("Target", "tm_update"),
        ("Number", "tm_purchase"),
        ("Number", "tm_renew"),
        ("Number", "tm_update"),
        ("Accesskey", "tm_expire"),
        ("Accesskey", "tm_update"),
    ],
)
def test_a_moment_the_service_has_not_set_may_be_null(spec, schema, field):
    declared = deref(spec, spec["components"]["schemas"][schema]["properties"][field])
    assert {"type": "null"} in declared["anyOf"]


def test_creation_moments_are_never_null(spec):
    for schema in ("Message", "Number", "Accesskey"):
        assert spec["components"]["schemas"][schema]["properties"]["tm_create"] == {
            "$ref": "#/components/schemas/Timestamp"
        }


def test_parts_may_be_zero_but_not_negative(spec):
    parts = spec["components"]["schemas"]["Target"]["properties"]["parts"]
    assert parts["minimum"] == 0


@pytest.mark.parametrize(("schema", "field"), [("Number", "customer_id"), ("Accesskey", "customer_id")])
def test_fields_the_service_always_sends_are_required(spec, schema, field):
    assert field in spec["components"]["schemas"][schema]["required"]


@pytest.mark.parametrize("schema", ["MessageList", "NumberList", "AccesskeyList"])
def test_every_page_has_a_next_page_token(spec, schema):
    assert "next_page_token" in spec["components"]["schemas"][schema]["required"]


@pytest.mark.parametrize(
    ("schema", "enum"),
    [
        ("Address/properties/type", "AddressType"),
        ("Target/properties/status", "TargetStatus"),
        ("ErrorDetail/properties/status", "ErrorStatus"),
        ("Number/properties/type", "NumberType"),
        ("Number/properties/status", "NumberStatus"),
        ("Message/properties/direction", "MessageDirection"),
        ("Message/properties/type", "MessageType"),
    ],
)
def test_response_enums_keep_values_the_service_adds_later(spec, schema, enum):
    node: Any = spec["components"]["schemas"]
    for part in schema.split("/"):
        node = node[part]
    assert node["anyOf"] == [{"$ref": f"#/components/schemas/{enum}"}, {"type": "string"}]


def test_details_is_an_array_of_objects(spec):
    details = spec["components"]["schemas"]["ErrorDetail"]["properties"]["details"]
    assert details == details | {"type": "array", "items": {"type": "object"}}


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda body: body.update(destinations=[]), "no destination"),
        (lambda body: body.pop("destinations"), "destinations missing"),
        (lambda body: body.update(text=""), "empty text"),
        (lambda body: body.pop("text"), "text missing"),
        (lambda body: body["source"].update(type="sip"), "a source that is not tel"),
        (lambda body: body["destinations"][0].update(type="email"), "a destination that is not tel"),
        (lambda body: body["destinations"][0].update(target="0031616818985"), "a destination without +"),
        (lambda body: body["source"].update(target="+1 555 987 6543"), "a source with spaces"),
    ],
)
def test_send_request_rejects(spec, change, why):
    body = fixture_json("seeds/tutorial_send_request.json")
    change(body)
    assert not validator(spec, "/components/schemas/SendMessageRequest").is_valid(body), why


def test_send_request_tolerates_unknown_fields(spec):
    body = fixture_json("seeds/tutorial_send_request.json") | {"campaign": "spring"}
    assert validator(spec, "/components/schemas/SendMessageRequest").is_valid(body)


def test_target_status_lists_all_seven_values(spec):
    statuses = spec["components"]["schemas"]["TargetStatus"]["enum"]
    expected = ["queued", "sent", "delivered", "gw_timeout", "dlr_timeout", "failed", "received"]
    assert sorted(statuses) == sorted(expected)


def test_target_status_field_stays_open_for_values_the_description_does_not_know(spec):
    target = fixture_json("seeds/tutorial_list.json")["result"][0]["targets"][0] | {"status": "rejected"}
    assert validator(spec, "/components/schemas/Target").is_valid(target)


def test_schemas_stay_open_to_extra_fields(spec):
    closed = [
        name
        for name, schema in spec["components"]["schemas"].items()
        if schema.get("additionalProperties") is False or schema.get("unevaluatedProperties") is False
    ]
    assert closed == []


def test_page_size_declares_no_bounds_because_the_service_clamps(spec):
    """No minimum or maximum; only the 64-bit integer Go's parser reads it as."""
    schema = spec["components"]["parameters"]["PageSize"]["schema"]
    assert schema == {"type": "integer", "format": "int64", "default": 100}


def test_credentials_are_declared_as_the_service_reads_them(spec):
    schemes = spec["components"]["securitySchemes"]
    where = {name: (s["type"], s.get("in"), s.get("name"), s.get("scheme")) for name, s in schemes.items()}
    assert where == {
        "tokenCookie": ("apiKey", "cookie", "token", None),
        "tokenQuery": ("apiKey", "query", "token", None),
        "bearerAuth": ("http", None, None, "bearer"),
        "accesskeyQuery": ("apiKey", "query", "accesskey", None),
        "accesskeyCookie": ("apiKey", "cookie", "accesskey", None),
    }
    assert spec["security"] == [{name: []} for name in where]


def test_operation_ids_are_camel_case_verb_noun(spec):
    for path, method, operation in operations(spec):
        operation_id = operation["operationId"]
        assert re.fullmatch(r"[a-z]+([A-Z][a-z]+)*", operation_id), f"{method} {path}: {operation_id}"
        assert operation_id.startswith(VERBS), f"{method} {path}: {operation_id} starts with no known verb"


def test_every_operation_has_a_summary_and_documents_its_errors(spec):
    for path, method, operation in operations(spec):
        where = f"{method} {path}"
        assert operation.get("summary"), where
        codes = set(operation["responses"])
        assert "500" in codes, where
        assert any(code.startswith("4") for code in codes), where
        if operation.get("security", spec["security"]):
            assert "401" in codes, f"{where} needs credentials, so it must document 401"
        if "{id}" in path:
            assert {"400", "403", "404"} <= codes, f"{where} takes an id, so it must document 400, 403 and 404"


def test_login_needs_no_credentials(spec):
    assert spec["paths"]["/auth/login"]["post"]["security"] == []


def test_every_link_names_an_operation_and_its_parameters(spec):
    by_id = {operation["operationId"]: (path, operation) for path, _, operation in operations(spec)}
    links = 0
    for _, _, operation in operations(spec):
        for response in operation["responses"].values():
            for name, link in deref(spec, response).get("links", {}).items():
                links += 1
                assert link["operationId"] in by_id, name
                path, target = by_id[link["operationId"]]
                declared = {p["name"] for p in (deref(spec, p) for p in spec["paths"][path].get("parameters", []))}
                declared |= {p["name"] for p in (deref(spec, p) for p in target.get("parameters", []))}
                schemes = spec["components"]["securitySchemes"].values()
                declared |= {f"query.{s['name']}" for s in schemes if s.get("in") == "query"}
                for parameter, expression in link["parameters"].items():
                    assert parameter in declared, f"link {name}: {parameter} is not a parameter of the target"
                    assert expression.startswith("$response.body#/"), name
    assert links >= 4


def test_send_links_to_get_and_delete_by_id(spec):
    links = spec["paths"]["/v1.0/messages"]["post"]["responses"]["200"]["links"]
    assert {link["operationId"] for link in links.values()} == {"getMessage", "deleteMessage"}
    assert all(link["parameters"] == {"id": "$response.body#/id"} for link in links.values())
