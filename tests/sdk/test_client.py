"""voipbin_sdk.Client and AsyncClient: a resource per kind, plain values in, models out; a user's program in this
style runs against the mock and passes mypy --strict, sync and async."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from uuid import UUID

import pytest
import voipbin_sdk as vb
from voipbin_client.models import Message, TargetStatus, TelAddress, TelAddressType

from tests.sdk.conftest import ALICE_KEY, mypy_strict_problems

SOURCE = "+15559876543"  # alice's number in the mock
DESTINATIONS = ["+31616818985", "+31616818986"]

# What a user writes: send to two destinations, get by a str id, walk the list one per page, delete and get a
# NotFoundError, list numbers and access keys, tm_create as a datetime.
SYNC_PROGRAM = """
import os
from datetime import datetime

import voipbin_sdk as vb

with vb.Client(os.environ["VOIPBIN_BASE_URL"], accesskey=os.environ["VOIPBIN_ACCESSKEY"]) as client:
    message = client.messages.send(source="+15559876543", destinations=["+31616818985", "+31616818986"], text="hi")
    again = client.messages.get(str(message.id))
    created: datetime = vb.parse_timestamp(again.tm_create)
    walked = [item.id for item in client.messages.list(page_size=1)]
    client.messages.delete(str(message.id))
    try:
        client.messages.get(message.id)
        raise SystemExit("a deleted message was read")
    except vb.NotFoundError:
        pass
    numbers = [number.number for number in client.numbers.list()]
    keys = [key.id for key in client.accesskeys.list()]
    print(len(message.targets), created.year, message.id in walked, "+15559876543" in numbers, len(keys))
"""

ASYNC_PROGRAM = """
import asyncio
import os
from datetime import datetime

import voipbin_sdk as vb


async def main() -> None:
    async with vb.AsyncClient(os.environ["VOIPBIN_BASE_URL"], accesskey=os.environ["VOIPBIN_ACCESSKEY"]) as client:
        message = await client.messages.send(
            source="+15559876543", destinations=["+31616818985", "+31616818986"], text="hi"
        )
        again = await client.messages.get(str(message.id))
        created: datetime = vb.parse_timestamp(again.tm_create)
        walked = [item.id async for item in client.messages.list(page_size=1)]
        await client.messages.delete(str(message.id))
        try:
            await client.messages.get(message.id)
            raise SystemExit("a deleted message was read")
        except vb.NotFoundError:
            pass
        numbers = [number.number async for number in client.numbers.list()]
        keys = [key.id async for key in client.accesskeys.list()]
        print(len(message.targets), created.year, message.id in walked, "+15559876543" in numbers, len(keys))


asyncio.run(main())
"""


@pytest.mark.parametrize("program", [SYNC_PROGRAM, ASYNC_PROGRAM], ids=["sync", "async"])
def test_a_program_in_the_resource_style_passes_mypy_strict(program, tmp_path):
    assert mypy_strict_problems(program, tmp_path) == ""


@pytest.mark.parametrize("program", [SYNC_PROGRAM, ASYNC_PROGRAM], ids=["sync", "async"])
def test_a_program_in_the_resource_style_runs_against_the_mock(program, tmp_path, mock_url):
    path = tmp_path / "program.py"
    path.write_text(program, encoding="utf-8")
    environment = os.environ | {"VOIPBIN_BASE_URL": mock_url, "VOIPBIN_ACCESSKEY": ALICE_KEY}
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    targets, year, walked, number, keys = result.stdout.split()
    assert (targets, walked, number) == ("2", "True", "True")
    assert int(year) >= 2026
    assert int(keys) >= 1


def test_ids_are_taken_as_strings_or_uuids_and_anything_else_is_refused_before_a_request(mock_url):
    with vb.Client(mock_url, accesskey=ALICE_KEY) as client:
        message = client.messages.send(source=SOURCE, destinations=DESTINATIONS[:1], text="hi")
        assert client.messages.get(str(message.id)).id == client.messages.get(message.id).id == message.id
        assert client.messages.get(str(message.id).upper()).id == message.id
        with pytest.raises(ValueError, match="'not-an-id' is not a message id"):
            client.messages.get("not-an-id")
        number = next(iter(client.numbers.list()))
        assert client.numbers.get(str(number.id)).number == number.number


def test_destinations_may_be_address_models_and_one_string_is_refused(mock_url):
    with vb.Client(mock_url, accesskey=ALICE_KEY) as client:
        model = TelAddress(type_=TelAddressType.TEL, target=DESTINATIONS[1], name="Bob")
        message = client.messages.send(source=SOURCE, destinations=[DESTINATIONS[0], model], text="hi")
        assert isinstance(message, Message)
        assert [t.destination.target for t in message.targets] == DESTINATIONS
        assert all(t.status is TargetStatus.QUEUED for t in message.targets)
        with pytest.raises(TypeError, match=r"destinations=\[\.\.\.\]"):
            client.messages.send(source=SOURCE, destinations=DESTINATIONS[0], text="hi")


def test_errors_are_the_sdks(mock_url):
    with vb.Client(mock_url, accesskey="vbk_wrong") as client, pytest.raises(vb.AuthenticationError):
        client.messages.get(UUID(int=1))
    with vb.Client(mock_url, accesskey=ALICE_KEY) as client, pytest.raises(vb.NotFoundError):
        client.messages.get(UUID(int=1))


def test_login_takes_a_base_url_and_gives_a_token_for_a_client(mock_url):
    token = vb.login(mock_url, "alice@example.com", "alice-secret")
    with vb.Client(mock_url, token=token) as client:
        assert SOURCE in [n.number for n in client.numbers.list()]
    with pytest.raises(vb.InvalidRequestError):
        vb.login(mock_url, "alice@example.com", "wrong")
    assert asyncio.run(vb.alogin(mock_url, "alice@example.com", "alice-secret"))


def test_the_async_client_closes_with_its_block(mock_url):
    async def walk() -> vb.AsyncClient:
        async with vb.AsyncClient(mock_url, accesskey=ALICE_KEY) as client:
            assert SOURCE in [n.number async for n in client.numbers.list()]
        return client

    client = asyncio.run(walk())
    assert client.generated.get_async_httpx_client().is_closed


def test_the_customer_gives_what_a_webhook_receiver_needs(mock_url):
    """GET /v1.0/customer: the secret every event is signed with, and the method (unset: GET)."""
    import asyncio

    with vb.Client(mock_url, accesskey=ALICE_KEY) as client:
        customer = client.customer.get()
    assert isinstance(customer.webhook_secret, str)
    assert customer.webhook_secret.startswith("whsec_")

    async def read() -> str:
        async with vb.AsyncClient(mock_url, accesskey=ALICE_KEY) as client:
            return str((await client.customer.get()).webhook_secret)

    assert asyncio.run(read()) == customer.webhook_secret
