"""Traffic of two callers against an app of the mock, each exchange judged as the proxy judges it, as it is answered:
`judged` gives a call function; `traffic` plays a list of actions (hypothesis draws them from ACTIONS)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import strategies as st
from starlette.testclient import TestClient

from voipbin_contract.traffic.exchange import Exchange
from voipbin_contract.traffic.judge import Judge

ALICE, BOB = CALLERS = ("vbk_alice_demo_7d1f0c2a9e", "vbk_bob_demo_4b8e2f6a1c")
SOURCES = {ALICE: "+15559876543", BOB: "+821021656521"}
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("send"), st.sampled_from(CALLERS)),
        st.tuples(st.just("get"), st.sampled_from(CALLERS), st.integers(0, 9)),
        st.tuples(st.just("delete"), st.sampled_from(CALLERS), st.integers(0, 9)),
        st.tuples(st.just("page"), st.sampled_from(CALLERS), st.sampled_from((1, 2, 3, 100))),
        st.tuples(st.just("stop"), st.sampled_from(CALLERS)),
    ),
    min_size=1,
    max_size=40,
)
Call = Callable[..., Any]


def send_body(key: str, destination: str = "+31616818985", *, source: str | None = None) -> dict[str, Any]:
    return {
        "source": {"type": "tel", "target": source or SOURCES[key]},
        "destinations": [{"type": "tel", "target": destination}],
        "text": "hi",
    }


@contextmanager
def judged(app: Any, judge: Judge) -> Iterator[Call]:
    """call(method, path, key, json_body=..., params=...): the app's answer, its exchange judged; the access key in
    `?accesskey=` unless params carry a credential of their own."""
    with TestClient(app) as client:

        def call(method: str, path: str, key: str, *, json_body: Any = None, params: dict[str, Any] | None = None):
            credential = {} if params and ("token" in params or "accesskey" in params) else {"accesskey": key}
            answer = client.request(method, path, params=credential | (params or {}), json=json_body)
            request = answer.request
            headers = list(request.headers.items())
            exchange = Exchange(
                method,
                str(request.url),
                headers,
                request.content,
                answer.status_code,
                list(answer.headers.items()),
                answer.content,
            )
            judge.judge(exchange)
            return answer

        yield call


def traffic(app: Any, actions: list[tuple[Any, ...]]) -> Judge:
    """The actions against the app, each exchange judged as it was answered; then the walks left open."""
    judge = Judge()
    sent: dict[str, list[str]] = {key: [] for key in CALLERS}
    walking: dict[str, str | None] = {key: None for key in CALLERS}  # the next page_token of a walk under way
    with judged(app, judge) as call:
        for action, key, *rest in actions:
            mine = sent[key]
            if action == "send":
                mine.append(call("POST", "/v1.0/messages", key, json_body=send_body(key)).json()["id"])
            elif action in ("get", "delete") and mine:
                call(action.upper(), f"/v1.0/messages/{mine[rest[0] % len(mine)]}", key)
            elif action == "page":
                token = walking[key]
                params = {"page_size": rest[0]} | ({"page_token": token} if token else {})
                page = call("GET", "/v1.0/messages", key, params=params).json()
                walking[key] = page["next_page_token"] if page["result"] and page["next_page_token"] else None
            elif action == "stop":
                walking[key] = None
    judge.finish()
    return judge
