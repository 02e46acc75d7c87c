"""A request as the mock reads it: straight from the ASGI scope and receive channel, each part read when asked.

Starlette's Request does this more generally, through several layers per request; the mock needs only the query
parameters, a header, the cookies and a body of bounded size, and its send path is CPU-bound, so it reads those
itself. Parsing follows Starlette's: the query as `parse_qsl(..., keep_blank_values=True)` with the last value of a
repeated name winning, cookies with Starlette's own `cookie_parser`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import cookie_parser
from starlette.types import Receive, Scope


class BodyTooLarge(Exception):
    """The body is larger than the limit; reading stopped there."""


class Disconnected(Exception):
    """The client went away before its body arrived: there is no one left to answer."""


def parse_query(raw: bytes) -> dict[str, str]:
    """Query parameters by name; a name given twice keeps its last value."""
    text = raw.decode("latin-1")
    if not text:
        return {}
    if "%" in text or "+" in text:
        return dict(parse_qsl(text, keep_blank_values=True))
    # Nothing is escaped: splitting gives what parse_qsl would, without its per-value unquoting.
    query: dict[str, str] = {}
    for pair in text.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            query[name] = value
    return query


class Incoming:
    """One HTTP request's scope and body channel, with its query and cookies parsed on first use."""

    __slots__ = ("_cookies", "_query", "_receive", "_scope")

    def __init__(self, scope: Scope, receive: Receive) -> None:
        self._scope = scope
        self._receive = receive
        self._query: dict[str, str] | None = None
        self._cookies: dict[str, str] | None = None

    @property
    def path_params(self) -> dict[str, Any]:
        params: dict[str, Any] = self._scope.get("path_params", {})
        return params

    @property
    def query(self) -> dict[str, str]:
        if self._query is None:
            self._query = parse_query(self._scope.get("query_string", b""))
        return self._query

    @property
    def cookies(self) -> dict[str, str]:
        if self._cookies is None:
            header = self.header(b"cookie")
            self._cookies = cookie_parser(header) if header else {}
        return self._cookies

    def header(self, name: bytes) -> str | None:
        """The first value of a header; name in lower case, as ASGI servers give them."""
        for key, value in self._scope["headers"]:
            if key == name:
                return str(value.decode("latin-1"))
        return None

    async def body(self, limit: int) -> bytes:
        """The whole body; BodyTooLarge past limit bytes, checked against Content-Length first, then while reading."""
        declared = self.header(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                raise Disconnected
            chunk = message.get("body", b"")
            if chunk:
                size += len(chunk)
                if size > limit:
                    raise BodyTooLarge
                chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
