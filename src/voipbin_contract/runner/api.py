"""The calls a test of the suite makes to the target: each send within the send budget, to allowed destinations only,
counted against the test's purpose; each request kept for the test's failure report (as curl); each answer held to
the rules of an answer alone (voipbin_contract.rules.checks.ANSWER_RULES), whatever the test itself looks at; each
send's 500 judged at once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from hypothesis import Phase
from hypothesis import settings as draws

from voipbin_contract.reports.curl import RequestLog
from voipbin_contract.rules.balance import SHORT_BALANCE
from voipbin_contract.rules.checks import (
    ANSWER_RULES,
    answer_problems,
    refused_or_known_problems,
    response_conforms_to_schema,
)
from voipbin_contract.rules.known import Ledger
from voipbin_contract.rules.operations import operation_of
from voipbin_contract.runner.account import caller
from voipbin_contract.runner.bounds import REQUEST_SECONDS
from voipbin_contract.runner.budget import Reach
from voipbin_contract.runner.probes import judge_server_error
from voipbin_contract.runner.settings import Settings
from voipbin_contract.runner.target import Target


class AnswerRuleBroken(AssertionError):
    """An answer the suite got broke a rule of every answer; the message names the rule and the call."""


# The problems of answers a test keeps: enough to name each rule it broke.
MOST_BROKEN = 20
# What the suite's own calls hold each answer to: the rules of every answer, and its response's schema (which
# schemathesis' tests check with a check of their own).
ALL_RULES = (*ANSWER_RULES, response_conforms_to_schema)


@dataclass
class Explorers:
    """The property tests that spend what the plan left of the send budget, and how many have yet to run: each
    gets an equal share of what is left when it starts, once the sends of the tests that send a fixed number (and
    have yet to run) are kept aside for them."""

    left: int = 0
    kept_aside: int = 0


@dataclass
class Api:
    """One test's calls to the run's target, for a purpose (what its sends are counted as)."""

    target: Target
    ledger: Ledger
    settings: Settings
    log: RequestLog
    purpose: str
    reach: Reach
    explorers: Explorers
    # Sends set aside for this test (Api.explore), not yet taken; what answers broke a rule of every answer.
    reserved: int = 0
    broken: list[str] = field(default_factory=list)

    def examples(self, on_the_bundled_mock: int) -> int:
        """How many examples a property test that sends draws: against the bundled mock as many as it asks for, up
        to the run's examples; elsewhere its share of what is left of the send budget (one at least), so that every
        such test gets to send and the budget is spent rather than left."""
        wanted = min(on_the_bundled_mock, self.settings.examples)
        remaining = self.target.budget.remaining
        if remaining is None:
            return wanted
        share = (remaining - self.explorers.kept_aside) // max(1, self.explorers.left) - 1
        return max(1, min(wanted, share))

    def explore(self, on_the_bundled_mock: int) -> draws:
        """hypothesis' settings of a property test that sends once per example: its share of examples (examples),
        with the sends they take set aside, one more for the run that reports a failure; never shrunk nor reused
        (each rerun sends again), so that a failure is reported as found, and no budget spent while shrinking one
        turns it into a skip."""
        count = self.examples(on_the_bundled_mock)
        self.reserved += self.target.budget.reserve(count + 1)
        return draws(max_examples=count, phases=[Phase.explicit, Phase.generate])

    def release(self) -> None:
        """The sends set aside and not taken, back to the budget (the test's end)."""
        self.target.budget.release(self.reserved if self.target.budget.remaining is not None else 0)
        self.reserved = 0

    def client(self, token: str | None = None, *, authenticated: bool = True) -> httpx.Client:
        """An httpx client for the target, with the caller's credentials (or those of token), paced and bounded."""
        return self.target.http(
            params=self.target.credentials(token) if authenticated else None,
            timeout=REQUEST_SECONDS,
            event_hooks={"request": [self.log.record], "response": [self.judge]},
        )

    def judge(self, response: httpx.Response) -> None:
        """The answer held to the rules of every answer, and to no server error but a send's (judged on evidence
        where it is made): what it breaks is kept in broken, each problem once, and fails the test at its end (the
        session does), so that the test goes on to meet what else it can, every known deviation it meets named."""
        path = self.target.path_of(response.request.url)
        operation = operation_of(response.request.method, path) if path is not None else None
        if operation is None:
            return
        where = f"{response.request.method} {path} answered {response.status_code}"
        found: list[tuple[str, str, list[str]]] = []
        if response.status_code >= 500 and operation.operation_id != "sendMessage":
            found.append(("not_a_server_error", "Server error", [response.text[:200]]))
        if "json" in response.headers.get("content-type", ""):
            response.read()
            try:
                body = response.json()
            except ValueError:
                body = None
            if body is not None:
                found += answer_problems(self.ledger, operation.operation_id, response.status_code, body, ALL_RULES)
        for rule, title, problems in found:
            shown = f"{rule}: {title}: {where}: " + "; ".join(problems[:3])
            if shown not in self.broken and len(self.broken) < MOST_BROKEN:
                self.broken.append(shown)

    def refused_or_known(self, response: httpx.Response) -> list[str]:
        """A send's answer, the send breaking the documented contract: refused, or accepted as a known deviation."""
        try:
            body = response.json()
        except ValueError:
            body = None
        return refused_or_known_problems(self.ledger, json.loads(response.request.content), response.status_code, body)

    def require_send(self) -> None:
        """Skip the test, saying why, unless the run may send."""
        if not self.target.allow_send:
            pytest.skip("sending is not allowed against this target (--voipbin-allow-send allows it)")

    def source(self) -> str:
        """The number sends come from; the test is skipped, saying why, if the customer owns none."""
        source = caller(self.target).source(self.target)
        if source is None:
            pytest.skip("the target customer owns no number to send from (set --voipbin-source-number)")
        return source

    def destination(self, number: str) -> str:
        """The number a send goes to: the drawn one on the bundled mock, the first allowed one elsewhere."""
        self.require_send()
        return number if self.target.bundled_mock else self.target.destinations[0]

    def take(self, purpose: str | None = None) -> bool:
        """Whether one send may go, for this test's purpose or another (counted if so): out of what was set aside
        for the test, if anything is, else out of the budget."""
        if self.reserved > 0:
            self.reserved -= 1
            self.target.budget.take_reserved(purpose or self.purpose)
            return True
        return self.target.budget.take(purpose or self.purpose)

    def send(
        self,
        destinations: list[dict[str, Any]],
        text: str = "contract test",
        source: str | None = None,
        http: httpx.Client | None = None,
        extra: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """A send from the caller's number (or source), counted against the send budget; on http if given; with
        extra fields in its body if given. A 500 is judged at once: the test skips if a plain send shows the balance
        short, and fails otherwise. The test is skipped, saying so, once the budget is spent."""
        self.require_send()
        if not self.take():
            pytest.skip("the send budget (--voipbin-max-sends) is spent")
        body = {"source": {"type": "tel", "target": source or self.source()}, "destinations": destinations}
        body |= {"text": text} | (extra or {})
        if http is not None:
            response = http.post("/v1.0/messages", json=body)
        else:
            with self.client() as own:
                response = own.post("/v1.0/messages", json=body)
        if response.status_code == 500:  # the short balance of a known deviation, if a plain send tells so
            problems = judge_server_error(self.target, self.ledger, response, self.take)
            assert not problems, "; ".join(problems)
            self.reach.missed(self.purpose, f"the balance is short ({SHORT_BALANCE})")
            pytest.skip(f"the balance is short ({SHORT_BALANCE}): nothing could be sent")
        return response
