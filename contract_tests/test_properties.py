"""Properties generic fuzzing cannot know: E.164 acceptance, one target per destination in order with the right
parts, statuses that only move forward and stay final, pagination that lists each message once and always
advances, tenancy, credentials where the tutorial puts them, and the client's models.

Where the service has a known deviation, the property lets exactly that through (voipbin_contract.rules.checks and
the run's ledger), and a strict run fails it, naming the deviation. Each test takes `api`, its calls to the run's
target (voipbin_contract.runner.api); the ones that draw examples draw as many as `api.examples` allows.
"""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from voipbin_contract.rules.checks import (
    DISPATCH,
    OWNERSHIP,
    PROVIDER_STATUS,
    PROVIDER_STATUSES,
    QUEUED,
    TERMINAL_STATUSES,
    envelope_problems,
    is_deleted,
    left_by_dispatch,
    move_problem,
    parts_problems,
    read_back_problems,
    send_echo_problems,
    unknown_status_problems,
    written_back,
)
from voipbin_contract.rules.description import SPEC
from voipbin_contract.rules.known import Ledger
from voipbin_contract.runner.api import Api
from voipbin_contract.runner.polling import dispatched

# The deviations these tests can meet (the session watches them for the run's ledger).
MEETS = frozenset({OWNERSHIP})

VALID_E164 = st.builds(
    lambda first, rest: f"+{first}{rest}",
    st.sampled_from("123456789"),
    st.text("0123456789", min_size=6, max_size=14),
)
INVALID_E164 = st.one_of(
    st.text("0123456789", min_size=7, max_size=15),  # no +
    st.builds(lambda rest: f"+0{rest}", st.text("0123456789", min_size=6, max_size=13)),  # leading 0
    st.builds(lambda rest: f"+1{rest}", st.text("0123456789", min_size=15, max_size=20)),  # too long
    st.builds(
        lambda a, b: f"+1 {a} {b}",
        st.text("0123456789", min_size=3, max_size=3),
        st.text("0123456789", min_size=4, max_size=4),
    ),
    st.builds(
        lambda a, b: f"+1-{a}-{b}",
        st.text("0123456789", min_size=3, max_size=3),
        st.text("0123456789", min_size=4, max_size=4),
    ),
    st.builds(lambda rest: f"+1555{rest}", st.text("ABCDEFGHIJ", min_size=4, max_size=7)),  # letters
)
# Every address type of the description but tel (the empty one included).
NON_TEL_TYPES = st.sampled_from([t for t in SPEC["components"]["schemas"]["AddressType"]["enum"] if t != "tel"])
TEXTS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=400)
CURSOR = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


@pytest.mark.sends
def test_send_accepts_valid_e164_destinations(api):
    @api.explore(15)
    @given(number=VALID_E164)
    def sends(number):
        response = api.send([{"type": "tel", "target": api.destination(number)}])
        assert response.status_code == 200, response.text[:300]

    sends()


def malformed(number: str, how: str) -> str:
    """A spelling of an E.164 number that breaks E.164 but names the same digits."""
    digits = number.removeprefix("+")
    return {
        "spaces": f"+{digits[:2]} {digits[2:5]} {digits[5:]}",
        "dashes": f"+{digits[:2]}-{digits[2:5]}-{digits[5:]}",
        "no plus": digits,
        "zero after plus": f"+0{digits}",
    }[how]


@pytest.mark.sends
def test_send_rejects_invalid_e164_destinations(api, target, ledger):
    """Against an external server only malformed spellings of an allowed destination are sent, so that a lenient
    server sends at most to an allowed number."""

    @api.explore(25)
    @given(number=INVALID_E164, how=st.sampled_from(["spaces", "dashes", "no plus", "zero after plus"]))
    def sends(number, how):
        if not target.bundled_mock:
            number = malformed(api.destination(""), how)
        problems = api.refused_or_known(api.send([{"type": "tel", "target": number}]))
        assert not problems, "; ".join(problems)

    sends()


@pytest.mark.sends
def test_send_rejects_non_tel_destinations(api, target, ledger):
    if not target.bundled_mock:
        pytest.skip("checked on the mock only: a lenient server would send to an address of another kind")

    @api.explore(10)
    @given(kind=NON_TEL_TYPES)
    def sends(kind):
        problems = api.refused_or_known(api.send([{"type": kind, "target": "+15559876543"}]))
        assert not problems, "; ".join(problems)

    sends()


@pytest.mark.sends
def test_one_target_per_destination_with_the_segment_count(api, ledger):
    @api.explore(15)
    @given(text=TEXTS, count=st.integers(1, 3))
    def sends(text, count):
        numbers = [api.destination(f"+3161681{8900 + i}") for i in range(count)]
        body = [{"type": "tel", "target": n} for n in numbers]
        response = api.send(body, text)
        assert response.status_code == 200, response.text[:300]
        message = response.json()
        found = send_echo_problems(ledger, {"destinations": body, "text": text}, message)
        assert not found, "; ".join(found)
        found = parts_problems(ledger, "", message)
        assert not found, "; ".join(found)

    sends()


@pytest.mark.sends(1)
def test_targets_come_back_in_the_order_of_the_destinations(api, target, ledger):
    """Distinct destinations, so that the order can be seen: against an external server every allowed one. The
    send's answer keeps their order; after the dispatch the targets read back the same, on GET and in the list,
    unless the path the message took is a known deviation that allows a change (its data says which)."""
    api.require_send()
    numbers = ["+31616818981", "+821021656521", "+15551234567", "+4915112345678"]
    if not target.bundled_mock:
        numbers = list(target.destinations)
        if len(numbers) < 2:
            pytest.skip("needs two or more --voipbin-test-destinations to see an order")
    body = [{"type": "tel", "target": n, "name": f"contract test {i}"} for i, n in enumerate(numbers)]
    sent = api.send(body)
    assert sent.status_code == 200, sent.text[:300]
    found = send_echo_problems(ledger, {"destinations": body, "text": "contract test"}, sent.json())
    assert not found, "; ".join(found)
    with api.client() as http:
        read = dispatched(http, [sent.json()["id"]], target)[sent.json()["id"]]
        listed = [
            m for m in http.get("/v1.0/messages", params={"page_size": 10}).json()["result"] if m["id"] == read["id"]
        ]
    problems = read_back_problems(ledger, body, read)
    problems += [f"in the list: {p}" for m in listed for p in read_back_problems(ledger, body, m)]
    assert problems == [], "; ".join(problems[:3])


def settled(message: dict[str, Any], held: float, stopped_after: float) -> bool:
    """Whether every target is final: a final TargetStatus; or, as a known deviation, a provider's status, or
    `queued` with parts 0 on every target (a dispatch that leaves them so), held unchanged for stopped_after s."""
    statuses = [t.get("status") for t in message.get("targets", [])]
    if all(status in TERMINAL_STATUSES for status in statuses):
        return True
    stopped = left_by_dispatch(message) is not None or all(
        status in TERMINAL_STATUSES or status in PROVIDER_STATUSES for status in statuses
    )
    return stopped and held >= stopped_after


# Messages the status test follows at once: against the bundled mock three, so that a mock that dispatches each
# path in turn (--voipbin-dispatch rotate) shows every one; elsewhere one, of the send budget.
FOLLOWED = {True: 3, False: 1}


class Followed:
    """One message the status test polls: the statuses it showed, and since when its state has held."""

    def __init__(self, ledger: Ledger, message_id: str) -> None:
        self.ledger = ledger
        self.id = message_id
        self.history: list[list[str]] = []
        self.message: dict[str, Any] = {}
        self.state: tuple[Any, ...] = ()
        self.since = time.monotonic()
        self.problems: list[str] = []

    def read(self, http: httpx.Client) -> None:
        """Read the message again; what it breaks is kept in problems, each once, so that every message is judged."""
        message = http.get(f"/v1.0/messages/{self.id}").json()
        found = unknown_status_problems(self.ledger, "", message)
        statuses = [t["status"] for t in message["targets"]]
        if self.history and left_by_dispatch(message) is None:  # a reordering dispatch leaves every target queued
            found += [p for b, a in zip(self.history[-1], statuses, strict=True) if (p := move_problem(b, a))]
        self.problems += [f"{problem} (message {self.id})" for problem in found if problem not in self.problems]
        state = (tuple(statuses), written_back(message))
        if state != self.state:
            self.state, self.since = state, time.monotonic()
        self.history.append(statuses)
        self.message = message

    def settled(self, stopped_after: float) -> bool:
        return settled(self.message, time.monotonic() - self.since, stopped_after)


@pytest.mark.sends(1)
def test_statuses_only_move_forward_and_a_final_status_stays_final(api, target, ledger):
    api.require_send()
    numbers = list(target.sendable) if target.bundled_mock else list(target.destinations[:1])
    followed = []
    for _ in range(FOLLOWED[target.bundled_mock]):
        sent = api.send([{"type": "tel", "target": n} for n in numbers])
        assert sent.status_code == 200, sent.text[:300]
        followed.append(Followed(ledger, sent.json()["id"]))
    stopped_after = target.settle_seconds
    deadline = time.monotonic() + target.patience
    with api.client() as http:
        while True:
            for one in followed:
                one.read(http)
            if all(one.settled(stopped_after) for one in followed) or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        problems = [p for one in followed for p in one.problems]  # every message judged: each deviation is named
        for one in followed:
            final, message = one.history[-1], one.message
            if not one.settled(stopped_after):
                problems.append(f"targets did not settle: {final} (message {one.id})")
                continue
            path = left_by_dispatch(message)
            stopped = [s for s in final if s not in TERMINAL_STATUSES]
            if path is not None:
                deviation = str(DISPATCH[path]["id"])
                example = (
                    f"every target stayed {QUEUED} with parts 0 (message {one.id}, tm_update {message['tm_update']})"
                )
                if not ledger.tolerates(deviation, example):
                    problems.append(f"{example}: {ledger.named(deviation)}")
            elif stopped and not ledger.tolerates(PROVIDER_STATUS, f"targets stopped at {stopped} (message {one.id})"):
                problems.append(
                    f"targets never reached a final status, stopped at {stopped}: {ledger.named(PROVIDER_STATUS)}"
                )
        assert not problems, "; ".join(problems)
        for _ in range(3):  # read a settled target again, more than once: a final status stays final
            time.sleep(0.2)
            for one in followed:
                again = [t["status"] for t in http.get(f"/v1.0/messages/{one.id}").json()["targets"]]
                assert again == one.history[-1], (
                    f"a final status changed on a later read: {one.history[-1]} became {again}"
                )
    for one in followed:
        if target.mock is not None and left_by_dispatch(one.message) is None:
            assert one.history[-1] == target.mock.final_statuses(numbers)


def walk(api: Api, page_size: int) -> list[dict[str, Any]]:
    """Every message, page by page; fails at the first next_page_token that does not move past the last one."""
    seen: list[dict[str, Any]] = []
    token = ""
    with api.client() as http:
        for page_number in range(1, 10_001):
            params: dict[str, Any] = {"page_size": page_size} | ({"page_token": token} if token else {})
            page = http.get("/v1.0/messages", params=params).json()
            assert len(page["result"]) <= page_size, f"a page of {len(page['result'])} items for page_size {page_size}"
            if not page["result"]:
                return seen
            seen += page["result"]
            following = page["next_page_token"]
            stuck = following == token or (CURSOR.match(following) and CURSOR.match(token) and following > token)
            assert not stuck, (
                f"next_page_token did not advance: page {page_number} (page_size {page_size}, page_token {token!r})"
                f" answered next_page_token {following!r}"
            )
            token = following
    raise AssertionError("the walk did not end after 10,000 pages")


def test_walking_the_pages_lists_every_message_once(api, target):
    if target.bundled_mock:
        for index in range(23):
            assert api.send([{"type": "tel", "target": "+31616818985"}], f"page test {index}").status_code == 200
    reference = [m["id"] for m in walk(api, 100)]
    for page_size in (1, 7):
        ids = [m["id"] for m in walk(api, page_size)]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert not repeated, f"page_size {page_size}: listed more than once: {repeated[:5]}"
        missing = [i for i in reference if i not in ids]
        assert not missing, f"page_size {page_size}: never listed: {missing[:5]}"


@pytest.mark.sends(1)
def test_sending_from_a_number_of_another_customer_is_refused(api, target, ledger):
    """The second customer's number, whose credentials the run holds: a send from it, to an allowed destination."""
    if target.other_token is None:
        pytest.skip("needs a second customer's credentials (VOIPBIN_OTHER_ACCESSKEY or VOIPBIN_OTHER_TOKEN)")
    with api.client(target.other_token) as other:
        numbers = other.get("/v1.0/numbers").json()["result"]
    if not numbers:
        pytest.skip("the second customer owns no number")
    theirs = numbers[0]["number"]
    response = api.send([{"type": "tel", "target": api.destination("+31616818985")}], source=theirs)
    if response.status_code == 200:
        example = f"a send from {theirs}, a number of another customer, was accepted"
        assert ledger.tolerates(OWNERSHIP, example), f"{example}: {ledger.named(OWNERSHIP)}"
        return
    found = envelope_problems(response.status_code, response.json(), 403)
    assert not found, "; ".join(found)


def test_client_models_round_trip_what_the_server_answers(api):
    models = pytest.importorskip(
        "voipbin_client.models", reason="the generated client (voipbin_client) is not installed"
    )
    Message, MessageList = models.Message, models.MessageList
    with api.client() as http:
        page = http.get("/v1.0/messages", params={"page_size": 10}).json()
        assert MessageList.from_dict(page).to_dict() == page
        for item in page["result"][:3]:
            if is_deleted(item):
                continue
            one = http.get(f"/v1.0/messages/{item['id']}").json()
            assert Message.from_dict(one).to_dict() == one
