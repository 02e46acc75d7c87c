"""The description's operations: each method and path template, its operationId and its place in the document; which
operation a request is (its method and path), for the traffic judge and for the suite's reading of its own answers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import best_match

from voipbin_contract.rules.description import SPEC, validator
from voipbin_contract.rules.deviations import pointer_parts

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def escaped(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def node_at(pointer: str) -> Any:
    node: Any = SPEC
    for part in pointer_parts(pointer):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def resolved(node: Any, pointer: str) -> tuple[Any, str]:
    """The node a `$ref` leads to (followed to the end), and its pointer."""
    seen = 0
    while isinstance(node, Mapping) and "$ref" in node and seen < 16:
        pointer = str(node["$ref"])
        node, seen = node_at(pointer), seen + 1
    return node, pointer


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    operation_id: str
    pointer: str
    pattern: re.Pattern[str]  # the template, each of its parameters a group
    parameters: tuple[str, ...]  # the names of the template's parameters, in the order of the groups

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.template}"

    def node(self) -> dict[str, Any]:
        return dict(node_at(self.pointer))


def _operations() -> list[Operation]:
    found = []
    for template, item in SPEC["paths"].items():
        pieces = re.split(r"(\{[^/}]+\})", template)
        regex = re.compile("".join("([^/]+)" if p.startswith("{") else re.escape(p) for p in pieces))
        names = tuple(p[1:-1] for p in pieces if p.startswith("{"))
        for method, node in item.items():
            if method in HTTP_METHODS:
                pointer = f"#/paths/{escaped(template)}/{method}"
                found.append(Operation(method, template, str(node.get("operationId", "")), pointer, regex, names))
    # Literal paths before templated ones (`/v1.0/messages/count` before `/v1.0/messages/{id}`, were there one).
    return sorted(found, key=lambda o: o.template.count("{"))


OPERATIONS = _operations()


def operation_of(method: str, path: str) -> Operation | None:
    return next((o for o in OPERATIONS if o.method == method.lower() and o.pattern.fullmatch(path)), None)


def operation_by_id(operation_id: str) -> Operation | None:
    return next((o for o in OPERATIONS if o.operation_id == operation_id), None)


def schema_problem(pointer: str, instance: Any, what: str) -> str | None:
    """Where instance breaks the description's schema at pointer first (the best match), and how; None if nowhere."""
    error = best_match(validator(pointer).iter_errors(instance))
    if error is None:
        return None
    path = "/" + "/".join(str(part) for part in error.absolute_path)
    return f"{path} breaks the rule {error.validator!r} of the {what} ({error.message})"[:500]


def response_schema(operation: Operation, status: int) -> tuple[dict[str, Any], str] | None:
    """The response the operation documents for status (or its default), and its pointer; None if it has none."""
    responses = operation.node().get("responses", {})
    key = str(status) if str(status) in responses else "default" if "default" in responses else None
    if key is None:
        return None
    node, pointer = resolved(responses[key], f"{operation.pointer}/responses/{key}")
    return dict(node), pointer


def response_problems(operation_id: str, status: int, body: Any) -> list[str]:
    """A JSON answer against the response its operation documents for its status: undocumented, or where its body
    first breaks the schema."""
    operation = operation_by_id(operation_id)
    documented = response_schema(operation, status) if operation is not None else None
    if operation is None or documented is None:
        return [] if operation is None else [f"answered {status}, which {operation.label} does not list"]
    response, pointer = documented
    if "application/json" not in response.get("content", {}):
        return []
    problem = schema_problem(f"{pointer}/content/{escaped('application/json')}/schema", body, "response")
    return [problem] if problem else []
