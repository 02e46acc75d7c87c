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
from voipbin_sdk.errors import PageLimitError, PageTokenStuckError

# Pages a walk reads at most unless told (max_pages): a server announcing new tokens forever ends the walk there.
MAX_PAGES = 10_000

Item = TypeVar("Item", covariant=True)
AnyClient = Client | AuthenticatedClient


class Page(Protocol[Item]):
    @property
    def result(self) -> Sequence[Item]: ...

    @property
    def next_page_token(self) -> str: ...


PageT = TypeVar("PageT", bound=Page[object])


def iter_messages(client: AnyClient, page_size: int = 100, max_pages: int = MAX_PAGES) -> Iterator[Message]:
    """Every message of the caller, newest first."""
    return _walk(
        max_pages,
        lambda token: call(list_messages.sync_detailed, client=client, page_size=page_size, page_token=token),
    )


def iter_numbers(client: AnyClient, page_size: int = 100, max_pages: int = MAX_PAGES) -> Iterator[Number]:
    return _walk(
        max_pages,
        lambda token: call(list_numbers.sync_detailed, client=client, page_size=page_size, page_token=token),
    )


def iter_accesskeys(client: AnyClient, page_size: int = 100, max_pages: int = MAX_PAGES) -> Iterator[Accesskey]:
    return _walk(
        max_pages,
        lambda token: call(list_accesskeys.sync_detailed, client=client, page_size=page_size, page_token=token),
    )


def aiter_messages(client: AnyClient, page_size: int = 100, max_pages: int = MAX_PAGES) -> AsyncIterator[Message]:
    return _awalk(
        max_pages,
        lambda token: acall(list_messages.asyncio_detailed, client=client, page_size=page_size, page_token=token),
    )


def aiter_numbers(client: AnyClient, page_size: int = 100, max_pages: int = MAX_PAGES) -> AsyncIterator[Number]:
    return _awalk(
        max_pages,
        lambda token: acall(list_numbers.asyncio_detailed, client=client, page_size=page_size, page_token=token),
    )


def aiter_accesskeys(client: AnyClient, page_size: int = 100, max_pages: int = MAX_PAGES) -> AsyncIterator[Accesskey]:
    return _awalk(
        max_pages,
        lambda token: acall(list_accesskeys.asyncio_detailed, client=client, page_size=page_size, page_token=token),
    )


class _Tokens:
    """The tokens a walk has followed; refuses one that would not move it on."""

    def __init__(self, max_pages: int) -> None:
        self.current: str | Unset = UNSET
        self.seen: set[str] = set()
        self.pages = 0
        self.max_pages = max_pages

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
        if self.pages >= self.max_pages:
            raise PageLimitError(f"the walk read {self.pages} pages, the limit (max_pages), and another was announced")
        self.seen.add(token)
        self.current = token
        return True


def _walk(max_pages: int, fetch: Callable[[str | Unset], Page[Item]]) -> Iterator[Item]:
    tokens = _Tokens(max_pages)
    while True:
        page = fetch(tokens.current)
        yield from page.result
        if not tokens.follow(page):
            return


async def _awalk(max_pages: int, fetch: Callable[[str | Unset], Awaitable[Page[Item]]]) -> AsyncIterator[Item]:
    tokens = _Tokens(max_pages)
    while True:
        page = await fetch(tokens.current)
        for item in page.result:
            yield item
        if not tokens.follow(page):
            return
