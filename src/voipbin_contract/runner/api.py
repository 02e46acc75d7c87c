"""The calls a test of the suite makes to the target: each within the send budget and to allowed destinations only,
each request kept for the test's failure report (as curl), each send's 500 judged at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from voipbin_contract.reports.curl import RequestLog
from voipbin_contract.rules.balance import SHORT_BALANCE
from voipbin_contract.rules.known import Ledger
from voipbin_contract.runner.account import caller
from voipbin_contract.runner.bounds import REQUEST_SECONDS
from voipbin_contract.runner.probes import judge_server_error
from voipbin_contract.runner.settings import Settings
from voipbin_contract.runner.target import Target


@dataclass
class Api:
    """One test's calls to the run's target."""

    target: Target
    ledger: Ledger
    settings: Settings
    log: RequestLog

    def examples(self, on_the_bundled_mock: int) -> int:
        """How many examples a property test that sends draws: against the bundled mock as many as it asks for, up
        to the run's examples; elsewhere one, so that every such test has its share of the send budget."""
        return min(on_the_bundled_mock, self.settings.examples) if self.target.bundled_mock else 1

    def client(self, token: str | None = None, *, authenticated: bool = True) -> httpx.Client:
        """An httpx client for the target, with the caller's credentials (or those of token), paced and bounded."""
        return self.target.http(
            params=self.target.credentials(token) if authenticated else None,
            timeout=REQUEST_SECONDS,
            event_hooks={"request": [self.log.record]},
        )

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

    def send(
        self,
        destinations: list[dict[str, Any]],
        text: str = "contract test",
        source: str | None = None,
        http: httpx.Client | None = None,
    ) -> httpx.Response:
        """A send from the caller's number (or source), counted against the send budget; on http if given. A 500
        is judged at once: the test skips if a plain send shows the balance short, and fails otherwise."""
        self.require_send()
        if not self.target.budget.take():
            pytest.skip("the send budget (--voipbin-max-sends) is spent")
        body = {"source": {"type": "tel", "target": source or self.source()}, "destinations": destinations}
        if http is not None:
            response = http.post("/v1.0/messages", json=body | {"text": text})
        else:
            with self.client() as own:
                response = own.post("/v1.0/messages", json=body | {"text": text})
        if response.status_code == 500:  # the short balance of a known deviation, if a plain send tells so
            problems = judge_server_error(self.target, self.ledger, response)
            assert not problems, "; ".join(problems)
            pytest.skip(f"the balance is short ({SHORT_BALANCE}): nothing could be sent")
        return response
