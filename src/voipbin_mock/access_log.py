"""The access log: one line per request, credentials redacted, written in batches off the request path.

A line per request through `logging` cost about a third of the mock's throughput (a record, a formatter and a
write system call each). Here a request only formats its line and appends it; the lines leave together, as one
record of the `voipbin_mock.access` logger, at most FLUSH_SECONDS later or once FLUSH_LINES are waiting, and when
the server stops. Each line carries its own time, process id and logger name, as the mock's other log lines do.
The logger's level stays the switch: above INFO (--no-access-log), requests pass straight through.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from urllib.parse import unquote_plus

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from voipbin_mock.auth import CREDENTIAL_NAMES
from voipbin_mock.request_ids import RequestIds

ACCESS_LOGGER = logging.getLogger("voipbin_mock.access")
FLUSH_SECONDS = 0.2
FLUSH_LINES = 512
# Query parameters whose values never reach a log line.
REDACTED_PARAMETERS = CREDENTIAL_NAMES


def printable(text: str) -> str:
    """text with every character that is not printable (a line break, a terminal escape, ...) written as its
    Python escape, `\\x0a`: the path comes percent-decoded, and a request must not forge a line nor move a cursor."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def redacted_target(scope: Scope) -> str:
    """The request's path and query, with the values of credential parameters replaced and nothing unprintable. A
    parameter's name is read as the mock reads it (percent and plus decoded, any case); everything else stays as
    the client wrote it."""
    query = printable(scope.get("query_string", b"").decode("latin-1"))
    path = printable(str(scope["path"]))
    if not query:
        return path
    pairs = query.split("&")
    for index, pair in enumerate(pairs):
        name = pair.partition("=")[0]
        read_as = unquote_plus(name) if "%" in name or "+" in name else name
        if read_as.lower() in REDACTED_PARAMETERS:
            pairs[index] = name + "=REDACTED"
    return f"{path}?{'&'.join(pairs)}"


class AccessLog:
    """ASGI middleware that logs one line per request, with the request_id its answer carries."""

    def __init__(self, app: ASGIApp, request_ids: RequestIds) -> None:
        self.app = app
        self._request_ids = request_ids
        self._pending: list[str] = []
        self._timer: asyncio.TimerHandle | None = None
        self._second = -1
        self._second_text = ""
        self._prefix_tail = f" {os.getpid()} {ACCESS_LOGGER.name} "

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not ACCESS_LOGGER.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            client = scope.get("client") or ("-",)
            self._add(
                f"{self._now()}{client[0]} {scope['method']} {redacted_target(scope)} {status} {elapsed_ms:.1f}ms"
                f" {self._request_ids.of(scope)}"
            )

    def _now(self) -> str:
        """The line's start: the time as logging's default asctime writes it, the process id, the logger's name."""
        now = time.time()
        second = int(now)
        if second != self._second:  # formatted once a second
            self._second, self._second_text = second, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
        return f"{self._second_text},{int((now - second) * 1000):03d}{self._prefix_tail}"

    def _add(self, line: str) -> None:
        self._pending.append(line)
        if len(self._pending) >= FLUSH_LINES:
            self.flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(FLUSH_SECONDS, self.flush)

    def flush(self) -> None:
        """Log every line waiting, as one record."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._pending:
            lines, self._pending = "\n".join(self._pending), []
            ACCESS_LOGGER.info("%s", lines)


def configure(enabled: bool) -> None:
    """The access log on stderr, each line as written (its lines carry their own time), or off."""
    ACCESS_LOGGER.setLevel(logging.INFO if enabled else logging.WARNING)
    if enabled and not ACCESS_LOGGER.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        ACCESS_LOGGER.addHandler(handler)
        ACCESS_LOGGER.propagate = False
