"""voipbin_mock.access_log: one line per request, credentials redacted, lines leaving in batches, none lost."""

from __future__ import annotations

import asyncio
import logging
import os
import re
from typing import Any

import pytest

from voipbin_mock import access_log
from voipbin_mock.access_log import FLUSH_LINES, AccessLog, redacted_target
from voipbin_mock.request_ids import RequestIds

# logging's default asctime, the process id, the logger's name.
LINE_START = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} " + str(os.getpid()) + " voipbin_mock.access ")


@pytest.mark.parametrize(
    ("query", "logged"),
    [
        (b"", "/v1.0/messages"),
        (b"accesskey=vbk_secret&page_size=10", "/v1.0/messages?accesskey=REDACTED&page_size=10"),
        (b"page_size=1&TOKEN=a.b.c", "/v1.0/messages?page_size=1&TOKEN=REDACTED"),
        (b"Password=x&password=y", "/v1.0/messages?Password=REDACTED&password=REDACTED"),
        # Names the mock reads as credentials once decoded are redacted too; other parameters stay as written.
        (b"acc%65sskey=vbk_secret&x=%20y", "/v1.0/messages?acc%65sskey=REDACTED&x=%20y"),
        (b"token", "/v1.0/messages?token=REDACTED"),
        (b"a=1&&accesskey=k=v", "/v1.0/messages?a=1&&accesskey=REDACTED"),
        (b"tokens=kept", "/v1.0/messages?tokens=kept"),
    ],
)
def test_credential_values_are_redacted(query, logged):
    assert redacted_target({"path": "/v1.0/messages", "query_string": query}) == logged


@pytest.mark.parametrize(
    ("path", "query", "logged"),
    [
        # %0a and %1b arrive decoded in the path: a forged line, a terminal escape.
        ("/v1.0/x\n2026-01-01 00:00:00,000 1 voipbin_mock.access 10.0.0.1 GET /", b"", "/v1.0/x\\n2026-01-01 00:00"),
        ("/v1.0/\x1b[2J\x1b[31mred", b"", "/v1.0/\\x1b[2J\\x1b[31mred"),
        ("/v1.0/\u2028x", b"a=\x7f", "/v1.0/\\u2028x?a=\\x7f"),
        ("/v1.0/ünïcode", b"", "/v1.0/ünïcode"),
    ],
)
def test_nothing_unprintable_reaches_a_line(path, query, logged):
    line = redacted_target({"path": path, "query_string": query})
    assert line.startswith(logged)
    assert line.isprintable()


async def answer(scope, receive, send):
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def scope(number: int) -> dict[str, Any]:
    return {
        "type": "http",
        "method": "GET",
        "path": f"/v1.0/messages/{number}",
        "query_string": b"accesskey=vbk_secret",
        "client": ("127.0.0.1", 5000),
        "headers": [],
    }


async def nothing():
    return {"type": "http.request"}


def access_records(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "voipbin_mock.access"]


def test_lines_leave_together_and_none_is_lost_when_the_server_stops(caplog):
    caplog.set_level(logging.INFO)
    log = AccessLog(answer, RequestIds())

    async def serve() -> list[str]:
        for number in range(3):
            await log(scope(number), nothing, lambda message: asyncio.sleep(0))
        logged_while_serving = access_records(caplog)
        log.flush()  # as the app's shutdown does
        return logged_while_serving

    assert asyncio.run(serve()) == []  # nothing written on the request path
    [record] = access_records(caplog)  # one record for the batch
    lines = record.splitlines()
    assert len(lines) == 3
    for number, line in enumerate(lines):
        assert LINE_START.match(line), line
        assert f"127.0.0.1 GET /v1.0/messages/{number}?accesskey=REDACTED 204 " in line
        assert "vbk_secret" not in line


def test_a_full_batch_leaves_at_once(caplog):
    caplog.set_level(logging.INFO)
    log = AccessLog(answer, RequestIds())

    async def serve() -> list[str]:
        for number in range(FLUSH_LINES):
            await log(scope(number), nothing, lambda message: asyncio.sleep(0))
        return access_records(caplog)

    [record] = asyncio.run(serve())
    assert len(record.splitlines()) == FLUSH_LINES


def test_a_partial_batch_leaves_without_more_requests(caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(access_log, "FLUSH_SECONDS", 0.0)
    log = AccessLog(answer, RequestIds())

    async def serve() -> list[str]:
        await log(scope(1), nothing, lambda message: asyncio.sleep(0))
        for _ in range(100):  # the timer fires on a later turn of the loop, with no request to push it
            await asyncio.sleep(0.01)
            if access_records(caplog):
                break
        return access_records(caplog)

    assert len(asyncio.run(serve())) == 1


def test_with_the_logger_off_requests_pass_straight_through(caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(logging.getLogger("voipbin_mock.access"), "level", logging.WARNING)
    log = AccessLog(answer, RequestIds())
    asyncio.run(log(scope(1), nothing, lambda message: asyncio.sleep(0)))
    log.flush()
    assert access_records(caplog) == []


def test_configure_writes_lines_as_they_are_and_switches_off(monkeypatch):
    logger = logging.getLogger("voipbin_mock.access")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "propagate", True)
    monkeypatch.setattr(logger, "level", logger.level)
    access_log.configure(True)
    [handler] = logger.handlers
    assert logger.propagate is False  # the root handler would put its own time before a batch of lines
    assert handler.format(logging.makeLogRecord({"msg": "line 1\nline 2"})) == "line 1\nline 2"
    assert logger.isEnabledFor(logging.INFO)
    access_log.configure(False)
    assert not logger.isEnabledFor(logging.INFO)
