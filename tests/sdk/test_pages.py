"""voipbin_sdk.pages: every item of a list, across many pages, against the mock; a page token that does not move
on stops the walk with an error, sync and async."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import voipbin_sdk as vb
from voipbin_client.api.messages import send_message
from voipbin_client.models import SendMessageRequest, TelAddress, TelAddressType

from tests.sdk.conftest import ALICE_KEY, BASE_URL, Stub
from tests.voipbin_mock.conftest import ALICE


def send_some(url: str, count: int) -> None:
    """count messages from Alice, so that a walk has pages to read whichever test runs first (or alone)."""
    with vb.connect(url, accesskey=ALICE_KEY) as client:
        for index in range(count):
            body = SendMessageRequest(
                source=TelAddress(type_=TelAddressType.TEL, target="+15559876543"),
                destinations=[TelAddress(type_=TelAddressType.TEL, target="+31616818985")],
                text=f"page test {index}",
            )
            vb.call(send_message.sync_detailed, client=client, body=body)


def test_every_message_once_newest_first_across_many_pages(mock_url):
    send_some(mock_url, 45)
    with vb.connect(mock_url, accesskey=ALICE_KEY) as client:
        walked = [m.id for m in vb.iter_messages(client, page_size=4)]
        whole = [m.id for m in vb.iter_messages(client, page_size=100)]
    assert len(walked) == len(set(walked)) >= 45
    assert walked == whole
    with vb.connect(mock_url, accesskey=ALICE_KEY) as client:
        numbers = [n.number for n in vb.iter_numbers(client, page_size=1)]
    assert sorted(numbers) == sorted(n.number for n in ALICE.numbers)


def test_the_async_walk_sees_the_same_items(mock_url):
    send_some(mock_url, 5)

    async def walk() -> list[str]:
        async with vb.connect_async(mock_url, accesskey=ALICE_KEY) as client:
            return [str(m.id) async for m in vb.aiter_messages(client, page_size=3)]

    with vb.connect(mock_url, accesskey=ALICE_KEY) as client:
        expected = [str(m.id) for m in vb.iter_messages(client)]
    assert asyncio.run(walk()) == expected
    assert len(expected) > 3


def page(token: str, *numbers: str) -> httpx.Response:
    items = [
        {
            "id": f"00000000-0000-4000-8000-00000000000{i}",
            "customer_id": "5e4a0680-804e-11ec-8477-2fea5968d85b",
            "number": n,
            "type": "normal",
            "call_flow_id": "00000000-0000-0000-0000-000000000000",
            "message_flow_id": "00000000-0000-0000-0000-000000000000",
            "name": "",
            "detail": "",
            "status": "active",
            "t38_enabled": False,
            "emergency_enabled": False,
            "metadata": {"rtp_debug": False},
            "tm_purchase": None,
            "tm_renew": None,
            "tm_create": "2022-02-01T00:00:00Z",
            "tm_update": None,
            "tm_delete": None,
        }
        for i, n in enumerate(numbers)
    ]
    return httpx.Response(200, json={"result": items, "next_page_token": token})


@pytest.mark.parametrize(
    "pages",
    [
        [page("t1", "+15550000001"), page("t1", "+15550000002")],  # the token asked for, again
        [page("t1", "+15550000001"), page("t2", "+15550000002"), page("t1", "+15550000003")],  # back to one seen
        [page("", "+15550000001")],  # no token after a full page: the walk would start over
    ],
    ids=["same token", "a token seen before", "empty token"],
)
def test_a_page_token_that_does_not_move_on_stops_the_walk(pages):
    stub = Stub(*pages, page("never", "+15559999999"))
    with vb.connect(BASE_URL, accesskey="k", transport=stub.transport) as client:
        walked: list[str] = []
        numbers = vb.iter_numbers(client)
        with pytest.raises(vb.PageTokenStuckError, match="does not move past"):
            walked.extend(number.number for number in numbers)
    assert len(walked) == len(pages)  # every item read before the stuck token was given
    assert len(stub.requests) == len(pages)


def test_the_async_walk_stops_on_a_stuck_token_too():
    stub = Stub(page("t1", "+15550000001"), page("t1", "+15550000002"))

    async def walk() -> None:
        async with vb.connect_async(BASE_URL, accesskey="k", transport=stub.transport) as client:
            async for _ in vb.aiter_numbers(client):
                pass

    with pytest.raises(vb.PageTokenStuckError):
        asyncio.run(walk())


def test_a_server_announcing_new_tokens_forever_stops_at_max_pages():
    """A page iterator facing endless distinct tokens read 18,952 pages in 15 s and kept going."""
    count = iter(range(1_000_000))
    stub = Stub(lambda request: page(f"t{next(count)}", f"+1555{next(count):07d}"))
    with vb.connect(BASE_URL, accesskey="k", transport=stub.transport) as client:
        numbers = vb.iter_numbers(client, max_pages=25)
        with pytest.raises(vb.PageLimitError, match="read 25 pages"):
            for _ in numbers:
                pass
    assert len(stub.requests) == 25
