"""The checking proxy: between a team's code and a VoIPbin server, it forwards every request and answer unchanged
and judges each exchange with the suite's own checks (voipbin_contract.traffic.judge), at no cost beyond the
traffic itself.

Bodies pass byte for byte (a compressed answer stays compressed), headers but the hop-by-hop ones. Each side's
body is held for judging up to exchange.MAX_JUDGED_BYTES; a longer one streams through, unjudged, as does one that
inflates past it. A request whose path has a dot-segment (`..`, `%2e%2e`, `.%2E`...) is refused: forwarded, it
could leave the upstream's base path. Requests come in through voipbin_contract.traffic.listener, which bounds the
size of a head and the time it takes. Exchanges are
judged in the order their answers left, in a process of their own (JudgeProcess), so that judging adds no latency;
with fail_on_violation the answer waits for its verdict and carries it in X-Contract-Violation. On SIGINT or
SIGTERM the proxy stops, judges what is left and writes the report (voipbin_contract.traffic.report).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import signal
import socket
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote_to_bytes

import aiohttp
import httpx
import uvicorn
import yarl

from voipbin_contract.traffic.exchange import MAX_JUDGED_BYTES, OVER_THE_CAP, Exchange, decoded
from voipbin_contract.traffic.judge import Judge
from voipbin_contract.traffic.listener import BoundedHttpToolsProtocol, envelope
from voipbin_contract.traffic.report import write

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Headers of one connection, not of the exchange (RFC 9110 7.6.1); host is the upstream's own.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding"}
    | {"upgrade", "host"}
)
VIOLATION_HEADER = "x-contract-violation"
# The longest one exchange may take upstream, from the request's first byte to the answer's last.
UPSTREAM_SECONDS = 60.0
# How long an answer waits for its verdict (--fail-on-violation) at most.
VERDICT_SECONDS = 10.0
# Bodies waiting for the judge at most; past it an exchange is forwarded and counted as not judged.
MAX_PENDING_BYTES = 256 * 1024 * 1024


def _kept(headers: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    named = {
        token.strip().lower()
        for name, value in headers
        if name.lower() == b"connection"
        for token in value.decode("latin-1").split(",")
    }
    pairs = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in headers]
    return [(n, v) for n, v in pairs if n.lower() not in HOP_BY_HOP and n.lower() not in named]


def dot_segment(raw_path: bytes) -> bool:
    """Whether a path has a `.` or `..` segment, percent-encoded or not, `/` or `\\` between segments: resolved by
    anyone on the way, it leaves the directory it names."""
    segments = unquote_to_bytes(raw_path).replace(b"\\", b"/").split(b"/")
    return any(segment in (b".", b"..") for segment in segments)


async def _answer_error(send: Send, code: int, body: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Proxy:
    """An ASGI app forwarding to upstream, each exchange judged. The upstream is reached with aiohttp's client:
    httpx's asynchronous one took 1.3 ms of each exchange on its own (benchmarks/proxy_cost.py)."""

    def __init__(
        self,
        upstream: str,
        judging: JudgeProcess,
        *,
        fail_on_violation: bool = False,
        seconds: float = UPSTREAM_SECONDS,
    ) -> None:
        self.upstream = httpx.URL(upstream.rstrip("/"))
        self.judging = judging
        self.fail_on_violation = fail_on_violation
        self.seconds = seconds
        self.session: aiohttp.ClientSession | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # the upstream's connections open and close in the server's loop
            while (await receive())["type"] != "lifespan.shutdown":
                self.session = aiohttp.ClientSession(
                    auto_decompress=False,  # forwarded as it came; the judge decodes its own copy
                    timeout=aiohttp.ClientTimeout(total=self.seconds),
                    skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
                    trust_env=False,
                )
                await send({"type": "lifespan.startup.complete"})
            if self.session is not None:
                await self.session.close()
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http" or self.session is None:
            return
        asked = scope.get("raw_path") or scope["path"].encode()
        if dot_segment(asked):
            message = "a path with a dot-segment (. or ..) is not forwarded: it could leave the upstream's base path"
            await _answer_error(send, 400, envelope("INVALID_ARGUMENT", "PATH_NOT_NORMALISED", message))
            return
        head, rest, complete = await self._request_body(receive)
        query = scope.get("query_string", b"")
        raw_path = self.upstream.raw_path.rstrip(b"/") + asked
        target = self.upstream.copy_with(raw_path=raw_path + (b"?" + query if query else b""))
        headers = _kept(list(scope["headers"]))
        exchange = Exchange(scope["method"], str(target), headers, head, 0, [], b"", "" if complete else OVER_THE_CAP)
        content: bytes | AsyncIterator[bytes] = head if rest is None else self._joined(head, rest)
        try:
            async with self.session.request(
                scope["method"],
                yarl.URL(str(target), encoded=True),  # the path and query byte for byte, not re-quoted
                headers=headers,
                data=content,
                allow_redirects=False,
            ) as response:
                await self._answer(exchange, response, send)
        except (aiohttp.ClientError, TimeoutError) as error:
            reason = f"{type(error).__name__}: {error}"[:300] if str(error) else type(error).__name__
            self.judging.unanswered(exchange, reason)
            # The client hears what happened, not where: the upstream's URL, with its credentials, stays here.
            why = type(error).__name__
            body = envelope("UNAVAILABLE", "UPSTREAM_UNANSWERED", f"the upstream did not answer ({why})")
            await _answer_error(send, 502, body)

    async def _request_body(self, receive: Receive) -> tuple[bytes, AsyncIterator[bytes] | None, bool]:
        """The request's body up to the cap; beyond it, the rest as a stream (and the exchange not judged)."""
        chunks, size = [], 0
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            if not message.get("more_body"):
                return b"".join(chunks), None, True
            if size > MAX_JUDGED_BYTES:
                return b"".join(chunks), self._rest(receive), False

    @staticmethod
    async def _rest(receive: Receive) -> AsyncIterator[bytes]:
        while True:
            message = await receive()
            yield message.get("body", b"")
            if not message.get("more_body"):
                return

    @staticmethod
    async def _joined(head: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        yield head
        async for chunk in rest:
            yield chunk

    async def _answer(self, exchange: Exchange, response: aiohttp.ClientResponse, send: Send) -> None:
        chunks, size, more = [], 0, True
        while size <= MAX_JUDGED_BYTES:
            chunk = await response.content.readany()
            if not chunk:
                more = False
                break
            chunks.append(chunk)
            size += len(chunk)
        body = b"".join(chunks)
        raw_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.raw_headers]
        exchange.status = response.status
        exchange.response_headers = raw_headers
        if more:
            exchange.unjudged = exchange.unjudged or OVER_THE_CAP
        elif not exchange.unjudged:
            encoding = next((v for k, v in raw_headers if k.lower() == "content-encoding"), None)
            exchange.response_body, exchange.unjudged = decoded(encoding, body)
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in _kept(list(response.raw_headers))]
        # With fail_on_violation, the first violation of the server's, once judged; else nothing (judged later).
        verdict = await self.judging.judge(exchange, wait=self.fail_on_violation)
        if verdict:  # one header line, whatever the problem quotes
            printable = re.sub(r"[\x00-\x1f\x7f]", " ", verdict)
            headers.append((VIOLATION_HEADER.encode(), printable.encode("ascii", "replace")))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": more})
        if more:
            async for chunk in response.content.iter_any():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})


class JudgeProcess:
    """The judge, in a process of its own: judging a page takes milliseconds of Python, which on the proxy's own
    interpreter held every answer waiting behind it (1.3 ms added at the median, where forwarding alone adds 0.5).
    Exchanges go to it in the order their answers leave; it acknowledges each, so that the bodies waiting for it
    stay under MAX_PENDING_BYTES (past that an exchange is forwarded and counted as not judged). At close it
    judges what is left, writes the report and ends with the run's exit code."""

    def __init__(self, report: Path, target: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.inbox: Any = context.Queue()
        self.outbox: Any = context.Queue()
        self.process = context.Process(target=_judge_loop, args=(self.inbox, self.outbox, report, target), daemon=True)
        self.process.start()
        self.sizes: dict[int, int] = {}
        self.waiting: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Future[str]]] = {}
        self.pending = 0
        self.next = 0
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, name="judge-verdicts", daemon=True)
        self.reader.start()

    async def judge(self, exchange: Exchange, *, wait: bool) -> str:
        size = len(exchange.request_body) + len(exchange.response_body)
        with self.lock:
            if self.pending + size > MAX_PENDING_BYTES:
                behind = f"the judge was {MAX_PENDING_BYTES // 1024 // 1024} MiB of bodies behind"
                self.inbox.put(("unjudged", -1, (Exchange(exchange.method, exchange.url, [], b"", 0, [], b""), behind)))
                return ""
            seq, self.next = self.next, self.next + 1
            self.pending += size
            self.sizes[seq] = size
            future: asyncio.Future[str] | None = None
            if wait:
                loop = asyncio.get_running_loop()
                future = loop.create_future()
                self.waiting[seq] = (loop, future)
        self.inbox.put(("judge", seq, exchange))
        if future is None:
            return ""
        try:  # a judge that died, or fell this far behind, holds no answer longer than an upstream may
            return await asyncio.wait_for(future, VERDICT_SECONDS)
        except TimeoutError:
            return f"no verdict: the judge did not answer within {VERDICT_SECONDS:g} s"

    def unanswered(self, exchange: Exchange, reason: str) -> None:
        self.inbox.put(("unanswered", -1, (exchange, reason)))

    def _read(self) -> None:
        while (item := self.outbox.get()) is not None:
            seq, verdict = item
            with self.lock:
                self.pending -= self.sizes.pop(seq, 0)
                waiter = self.waiting.pop(seq, None)
            if waiter is not None:
                loop, future = waiter
                loop.call_soon_threadsafe(_resolve, future, verdict)

    def close(self) -> int:
        """Judge what is left, write the report; the exit code (2 if the judge itself failed)."""
        self.inbox.put(None)
        self.process.join()
        self.outbox.put(None)
        self.reader.join(timeout=5)
        code = self.process.exitcode
        return code if code in (0, 1) else 2


def _resolve(future: asyncio.Future[str], verdict: str) -> None:
    if not future.done():
        future.set_result(verdict)


def _judge_loop(inbox: Any, outbox: Any, report: Path, target: str) -> None:
    """The judge process: every exchange in order, then the report; exit 1 if the server broke the contract."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the proxy stops on ^C and then closes this, in order
    judge = Judge()
    while (item := inbox.get()) is not None:
        kind, seq, payload = item
        if kind == "judge":
            server = [v for v in judge.judge(payload) if v.kind == "server"]
            outbox.put((seq, f"{server[0].rule}: {server[0].problem}"[:300] if server else ""))
        elif kind == "unanswered":
            judge.unanswered(*payload)
        else:
            judge.not_judged(*payload)
    judge.finish()
    junit, summary = write(report, judge, target)
    server = [v for v in judge.violations if v.kind == "server"]
    exchanges = sum(judge.seen.values())
    print(
        f"voipbin-contract proxy: {exchanges} exchanges, {len(server)} violations; {summary}, {junit}", file=sys.stderr
    )
    sys.exit(1 if server else 0)


def listening_socket(listen: str) -> socket.socket:
    host, _, port = listen.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"--listen takes HOST:PORT, not {listen!r}")
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, int(port)))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run(
    upstream: str,
    listen: str,
    report: Path,
    *,
    fail_on_violation: bool = False,
    seconds: float = UPSTREAM_SECONDS,
) -> int:
    """Serve until SIGINT or SIGTERM; then the report. 0: nothing broke the contract; 1: something did."""
    sock = listening_socket(listen)
    judging = JudgeProcess(report, upstream)
    proxy = Proxy(upstream, judging, fail_on_violation=fail_on_violation, seconds=seconds)
    host, port = sock.getsockname()[:2]
    print(
        f"voipbin-contract proxy: http://{host}:{port} -> {upstream} (report in {report}/ at SIGINT or SIGTERM)",
        flush=True,
    )
    config = uvicorn.Config(
        proxy,
        http=BoundedHttpToolsProtocol,
        log_level="warning",
        access_log=False,
        lifespan="on",
        server_header=False,
        date_header=False,
    )
    # uvicorn stops on SIGINT and SIGTERM, then raises the signal again: both end in KeyboardInterrupt here.
    previous = signal.signal(signal.SIGTERM, _interrupted)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    return judging.close()
