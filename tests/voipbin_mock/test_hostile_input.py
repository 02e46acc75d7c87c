"""The mock under hostile input: the error envelope, never a 500, an answer of bounded size; no secret left where
another user of the machine can read it. None of these tests depends on timing."""

from __future__ import annotations

import stat
import subprocess
import sys

import orjson
import pytest

from tests.voipbin_mock.conftest import ALICE_KEY, ALICE_NUMBER, write_fixtures
from voipbin_mock import MockConfig, create_app
from voipbin_mock.app import MAX_BODY_DEPTH, nesting_exceeds
from voipbin_mock.openapi import MAX_ERROR_TEXT, MAX_REPORTED_ERRORS


@pytest.mark.parametrize("depth", [MAX_BODY_DEPTH + 1, 256, 300, 1023])
@pytest.mark.parametrize("path", ["/v1.0/messages", "/auth/login"])
def test_deeply_nested_json_is_400_not_500(client, depth, path):
    response = client.post(path, content=b"[" * depth + b"]" * depth, params={"accesskey": ALICE_KEY})
    assert response.status_code == 400
    assert response.json()["error"]["reason"] in ("BODY_TOO_DEEP", "INVALID_JSON_BODY")


def test_nesting_up_to_the_limit_reaches_the_description(client):
    depth = MAX_BODY_DEPTH
    response = client.post("/v1.0/messages", content=b"[" * depth + b"]" * depth, params={"accesskey": ALICE_KEY})
    assert response.json()["error"]["reason"] == "INVALID_REQUEST_BODY"


@pytest.mark.parametrize(
    ("value", "limit", "exceeds"),
    [([], 1, False), ([[]], 1, True), ({"a": [{"b": 1}]}, 3, False), ({"a": [{"b": {}}]}, 3, True)],
)
def test_nesting_is_counted_in_levels_of_objects_and_arrays(value, limit, exceeds):
    assert nesting_exceeds(value, limit) is exceeds


def test_a_send_breaking_thousands_of_rules_gets_a_small_answer(client):
    destinations = b",".join([b"{}"] * 100_000)
    body = (
        b'{"source": {"type": "tel", "target": "+15559876543"}, "destinations": [' + destinations + b'], "text": "x"}'
    )
    response = client.post("/v1.0/messages", content=body, params={"accesskey": ALICE_KEY})
    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert len(details) == MAX_REPORTED_ERRORS + 1
    assert details[-1]["message"] == f"more rules are broken; the first {MAX_REPORTED_ERRORS} are listed"
    assert len(response.content) < 10_000


def test_a_long_value_is_not_repeated_whole_in_the_answer(client):
    body = {"source": {"type": "tel", "target": "9" * 500_000}, "destinations": [{"type": "tel", "target": "+1"}]}
    response = client.post(
        "/v1.0/messages", content=orjson.dumps(body | {"text": "x"}), params={"accesskey": ALICE_KEY}
    )
    assert response.status_code == 400
    assert all(len(d["message"]) <= MAX_ERROR_TEXT for d in response.json()["error"]["details"])
    assert len(response.content) < 10_000


def test_the_database_file_is_readable_by_its_owner_only(tmp_path):
    db = tmp_path / "mock.db"
    app = create_app(MockConfig(db_path=db))
    try:
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
    finally:
        app.services.store.close()


def test_an_unusable_database_path_is_one_readable_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "voipbin_mock", "--db", str(tmp_path / "missing-folder" / "mock.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "voipbin_mock: " in result.stderr


def test_the_banner_shows_credentials_of_the_built_in_demo_only(tmp_path):
    from voipbin_mock.__main__ import banner
    from voipbin_mock.config import DEFAULT_FIXTURES

    assert "alice-secret" in banner("http://127.0.0.1:1", DEFAULT_FIXTURES)
    own = write_fixtures(tmp_path / "mine.yaml", {"alice-secret": "my-real-password-1"})
    shown = banner("http://127.0.0.1:1", own)
    assert "my-real-password-1" not in shown
    assert ALICE_KEY not in shown
    assert "alice@example.com" in shown


def test_the_rendering_cache_is_bounded_by_bytes_not_only_by_count(make_app):
    from starlette.testclient import TestClient

    from voipbin_mock.store import NO_CURSOR
    from voipbin_mock.views import MessageRenderer

    app = make_app()
    with TestClient(app) as client:
        for _ in range(50):  # inbound messages need no credentials: anyone can store large texts
            body = {"source": "+31616818985", "destination": ALICE_NUMBER, "text": "x" * 30_000}
            assert client.post("/_mock/inbound", json=body).status_code == 200
        store = app.services.store
        customer = store.owner_of_number(ALICE_NUMBER)
        assert customer is not None
        renderer = MessageRenderer(app.services.fmt, max_bytes=1_000_000)
        rows = store.list_messages(customer, NO_CURSOR, 100)
        for row in rows:
            renderer.render(row, row.tm_create)
            assert 0 < renderer.cached_bytes <= 1_000_000
    assert len(rows) == 50  # 1.5 MB of renderings went through a cache of 1 MB
