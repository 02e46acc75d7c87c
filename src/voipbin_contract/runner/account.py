"""What the suite knows about its caller, learned once per run: from the server's numbers, the customer's id and the
numbers it owns (the source of every send, unless VOIPBIN_SOURCE_NUMBER names one); from GET /v1.0/customer, its
webhook (where its events go, with which method, signed with which secret)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from voipbin_contract.runner.bounds import REQUEST_SECONDS
from voipbin_contract.runner.target import Target


@dataclass(frozen=True)
class Caller:
    """The target's customer: its id (None if it owns no number to tell it by) and its numbers, in listed order."""

    customer_id: str | None
    numbers: tuple[str, ...]

    def source(self, target: Target) -> str | None:
        """The number sends come from: the target's, or the first the customer owns; None if there is none."""
        return target.source_number or (self.numbers[0] if self.numbers else None)


@dataclass(frozen=True)
class Webhook:
    """The customer's webhook as GET /v1.0/customer shows it: its URL, its method (`""` when none is set, which the
    service sends as GET) and the secret its events are signed with; each None when the customer could not be read,
    and why in unread."""

    uri: str | None
    method: str | None
    secret: str | None
    unread: str | None = None


def webhook(target: Target) -> Webhook:
    """The target's customer's webhook, read once per target and credential."""
    key = f"webhook {target.token}"
    if key not in target.memo:
        try:
            with target.http(params=target.credentials(), timeout=REQUEST_SECONDS) as http:
                answer = http.get("/v1.0/customer")
            body: Any = answer.json() if answer.status_code == 200 else None
        except (httpx.HTTPError, ValueError) as error:
            answer, body = None, f"{type(error).__name__}"
        if isinstance(body, dict):

            def text(name: str, absent: str | None = None) -> str | None:
                """A field of the customer, None unless a string; the service leaves out empty ones."""
                value = body.get(name, absent)
                return value if isinstance(value, str) else None

            method = text("webhook_method", "")  # left out: none set
            target.memo[key] = Webhook(text("webhook_uri"), method, text("webhook_secret"))
        else:
            why = f"answered {answer.status_code}" if answer is not None else f"failed ({body})"
            target.memo[key] = Webhook(None, None, None, f"GET /v1.0/customer {why}")
    found: Webhook = target.memo[key]
    return found


def caller(target: Target) -> Caller:
    """The target's customer, read from its first page of numbers once per target and credential (the run's target
    keeps it)."""
    key = f"caller {target.token}"
    if key not in target.memo:
        with target.http(params=target.credentials(), timeout=REQUEST_SECONDS) as http:
            page: Any = http.get("/v1.0/numbers").json()
        numbers = [n for n in page.get("result", []) if isinstance(n, dict)] if isinstance(page, dict) else []
        owners = {str(n["customer_id"]) for n in numbers if n.get("customer_id")}
        target.memo[key] = Caller(
            customer_id=owners.pop() if len(owners) == 1 else None,
            numbers=tuple(str(n["number"]) for n in numbers if n.get("number")),
        )
    found: Caller = target.memo[key]
    return found
