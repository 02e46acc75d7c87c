"""Requests as curl commands, credentials redacted, so that a failing property test can be replayed by hand."""

from __future__ import annotations

import shlex

import httpx

from voipbin_contract.rules.description import CREDENTIAL_PARAMETERS

SECRET_PARAMETERS = CREDENTIAL_PARAMETERS
SECRET_HEADERS = frozenset({"authorization", "cookie"})
REDACTED = "REDACTED"


def as_curl(request: httpx.Request) -> str:
    """The request as a curl command line; tokens, access keys, Authorization and cookies are redacted."""
    url = request.url.copy_with(
        params=[(k, REDACTED if k in SECRET_PARAMETERS else v) for k, v in request.url.params.multi_items()]
    )
    parts = ["curl", "-X", request.method, shlex.quote(str(url))]
    for name, value in request.headers.items():
        if name.lower() in ("host", "content-length", "accept-encoding", "connection", "user-agent", "accept"):
            continue
        parts += ["-H", shlex.quote(f"{name}: {REDACTED if name.lower() in SECRET_HEADERS else value}")]
    if request.content:
        parts += ["--data-raw", shlex.quote(request.content.decode("utf-8", "replace"))]
    return " ".join(parts)


class RequestLog:
    """The last requests a test made, for its failure report."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep
        self.requests: list[httpx.Request] = []

    def record(self, request: httpx.Request) -> None:
        self.requests = [*self.requests[-(self.keep - 1) :], request]

    def report(self) -> str:
        return "\n".join(as_curl(request) for request in self.requests)
