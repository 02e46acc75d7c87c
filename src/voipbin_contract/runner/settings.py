"""The settings of a run of the suite, resolved once: the plugin's options (`--voipbin-<name>`, which
`voipbin-contract` and `make contract` pass), then the environment (`VOIPBIN_<NAME>`), then the defaults.

Each setting has one spelling of each kind, both derived from its field's name: `base_url` is `--voipbin-base-url`
and `VOIPBIN_BASE_URL`. Credentials have no option: they come from the environment only, never from a command line
that other users of the machine can read. The frozen `Settings` lives in the run's pytest config (voipbin_contract.
runner.session); nothing reads the environment at import. docs/suite.md's table of settings is `table()`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any

# The base URL that asks for the bundled mock by name: what CI must say to check it (CI never falls back to it).
BUNDLED = "mock"
# Environment variables that say the run is in CI (GitHub Actions, GitLab, and most others set CI).
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD")
PREFIX = "VOIPBIN_"
# Spellings of earlier versions: a run that meets one stops, naming the setting's spelling now, rather than ignore
# it (a user's CI that set VOIPBIN_CONTRACT_EXAMPLES=200 would run 25 unseen).
RENAMED = {
    "VOIPBIN_CONTRACT_EXAMPLES": "VOIPBIN_EXAMPLES",
    "VOIPBIN_CONTRACT_SEED": "VOIPBIN_SEED",
    "VOIPBIN_CONTRACT_TIME_LIMIT": "VOIPBIN_TIME_LIMIT",
    "VOIPBIN_MOCK_PROFILE": "VOIPBIN_PROFILE",
    "VOIPBIN_MOCK_DISPATCH": "VOIPBIN_DISPATCH",
}
GONE = {
    "VOIPBIN_SPEC": "the suite judges by the openapi.yaml packaged with it",
    "VOIPBIN_MOCK_FAULTS": "serve the mock apart with its defects (voipbin-mock --fault) and point the suite at it",
}
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MAX_SETTLE_SECONDS = 120.0


class SettingsError(ValueError):
    """A setting that cannot be used; the message names it, in the spelling the user gave, and says what to set."""


def _text(value: str) -> str:
    return value


def _whole(least: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if number < least:
            raise ValueError(f"must be at least {least}")
        return number

    parse.__doc__ = f"a whole number, at least {least}"
    return parse


def _seconds(most: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        number = float(value)
        if not 0 < number <= most:
            raise ValueError(f"must be a number of seconds above 0, at most {most:g}")
        return number

    return parse


def _rate(value: str) -> float:
    number = float(value)
    if not (number >= 0 and math.isfinite(number)):
        raise ValueError("must be 0 (no pacing) or a number of requests a second")
    return number


def _flag(value: str) -> bool:
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ValueError(f"must be one of {', '.join(TRUE + FALSE)}")


def _listed(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _listen(value: str) -> str:
    host, _, port = value.strip().rpartition(":")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError("must be HOST:PORT (PORT 0 to 65535)")
    return f"{host.strip('[]') or '127.0.0.1'}:{int(port)}"


def setting(
    default: Any,
    what: str,
    parse: Callable[[str], Any] = _text,
    *,
    secret: bool = False,
    shown: str | None = None,
    choices: tuple[str, ...] = (),
) -> Any:
    """A field of Settings: its default, what it does (a line of docs/suite.md and of --help), how a value given as
    text is read, whether it is a secret (environment only, never shown), and the default as the docs show it."""
    metadata = {"what": what, "parse": parse, "secret": secret, "shown": shown, "choices": choices}
    return field(default=default, repr=not secret, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    """Everything a run of the suite is told: which server, with which credentials, what it may do there, how hard
    and how long it tries, and where its reports go."""

    base_url: str = setting(
        BUNDLED,
        "the server to check (its origin: `https://api.voipbin.net`), or `mock` for the bundled mock; in CI it must "
        "be given, and a variable set but empty (a secret never set) is refused",
        shown="`mock` (outside CI)",
    )
    accesskey: str | None = setting(None, "an access key, sent as `accesskey`", secret=True)
    token: str | None = setting(
        None, "a login token (a JWT), sent as `token`, when no access key is given", secret=True
    )
    username: str | None = setting(None, "with the password: log in for a token, when neither is given", secret=True)
    password: str | None = setting(None, "the password of `VOIPBIN_USERNAME`", secret=True)
    other_accesskey: str | None = setting(
        None, "a second customer's access key, for the tenancy checks (with an access key)", secret=True
    )
    other_token: str | None = setting(
        None, "a second customer's login token, for the tenancy checks (with a token)", secret=True
    )
    source_number: str | None = setting(None, "the number sends come from", shown="the caller's first number")
    allow_send: bool = setting(
        False, "let the suite send and delete messages on a server other than the bundled mock", _flag
    )
    test_destinations: tuple[str, ...] = setting(
        (), "the numbers the suite may send to there, comma-separated E.164", _listed
    )
    max_sends: int = setting(
        50, "the most messages the suite sends there: the plan's first, then the property tests' share", _whole(0)
    )
    requests_per_second: float | None = setting(
        None,
        "how fast the suite asks there; 0: no pacing",
        _rate,
        shown="nine tenths of the per-customer limit in `x-rate-limits`",
    )
    settle_seconds: float = setting(
        30.0,
        "how long a message must hold still there to count as settled",
        _seconds(MAX_SETTLE_SECONDS),
    )
    webhook_listen: str | None = setting(
        None,
        "HOST:PORT where the suite receives the server's webhook events (the customer's webhook URL reaches it)",
        _listen,
    )
    webhook_secret: str | None = setting(
        None,
        "the secret the server's webhook events are signed with, when the customer's own (`webhook_secret` of"
        " GET /v1.0/customer, read by default) cannot be read",
        secret=True,
    )
    profile: str = setting(
        "service",
        "the bundled mock's profile: `service` answers as the live service does, `tutorial` as the tutorial documents",
        choices=("service", "tutorial"),
    )
    dispatch: str = setting(
        "either",
        "the bundled mock's dispatch path: `either` (Telnyx or MessageBird, as the service), `telnyx`, "
        "`messagebird`, `failed`, or `rotate` (each in turn)",
        choices=("either", "telnyx", "messagebird", "failed", "rotate"),
    )
    strict: bool = setting(False, "hold the server to the documented contract: every known deviation fails", _flag)
    examples: int = setting(25, "examples per operation and per property test", _whole(1))
    seed: int | None = setting(
        None,
        "replay a run: schemathesis, hypothesis and the bundled mock draw from it",
        _whole(0),
        shown="random, printed",
    )
    time_limit: float = setting(1800.0, "the whole run's limit, in seconds", _seconds(86400.0))
    reports: Path | None = setting(  # noqa: RUF009 (a field of its own kind: setting() is dataclasses.field)
        None,
        "a folder for the run's reports: `contract.xml` (JUnit), `summary.md`, `deviations.json`",
        Path,
        shown="none",
    )

    @property
    def bundled(self) -> bool:
        """Whether the run checks the bundled mock."""
        return self.base_url == BUNDLED

    @property
    def secrets(self) -> tuple[str, ...]:
        """The run's secrets as given, for the redactor."""
        return tuple(value for f in fields(self) if f.metadata["secret"] and (value := getattr(self, f.name)))

    def shown(self) -> list[str]:
        """The settings that differ from their defaults, as `--voipbin-name value`, secrets left out."""
        lines = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.metadata["secret"] or value == f.default:
                continue
            lines.append(f"{option(f)} {_text_of(value)}")
        return lines


def _text_of(value: Any) -> str:
    """A setting's value as an option takes it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    return ",".join(value) if isinstance(value, tuple) else str(value)


def option(f: Field[Any]) -> str:
    return "--voipbin-" + f.name.replace("_", "-")


def variable(f: Field[Any]) -> str:
    return PREFIX + f.name.upper()


def configurable() -> list[Field[Any]]:
    """The settings that have an option: every one but the secrets."""
    return [f for f in fields(Settings) if not f.metadata["secret"]]


def is_flag(f: Field[Any]) -> bool:
    return f.metadata["parse"] is _flag


def _read(f: Field[Any], raw: str, given_as: str) -> Any:
    choices = f.metadata["choices"]
    if choices and raw not in choices:
        raise SettingsError(f"{given_as} must be one of {', '.join(choices)}, not {raw!r}")
    try:
        return f.metadata["parse"](raw)
    except ValueError as error:
        raise SettingsError(f"{given_as}={raw!r}: {error}") from None


def _in_ci(environ: Mapping[str, str]) -> str | None:
    return next((name for name in CI_VARIABLES if environ.get(name, "").strip().lower() not in ("", *FALSE)), None)


def resolve(options: Mapping[str, Any], environ: Mapping[str, str]) -> Settings:
    """The run's settings: each from its option (a value the option was given; None when it was not), else from its
    variable (empty counts as not set, but for the base URL), else its default. SettingsError, naming the
    setting, for a value that cannot be used, and for a spelling of an earlier version."""
    for old, new in RENAMED.items():
        if old in environ:
            raise SettingsError(f"{old} is now {new} (each setting is --voipbin-<name> or VOIPBIN_<NAME>)")
    for old, why in GONE.items():
        if old in environ:
            raise SettingsError(f"{old} is no longer read: {why}")
    values: dict[str, Any] = {}
    for f in fields(Settings)[1:]:  # the base URL apart, below
        given = None if f.metadata["secret"] else options.get(f.name)
        if given is not None:
            values[f.name] = given if isinstance(given, bool) else _read(f, str(given), option(f))
            continue
        raw = environ.get(variable(f))
        if raw is not None and raw.strip():
            values[f.name] = raw.strip() if f.metadata["secret"] else _read(f, raw.strip(), variable(f))
    named, base_url = "--voipbin-base-url", options.get("base_url")
    if base_url is None:
        named, base_url = "VOIPBIN_BASE_URL", environ.get("VOIPBIN_BASE_URL")
    fix = f"set it to the server to check, or to {BUNDLED!r} to check the bundled mock on purpose"
    if base_url is not None and not str(base_url).strip():
        raise SettingsError(f"{named} is set but empty (a secret that was never set?): {fix}")
    if base_url is None:
        ci = _in_ci(environ)
        if ci is not None:
            raise SettingsError(
                f"in CI ({ci} is set) the suite does not fall back to the bundled mock: --voipbin-base-url "
                f"(VOIPBIN_BASE_URL) names no server; {fix}"
            )
        base_url = BUNDLED
    base_url = str(base_url).strip()
    values["base_url"] = BUNDLED if base_url.lower() == BUNDLED else base_url.rstrip("/")
    if values.get("seed") is None:
        values["seed"] = random.randrange(2**32)
    settings = Settings(**values)
    if settings.allow_send and not settings.bundled and not settings.test_destinations:
        raise SettingsError("VOIPBIN_ALLOW_SEND needs VOIPBIN_TEST_DESTINATIONS: the numbers the suite may send to")
    return settings


def table() -> str:
    """docs/suite.md's table of settings: one row per field of Settings."""
    rows = ["| option | variable | default | what it does |", "| --- | --- | --- | --- |"]
    for f in fields(Settings):
        shown = f.metadata["shown"]
        if shown is None:
            default = f.default
            shown = "none" if default in (None, ()) else f"`{_text_of(default)}`"
        name = "(environment only)" if f.metadata["secret"] else f"`{option(f)}`"
        rows.append(f"| {name} | `{variable(f)}` | {shown} | {f.metadata['what']} |")
    return "\n".join(rows)
