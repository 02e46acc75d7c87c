"""Values the description's enums do not list, found in an answer.

Response enums are open in the description (`anyOf: [an enum schema, a plain string]`), so that a client keeps a
value it does not know rather than failing a whole answer. The suite is the description's owner's eyes: a value
outside the enum is reported, naming the field and the value, so that a new value on the service gets added to
the description instead of passing unseen. Which fields are open enums, and their values, is read from the
description; checks.py decides which known deviation, if any, lets a value pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from voipbin_contract.rules.description import SPEC

SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Unlisted:
    """A value outside an open enum: where it is in the answer (a JSON pointer), the enum's schema, the value."""

    where: str
    enum: str
    value: str

    @property
    def listed(self) -> tuple[str, ...]:
        return tuple(SCHEMAS[self.enum]["enum"])


def _named(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.removeprefix(REF_PREFIX) if isinstance(ref, str) and ref.startswith(REF_PREFIX) else None


def open_enum(node: Mapping[str, Any]) -> str | None:
    """The enum schema's name if node is an open enum: `anyOf` of a named enum schema and a plain string."""
    options = node.get("anyOf")
    if not isinstance(options, list) or len(options) != 2:
        return None
    named = [name for option in options if (name := _named(option)) and "enum" in SCHEMAS.get(name, {})]
    plain = [option for option in options if option == {"type": "string"}]
    return named[0] if len(named) == 1 and len(plain) == 1 else None


def unlisted(instance: Any, schema: Mapping[str, Any], where: str = "") -> Iterator[Unlisted]:
    """Every value of instance, an answer valid against schema, that an open enum of schema does not list."""
    name = _named(schema)
    if name is not None:
        yield from unlisted(instance, SCHEMAS[name], where)
        return
    enum = open_enum(schema)
    if enum is not None:
        if isinstance(instance, str) and instance not in SCHEMAS[enum]["enum"]:
            yield Unlisted(where, enum, instance)
        return
    if isinstance(instance, dict):
        for key, sub in schema.get("properties", {}).items():
            if key in instance:
                yield from unlisted(instance[key], sub, f"{where}/{key}")
    elif isinstance(instance, list) and isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(instance):
            yield from unlisted(item, schema["items"], f"{where}/{index}")


def _resolved(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """A response of components/responses, or the node itself."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/responses/"):
        resolved: Mapping[str, Any] = SPEC["components"]["responses"][ref.rsplit("/", 1)[1]]
        return resolved
    return node


def _answer_schemas() -> dict[tuple[str, int], Mapping[str, Any]]:
    found: dict[tuple[str, int], Mapping[str, Any]] = {}
    for item in SPEC["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            for status, response in operation.get("responses", {}).items():
                content = _resolved(response).get("content", {}).get("application/json")
                if status.isdigit() and content is not None:
                    found[(operation["operationId"], int(status))] = content["schema"]
    return found


# The schema of each JSON answer, by (operationId, HTTP status).
ANSWER_SCHEMAS = _answer_schemas()


def unlisted_in_answer(operation_id: str, status: int, body: Any) -> list[Unlisted]:
    """The unlisted values of an operation's answer, judged by the schema the description gives that status."""
    schema = ANSWER_SCHEMAS.get((operation_id, status))
    return list(unlisted(body, schema)) if schema is not None else []
