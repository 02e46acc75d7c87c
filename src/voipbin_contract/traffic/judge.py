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

from voipbin_contract.reports.curl import as_curl
from voipbin_contract.reports.redact import Redactor
from voipbin_contract.rules.checks import (
    ACCESSKEY_IN_TOKEN,
    DELETE_REPEATS,
    DELETED_LISTED,
    DISPATCH,
    MEETS,
    NOT_E164,
    OWNERSHIP,
    PARTS_ZERO,
    PROVIDER_STATUS,
    accepted_send_problems,
    answer_problems,
    is_deleted,
    normalised_as_the_service,
    repeated_delete_problems,
    send_rules_broken,
)
from voipbin_contract.rules.description import CREDENTIAL_PARAMETERS
from voipbin_contract.rules.known import Ledger
from voipbin_contract.rules.model import Model
from voipbin_contract.rules.operations import (
    Operation,
    escaped,
    node_at,
    operation_of,
    resolved,
    response_schema,
    schema_problem,
)
from voipbin_contract.traffic.exchange import NOT_JSON, Exchange

JSON = "application/json"
# A JWT's shape (header.payload.signature, base64url): what the service reads in `token`, and nothing else.
JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# The deviations a read of a message can show (after its dispatch).
READ_SHOWS = (PROVIDER_STATUS, *(str(rule["id"]) for rule in DISPATCH.values()))
# Problems kept per exchange: the first names the rule; the rest only say how many more.
SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class Violation:
    """What broke: the server's (kind "server", the contract) or the caller's (a request against the description,
    refused by the server as it should be); the rule, the problem (its first offending field first), a curl line."""

    kind: Literal["server", "caller"]
    operation: str
    rule: str
    problem: str
    curl: str


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
        for index, parameter in enumerate(node_at(holder).get("parameters", [])):
            node, pointer = resolved(parameter, f"{holder}/parameters/{index}")
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
        schema, schema_pointer = resolved(parameter.get("schema", {}), f"{pointer}/schema")
        problem = schema_problem(schema_pointer, _coerced(values[name], schema), f"{place} parameter {name}")
        if problem:
            problems.append(f"{place} parameter {name} {values[name]!r}: {problem}")
    body_node = operation.node().get("requestBody")
    if body_node is not None:
        body, body_pointer = resolved(body_node, f"{operation.pointer}/requestBody")
        if JSON in body.get("content", {}):
            document = exchange.request_json
            if document is NOT_JSON:
                return [*problems, "the body is not JSON"]
            if document is None and body.get("required"):
                problems.append("the body is missing")
            elif document is not None:
                pointer = f"{body_pointer}/content/{escaped(JSON)}/schema"
                problem = schema_problem(pointer, document, "request body")
                if problem:
                    problems.append(problem)
    return problems


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
    steps: list[int] = field(default_factory=list)  # the caller's model's step when each page was answered
    last: Exchange | None = None  # the exchange of its last page, which reproduces what it shows


@dataclass
class Judge:
    """Judges exchanges in order; what it met stays in violations and seen, the known deviations in its ledger."""

    ledger: Ledger = field(default_factory=Ledger)
    redact: Redactor = field(default_factory=Redactor)
    violations: list[Violation] = field(default_factory=list)
    seen: Counter[str] = field(default_factory=Counter)  # exchanges per operation label
    unjudged: Counter[str] = field(default_factory=Counter)  # exchanges not judged, by why
    models: dict[str, Model] = field(default_factory=dict)
    walks: dict[tuple[str, str], Walk] = field(default_factory=dict)
    # Whose each number is (its customer_id), as any caller's GET /v1.0/numbers or a number's GET answered.
    owners: dict[str, str] = field(default_factory=dict)
    # The known deviations an exchange could have shown (voipbin_contract.traffic.deviations says which can).
    chances: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.ledger.watch(*MEETS, DELETE_REPEATS, ACCESSKEY_IN_TOKEN, OWNERSHIP)

    def _label(self, exchange: Exchange) -> str:
        """The exchange's operation, counted as seen; its secrets known to the redactor before anything is said."""
        for secret in secrets_of(exchange):
            self.redact.add(secret)
        operation = operation_of(exchange.method, exchange.path)
        label = operation.label if operation else f"{exchange.method} {exchange.path}"
        self.seen[label] += 1
        return label

    def unanswered(self, exchange: Exchange, reason: str) -> Violation:
        """A request the server never answered (reason: what the connection did): a violation of the server's."""
        label = self._label(exchange)
        curl = self.redact(as_curl(exchange.request()))
        violation = Violation("server", label, "No answer", self.redact(reason), curl)
        self.violations.append(violation)
        return violation

    def not_judged(self, exchange: Exchange, reason: str) -> None:
        """An exchange seen and not judged, and why."""
        self._label(exchange)
        self.unjudged[reason] += 1

    def judge(self, exchange: Exchange) -> list[Violation]:
        if exchange.unjudged:
            self.not_judged(exchange, exchange.unjudged)
            return []
        label = self._label(exchange)
        operation = operation_of(exchange.method, exchange.path)
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
            with self.ledger.on(sum(self.seen.values())):  # a deviation counts once per exchange
                self._judge(operation, exchange, add)
        self.violations += found
        return found

    def _chances(self, op: str, exchange: Exchange, request: Any) -> set[str]:
        """The known deviations this exchange could show, whatever it was answered."""
        chances = set()
        if any(k == "token" and not JWT.fullmatch(v) for k, v in exchange.query):
            chances.add(ACCESSKEY_IN_TOKEN)
        model = self.models.get(caller_of(exchange))
        if op == "sendMessage" and isinstance(request, dict):
            chances |= {d for _, d in send_rules_broken(request) if d}
            destinations = request.get("destinations")
            for destination in destinations if isinstance(destinations, list) else []:
                number = destination.get("target") if isinstance(destination, dict) else None
                if destination.get("type") == "tel" and isinstance(number, str):
                    chances |= {NOT_E164} if normalised_as_the_service(number) != number else set()
            if exchange.status == 200:
                chances.add(PARTS_ZERO)
            if str((request.get("source") or {}).get("target")) in self.owners:
                chances.add(OWNERSHIP)
        elif op == "deleteMessage" and model and self._deleted_at(model, exchange) is not None:
            chances.add(DELETE_REPEATS)
        if op == "listMessages" and model and any(w.deleted_at is not None for w in model.messages.values()):
            chances.add(DELETED_LISTED)
        if op in ("getMessage", "listMessages", "deleteMessage") and exchange.status == 200:
            chances |= set(READ_SHOWS)
        return chances

    @staticmethod
    def _deleted_at(model: Model, exchange: Exchange) -> int | None:
        written = model.messages.get(exchange.path.rsplit("/", 1)[-1])
        return written.deleted_at if written is not None else None

    def _judge(self, operation: Operation, exchange: Exchange, add: Any) -> None:
        status, op = exchange.status, operation.operation_id
        wrong_request = request_problems(operation, exchange)
        request = None if exchange.request_json is NOT_JSON else exchange.request_json
        chances = self._chances(op, exchange, request)
        self.chances |= chances
        if ACCESSKEY_IN_TOKEN in chances and status == 401:
            example = f"{exchange.method} {exchange.path}?token=<not a JWT> answered 401"
            if not self.ledger.tolerates(ACCESSKEY_IN_TOKEN, example):
                add("server", "A known deviation", [f"{example}: {self.ledger.named(ACCESSKEY_IN_TOKEN)}"])
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
        documented = response_schema(operation, status)
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
            [p for p in [schema_problem(f"{pointer}/content/{escaped(JSON)}/schema", body, "response")] if p],
        )
        for _, title, problems in answer_problems(self.ledger, op, status, body):
            add("server", title, problems)
        if status >= 400:
            return
        if op == "sendMessage" and isinstance(request, dict) and isinstance(body, dict):
            add("server", "A send from another customer's number was accepted", self._ownership(request, body))
        add("server", "What was written reads back differently", self._model(op, exchange, request, body))

    def _model(self, op: str, exchange: Exchange, request: Any, body: Any) -> list[str]:
        """The answer against what this caller wrote and read before."""
        caller = caller_of(exchange)
        model = self.models.setdefault(caller, Model(self.ledger, None))
        model.step += 1
        where = f"{exchange.method} {exchange.path}"
        if not isinstance(body, dict):
            return []
        if op in ("listNumbers", "getNumber"):
            numbers = [n for n in body.get("result") or [] if isinstance(n, dict)] if op == "listNumbers" else [body]
            self.owners |= {
                str(n["number"]): str(n["customer_id"]) for n in numbers if "number" in n and "customer_id" in n
            }
            owners = {n.get("customer_id") for n in numbers}
            if model.customer_id is None and op == "listNumbers" and len(owners) == 1:
                model.customer_id = str(next(iter(owners)))
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
            if message_id not in model.messages:
                return (
                    model.read(where, body) if is_deleted(body) else [f"{where}: the DELETE's answer has no tm_delete"]
                )
            deleted_at = model.messages[message_id].deleted_at
            if deleted_at is not None:
                example = f"a second DELETE of {message_id} (deleted at step {deleted_at}) answered 200"
                return repeated_delete_problems(self.ledger, example, 200, body) or model.deleted(message_id, body)
            return model.deleted(message_id, body)
        if op == "listMessages":
            return self._page(caller, model, exchange, body)
        return []

    def _ownership(self, request: dict[str, Any], answer: dict[str, Any]) -> list[str]:
        """An accepted send from a number another customer listed: refused as documented (403); accepted, as the
        known deviation."""
        source = str((request.get("source") or {}).get("target"))
        owner, sender = self.owners.get(source), answer.get("customer_id")
        if owner is None or sender is None or owner == str(sender):
            return []
        example = f"a send from {source}, a number of customer {owner}, was accepted for customer {sender}"
        return [] if self.ledger.tolerates(OWNERSHIP, example) else [f"{example}: {self.ledger.named(OWNERSHIP)}"]

    def _page(self, caller: str, model: Model, exchange: Exchange, body: dict[str, Any]) -> list[str]:
        query = dict(exchange.query)
        token = query.get("page_token", "")
        size = int(query["page_size"]) if query.get("page_size", "").isdigit() else 0
        walk = self.walks.pop((caller, token), None) if token else None
        walk = walk or Walk(size, partial=bool(token))
        page = [m for m in body.get("result") or [] if isinstance(m, dict)]
        problems = [p for i, m in enumerate(page) for p in model.read(f"list /result/{i}", m)]
        walk.pages.append(page)
        walk.steps.append(model.step)
        walk.last = exchange
        following = str(body.get("next_page_token") or "")
        if page and token and following == token:
            problems.append(
                f"next_page_token did not advance: page {len(walk.pages)} answered the page_token it was given"
            )
        elif page and following:
            self.walks[(caller, following)] = walk
            return problems
        ended = not walk.partial
        return problems + model.walk_problems(walk.pages, walk.page_size, ended, read=False, steps=walk.steps)

    def finish(self) -> list[Violation]:
        """The walks no empty page ended (the caller stopped early): judged for what they listed, each page as it
        was when it was answered."""
        found = []
        for (caller, token), walk in self.walks.items():
            with self.ledger.on(("walk", caller, token)):
                problems = self.models[caller].walk_problems(
                    walk.pages, walk.page_size, False, read=False, steps=walk.steps
                )
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                curl = self.redact(as_curl(walk.last.request())) if walk.last else ""
                found.append(
                    Violation(
                        "server", "GET /v1.0/messages", "A walk of the list", self.redact(problems[0] + more), curl
                    )
                )
        self.walks.clear()
        self.violations += found
        return found
