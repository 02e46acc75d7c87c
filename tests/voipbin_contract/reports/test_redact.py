"""voipbin_contract.reports.redact: a secret is replaced in every spelling a report can show it in."""

from __future__ import annotations

from voipbin_contract.reports.redact import REDACTED, Redactor

SECRET = 'vbk_a/b+c d"e'


def test_every_spelling_of_a_secret_is_redacted():
    redact = Redactor([SECRET])
    text = 'raw vbk_a/b+c d"e url vbk_a%2Fb%2Bc%20d%22e form vbk_a%2Fb%2Bc+d%22e json "vbk_a/b+c d\\"e"'
    assert SECRET not in redact(text)
    assert redact(text).count(REDACTED) == 4


def test_missing_values_are_not_secrets():
    redact = Redactor([None, ""])
    assert redact("abc def") == "abc def"


def test_a_short_secret_is_redacted_where_it_stands_whole_in_any_case_and_encoding():
    """A password of 3 characters is a password: redacted as given, encoded, in any case; not inside other words."""
    redact = Redactor(["p/1"])
    text = 'password "p/1", P/1, p%2F1; the letters in up/10 and 5p/1x stay'
    assert redact(text) == f'password "{REDACTED}", {REDACTED}, {REDACTED}; the letters in up/10 and 5p/1x stay'


def test_a_longer_secret_containing_a_shorter_one_is_redacted_whole():
    redact = Redactor(["secret", "secret-and-more"])
    assert redact("x secret-and-more y") == f"x {REDACTED} y"


def test_a_secret_echoed_transformed_is_redacted_in_every_form():
    """Upper-cased, \\u-escaped, hex-encoded or truncated echoes each appeared 5 times in a run's reports."""
    import base64
    import json

    secret = "vbk_alice_demo_7d1f0c2a9e"
    echoes = [
        secret.upper(),
        json.dumps(secret, ensure_ascii=False).replace("v", "\\u0076"),
        "".join(f"\\u{ord(c):04X}" for c in secret),
        secret.encode().hex(),
        secret.encode().hex().upper(),
        base64.b64encode(secret.encode()).decode(),
        secret[:13],
        secret[:-1],
    ]
    redact = Redactor([secret])
    for echo in echoes:
        shown = redact(f"the server said: {echo}!")
        assert "[REDACTED]" in shown, (echo, shown)
        assert shown in ("the server said: [REDACTED]!", 'the server said: "[REDACTED]"!'), (echo, shown)
    assert redact("vbk_alice is a prefix too short to tell") == "vbk_alice is a prefix too short to tell"
