"""Secrets out of everything the suite writes: the terminal, tracebacks, captured output, JUnit XML, summary, log.

The secrets are the run's credentials (the target's access key or token, the second customer's, the password it
logged in with), in every spelling a report can show them: as given, URL-encoded, JSON-escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

REDACTED = "[REDACTED]"
# Shorter values could be ordinary words or numbers of a report; no credential of VoIPbin is this short.
MIN_SECRET_LENGTH = 6


class Redactor:
    """Replaces every known secret in a text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._spellings: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not secret or len(secret) < MIN_SECRET_LENGTH:
            return
        spellings = {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]}
        self._spellings = sorted(set(self._spellings) | spellings, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for spelling in self._spellings:
            text = text.replace(spelling, REDACTED)
        return text
