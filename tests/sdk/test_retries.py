"""voipbin_sdk.retries: reads retry on 429, 503 and connection errors, waiting what Retry-After says; a send is
never retried where it may have been accepted, unless the caller opts in. No test sleeps: waits are recorded."""

from __future__ import annotations

import asyncio
from uuid import UUID

import httpx
import pytest
import voipbin_sdk as vb
from voipbin_client.api.messages import get_message, list_messages, send_message
from voipbin_client.models import SendMessageRequest, TelAddress, TelAddressType

from tests.sdk.conftest import BASE_URL, Stub, envelope
from tests.test_service_answers import answer as service_answer

MESSAGE_ID = UUID("a5d2114a-8e84-48cd-8bb2-c406eeb08cd1")
LIMITED = httpx.Response(
    429, content=envelope("RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED"), headers={"Retry-After": "2"}
)
UNAVAILABLE = httpx.Response(503, content=envelope("UNAVAILABLE", "SERVICE_UNAVAILABLE"))
EMPTY_PAGE = httpx.Response(200, json={"result": [], "next_page_token": ""})
SENT = httpx.Response(200, json=service_answer("send_answer")["body"])
REQUEST = SendMessageRequest(
    source=TelAddress(type_=TelAddressType.TEL, target="+15559876543"),
    destinations=[TelAddress(type_=TelAddressType.TEL, target="+31616818985")],
    text="hi",
)


def test_a_read_waits_what_retry_after_says_and_then_succeeds(slept):
    stub = Stub(LIMITED, LIMITED, EMPTY_PAGE)
    with vb.connect(BASE_URL, accesskey="k", transport=stub.transport) as client:
        page = vb.call(list_messages.sync_detailed, client=client)
    assert page.result == []
    assert len(stub.requests) == 3
    assert slept == [2.0, 2.0]


def test_without_retry_after_the_waits_grow_with_jitter(slept):
    stub = Stub(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, EMPTY_PAGE)
    with vb.connect(BASE_URL, accesskey="k", transport=stub.transport) as client:
        vb.call(list_messages.sync_detailed, client=client)
    assert len(stub.requests) == 4
    assert len(slept) == 3
    assert all(0 <= wait <= limit for wait, limit in zip(slept, [1.0, 2.0, 4.0], strict=True))  # 0.5 * 2**n, jittered


def test_when_the_retries_run_out_the_last_answer_raises(slept):
    stub = Stub(LIMITED)
    client = vb.connect(BASE_URL, accesskey="k", transport=stub.transport, attempts=2)
    with client, pytest.raises(vb.RateLimitedError) as raised:
        vb.call(get_message.sync_detailed, client=client, id=MESSAGE_ID)
    assert raised.value.retry_after == 2.0
    assert len(stub.requests) == 3


def test_a_read_retries_a_connection_error(slept):
    stub = Stub(httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), EMPTY_PAGE)
    with vb.connect(BASE_URL, accesskey="k", transport=stub.transport) as client:
        vb.call(list_messages.sync_detailed, client=client)
    assert len(stub.requests) == 3


def test_a_send_is_retried_when_it_cannot_have_been_accepted(slept):
    stub = Stub(LIMITED, httpx.ConnectError("refused"), SENT)
    with vb.connect(BASE_URL, accesskey="k", transport=stub.transport) as client:
        vb.call(send_message.sync_detailed, client=client, body=REQUEST)
    assert [r.method for r in stub.requests] == ["POST"] * 3


@pytest.mark.parametrize("failure", [UNAVAILABLE, httpx.ReadTimeout("no answer")], ids=["503", "read timeout"])
def test_a_send_that_may_have_been_accepted_is_not_retried(failure, slept):
    stub = Stub(failure, SENT)
    client = vb.connect(BASE_URL, accesskey="k", transport=stub.transport)
    with client, pytest.raises((vb.UnavailableError, vb.NetworkError)):
        vb.call(send_message.sync_detailed, client=client, body=REQUEST)
    assert len(stub.requests) == 1


def test_a_send_is_retried_after_a_503_when_the_caller_opts_in(slept):
    stub = Stub(UNAVAILABLE, SENT)
    with vb.connect(BASE_URL, accesskey="k", transport=stub.transport, retry_sends=True) as client:
        vb.call(send_message.sync_detailed, client=client, body=REQUEST)
    assert len(stub.requests) == 2


def test_async_calls_retry_too(slept):
    stub = Stub(LIMITED, EMPTY_PAGE)

    async def scenario() -> None:
        async with vb.connect_async(BASE_URL, accesskey="k", transport=stub.transport) as client:
            page = await vb.acall(list_messages.asyncio_detailed, client=client)
            assert page.result == []

    asyncio.run(scenario())
    assert slept == [2.0]
    assert len(stub.requests) == 2
