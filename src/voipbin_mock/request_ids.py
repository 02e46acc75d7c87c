"""Request ids as the service makes them (bin-api-manager/lib/middleware/request_id.go): `req_` and 16 bytes in
base32, 26 characters, or the caller's own X-Request-Id when it is safe: 1 to 64 letters, digits, `_` or `-`.

Here the 16 bytes are a random prefix per process and a counter, unique without a random draw per request.
"""

from __future__ import annotations

import base64
import itertools
import os
import re
from typing import Any

from starlette.types import Scope

_ID_PREFIX = os.urandom(10)
_ID_COUNTER = itertools.count(1)
_SAFE_REQUEST_ID = re.compile(rb"[A-Za-z0-9_-]{1,64}")


def request_id_of(scope: Scope) -> str:
    """The request's id, made on first use."""
    state: dict[str, Any] = scope.setdefault("state", {})
    request_id = state.get("request_id")
    if request_id is None:
        request_id = state["request_id"] = _callers_request_id(scope) or new_request_id()
    return str(request_id)


def _callers_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            return value.decode("ascii") if _SAFE_REQUEST_ID.fullmatch(value) else None
    return None


def new_request_id() -> str:
    """A new id, for a request that has none of its own."""
    raw = _ID_PREFIX + next(_ID_COUNTER).to_bytes(6, "big")
    return "req_" + base64.b32encode(raw).decode("ascii").rstrip("=")
