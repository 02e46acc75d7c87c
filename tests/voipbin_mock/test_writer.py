"""voipbin_mock.writer: sends of one event-loop turn share one transaction; each answers with its own message, and
a send the balance cannot cover fails alone."""

from __future__ import annotations

import asyncio

import pytest

from tests.voipbin_mock.conftest import ALICE, BOB, START_US
from voipbin_mock.config import DEFAULT_FIXTURES, Delays
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.lifecycle import outbound_schedule
from voipbin_mock.store import InsufficientBalance, NewMessage, Store
from voipbin_mock.writer import GroupWriter

DELAYS = Delays(sent=2, delivered=5, timeout=30)


class CountingStore(Store):
    """The store, counting the transactions that create messages."""

    groups: list[int]

    def create_messages(self, requests, wait=True):
        self.groups.append(len(requests))
        return super().create_messages(requests, wait)


@pytest.fixture
def store():
    store = CountingStore(None, load_fixtures(DEFAULT_FIXTURES))
    store.groups = []
    yield store
    store.close()


def request(customer: str, text: str, charge: int = 0) -> NewMessage:
    destination = {"type": "tel", "target": "+31616818985", "target_name": "", "name": "", "detail": ""}
    return NewMessage(
        customer,
        "outbound",
        {"type": "tel", "target": "+15559876543", "target_name": "", "name": "", "detail": ""},
        [(destination, 1)],
        text,
        START_US,
        lambda _index, target, queued: outbound_schedule(target, queued, DELAYS),
        charge,
    )


def test_concurrent_sends_share_one_transaction_and_each_gets_its_own_message(store):
    writer = GroupWriter(store)

    async def scenario():
        return await asyncio.gather(*(writer.create_message(request(ALICE.id, f"text {i}")) for i in range(50)))

    rows = asyncio.run(scenario())
    assert store.groups == [50]
    assert [r.text for r in rows] == [f"text {i}" for i in range(50)]
    assert len({r.id for r in rows}) == 50
    assert [r.tm_create for r in rows] == sorted(r.tm_create for r in rows)  # stored in the order they came


def test_a_send_the_balance_cannot_cover_fails_alone(store):
    writer = GroupWriter(store)
    balance = store.balance_micros(BOB.id)

    async def scenario():
        return await asyncio.gather(
            writer.create_message(request(ALICE.id, "paid")),
            writer.create_message(request(BOB.id, "too dear", charge=balance + 1)),
            writer.create_message(request(BOB.id, "affordable", charge=balance)),
            return_exceptions=True,
        )

    paid, refused, affordable = asyncio.run(scenario())
    assert paid.text == "paid"
    assert isinstance(refused, InsufficientBalance)
    assert affordable.text == "affordable"
    assert store.balance_micros(BOB.id) == 0
    assert store.groups == [3]


def test_sends_of_later_turns_form_groups_of_their_own(store):
    writer = GroupWriter(store)

    async def scenario():
        for index in range(3):
            await writer.create_message(request(ALICE.id, f"alone {index}"))

    asyncio.run(scenario())
    assert store.groups == [1, 1, 1]
