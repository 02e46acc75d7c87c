"""voipbin_sdk.connect: a default timeout, so that a silent server fails instead of hanging; credentials where no
log line shows them; one DEBUG line per answer on the `voipbin_sdk` logger."""

from __future__ import annotations

import logging
import socket
import time

import httpx
import pytest
import voipbin_sdk as vb
from voipbin_client.api.messages import list_messages

from tests.sdk.conftest import ALICE_KEY, BASE_URL, Stub, envelope


def test_every_client_has_a_timeout_by_default():
    client = vb.connect(BASE_URL, accesskey="k")
    assert client.get_httpx_client().timeout == vb.DEFAULT_TIMEOUT
    assert vb.DEFAULT_TIMEOUT.read == 10.0


def test_a_server_that_never_answers_fails_within_the_timeout():
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        client = vb.connect(url, accesskey="k", timeout=0.3, attempts=0)
        with client, pytest.raises(vb.DeadlineExceededError) as raised:
            vb.call(list_messages.sync_detailed, client=client)
    assert time.monotonic() - started < 5
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)  # what ran out: the read, cut to the deadline


def test_credentials_never_reach_a_url_or_a_log_line(caplog, mock_url, slept):
    caplog.set_level(logging.DEBUG)  # every logger: ours, httpx's and httpx-retries'
    with vb.connect(mock_url) as anonymous:
        token = vb.login(anonymous, "alice@example.com", "alice-secret")
    with vb.connect(mock_url, token=token) as client:
        vb.call(list_messages.sync_detailed, client=client)
    with vb.connect(mock_url, accesskey=ALICE_KEY) as client:
        vb.call(list_messages.sync_detailed, client=client)
    limited = httpx.Response(429, content=envelope("RESOURCE_EXHAUSTED", "X"), headers={"Retry-After": "1"})
    stub = Stub(limited, httpx.Response(200, json={"result": [], "next_page_token": ""}))
    with vb.connect(BASE_URL, accesskey="vbk_stub_secret", transport=stub.transport) as client:
        vb.call(list_messages.sync_detailed, client=client)  # a retry: httpx-retries logs the request
    assert all("accesskey" not in str(r.url) for r in stub.requests)
    text = caplog.text
    for secret in (token, ALICE_KEY, "alice-secret", "vbk_stub_secret"):
        assert secret not in text
    ours = [r.getMessage() for r in caplog.records if r.name == "voipbin_sdk"]
    assert any(line.startswith("GET /v1.0/messages -> 200 (request_id req_") for line in ours), ours
