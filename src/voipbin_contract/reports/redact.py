"""Secrets out of everything the suite writes: the terminal, tracebacks, captured output, JUnit XML, summary, log.

The secrets are the run's credentials (the target's access key or token, the second customer's, the password it
logged in with), in every spelling a report can show them, since a server may echo them transformed: as given,
URL-encoded, JSON-escaped, every character `\\u`-escaped, hex- or base64-encoded, in any letter case, and cut short
(any beginning of at least half the secret). A secret shorter than MIN_SECRET_LENGTH (a short password is a password
still) is redacted where it stands whole, not as a part of a longer word or number, and never cut short.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

REDACTED = "[REDACTED]"
# Shorter secrets could be parts of ordinary words or numbers of a report: they are redacted only where they stand
# whole, and never cut short.
MIN_SECRET_LENGTH = 6
# Where a short secret stands whole: no letter, digit or underscore right before or after it.
_BEFORE, _AFTER = r"(?<![0-9A-Za-z_])", r"(?![0-9A-Za-z_])"


def _character(c: str) -> str:
    """A character as a report may show it: itself, or `\\u`-escaped (in any case, as the pattern matches)."""
    return f"(?:{re.escape(c)}|\\\\u{ord(c):04x})"


def pattern(secret: str) -> str:
    """A regular expression for every spelling of secret a report may show, matched in any letter case: the whole
    secret encoded (URL, JSON, hex, base64) first, then the secret itself, any character of it `\\u`-escaped, or
    any beginning of it of at least half its length."""
    encoded = secret.encode()
    forms = {
        quote(secret, safe=""),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        encoded.hex(),
        base64.b64encode(encoded).decode(),
        base64.urlsafe_b64encode(encoded).decode().rstrip("="),
    } - {secret}
    if len(secret) < MIN_SECRET_LENGTH:
        whole = [*sorted(forms, key=len, reverse=True), secret]
        return "|".join(f"{_BEFORE}{''.join(map(_character, form))}{_AFTER}" for form in whole)
    shortest = max(MIN_SECRET_LENGTH, len(secret) // 2)
    cut = "".join(_character(c) for c in secret[:shortest])
    rest = ""
    for c in reversed(secret[shortest:]):
        rest = f"(?:{_character(c)}{rest})?"
    return "|".join([*map(re.escape, sorted(forms, key=len, reverse=True)), cut + rest])


class Redactor:
    """Replaces every known secret in a text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._patterns: list[str] = []
        self._secrets: set[str] = set()
        self._compiled: re.Pattern[str] | None = None
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not secret or secret in self._secrets:
            return  # a secret known already (a proxy meets each caller's on every exchange) costs no recompiling
        self._secrets.add(secret)
        self._patterns.append(pattern(secret))
        # The longest secret first: one that contains a shorter one is redacted whole.
        self._patterns.sort(key=len, reverse=True)
        self._compiled = re.compile("|".join(f"(?:{p})" for p in self._patterns), re.IGNORECASE)

    def __call__(self, text: str) -> str:
        return text if self._compiled is None else self._compiled.sub(REDACTED, text)
