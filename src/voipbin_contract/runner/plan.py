"""The plan: what the suite sends first against any server, on purpose, before hypothesis explores with what is left
of the budget (contract_tests/test_plan.py holds its steps). Each message the plan sends is judged by a model of
what it wrote (voipbin_contract.rules.model) on every path it reads it back by: the send's answer, GET after the
dispatch, the list, the webhook events; the plan keeps what the dispatch made of each (its path, its targets), so
that later steps build on it: every dispatch path seen, the list compared with GET.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from voipbin_contract.rules.balance import SHORT_BALANCE
from voipbin_contract.rules.checks import dispatch_path
from voipbin_contract.rules.model import Model
from voipbin_contract.runner.api import Api
from voipbin_contract.runner.polling import dispatched
from voipbin_contract.runner.probes import judge_server_error

# Where a message that took no path of a known deviation went: the documented lifecycle.
DOCUMENTED = "the documented lifecycle"


@dataclass
class Sent:
    """One message the plan sent: its request, its id, and what the dispatch made of it (None until settled)."""

    request: dict[str, Any]
    id: str
    settled: dict[str, Any] | None = None

    @property
    def path(self) -> str | None:
        """The dispatch path the settled message shows the marks of, or the documented lifecycle."""
        return None if self.settled is None else dispatch_path(self.settled) or DOCUMENTED


@dataclass
class Plan:
    """What the plan sent, in order, and the model that judges every read of it."""

    model: Model
    sent: list[Sent] = field(default_factory=list)

    def send(self, api: Api, destinations: list[dict[str, Any]], text: str, **extra: Any) -> Sent | None:
        """A send of the plan, from the caller's number under a name of its own (so that a list that mixes up its
        messages' sources shows), within the budget (None once it is spent, or when the balance is short); its
        answer judged at once: 200, a new id, what was sent echoed. A 500 is judged on the evidence of a plain send."""
        if not api.take():
            api.reach.missed(api.purpose, "the send budget (--voipbin-max-sends) was spent before it")
            return None
        source = {"type": "tel", "target": api.source(), "name": f"contract plan {len(self.sent) + 1}"}
        body = {"source": source, "destinations": destinations, "text": text}
        with api.client() as http:
            response = http.post("/v1.0/messages", json=body | extra)
        if response.status_code == 500:
            problems = judge_server_error(api.target, api.ledger, response, api.take)
            assert not problems, f"a send of the plan ({api.purpose}): {'; '.join(problems)}"
            api.reach.missed(api.purpose, f"the balance is short ({SHORT_BALANCE})")
            return None
        answered = f"a send of the plan ({api.purpose}) answered {response.status_code}"
        assert response.status_code == 200, f"{answered}: {response.text[:300]}"
        answer = response.json()
        problems = self.model.sent(body, answer)
        assert not problems, f"the answer to a send of the plan ({api.purpose}): {'; '.join(problems[:3])}"
        sent = Sent(body, str(answer["id"]))
        self.sent.append(sent)
        return sent

    def settle(self, api: Api, http: httpx.Client) -> list[str]:
        """Every message the plan sent not yet settled, once its dispatch shows (or holds still), read by GET and
        judged: what was written, and no step back from the last read. The problems found."""
        pending = [one for one in self.sent if one.settled is None]
        found = dispatched(http, [one.id for one in pending], api.target) if pending else {}
        problems: list[str] = []
        for one in pending:
            one.settled = found[one.id]
            problems += self.model.read(f"GET {one.id} after the dispatch", one.settled)
        return problems

    def paths(self) -> dict[str, list[Sent]]:
        """The settled messages by the dispatch path they took."""
        found: dict[str, list[Sent]] = {}
        for one in self.sent:
            if one.path is not None:
                found.setdefault(one.path, []).append(one)
        return found
