"""The operations of openapi.yaml, with their parameter and body schemas compiled once at start-up.

The mock states no request rule of its own: a page_size that is not an integer, an id that is not a UUID, a
destination that is not E.164 are all refused because the description says so, with its schemas.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

from voipbin_mock import errors
from voipbin_mock.auth import CREDENTIAL_NAMES
from voipbin_mock.errors import ApiError
from voipbin_mock.fixtures import SAFE_LOADER

METHODS = ("get", "put", "post", "delete", "patch")
# Values under these keys are never repeated back in an error message.
SECRET_FIELDS = CREDENTIAL_NAMES
# An invalid body's answer lists this many broken rules at most, each in this many characters at most: an answer
# stays small however large the body.
MAX_REPORTED_ERRORS = 20
MAX_ERROR_TEXT = 300
# Matched whole (fullmatch: `$` would take a trailing newline), ASCII digits only; an integer must fit in 64 bits,
# as Go's parser reads it: a longer one is refused before int() (whose digit limit raises on 4,301 digits or more).
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
_INT64 = range(-(2**63), 2**63)
_NUMBER = re.compile(r"[+-]?([0-9]{1,300}\.?[0-9]{0,300}|\.[0-9]{1,300})([eE][+-]?[0-9]{1,3})?")
_BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class Parameter:
    """A path or query parameter: how to read it from the URL and the schema it must satisfy."""

    name: str
    location: str
    required: bool
    type: str
    default: Any
    validator: jsonschema_rs.Validator
    # x-clamped: (minimum, maximum); a value outside is read as the default, as the service does.
    clamped: tuple[float, float] | None = None
    # A UUID (`format: uuid`), read in lower case as Go's uuid.Parse reads one: the description allows upper case.
    uuid: bool = False


@dataclass(frozen=True)
class Operation:
    """One operation of the description."""

    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    body: jsonschema_rs.Validator | None
    body_required: bool
    authenticated: bool
    # The body has a secret field (a password, say), so error messages name rules, never values.
    body_has_secrets: bool = False
    # Error statuses the description answers with no body at all (a failed login, as the service answers it).
    bare_statuses: frozenset[int] = frozenset()
    # A validator for the items of each array the body holds at its top (a send's destinations): a long array is
    # checked one item at a time, so that finding the errors reported costs what they cost, not the whole array.
    body_items: tuple[tuple[str, jsonschema_rs.Validator], ...] = ()


def load_spec(path: Path) -> dict[str, Any]:
    """The description as a mapping."""
    document: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return document


def compile_schema(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> jsonschema_rs.Validator:
    """A validator for one schema of the description, its `#/components/...` references resolvable."""
    return jsonschema_rs.validator_for({**schema, "components": spec["components"]})


def operations(spec: Mapping[str, Any]) -> list[Operation]:
    """Every operation of the description, compiled."""
    found = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            parameters = tuple(_parameter(spec, _deref(spec, p)) for p in [*shared, *operation.get("parameters", [])])
            body = operation.get("requestBody")
            body_schema = body["content"]["application/json"]["schema"] if body else None
            found.append(
                Operation(
                    operation_id=operation["operationId"],
                    method=method.upper(),
                    path=path,
                    parameters=parameters,
                    body=compile_schema(spec, body_schema) if body_schema else None,
                    body_required=bool(body and body.get("required")),
                    authenticated=bool(operation.get("security", spec.get("security", []))),
                    body_has_secrets=bool(
                        body_schema and SECRET_FIELDS & set(_deref(spec, body_schema).get("properties", {}))
                    ),
                    bare_statuses=frozenset(
                        int(status)
                        for status, answer in operation.get("responses", {}).items()
                        if status.isdigit() and int(status) >= 400 and "content" not in _deref(spec, answer)
                    ),
                    body_items=_array_items(spec, body_schema) if body_schema else (),
                )
            )
    return found


def _array_items(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> tuple[tuple[str, jsonschema_rs.Validator], ...]:
    properties = _deref(spec, schema).get("properties", {})
    return tuple(
        (name, compile_schema(spec, _deref(spec, node)["items"]))
        for name, node in properties.items()
        if _deref(spec, node).get("type") == "array" and "items" in _deref(spec, node)
    )


def _deref(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _parameter(spec: Mapping[str, Any], raw: Mapping[str, Any]) -> Parameter:
    schema = raw["schema"]
    return Parameter(
        name=raw["name"],
        location=raw["in"],
        required=bool(raw.get("required")),
        type=str(_deref(spec, schema).get("type", "string")),
        default=_deref(spec, schema).get("default"),
        validator=compile_schema(spec, schema),
        clamped=(raw["x-clamped"]["minimum"], raw["x-clamped"]["maximum"]) if "x-clamped" in raw else None,
        uuid=_deref(spec, schema).get("format") == "uuid",
    )


def read_parameters(operation: Operation, path: Mapping[str, str], query: Mapping[str, str]) -> dict[str, Any]:
    """The operation's parameters, typed and checked against their schemas; ApiError 400 if one breaks a rule."""
    values: dict[str, Any] = {}
    for parameter in operation.parameters:
        raw = (path if parameter.location == "path" else query).get(parameter.name)
        if raw is None:
            if parameter.required:
                message = errors.MISSING_REQUEST_PARAMETER.format(name=parameter.name)
                raise ApiError(400, "MISSING_REQUEST_PARAMETER", message)
            if parameter.default is not None:
                values[parameter.name] = parameter.default
            continue
        value = _coerce(parameter, raw)
        if not parameter.validator.is_valid(value):
            if parameter.name == "id":
                raise ApiError(400, "INVALID_ID", errors.INVALID_ID)
            raise ApiError(
                400, "INVALID_REQUEST_PARAMETER", errors.INVALID_REQUEST_PARAMETER.format(name=parameter.name)
            )
        if parameter.clamped and not parameter.clamped[0] <= value <= parameter.clamped[1]:
            value = parameter.default
        values[parameter.name] = value.lower() if parameter.uuid else value
    return values


def _coerce(parameter: Parameter, raw: str) -> Any:
    if parameter.type == "integer" and _INTEGER.fullmatch(raw) and int(raw) in _INT64:
        return int(raw)
    if parameter.type == "number" and _NUMBER.fullmatch(raw):
        return float(raw)
    if parameter.type == "boolean" and raw in _BOOLEANS:
        return _BOOLEANS[raw]
    if parameter.type in ("integer", "number", "boolean"):
        raise ApiError(400, "INVALID_REQUEST_PARAMETER", errors.INVALID_REQUEST_PARAMETER.format(name=parameter.name))
    return raw


def rules_the_service_lets_through(spec: Mapping[str, Any]) -> dict[str, frozenset[tuple[str, str]]]:
    """By operationId, (JSON Schema keyword, field) of each request-body rule that the live service does not check:
    the known deviations of the description that say `lets_through`, on an operation's requestBody."""
    rules: dict[str, frozenset[tuple[str, str]]] = {}
    for item in spec["paths"].values():
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping):
                continue
            entries = (operation.get("requestBody") or {}).get("x-known-deviations", [])
            found = {
                (str(e["lets_through"]["keyword"]), str(e["lets_through"]["field"]))
                for e in entries
                if "lets_through" in e
            }
            if found:
                rules[operation["operationId"]] = frozenset(found)
    return rules


def check_body(operation: Operation, body: Any, lets_through: frozenset[tuple[str, str]] = frozenset()) -> None:
    """ApiError 400 listing every rule the body breaks; values of secret fields are not repeated. A body that
    breaks only rules in lets_through, (keyword, field) pairs, passes (a fault's)."""
    if operation.body is None or operation.body.is_valid(body):
        return
    broken = (
        (path, error)
        for path, error in body_errors(operation, body)
        if not lets_through or (_keyword(error), _field(error, path)) not in lets_through
    )
    problems: list[dict[str, Any]] = []
    for path, error in itertools.islice(broken, MAX_REPORTED_ERRORS + 1):
        if len(problems) == MAX_REPORTED_ERRORS:
            problems.append(
                {"path": "", "message": f"more rules are broken; the first {MAX_REPORTED_ERRORS} are listed"}
            )
            break
        where = "/" + "/".join(str(part) for part in path)
        rule = type(error.kind).__name__
        message = f"breaks the rule {rule!r}" if operation.body_has_secrets else error.message
        problems.append({"path": where[:MAX_ERROR_TEXT], "message": _shortened(message)})
    if problems:
        summary = "; ".join(f"{p['path']}: {p['message']}" for p in problems[:5])
        raise ApiError(400, "INVALID_REQUEST_BODY", f"The request body breaks the description: {summary}", problems)


# Arrays longer than this are checked one item at a time (jsonschema-rs lists every error of a document at once:
# 262,000 empty destinations took 9 s to answer 20 of them).
LONG_ARRAY = 64


def body_errors(
    operation: Operation, body: Any, *, once_per_item: bool = False
) -> Iterator[tuple[list[str | int], jsonschema_rs.ValidationError]]:
    """Every error of body, with its path, found lazily: the long arrays' items one at a time, after the rest. With
    once_per_item, an item of a long array equal to one checked before is skipped: its errors are that one's at
    another index (for a verdict that does not depend on the index; a report of every path needs them all)."""
    assert operation.body is not None
    long = (
        [
            (name, items)
            for name, items in operation.body_items
            if isinstance(body.get(name), list) and len(body[name]) > LONG_ARRAY
        ]
        if isinstance(body, dict)
        else []
    )
    if not long:
        for error in operation.body.iter_errors(body):
            yield list(error.instance_path), error
        return
    # The body with each long array cut to its first item: every rule but the other items' (and the array's own
    # length rules, which a long array meets or breaks on its own: maxItems, which the description does not set).
    cut = body | {name: body[name][:1] for name, _ in long}
    for error in operation.body.iter_errors(cut):
        yield list(error.instance_path), error
    for name, items in long:
        seen: set[tuple[tuple[str, str], ...]] = set()
        for index, item in enumerate(body[name][1:], 1):
            if once_per_item and (key := _flat_key(item)) is not None:
                if key in seen:
                    continue
                seen.add(key)
            if not items.is_valid(item):
                for error in items.iter_errors(item):
                    yield [name, index, *error.instance_path], error


def _flat_key(item: Any) -> tuple[tuple[str, str], ...] | None:
    """An object of strings only (an address) as a hashable key; None for anything else, which is always checked."""
    if not isinstance(item, dict) or not all(isinstance(value, str) for value in item.values()):
        return None
    return tuple(sorted(item.items()))


def go_bound(value: Any) -> Any:
    """A JSON body as Go's encoding/json binds it into the service's request struct, nulls read as zero values: a
    null field is as if absent, a null item of an array an empty object (the only arrays there hold addresses)."""
    if isinstance(value, dict):
        return {key: go_bound(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [{} if item is None else go_bound(item) for item in value]
    return value


def check_body_as_service(operation: Operation, body: Any, lets_through: frozenset[tuple[str, str]]) -> Any:
    """A send's body checked as the service checks it (the service profile), and returned as the service reads it
    (go_bound): a body that is not an object, or has a field of the wrong JSON type, is 400 INVALID_JSON_BODY
    labelled text/plain (gin's BindJSON writes the status first; bin-api-manager/server/messages.go); no
    destination is 400 INVALID_ARGUMENT without details (bin-api-manager/pkg/servicehandler/message.go); every
    other rule of the description the service does not enforce, and the known deviations say which (lets_through)."""
    if operation.body is None:
        return body
    if not isinstance(body, dict):
        raise _invalid_json_body()
    bound = go_bound(body)
    if operation.body.is_valid(bound):
        return bound
    # The verdict depends on each error's rule and field, never on an item's index: one check of each distinct item
    # (a megabyte of 262,000 empty destinations took 2.6 s checked item by item, benchmarks/hostile_input.py).
    for path, error in body_errors(operation, bound, once_per_item=True):
        keyword = _keyword(error)
        if keyword == "type":
            raise _invalid_json_body()
        if (keyword, _field(error, path)) not in lets_through:
            raise ApiError(400, "INVALID_ARGUMENT", errors.INVALID_ARGUMENT)
    return bound


def _invalid_json_body() -> ApiError:
    error = ApiError(400, "INVALID_JSON_BODY", errors.INVALID_JSON_BODY)
    error.content_type = b"text/plain; charset=utf-8"
    return error


def _field(error: jsonschema_rs.ValidationError, path: list[str | int]) -> str | int | None:
    """The field an error concerns: the property a `required` misses, else the last step of its path."""
    missing = getattr(error.kind, "property", None) if _keyword(error) == "required" else None
    if missing is not None:
        return str(missing)
    return path[-1] if path else None


def _keyword(error: jsonschema_rs.ValidationError) -> str:
    """The JSON Schema keyword an error of jsonschema-rs breaks: `Pattern` -> `pattern`, `MinLength` -> `minLength`."""
    kind = type(error.kind).__name__
    return kind[:1].lower() + kind[1:]


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_ERROR_TEXT else f"{text[: MAX_ERROR_TEXT - 1]}…"
