"""One resource per kind, over the generated operations: plain values in (numbers as strings, ids as `str` or
`UUID`), the generated models out, the errors of `call` (voipbin_sdk.errors). Each has an async twin, for
`AsyncClient`, with the same methods as coroutines (and `list` an async iterator).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from uuid import UUID

from voipbin_client import AuthenticatedClient, Client
from voipbin_client.api.accesskeys import get_accesskey
from voipbin_client.api.customer import get_customer
from voipbin_client.api.messages import delete_message, get_message, send_message
from voipbin_client.api.numbers import get_number
from voipbin_client.models import (
    Accesskey,
    Customer,
    Message,
    Number,
    SendMessageRequest,
    TelAddress,
    TelAddressType,
)

from voipbin_sdk.calls import acall, call
from voipbin_sdk.pages import (
    MAX_PAGES,
    aiter_accesskeys,
    aiter_messages,
    aiter_numbers,
    iter_accesskeys,
    iter_messages,
    iter_numbers,
)

AnyClient = Client | AuthenticatedClient
# What a send takes as an address: an E.164 number as a string, or the model the description allows (`tel`).
Address = str | TelAddress


def identifier(value: str | UUID, kind: str) -> UUID:
    """An id as the operations take it: a UUID, or its string (from a log line, a webhook, a URL)."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(value)
    except (ValueError, TypeError, AttributeError):
        raise ValueError(
            f"{value!r} is not a {kind} id (a UUID such as 0b6f7f4e-2c1d-4b8e-9a51-3f0c2d7e9a10)"
        ) from None


def tel(address: Address) -> TelAddress:
    return address if isinstance(address, TelAddress) else TelAddress(type_=TelAddressType.TEL, target=address)


def send_request(source: Address, destinations: Iterable[Address], text: str) -> SendMessageRequest:
    if isinstance(destinations, str | TelAddress):  # one address where a list is due: a list of its characters
        raise TypeError("destinations is a list of addresses: destinations=[...]")
    return SendMessageRequest(source=tel(source), destinations=[tel(d) for d in destinations], text=text)


class Messages:
    def __init__(self, client: AnyClient) -> None:
        self._client = client

    def send(self, *, source: Address, destinations: Iterable[Address], text: str) -> Message:
        """Send text from source (a number you own) to every destination; the stored message, one target each."""
        body = send_request(source, destinations, text)
        return call(send_message.sync_detailed, client=self._client, body=body)

    def get(self, id: str | UUID) -> Message:
        return call(get_message.sync_detailed, identifier(id, "message"), client=self._client)

    def delete(self, id: str | UUID) -> Message:
        """Delete a message; the message as deleted (`tm_delete` set)."""
        return call(delete_message.sync_detailed, identifier(id, "message"), client=self._client)

    def list(self, *, page_size: int = 100, max_pages: int = MAX_PAGES) -> Iterator[Message]:
        """Every message, newest first, page after page (PageTokenStuckError on a page token that does not move)."""
        return iter_messages(self._client, page_size, max_pages)


class Numbers:
    def __init__(self, client: AnyClient) -> None:
        self._client = client

    def get(self, id: str | UUID) -> Number:
        return call(get_number.sync_detailed, identifier(id, "number"), client=self._client)

    def list(self, *, page_size: int = 100, max_pages: int = MAX_PAGES) -> Iterator[Number]:
        return iter_numbers(self._client, page_size, max_pages)


class Accesskeys:
    def __init__(self, client: AnyClient) -> None:
        self._client = client

    def get(self, id: str | UUID) -> Accesskey:
        return call(get_accesskey.sync_detailed, identifier(id, "access key"), client=self._client)

    def list(self, *, page_size: int = 100, max_pages: int = MAX_PAGES) -> Iterator[Accesskey]:
        return iter_accesskeys(self._client, page_size, max_pages)


class CustomerResource:
    """The caller's own customer: where its webhook events go, with which method, signed with which secret."""

    def __init__(self, client: AnyClient) -> None:
        self._client = client

    def get(self) -> Customer:
        """Your customer: `webhook_uri`, `webhook_method` (unset: events come by GET) and `webhook_secret`, the key
        that signs every event (for parse_event)."""
        return call(get_customer.sync_detailed, client=self._client)


class AsyncCustomerResource:
    def __init__(self, client: AnyClient) -> None:
        self._client = client

    async def get(self) -> Customer:
        return await acall(get_customer.asyncio_detailed, client=self._client)


class AsyncMessages:
    def __init__(self, client: AnyClient) -> None:
        self._client = client

    async def send(self, *, source: Address, destinations: Iterable[Address], text: str) -> Message:
        body = send_request(source, destinations, text)
        return await acall(send_message.asyncio_detailed, client=self._client, body=body)

    async def get(self, id: str | UUID) -> Message:
        return await acall(get_message.asyncio_detailed, identifier(id, "message"), client=self._client)

    async def delete(self, id: str | UUID) -> Message:
        return await acall(delete_message.asyncio_detailed, identifier(id, "message"), client=self._client)

    def list(self, *, page_size: int = 100, max_pages: int = MAX_PAGES) -> AsyncIterator[Message]:
        return aiter_messages(self._client, page_size, max_pages)


class AsyncNumbers:
    def __init__(self, client: AnyClient) -> None:
        self._client = client

    async def get(self, id: str | UUID) -> Number:
        return await acall(get_number.asyncio_detailed, identifier(id, "number"), client=self._client)

    def list(self, *, page_size: int = 100, max_pages: int = MAX_PAGES) -> AsyncIterator[Number]:
        return aiter_numbers(self._client, page_size, max_pages)


class AsyncAccesskeys:
    def __init__(self, client: AnyClient) -> None:
        self._client = client

    async def get(self, id: str | UUID) -> Accesskey:
        return await acall(get_accesskey.asyncio_detailed, identifier(id, "access key"), client=self._client)

    def list(self, *, page_size: int = 100, max_pages: int = MAX_PAGES) -> AsyncIterator[Accesskey]:
        return aiter_accesskeys(self._client, page_size, max_pages)
