"""Traffic judged as the suite judges what it sends itself: each exchange (voipbin_contract.traffic.exchange)
against the description, with the suite's checks and its known deviations applied as narrowly; and, across
exchanges, the model of what each caller wrote (voipbin_contract.rules.model): a message sent reads back the same on
every later read, a walk of the list holds each message once, newest first.

A request that breaks the description is the caller's bug: reported as such, and no violation of the server's if the
server refused it. A server that accepts it, or answers anything against the description, breaks the contract.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from jsonschema.exceptions import best_match

from voipbin_contract.reports.curl import as_curl
from voipbin_contract.reports.redact import Redactor
from voipbin_contract.rules.checks import (
    MEETS,
    accepted_send_problems,
    deleted_listed_problems,
    error_status_problems,
    inbound_status_problems,
    is_deleted,
    messages_in,
    parts_problems,
    unknown_status_problems,
    unlisted_value_problems,
)
from voipbin_contract.rules.description import CREDENTIAL_PARAMETERS, SPEC, validator
from voipbin_contract.rules.deviations import pointer_parts
from voipbin_contract.rules.known import Ledger
from voipbin_contract.rules.model import Model
from voipbin_contract.traffic.exchange import NOT_JSON, Exchange

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
JSON = "application/json"
# Problems kept per exchange: the first names the rule; the rest only say how many more.
SHOWN_PROBLEMS = 5


def _escaped(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _at(pointer: str) -> Any:
    node: Any = SPEC
    for part in pointer_parts(pointer):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _resolved(node: Any, pointer: str) -> tuple[Any, str]:
    """The node a `$ref` leads to (followed to the end), and its pointer."""
    seen = 0
    while isinstance(node, Mapping) and "$ref" in node and seen < 16:
        pointer = str(node["$ref"])
        node, seen = _at(pointer), seen + 1
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
        return dict(_at(self.pointer))


def _operations() -> list[Operation]:
    found = []
    for template, item in SPEC["paths"].items():
        pieces = re.split(r"(\{[^/}]+\})", template)
        regex = re.compile("".join("([^/]+)" if p.startswith("{") else re.escape(p) for p in pieces))
        names = tuple(p[1:-1] for p in pieces if p.startswith("{"))
        for method, node in item.items():
            if method in HTTP_METHODS:
                pointer = f"#/paths/{_escaped(template)}/{method}"
                found.append(Operation(method, template, str(node.get("operationId", "")), pointer, regex, names))
    # Literal paths before templated ones (`/v1.0/messages/count` before `/v1.0/messages/{id}`, were there one).
    return sorted(found, key=lambda o: o.template.count("{"))


OPERATIONS = _operations()


def operation_of(method: str, path: str) -> Operation | None:
    return next((o for o in OPERATIONS if o.method == method.lower() and o.pattern.fullmatch(path)), None)


@dataclass(frozen=True)
class Violation:
    """What broke: the server's (kind "server", the contract) or the caller's (a request against the description,
    refused by the server as it should be); the rule, the problem (its first offending field first), a curl line."""

    kind: Literal["server", "caller"]
    operation: str
    rule: str
    problem: str
    curl: str


def _schema_problem(pointer: str, instance: Any, what: str) -> str | None:
    error = best_match(validator(pointer).iter_errors(instance))
    if error is None:
        return None
    path = "/" + "/".join(str(part) for part in error.absolute_path)
    return f"{path} breaks the rule {error.validator!r} of the {what} ({error.message})"[:500]


def _coerced(value: str, schema: Mapping[str, Any]) -> Any:
    """A query or path value as its schema's type reads it (query strings are all text)."""
    kind = schema.get("type")
    if kind == "integer" and re.fullmatch(r"-?[0-9]+", value, re.ASCII):
        return int(value)
    if kind == "number":
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


def _parameters(operation: Operation) -> Iterator[tuple[dict[str, Any], str]]:
    """The operation's parameters and the path item's, resolved, with their pointers."""
    path_item = operation.pointer.rsplit("/", 1)[0]
    for holder in (path_item, operation.pointer):
        for index, parameter in enumerate(_at(holder).get("parameters", [])):
            node, pointer = _resolved(parameter, f"{holder}/parameters/{index}")
            yield dict(node), pointer


def request_problems(operation: Operation, exchange: Exchange) -> list[str]:
    """Where the request breaks the description: its parameters and its JSON body."""
    problems: list[str] = []
    query = dict(exchange.query)
    matched = operation.pattern.fullmatch(exchange.path)
    path_values = dict(zip(operation.parameters, matched.groups() if matched else (), strict=False))
    for parameter, pointer in _parameters(operation):
        name, place = str(parameter.get("name")), parameter.get("in")
        values = query if place == "query" else path_values if place == "path" else None
        if values is None or name in CREDENTIAL_PARAMETERS:
            continue
        if name not in values:
            if parameter.get("required"):
                problems.append(f"the {place} parameter {name} is missing")
            continue
        schema, schema_pointer = _resolved(parameter.get("schema", {}), f"{pointer}/schema")
        problem = _schema_problem(schema_pointer, _coerced(values[name], schema), f"{place} parameter {name}")
        if problem:
            problems.append(f"{place} parameter {name} {values[name]!r}: {problem}")
    body_node = operation.node().get("requestBody")
    if body_node is not None:
        body, body_pointer = _resolved(body_node, f"{operation.pointer}/requestBody")
        if JSON in body.get("content", {}):
            document = exchange.request_json
            if document is NOT_JSON:
                return [*problems, "the body is not JSON"]
            if document is None and body.get("required"):
                problems.append("the body is missing")
            elif document is not None:
                pointer = f"{body_pointer}/content/{_escaped(JSON)}/schema"
                problem = _schema_problem(pointer, document, "request body")
                if problem:
                    problems.append(problem)
    return problems


def _response_schema(operation: Operation, status: int) -> tuple[dict[str, Any], str] | None:
    responses = operation.node().get("responses", {})
    key = str(status) if str(status) in responses else "default" if "default" in responses else None
    if key is None:
        return None
    node, pointer = _resolved(responses[key], f"{operation.pointer}/responses/{key}")
    return dict(node), pointer


def credentials_of(exchange: Exchange) -> Iterator[str]:
    """The credentials a request carries: in the query, in Authorization (after its scheme), in a cookie."""
    yield from (v for k, v in exchange.query if k in CREDENTIAL_PARAMETERS)
    _, _, authorization = (exchange.request_header("authorization") or "").partition(" ")
    if authorization:
        yield authorization
    for part in (exchange.request_header("cookie") or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name in CREDENTIAL_PARAMETERS:
            yield value


def caller_of(exchange: Exchange) -> str:
    """Who is calling, as a fingerprint of their first credential (never the credential itself)."""
    return hashlib.sha256(next(credentials_of(exchange), "").encode()).hexdigest()[:16]


def secrets_of(exchange: Exchange) -> Iterator[str]:
    """Every secret the exchange carries, to be redacted from the report: its credentials, and a login's password
    and the token it answers."""
    yield from credentials_of(exchange)
    for document in (exchange.request_json, exchange.response_json):
        if isinstance(document, dict):
            yield from (str(document[k]) for k in ("password", "token") if isinstance(document.get(k), str))


@dataclass
class Walk:
    """The pages of one walk of the list, as a caller asked for them."""

    page_size: int
    partial: bool  # begun before this traffic, or by a token it never saw
    pages: list[list[dict[str, Any]]] = field(default_factory=list)


@dataclass
class Judge:
    """Judges exchanges in order; what it met stays in violations and seen, the known deviations in its ledger."""

    ledger: Ledger = field(default_factory=Ledger)
    redact: Redactor = field(default_factory=Redactor)
    violations: list[Violation] = field(default_factory=list)
    seen: Counter[str] = field(default_factory=Counter)  # exchanges per operation label
    unjudged: int = 0
    models: dict[str, Model] = field(default_factory=dict)
    walks: dict[tuple[str, str], Walk] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ledger.watch(*MEETS)

    def judge(self, exchange: Exchange) -> list[Violation]:
        for secret in secrets_of(exchange):
            self.redact.add(secret)
        operation = operation_of(exchange.method, exchange.path)
        label = operation.label if operation else f"{exchange.method} {exchange.path}"
        self.seen[label] += 1
        if not exchange.complete:
            self.unjudged += 1
            return []
        found: list[Violation] = []

        def add(kind: Literal["server", "caller"], rule: str, problems: list[str]) -> None:
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                curl = self.redact(as_curl(exchange.request()))
                found.append(Violation(kind, label, rule, self.redact(problems[0] + more), curl))

        if operation is None:
            add(
                "caller",
                "No operation of the description",
                [f"the description has no {exchange.method} {exchange.path}"],
            )
        else:
            self._judge(operation, exchange, add)
        self.violations += found
        return found

    def _judge(self, operation: Operation, exchange: Exchange, add: Any) -> None:
        status, op = exchange.status, operation.operation_id
        wrong_request = request_problems(operation, exchange)
        request = None if exchange.request_json is NOT_JSON else exchange.request_json
        if wrong_request and op == "sendMessage" and 200 <= status < 300:
            add(
                "server",
                "A send that breaks the documented contract was accepted",
                accepted_send_problems(self.ledger, request),
            )
        elif wrong_request and 200 <= status < 300:
            add("server", "A request that breaks the description was accepted", wrong_request)
        elif wrong_request:
            add("caller", "The request breaks the description", wrong_request)
        documented = _response_schema(operation, status)
        if status >= 500:
            why = (
                " (a 500 on a send is the short-balance deviation only on the evidence of a plain send, which a proxy"
                " does not make)"
                if op == "sendMessage" and status == 500
                else ""
            )
            add("server", "Server error", [f"answered {status}{why}: {exchange.response_body[:200]!r}"])
        if documented is None:
            add(
                "server", "Undocumented HTTP status code", [f"answered {status}, which {operation.label} does not list"]
            )
            return
        response, pointer = documented
        content = response.get("content", {})
        media = (exchange.response_header("content-type") or "").split(";")[0].strip().lower()
        if exchange.response_body and content and media not in content:
            add(
                "server",
                "Undocumented Content-Type",
                [f"answered {media or 'no Content-Type'}, not {', '.join(content)}"],
            )
            return
        if media != JSON or not exchange.response_body:
            return
        body = exchange.response_json
        if body is NOT_JSON:
            add("server", "Response is not JSON", ["the body does not parse as JSON"])
            return
        add(
            "server",
            "Response violates schema",
            [p for p in [_schema_problem(f"{pointer}/content/{_escaped(JSON)}/schema", body, "response")] if p],
        )
        if status >= 400:
            add("server", "Error status disagrees with the HTTP status", error_status_problems(status, body))
            return
        for where, message in messages_in(op, body):
            add("server", "Unknown target status", unknown_status_problems(self.ledger, where, message))
            add("server", "Inbound/outbound status mismatch", inbound_status_problems(where, message))
            add("server", "Target parts disagree with the segment count", parts_problems(self.ledger, where, message))
        add(
            "server",
            "A value the description's enum does not list",
            unlisted_value_problems(self.ledger, op, status, body),
        )
        if op == "listMessages":
            add("server", "A deleted message is listed", deleted_listed_problems(self.ledger, body))
        add("server", "What was written reads back differently", self._model(op, exchange, request, body))

    def _model(self, op: str, exchange: Exchange, request: Any, body: Any) -> list[str]:
        """The answer against what this caller wrote and read before."""
        caller = caller_of(exchange)
        model = self.models.setdefault(caller, Model(self.ledger, None))
        model.step += 1
        where = f"{exchange.method} {exchange.path}"
        if op == "listNumbers" and model.customer_id is None and isinstance(body, dict):
            owners = {n.get("customer_id") for n in body.get("result") or [] if isinstance(n, dict)}
            model.customer_id = next(iter(owners)) if len(owners) == 1 else None
            return []
        if not isinstance(body, dict):
            return []
        message_id = str(body.get("id"))
        if op == "sendMessage" and isinstance(request, dict):
            return model.sent(request, body)
        if op == "getMessage":
            written = model.messages.get(message_id)
            if written is not None and written.deleted_at is not None:
                return [f"{where}: message {message_id}, deleted at step {written.deleted_at}, answered 200, not 404"]
            return model.read(where, body)
        if op == "deleteMessage":
            if message_id in model.messages and model.messages[message_id].deleted_at is None:
                return model.deleted(message_id, body)
            return model.read(where, body) if is_deleted(body) else [f"{where}: the DELETE's answer has no tm_delete"]
        if op == "listMessages":
            return self._page(caller, model, exchange, body)
        return []

    def _page(self, caller: str, model: Model, exchange: Exchange, body: dict[str, Any]) -> list[str]:
        query = dict(exchange.query)
        token = query.get("page_token", "")
        size = int(query["page_size"]) if query.get("page_size", "").isdigit() else 0
        walk = self.walks.pop((caller, token), None) if token else None
        walk = walk or Walk(size, partial=bool(token))
        page = [m for m in body.get("result") or [] if isinstance(m, dict)]
        problems = [p for i, m in enumerate(page) for p in model.read(f"list /result/{i}", m)]
        walk.pages.append(page)
        following = str(body.get("next_page_token") or "")
        if page and token and following == token:
            problems.append(
                f"next_page_token did not advance: page {len(walk.pages)} answered the page_token it was given"
            )
        elif page and following:
            self.walks[(caller, following)] = walk
            return problems
        return problems + model.walk_problems(walk.pages, walk.page_size, not walk.partial, read=False)

    def finish(self) -> list[Violation]:
        """The walks no empty page ended (the caller stopped early): judged for what they listed."""
        found = []
        for (caller, _), walk in self.walks.items():
            problems = self.models[caller].walk_problems(walk.pages, walk.page_size, False, read=False)
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                found.append(
                    Violation("server", "GET /v1.0/messages", "A walk of the list", self.redact(problems[0] + more), "")
                )
        self.walks.clear()
        self.violations += found
        return found
