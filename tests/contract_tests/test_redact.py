"""contract_tests.redact: a secret is replaced in every spelling a report can show it in."""

from __future__ import annotations

from contract_tests.redact import REDACTED, Redactor

SECRET = 'vbk_a/b+c d"e'


def test_every_spelling_of_a_secret_is_redacted():
    redact = Redactor([SECRET])
    text = 'raw vbk_a/b+c d"e url vbk_a%2Fb%2Bc%20d%22e form vbk_a%2Fb%2Bc+d%22e json "vbk_a/b+c d\\"e"'
    assert SECRET not in redact(text)
    assert redact(text).count(REDACTED) == 4


def test_short_or_missing_values_are_not_secrets():
    redact = Redactor([None, "", "abc"])
    assert redact("abc def") == "abc def"


def test_a_longer_secret_containing_a_shorter_one_is_redacted_whole():
    redact = Redactor(["secret", "secret-and-more"])
    assert redact("x secret-and-more y") == f"x {REDACTED} y"
