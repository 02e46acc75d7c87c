"""What the suite writes reads back the same, on every path, as a run goes on: sequences of sends (within the send
budget, to allowed destinations only), reads, list walks, deletes and webhook events, drawn by hypothesis'
RuleBasedStateMachine, each answer judged against a model of what the sequence wrote and read before it
(voipbin_contract.rules.model). The model starts empty: against any server it judges what the run itself created,
and the caller's tenancy in every message it sees."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

import httpx
import pytest
from hypothesis import Phase, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)
from hypothesis.strategies import SearchStrategy

from voipbin_contract.rules.checks import DELETE_REPEATS
from voipbin_contract.rules.model import Model
from voipbin_contract.runner.account import caller
from voipbin_contract.runner.api import Api
from voipbin_contract.runner.polling import dispatched
from voipbin_contract.runner.probes import judge_server_error
from voipbin_contract.runner.target import Target

# Texts that encodings and templates tend to change (markup, quotes, accents, an emoji, the GSM-7 limit and one
# more); against the bundled mock any text besides. Against another server each costs one SMS: only short ones.
TRICKY_TEXTS = ('Tom & Jerry <b>"hi"</b> it\'s', "Grüße aus Köln, ¿qué tal? ✓", "ok 😀", "a" * 160, "b" * 161)
ANY_TEXT = st.one_of(st.sampled_from(TRICKY_TEXTS), st.text(st.characters(codec="utf-8"), min_size=1, max_size=200))
NAMES = st.sampled_from(("", "Alice", "Ünïcode & <markup>", "O'Brien"))
# The pages a walk of the list may take.
MAX_WALK_PAGES = 500
# The deviations these sequences can meet (the session watches them for the run's ledger).
MEETS = frozenset({DELETE_REPEATS})


@dataclass(frozen=True)
class Sequences:
    """What a sequence may do against the target: where it sends from and to, what it writes, how many sends of the
    budget it takes, how long it waits for events, and the settings of hypothesis' draw."""

    customer_id: str | None
    sources: tuple[str, ...]
    sends: SearchStrategy[dict[str, Any]]
    most_sends: int | None
    event_seconds: float
    settings: settings

    @classmethod
    def of(cls, api: Api) -> Sequences:
        """On the bundled mock: any text, the mock's destinations, sequences of 12 steps, as many as examples up to
        6, events waited for 3 s. Elsewhere: short texts to the allowed destinations, the test's share of what the
        plan left of the send budget (up to 4 sends), one sequence of 8 steps, events waited for a third of the
        target's patience (a minute, by default). Never shrunk: every rerun sends, and the server's state has moved
        on, so a rerun does not fail the same way (hypothesis then reports a flaky test, not the defect); each
        failure names the sequence as it ran instead."""
        target = api.target
        account = caller(target)
        mock = target.bundled_mock
        sources = account.numbers if mock else tuple(n for n in [account.source(target)] if n)
        numbers = target.sendable
        sends = st.fixed_dictionaries(
            {
                "source": st.builds(address, st.sampled_from(sources or ("",)), NAMES),
                "destinations": st.lists(
                    st.builds(address, st.sampled_from(numbers or ("",)), NAMES), min_size=1, max_size=3
                ),
                "text": ANY_TEXT if mock else st.sampled_from(TRICKY_TEXTS[:3]),
            }
        )
        steps, sequences = (12, api.examples(6)) if mock else (8, 1)
        drawn = settings(max_examples=sequences, stateful_step_count=steps, deadline=None, phases=[Phase.generate])
        most = None if mock else api.examples(4)
        return cls(account.customer_id, sources, sends, most, 3.0 if mock else target.patience / 3, drawn)


def address(number: str, name: str) -> dict[str, str]:
    return {"type": "tel", "target": number} | ({"name": name} if name else {})


# A send as the running sequence's plan draws it.
SENDS = st.runner().flatmap(lambda workflow: workflow.plan.sends)


def shorter(text: str, most: int = 300) -> str:
    return text if len(text) <= most else f"{text[:most]}... ({len(text)} characters)"


class AccountWorkflow(RuleBasedStateMachine):
    """One sequence: a send first, then sends, reads, walks, deletes, one wait for the dispatch and one look at the
    webhook events, in an order hypothesis draws; every answer judged by the model at once."""

    sent = Bundle("sent")

    def __init__(self, api: Api, plan: Sequences, failures: list[str]) -> None:
        super().__init__()
        # The test's failures, each with the sequence that led to it: the first is reported if a rerun does not
        # fail the same way.
        self.failures = failures
        self.api, self.target, self.ledger, self.plan = api, api.target, api.ledger, plan
        self.model = Model(api.ledger, plan.customer_id)
        self.http = api.client()
        self.steps: list[str] = []
        self.sends = 0
        self.waited = self.looked = self.walked = self.failed = False

    def step(self, what: str, **arguments: Any) -> None:
        self.model.step += 1
        shown = ", ".join(f"{k}={shorter(json.dumps(v, ensure_ascii=False))}" for k, v in arguments.items())
        self.steps.append(f"{self.model.step}. {what}({shown})")

    def fail_if(self, what: str, problems: list[str]) -> None:
        """Fail on the first problem, naming the step, and the sequence so far."""
        if not problems:
            return
        self.failed = True
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        report = f"step {self.model.step}, {what}: {problems[0]}{more}\nthe sequence:\n  " + "\n  ".join(self.steps)
        self.failures.append(report)
        raise AssertionError(report)

    def answered(self, what: str, response: httpx.Response, status: int) -> None:
        if response.status_code != status:
            self.fail_if(what, [f"answered {response.status_code}, not {status}: {response.text[:200]}"])

    def _send(self, request: dict[str, Any]) -> Any:
        self.step("send", **{name: request[name] for name in ("source", "destinations", "text")})
        if not self.api.take():
            return multiple()
        self.sends += 1
        response = self.http.post("/v1.0/messages", json=request)
        if response.status_code == 500:  # the short balance of a known deviation, if a plain send tells so
            self.fail_if("send", judge_server_error(self.target, self.ledger, response, self.api.take))
            return multiple()
        self.answered("send", response, 200)
        message = response.json()
        self.fail_if("send", self.model.sent(request, message))
        return str(message["id"])

    @initialize(target=sent, request=SENDS)
    def send_first(self, request: dict[str, Any]) -> Any:
        return self._send(request)

    @precondition(lambda self: self.plan.most_sends is None or self.sends < self.plan.most_sends)
    @rule(target=sent, request=SENDS)
    def send(self, request: dict[str, Any]) -> Any:
        return self._send(request)

    def _on_message(self, step: str, method: str, message_id: str) -> tuple[str, httpx.Response, int | None]:
        """A request about one message the model holds (a step of its own if named): what to call it, its answer,
        the step that deleted it."""
        if step:
            self.step(step, message_id=message_id)
        response = self.http.request(method, f"/v1.0/messages/{message_id}")
        return f"{method} /v1.0/messages/{message_id}", response, self.model.messages[message_id].deleted_at

    @rule(message_id=sent)
    def read(self, message_id: str) -> None:
        what, response, deleted_at = self._on_message("read", "GET", message_id)
        if deleted_at is not None:
            self.answered(f"{what}, deleted at step {deleted_at}", response, 404)
            return
        self.answered(what, response, 200)
        self.fail_if(what, self.model.read("GET", response.json()))

    @rule(page_size=st.sampled_from((1, 2, 5, 100)))
    def walk(self, page_size: int) -> None:
        """The list, page after page, until an empty page or past the model's oldest message."""
        self.step("walk", page_size=page_size)
        self.walked = True
        what = f"walk of the list, page_size {page_size}"
        pages: list[list[dict[str, Any]]] = []
        token, ended = "", False
        while len(pages) < MAX_WALK_PAGES and not ended:
            params: dict[str, Any] = {"page_size": page_size} | ({"page_token": token} if token else {})
            response = self.http.get("/v1.0/messages", params=params)
            self.answered(f"{what}, page {len(pages) + 1}", response, 200)
            page = response.json()
            pages.append(list(page["result"]))
            listed = [m for p in pages for m in p]
            ended = not page["result"] or not self.model.messages or self.model.walked_past(listed)
            if page["result"] and page["next_page_token"] == token:
                stuck = f"page {len(pages)} answered next_page_token {token!r}, the page_token it was given"
                self.fail_if(what, [stuck])
            if len({m.get("id") for m in listed}) < len(listed):
                break  # a message listed twice: walk_problems names it
            token = page["next_page_token"]
        self.fail_if(what, self.model.walk_problems(pages, page_size, ended))
        self.fail_if(what, [] if ended else [f"the walk did not pass the model's messages in {MAX_WALK_PAGES} pages"])

    @rule(message_id=sent)
    def delete(self, message_id: str) -> None:
        what, response, deleted_at = self._on_message("delete", "DELETE", message_id)
        if deleted_at is None:
            self.answered(what, response, 200)
            self.fail_if(what, self.model.deleted(message_id, response.json()))
            return
        example = f"a second DELETE of {message_id} (deleted at step {deleted_at}) answered {response.status_code}"
        if response.status_code != 200:
            self.answered(f"{what}, deleted at step {deleted_at}", response, 404)
        elif not self.ledger.tolerates(DELETE_REPEATS, example):
            self.fail_if(what, [f"{example}: {self.ledger.named(DELETE_REPEATS)}"])
        else:
            self.fail_if(what, self.model.deleted(message_id, response.json()))

    @precondition(lambda self: not self.waited and bool(self.model.live()))
    @rule()
    def wait_for_the_dispatch(self) -> None:
        """Once per sequence: until the dispatch of every live message shows (or holds still); each then judged."""
        self.step("wait_for_the_dispatch")
        self.waited = True
        for message in dispatched(self.http, self.model.live(), self.target).values():
            self.fail_if("GET after the dispatch", self.model.read("GET", message))

    @precondition(lambda self: not self.looked and self.target.webhooks is not None)
    @rule()
    def read_the_events(self) -> None:
        """Once per sequence: the webhook events of its messages, once each has its message_created (or a few
        seconds passed), each showing what was written. Events come in any order: no progress is judged."""
        self.step("read_the_events")
        self.looked = True
        receiver = self.target.webhooks
        assert receiver is not None
        events = receiver.wait_for_each(list(self.model.messages), "message_created", self.plan.event_seconds)
        problems: list[str] = []
        for event in events:
            data = event.get("data")
            where = f"the {event.get('type')} event"
            problems += self.model.read(where, data, progress=False) if isinstance(data, dict) else []
        self.fail_if("the webhook events", problems)

    def teardown(self) -> None:
        """Unless a step failed, the last steps: every message the sequence holds, read once more (GET); and every
        read path the draw left out (hypothesis may leave whole rules out of a sequence, and against another server
        a run has one): a walk of the list, the webhook events."""
        try:
            if not self.failed:
                self.step("read_back_every_message")
                for message_id in list(self.model.messages):
                    what, response, deleted_at = self._on_message("", "GET", message_id)
                    self.answered(what, response, 200 if deleted_at is None else 404)
                    if deleted_at is None:
                        self.fail_if(what, self.model.read("GET", response.json()))
                if not self.walked:
                    self.walk(page_size=100)
                if not self.looked and self.target.webhooks is not None:
                    self.read_the_events()
        finally:
            self.http.close()


@pytest.mark.sends
def test_what_the_suite_wrote_reads_back_the_same_on_every_path(api: Api, target: Target) -> None:
    plan = Sequences.of(api)
    if not (target.allow_send and plan.sources):
        pytest.skip(
            "needs sends (VOIPBIN_ALLOW_SEND=1) and a number to send from"
            if plan.sources
            else "the caller owns no number"
        )
    failures: list[str] = []
    try:
        # hypothesis takes any factory of the machine, as its docstring says; its annotation names only a class
        factory = cast("type[RuleBasedStateMachine]", lambda: AccountWorkflow(api, plan, failures))
        run_state_machine_as_test(factory, settings=plan.settings)
    except Flaky:  # a rerun against a server whose state moved on did not fail the same way: the first failure
        if not failures:
            raise
        raise AssertionError(failures[0]) from None
