"""What a server's webhook events are held to: the event schemas of the description's `webhooks` (a message event
by its own; any other type, which the URL gets too, by the open envelope), the signature header, which every event
carries, and its form, the lifecycle of `TargetStatus`. The suite's receiver that collects them is
voipbin_contract.runner.receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from voipbin_contract.rules.description import SPEC, validator
from voipbin_contract.rules.enums import Unlisted, unlisted
from voipbin_contract.rules.known import Ledger


def _event_refs() -> tuple[dict[str, str], str]:
    """Each event type's schema reference, from the description's webhooks (the `type` const of its body), and the
    reference of the one whose type is open: every other event."""
    refs, other = {}, []
    for item in SPEC.get("webhooks", {}).values():
        for operation in item.values():
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            schema = SPEC["components"]["schemas"][ref.rsplit("/", 1)[1]]
            kind = schema["properties"]["type"].get("const")
            if kind is None:
                other.append(str(ref))
            else:
                refs[str(kind)] = str(ref)
    if len(other) != 1:
        raise ValueError(f"the description's webhooks must have one event of open type, not {len(other)}")
    return refs, other[0]


EVENT_REFS, OTHER_EVENT_REF = _event_refs()
EVENT_SCHEMAS: dict[str, Draft202012Validator] = {kind: validator(ref) for kind, ref in EVENT_REFS.items()}
OTHER_EVENT = validator(OTHER_EVENT_REF)
# The known deviation that lets a message's events arrive in any order, and the one that sends a customer's events by
# GET when it set no method.
UNORDERED = "webhook-events-unordered"
GET_WITHOUT_METHOD = "webhook-get-without-method"
# The deviations these rules can meet (Ledger.watch).
MEETS = frozenset({UNORDERED, GET_WITHOUT_METHOD})
SIGNATURE_HEADER: str = SPEC["components"]["parameters"]["WebhookSignature"]["name"]
# The header's form: the parameter's pattern, `^sha256=[0-9a-f]{64}$`.
SIGNATURE_FORM = re.compile(SPEC["components"]["parameters"]["WebhookSignature"]["schema"]["pattern"])


@dataclass(frozen=True)
class Delivery:
    """One request the receiver got, and its method."""

    at: float
    headers: dict[str, str]
    body: bytes
    method: str = "POST"


def method_problems(ledger: Ledger, delivery: Delivery, method: str | None) -> list[str]:
    """The event came with the customer's webhook_method (method; None when the customer could not be read, and
    nothing is judged). With none set (`""`), the documented receivers take POST; GET, with the body, is the known
    deviation the service has."""
    if method is None:
        return []
    if method:
        expected = method.upper()
        return (
            []
            if delivery.method == expected
            else [f"an event came by {delivery.method}, not the customer's {expected}"]
        )
    if delivery.method == "POST":
        return []
    example = f"an event came by {delivery.method} for a customer with no webhook_method set"
    if delivery.method == "GET" and delivery.body:
        return (
            [] if ledger.tolerates(GET_WITHOUT_METHOD, example) else [f"{example}: {ledger.named(GET_WITHOUT_METHOD)}"]
        )
    return [f"{example}{' and no body' if not delivery.body else ''}"]


def signature_problems(delivery: Delivery, secret: str) -> list[str]:
    """The event is signed with the customer's secret, over the bytes as received, in the form the description's
    WebhookSignature gives (`sha256=` and lowercase hex, as the service writes it)."""
    received = next((v for k, v in delivery.headers.items() if k.lower() == SIGNATURE_HEADER.lower()), None)
    if received is None:
        return [f"an event came without {SIGNATURE_HEADER}: every customer has a secret, so every event is signed"]
    if not SIGNATURE_FORM.fullmatch(received):
        return [f"an event's {SIGNATURE_HEADER} is {received[:80]!r}, not of the form {SIGNATURE_FORM.pattern}"]
    digest = hmac.new(secret.encode(), delivery.body, hashlib.sha256).hexdigest()  # the form fixed what precedes it
    if not hmac.compare_digest(digest.encode(), received[-len(digest) :].encode()):
        return [f"an event's {SIGNATURE_HEADER} does not sign its body with the webhook's secret"]
    return []


def schema_problems(event: dict[str, Any]) -> list[str]:
    """The event is valid against its type's schema, or, of another type (the URL gets every event of the
    customer), against the open envelope."""
    kind = event.get("type")
    validator = EVENT_SCHEMAS.get(kind, OTHER_EVENT) if isinstance(kind, str) else OTHER_EVENT
    return [
        f"{kind} event /{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}"
        for error in validator.iter_errors(event)
    ][:5]


def unlisted_in_event(event: dict[str, Any]) -> list[Unlisted]:
    """The values of an event that its schema's open enums do not list (judged by checks.judge_unlisted)."""
    kind = event.get("type")
    schema = EVENT_REFS.get(kind) if isinstance(kind, str) else None
    return list(unlisted(event, {"$ref": schema})) if schema is not None else []


def order_problems(kinds: list[str]) -> list[str]:
    """Each change once, in order: message_created first, message_deleted last and once, updates between."""
    problems = []
    if kinds.count("message_created") != 1 or kinds[:1] != ["message_created"]:
        problems.append(f"message_created must come first and once; the events came as {kinds}")
    if kinds.count("message_deleted") != 1 or kinds[-1:] != ["message_deleted"]:
        problems.append(f"message_deleted must come last and once; the events came as {kinds}")
    return problems


def repeated_problems(events: list[dict[str, Any]]) -> list[str]:
    """An update reports a change: two updates that show the same targets report one change twice."""
    seen: list[Any] = []
    problems = []
    for event in events:
        if event.get("type") != "message_updated":
            continue
        targets = event.get("data", {}).get("targets")
        if targets in seen:
            problems.append("two message_updated events show the same targets: one change was reported twice")
        seen.append(targets)
    return problems
