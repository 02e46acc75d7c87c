"""voipbin_contract.reports.curl: requests replay as curl, with no credential in them."""

from __future__ import annotations

import httpx

from voipbin_contract.reports.curl import RequestLog, as_curl


def test_credentials_are_redacted_and_the_rest_kept():
    request = httpx.Request(
        "POST",
        "http://127.0.0.1:8000/v1.0/messages?token=secret-token&page_size=10",
        headers={"Authorization": "Bearer secret-jwt", "Content-Type": "application/json"},
        json={"text": "hi"},
    )
    command = as_curl(request)
    assert "secret" not in command
    assert "token=REDACTED" in command
    assert "page_size=10" in command
    assert "'authorization: REDACTED'" in command
    assert command.startswith("curl -X POST 'http://127.0.0.1:8000/v1.0/messages?")
    assert """--data-raw '{"text":"hi"}'""" in command


def test_the_log_keeps_the_last_requests():
    log = RequestLog(keep=2)
    for page in range(3):
        log.record(httpx.Request("GET", f"http://127.0.0.1/v1.0/messages?page_size={page}&accesskey=k"))
    assert log.report().count("curl") == 2
    assert "page_size=0" not in log.report()
    assert "accesskey=REDACTED" in log.report()
