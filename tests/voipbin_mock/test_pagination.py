"""Walking the message list over real HTTP returns every message exactly once while other clients send."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from tests.voipbin_mock.conftest import ALICE_KEY, ALICE_NUMBER
from voipbin_mock import MockConfig, create_app

BEFORE = 120
SENDERS = 3
SENDS_EACH = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def base_url(tmp_path) -> Iterator[str]:
    """The mock under uvicorn on a free 127.0.0.1 port, with a SQLite file as in production use."""
    port = free_port()
    config = uvicorn.Config(
        create_app(MockConfig(db_path=tmp_path / "db.sqlite3")), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the mock did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def body(text: str) -> dict[str, object]:
    return {
        "source": {"type": "tel", "target": ALICE_NUMBER},
        "destinations": [{"type": "tel", "target": "+31616818985"}],
        "text": text,
    }


def test_walk_is_exactly_once_during_concurrent_sends(base_url):
    params = {"accesskey": ALICE_KEY}
    with httpx.Client(base_url=base_url, params=params, timeout=10) as client:
        before = {client.post("/v1.0/messages", json=body(f"before {i}")).json()["id"] for i in range(BEFORE)}

    sent_during: list[str] = []
    failures: list[int] = []

    def sender(index: int) -> None:
        with httpx.Client(base_url=base_url, params=params, timeout=10) as client:
            for n in range(SENDS_EACH):
                response = client.post("/v1.0/messages", json=body(f"during {index}.{n}"))
                if response.status_code != 200:
                    failures.append(response.status_code)
                else:
                    sent_during.append(response.json()["id"])

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(SENDERS)]
    for thread in threads:
        thread.start()
    seen: list[str] = []
    with httpx.Client(base_url=base_url, params=params, timeout=10) as client:
        token = ""
        while True:
            page = client.get(
                "/v1.0/messages", params={"page_size": 7, "page_token": token} if token else {"page_size": 7}
            ).json()
            if not page["result"]:
                break
            seen += [m["id"] for m in page["result"]]
            token = page["next_page_token"]
            time.sleep(0.002)  # let the senders interleave with the walk
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(seen) == len(set(seen)), "an item was listed twice"
    assert before <= set(seen), "an item that existed before the walk was skipped"
    assert set(seen) <= before | set(sent_during)
