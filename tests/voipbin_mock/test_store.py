"""voipbin_mock.store: state survives a restart with --db; tm_create is unique and increasing."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.voipbin_mock.conftest import ALICE_KEY, send
from tests.voipbin_mock.test_handlers import ALICE_ID, list_all
from voipbin_mock.config import DEFAULT_FIXTURES
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.lifecycle import inbound_schedule
from voipbin_mock.store import Store


def test_a_restart_with_db_keeps_every_message_balance_and_token(make_app, tmp_path, clock):
    db = tmp_path / "mock.sqlite3"
    first = make_app(db_path=db)
    with TestClient(first) as client:
        token = client.post("/auth/login", json={"username": "alice@example.com", "password": "alice-secret"}).json()[
            "token"
        ]
        ids = [send(client, ALICE_KEY, text=f"m{i}").json()["id"] for i in range(30)]
        client.delete(f"/v1.0/messages/{ids[0]}", params={"token": ALICE_KEY})
        balance = first.services.store.balance_micros(ALICE_ID)
    first.services.store.close()

    second = make_app(db_path=db)
    with TestClient(second) as client:
        assert list_all(client, ALICE_KEY, page_size=8) == ids[:0:-1]
        assert client.get(f"/v1.0/messages/{ids[0]}", params={"token": ALICE_KEY}).status_code == 404
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
            ALICE_ID, "inbound", {"type": "tel", "target": "+1"}, [], "x", 1_000, lambda _t, q: inbound_schedule(q), 0
        )
        for _ in range(5)
    ]
    assert [r.tm_create for r in rows] == [1_000, 1_001, 1_002, 1_003, 1_004]
    store.close()
