"""voipbin_mock.store: state survives a restart with --db; tm_create is unique and increasing; ids lead to it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from tests.voipbin_mock.conftest import ALICE_KEY, send
from tests.voipbin_mock.test_handlers import ALICE_ID, list_all
from voipbin_mock.config import DEFAULT_FIXTURES
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.lifecycle import inbound_schedule
from voipbin_mock.store import Store, moment_of_uuid7, uuid7


def test_a_restart_with_db_keeps_every_message_balance_and_token(make_app, tmp_path, clock):
    db = tmp_path / "mock.sqlite3"
    first = make_app(db_path=db)
    with TestClient(first) as client:
        token = client.post("/auth/login", json={"username": "alice@example.com", "password": "alice-secret"}).json()[
            "token"
        ]
        ids = [send(client, ALICE_KEY, text=f"m{i}").json()["id"] for i in range(30)]
        client.delete(f"/v1.0/messages/{ids[0]}", params={"accesskey": ALICE_KEY})
        balance = first.services.store.balance_micros(ALICE_ID)
    first.services.store.close()

    second = make_app(db_path=db)
    with TestClient(second) as client:
        assert list_all(client, ALICE_KEY, page_size=8) == ids[:0:-1]
        assert client.get(f"/v1.0/messages/{ids[0]}", params={"accesskey": ALICE_KEY}).status_code == 404
        assert client.get("/v1.0/numbers", params={"token": token}).status_code == 200
        assert second.services.store.balance_micros(ALICE_ID) == balance
        # New messages sort after the old ones even if the clock went back.
        clock.advance(-3600)
        newest = send(client, ALICE_KEY).json()["id"]
        assert list_all(client, ALICE_KEY)[0] == newest


def test_tm_create_is_strictly_increasing_even_at_one_clock_reading():
    store = Store(None, load_fixtures(DEFAULT_FIXTURES))
    rows = [
        store.create_message(
            ALICE_ID,
            "inbound",
            {"type": "tel", "target": "+1"},
            [],
            "x",
            1_000,
            lambda _i, _t, q: inbound_schedule(q),
            0,
        )
        for _ in range(5)
    ]
    assert [r.tm_create for r in rows] == [1_000, 1_001, 1_002, 1_003, 1_004]
    store.close()


@given(st.integers(min_value=0, max_value=2**48 * 1000 - 1))
def test_the_moment_of_an_id_is_read_back_exactly(moment):
    assert moment_of_uuid7(uuid7(moment)) == moment


@pytest.mark.parametrize(
    "text",
    [
        "a5d2114a-8e84-48cd-8bb2-c406eeb08cd1",  # version 4
        "0190c2f4-9a00-7000-0000-000000000000",  # version 7 with the wrong variant
        "0190c2f4-9a00-7fff-8000-000000000000",  # a fraction that no microsecond maps to
        "0190c2f4-9a00-7000-8000-00000000000",  # one digit short
        "0190c2f4-9a00-7000-8000-00000000000g",
        "",
    ],
)
def test_ids_that_uuid7_cannot_make_have_no_moment(text):
    assert moment_of_uuid7(text) is None


def test_an_id_is_found_only_whole():
    """Lookups go through the id's moment, then compare the whole id: another id of the same moment is unknown."""
    store = Store(None, load_fixtures(DEFAULT_FIXTURES))
    row = store.create_message(
        ALICE_ID, "inbound", {"type": "tel", "target": "+1"}, [], "x", 5_000, lambda _i, _t, q: inbound_schedule(q), 0
    )
    twin = row.id[:-1] + ("0" if row.id[-1] != "0" else "1")
    assert moment_of_uuid7(twin) == row.tm_create
    assert store.get_message(twin) is None
    assert store.delete_message(twin, 6_000) is None
    found = store.get_message(row.id)
    assert found is not None
    assert found.parse().id == row.id
    store.close()
