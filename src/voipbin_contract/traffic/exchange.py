"""Traffic as the suite judges it: one Exchange per request and its answer, from the checking proxy or from a HAR
file (what browsers and mitmproxy export, HTTP Archive 1.2).
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import httpx

# The largest body of either side the judge reads; a longer one is forwarded (by the proxy) but not judged.
MAX_JUDGED_BYTES = 16 * 1024 * 1024
# The largest HAR file read: the judge holds it whole.
MAX_HAR_BYTES = 512 * 1024 * 1024
# Why an exchange is not judged (Exchange.unjudged), as the report counts them.
OVER_THE_CAP = f"a body over the cap ({MAX_JUDGED_BYTES // 1024 // 1024} MiB)"
INFLATES_OVER_THE_CAP = f"a body that inflates past the cap ({MAX_JUDGED_BYTES // 1024 // 1024} MiB)"
# The Content-Encodings the judge undoes (zlib's wbits for each); it reads no other.
INFLATE_BITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class TrafficError(ValueError):
    """A traffic file that cannot be read as HAR: the message says where."""


@dataclass
class Exchange:
    """One request and its answer, bodies as bytes (the answer's decoded); unjudged: why it cannot be judged (a body
    over the cap, say), if it cannot."""

    method: str
    url: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    response_headers: list[tuple[str, str]]
    response_body: bytes
    unjudged: str = ""

    @cached_property
    def _parsed_url(self) -> httpx.URL:
        return httpx.URL(self.url)

    @property
    def path(self) -> str:
        return self._parsed_url.path

    @property
    def query(self) -> list[tuple[str, str]]:
        return list(self._parsed_url.params.multi_items())

    # Each body parsed once, when first judged (the proxy fills the answer in before that): None when empty,
    # NOT_JSON when it is not JSON.
    @cached_property
    def request_json(self) -> Any:
        return _json(self.request_body)

    @cached_property
    def response_json(self) -> Any:
        return _json(self.response_body)

    def request_header(self, name: str) -> str | None:
        return next((v for k, v in self.request_headers if k.lower() == name), None)

    def response_header(self, name: str) -> str | None:
        return next((v for k, v in self.response_headers if k.lower() == name), None)

    def request(self) -> httpx.Request:
        """The request as httpx would send it (for a curl line)."""
        return httpx.Request(self.method, self.url, headers=self.request_headers, content=self.request_body)


NOT_JSON: Any = object()  # a body that does not parse as JSON


def decoded(content_encoding: str | None, raw: bytes, limit: int = MAX_JUDGED_BYTES) -> tuple[bytes, str]:
    """The body with its Content-Encoding undone, never more than limit bytes of it, and why it cannot be judged
    (empty if it can): an encoding the judge does not read, or a body that inflates past limit (a megabyte of gzip
    can hold a gigabyte). A body that does not decode as its encoding says is judged as it came."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    body = raw
    for coding in reversed([c for c in codings if c not in ("", "identity")]):
        bits = INFLATE_BITS.get(coding)
        if bits is None:
            return b"", f"an encoding the judge does not read ({coding[:40]})"
        try:
            inflater = zlib.decompressobj(bits)
            inflated = inflater.decompress(body, limit + 1)
        except zlib.error:
            if coding != "deflate":
                return raw, ""
            try:  # deflate as some servers send it: without zlib's wrapper
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                inflated = inflater.decompress(body, limit + 1)
            except zlib.error:
                return raw, ""
        if len(inflated) > limit or inflater.unconsumed_tail:
            return b"", INFLATES_OVER_THE_CAP
        body = inflated
    return body, ""


def _json(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return NOT_JSON


def _text(content: Any, where: str) -> bytes:
    if not isinstance(content, dict) or "text" not in content:
        return b""
    text = content["text"]
    if not isinstance(text, str):
        raise TrafficError(f"{where}: text is not a string")
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text, validate=True)
        except ValueError:
            raise TrafficError(f"{where}: text is not base64, as its encoding says") from None
    return text.encode("utf-8")


def _headers(entries: Any, where: str) -> list[tuple[str, str]]:
    if not isinstance(entries, list):
        raise TrafficError(f"{where}: headers is not a list")
    headers = []
    for header in entries:
        if not isinstance(header, dict) or not isinstance(header.get("name"), str):
            raise TrafficError(f"{where}: a header without a name")
        headers.append((header["name"], str(header.get("value", ""))))
    return [(name, value) for name, value in headers if not name.startswith(":")]  # HTTP/2 pseudo-headers


def from_har(path: Path) -> Iterator[Exchange]:
    """The exchanges of a HAR file, in its order; TrafficError, naming the entry, for one that is not HAR."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise TrafficError(f"cannot read {path}: {error.strerror or error}") from None
    if size > MAX_HAR_BYTES:
        raise TrafficError(f"{path} is {size} bytes, more than the {MAX_HAR_BYTES} read")
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as error:
        raise TrafficError(f"{path} is not JSON: {type(error).__name__}: {error}"[:300]) from None
    entries = document.get("log", {}).get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise TrafficError(f"{path} is not a HAR file: it has no log.entries")
    for index, entry in enumerate(entries):
        where = f"{path} entry {index}"
        request = entry.get("request") if isinstance(entry, dict) else None
        response = entry.get("response") if isinstance(entry, dict) else None
        if not isinstance(request, dict) or not isinstance(response, dict):
            raise TrafficError(f"{where}: no request and response")
        try:
            method, url, status = str(request["method"]).upper(), str(request["url"]), int(response["status"])
        except (KeyError, ValueError, TypeError):
            raise TrafficError(f"{where}: no method, url or status") from None
        if status <= 0:  # a request the browser never got an answer to
            continue
        yield Exchange(
            method=method,
            url=url,
            request_headers=_headers(request.get("headers", []), f"{where} request"),
            request_body=_text(request.get("postData"), f"{where} request postData"),
            status=status,
            response_headers=_headers(response.get("headers", []), f"{where} response"),
            response_body=_text(response.get("content"), f"{where} response content"),
        )
