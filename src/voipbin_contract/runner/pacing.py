"""How fast the suite asks: under the service's per-customer rate limit, and never again before a 429's Retry-After.

The limits are data in openapi.yaml (`info.x-rate-limits`). Against any server but the bundled mock, every request of
the suite (schemathesis' and the property tests') waits for its turn in one token bucket, filled at
--voipbin-requests-per-second (default: nine tenths of the per-customer rate; 0 turns pacing off): httpx clients
through PacedTransport, schemathesis through pacing_schemathesis. A 429 with a
Retry-After is a reason to wait, not a failure: the request is sent again after it, at most MAX_WAITS times, and
the run's report says how often and how long it waited. A 429 without a usable Retry-After is answered as it came.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import httpx
from schemathesis.core.rate_limit import parse_retry_after

from voipbin_contract.rules.description import SPEC
from voipbin_contract.runner.bounds import bounded_send

RATE_LIMITS: list[dict[str, Any]] = list(SPEC["info"]["x-rate-limits"])
CUSTOMER_LIMIT = next(limit for limit in RATE_LIMITS if limit["per"] == "customer")
# Under the limit, not at it: the service counts in its own clock, and other clients of the customer share it.
DEFAULT_REQUESTS_PER_SECOND = round(0.9 * float(CUSTOMER_LIMIT["requests_per_second"]), 1)
# How many 429s one request waits out before its answer is taken as it is; each wait is at most 60 s (schemathesis'
# parse_retry_after clamps it, and reads both forms of the header).
MAX_WAITS = 3


class Answer(Protocol):
    """What Pace.send needs of an answer: httpx's Response and schemathesis' both have it."""

    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Any: ...


AnswerT = TypeVar("AnswerT", bound=Answer)


@dataclass
class Pace:
    """A token bucket: at most `per_second` requests a second on average, `burst` at once; None: no pacing."""

    per_second: float | None
    burst: int = 1
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    waited: list[float] = field(default_factory=list)  # each 429's Retry-After that was waited out, in seconds
    _tokens: float = field(default=0.0, init=False)
    _at: float | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def turn(self) -> None:
        """Wait until a request may go."""
        if not self.per_second:
            return
        with self._lock:
            now = self.clock()
            if self._at is None:
                self._tokens = float(self.burst)
            else:
                self._tokens = min(float(self.burst), self._tokens + (now - self._at) * self.per_second)
            self._at = now
            self._tokens -= 1
            delay = -self._tokens / self.per_second if self._tokens < 0 else 0.0
        if delay:
            self.sleep(delay)

    def send(self, attempt: Callable[[], AnswerT]) -> AnswerT:
        """attempt() once it is the request's turn; after a 429 that says in Retry-After how long to wait, that
        long again and again, at most MAX_WAITS times. A 429 without a usable Retry-After is answered as it came."""
        for waits in range(MAX_WAITS + 1):
            self.turn()
            response = attempt()
            if response.status_code != 429 or waits == MAX_WAITS:
                return response
            seconds = parse_retry_after(_first(response.headers.get("retry-after")) or "")
            if seconds is None:
                return response
            close = getattr(response, "close", None)  # httpx's stream; schemathesis' answers are read whole
            if close is not None:
                close()
            self.waited.append(seconds)
            self.sleep(seconds)
        raise AssertionError("unreachable")  # pragma: no cover

    def report(self) -> str:
        rate = f"at most {self.per_second:g} requests a second" if self.per_second else "not paced"
        waits = f", waited out {len(self.waited)} 429s ({sum(self.waited):g} s)" if self.waited else ""
        return f"requests: {rate}{waits}"


def pace_for(requests_per_second: float | None, bundled_mock: bool) -> Pace:
    """The run's pace: none against the bundled mock, else the setting (0: none) or the default."""
    if bundled_mock:
        return Pace(None)
    per_second = DEFAULT_REQUESTS_PER_SECOND if requests_per_second is None else requests_per_second
    return Pace(per_second or None, burst=max(1, int(CUSTOMER_LIMIT["burst"]) // 2))


class PacedTransport(httpx.BaseTransport):
    """An httpx transport that takes its turn before each request and waits out 429s."""

    def __init__(self, pace: Pace, inner: httpx.BaseTransport | None = None) -> None:
        self._pace = pace
        self._inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._pace.send(lambda: self._inner.handle_request(request))

    def close(self) -> None:
        self._inner.close()


@contextmanager
def pacing_schemathesis(pace: Pace) -> Iterator[None]:
    """Every request schemathesis sends over HTTP (its calls, and the probes its checks send on sessions of their
    own) takes its turn and waits out 429s, each attempt within the suite's bounds, for as long as the context
    lasts. Schemathesis offers no hook that can send a request again, so its HTTP transport's send is wrapped on
    the instance, and restored after."""
    from schemathesis.transport.requests import REQUESTS_TRANSPORT

    send = bounded_send(REQUESTS_TRANSPORT.send)  # each attempt within the suite's bounds

    def paced_send(case: Any, **kwargs: Any) -> Any:
        return pace.send(lambda: send(case, **kwargs))

    REQUESTS_TRANSPORT.send = paced_send  # type: ignore[method-assign]
    try:
        yield
    finally:
        del REQUESTS_TRANSPORT.send  # the class's own again


def _first(value: Any) -> str | None:
    """A header's value, from httpx's headers (a string) or schemathesis' (a list of strings)."""
    if isinstance(value, list):
        return str(value[0]) if value else None
    return None if value is None else str(value)
