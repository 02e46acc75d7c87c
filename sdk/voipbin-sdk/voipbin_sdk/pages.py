"""Every item of a list, page after page, following next_page_token until a page comes back empty.

A next_page_token that does not move on (the one just asked for, an empty one after a full page, or any token
seen before) would walk the same pages forever: the walk stops there with PageTokenStuckError.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Protocol, TypeVar

from voipbin_client import AuthenticatedClient, Client
from voipbin_client.api.accesskeys import list_accesskeys
from voipbin_client.api.messages import list_messages
from voipbin_client.api.numbers import list_numbers
from voipbin_client.models import Accesskey, Message, Number
from voipbin_client.types import UNSET, Unset

from voipbin_sdk.calls import acall, call
from voipbin_sdk.errors import PageTokenStuckError

Item = TypeVar("Item", covariant=True)
AnyClient = Client | AuthenticatedClient


class Page(Protocol[Item]):
    @property
    def result(self) -> Sequence[Item]: ...

    @property
    def next_page_token(self) -> str: ...


PageT = TypeVar("PageT", bound=Page[object])


def iter_messages(client: AnyClient, page_size: int = 100) -> Iterator[Message]:
    """Every message of the caller, newest first."""
    return _walk(lambda token: call(list_messages.sync_detailed, client=client, page_size=page_size, page_token=token))


def iter_numbers(client: AnyClient, page_size: int = 100) -> Iterator[Number]:
    return _walk(lambda token: call(list_numbers.sync_detailed, client=client, page_size=page_size, page_token=token))


def iter_accesskeys(client: AnyClient, page_size: int = 100) -> Iterator[Accesskey]:
    return _walk(
        lambda token: call(list_accesskeys.sync_detailed, client=client, page_size=page_size, page_token=token)
    )


def aiter_messages(client: AnyClient, page_size: int = 100) -> AsyncIterator[Message]:
    return _awalk(
        lambda token: acall(list_messages.asyncio_detailed, client=client, page_size=page_size, page_token=token)
    )


def aiter_numbers(client: AnyClient, page_size: int = 100) -> AsyncIterator[Number]:
    return _awalk(
        lambda token: acall(list_numbers.asyncio_detailed, client=client, page_size=page_size, page_token=token)
    )


def aiter_accesskeys(client: AnyClient, page_size: int = 100) -> AsyncIterator[Accesskey]:
    return _awalk(
        lambda token: acall(list_accesskeys.asyncio_detailed, client=client, page_size=page_size, page_token=token)
    )


class _Tokens:
    """The tokens a walk has followed; refuses one that would not move it on."""

    def __init__(self) -> None:
        self.current: str | Unset = UNSET
        self.seen: set[str] = set()
        self.pages = 0

    def follow(self, page: Page[object]) -> bool:
        """Whether there is another page to ask for; PageTokenStuckError if the token does not move on."""
        self.pages += 1
        if not page.result:
            return False
        token = page.next_page_token
        if not token or token in self.seen:
            asked = "none" if isinstance(self.current, Unset) else repr(self.current)
            raise PageTokenStuckError(
                f"page {self.pages} (asked with page_token {asked}) answered next_page_token {token!r}, "
                "which does not move past the pages already read"
            )
        self.seen.add(token)
        self.current = token
        return True


def _walk(fetch: Callable[[str | Unset], Page[Item]]) -> Iterator[Item]:
    tokens = _Tokens()
    while True:
        page = fetch(tokens.current)
        yield from page.result
        if not tokens.follow(page):
            return


async def _awalk(fetch: Callable[[str | Unset], Awaitable[Page[Item]]]) -> AsyncIterator[Item]:
    tokens = _Tokens()
    while True:
        page = await fetch(tokens.current)
        for item in page.result:
            yield item
        if not tokens.follow(page):
            return
