"""voipbin_contract.runner.pacing: the suite stays under the service's per-customer limit and waits out a 429."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Stub
from voipbin_contract.rules.description import SPEC
from voipbin_contract.runner.pacing import (
    DEFAULT_REQUESTS_PER_SECOND,
    MAX_WAITS,
    Pace,
    PacedTransport,
    pace_for,
    pacing_schemathesis,
)


class Clock:
    """A clock that sleeping moves, so that pacing is tested without waiting."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def paced(per_second: float | None, burst: int = 1) -> tuple[Pace, Clock]:
    clock = Clock()
    return Pace(per_second, burst, sleep=clock.sleep, clock=lambda: clock.now), clock


def test_the_default_is_under_the_per_customer_limit_of_the_description():
    (customer,) = [limit for limit in SPEC["info"]["x-rate-limits"] if limit["per"] == "customer"]
    assert customer == {"tier": "v1_customer", "paths": "/v1.0", "per": "customer", "requests_per_second": 16.7,
                        "burst": 33}  # fmt: skip
    assert 0 < DEFAULT_REQUESTS_PER_SECOND < customer["requests_per_second"]


def test_a_burst_goes_at_once_then_the_rate_holds():
    pace, clock = paced(10, burst=3)
    for _ in range(3):
        pace.turn()
    assert clock.slept == []
    for _ in range(20):
        pace.turn()
    assert sum(clock.slept) == pytest.approx(2.0)  # 20 more requests at 10 a second


@pytest.mark.parametrize(
    ("asked", "bundled", "expected"),
    [
        (None, True, None),
        (50.0, True, None),  # the mock has no limit
        (None, False, DEFAULT_REQUESTS_PER_SECOND),
        (2.5, False, 2.5),
        (0.0, False, None),
    ],
)
def test_the_pace_of_a_run(asked, bundled, expected):
    assert pace_for(asked, bundled_mock=bundled).per_second == expected


def limited(retry_after: str | None) -> httpx.Response:
    return httpx.Response(429, headers={} if retry_after is None else {"Retry-After": retry_after})


@pytest.mark.parametrize(
    ("retry_after", "waited"),
    [("2", 2.0), ("-5", 0.0), ("1e9", 60.0), ("inf", 60.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_a_429_is_waited_out_for_its_retry_after_bounded(retry_after, waited):
    pace, clock = paced(None)
    stub = Stub(limited(retry_after), httpx.Response(200))
    with httpx.Client(transport=PacedTransport(pace, stub.transport)) as http:
        assert http.get("http://server.test/v1.0/numbers").status_code == 200
    assert (len(stub.requests), clock.slept, pace.waited) == (2, [waited], [waited])
    assert "waited out 1 429s" in pace.report()


def test_a_429_without_retry_after_or_one_that_lasts_is_answered_as_it_came():
    pace, clock = paced(None)
    with httpx.Client(transport=PacedTransport(pace, Stub(limited(None)).transport)) as http:
        assert http.get("http://server.test/v1.0/numbers").status_code == 429
    assert clock.slept == []
    stub = Stub(limited("1"))
    with httpx.Client(transport=PacedTransport(pace, stub.transport)) as http:
        assert http.get("http://server.test/v1.0/numbers").status_code == 429
    assert len(stub.requests) == MAX_WAITS + 1


def test_schemathesis_requests_take_their_turn_and_wait_out_a_429_while_paced():
    from schemathesis.transport.requests import REQUESTS_TRANSPORT

    pace, clock = paced(None)
    answers = iter([429, 200])

    class Answer:
        def __init__(self, status: int) -> None:
            self.status_code = status
            self.headers = {"retry-after": ["1"]}  # schemathesis' headers: lowercase, lists

    original = REQUESTS_TRANSPORT.send
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(REQUESTS_TRANSPORT), "send", lambda self, case, **kwargs: Answer(next(answers)))
        with pacing_schemathesis(pace):
            assert REQUESTS_TRANSPORT.send(object()).status_code == 200  # type: ignore[arg-type]
        assert "send" not in vars(REQUESTS_TRANSPORT)  # the wrapper is gone with the context
    assert clock.slept == [1.0]
    assert REQUESTS_TRANSPORT.send == original
