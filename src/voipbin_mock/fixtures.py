"""Read the fixture file (customers, their numbers and access keys) into typed records, rejecting bad data early."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from voipbin_mock.timestamps import from_iso

# libyaml's parser where PyYAML has it (its wheels do): the description took a quarter of a second to parse without.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MICROS = Decimal(1_000_000)


class FixtureError(ValueError):
    """The fixture file is unreadable or breaks a rule; the message names the entry."""


@dataclass(frozen=True)
class NumberFixture:
    id: str
    number: str
    name: str
    tm_create_us: int


@dataclass(frozen=True)
class AccesskeyFixture:
    id: str
    name: str
    detail: str
    token: str
    tm_expire_us: int
    tm_create_us: int


@dataclass(frozen=True)
class CustomerFixture:
    id: str
    username: str
    password: str
    balance_micros: int
    numbers: tuple[NumberFixture, ...]
    accesskeys: tuple[AccesskeyFixture, ...]
    # Where the customer's webhook events go ("": none), with which method ("": none set, as a customer who never
    # chose one has), signed with which secret (every customer has one: the fixture's, or one derived from its id).
    webhook_uri: str = ""
    webhook_method: str = ""
    webhook_secret: str = ""
    name: str = ""
    email: str = ""
    tm_create_us: int = 0


@dataclass(frozen=True)
class Fixtures:
    price_micros: int
    customers: tuple[CustomerFixture, ...]


def load_fixtures(path: Path) -> Fixtures:
    """Parse and check the fixture file at path."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise FixtureError(f"cannot read fixtures {path}: {error}") from error
    try:
        fixtures = Fixtures(
            price_micros=_money(raw["price_per_segment"], "price_per_segment"),
            customers=tuple(_customer(entry) for entry in raw["customers"]),
        )
    except (KeyError, TypeError) as error:
        raise FixtureError(f"fixtures {path}: missing or malformed entry {error}") from error
    _check_unique(fixtures, path)
    return fixtures


def check_numbers(fixtures: Fixtures, is_number: Callable[[str], bool], rule: str) -> None:
    """FixtureError unless every number of the fixtures satisfies is_number, the description's rule named rule."""
    for customer in fixtures.customers:
        for number in customer.numbers:
            if not is_number(number.number):
                raise FixtureError(f"{customer.username}: {number.number!r} is not a number as {rule} describes it")


def _money(value: Any, where: str) -> int:
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise FixtureError(f"{where}: {value!r} is not an amount") from error
    if amount < 0:
        raise FixtureError(f"{where}: {value!r} is negative")
    return int(amount * MICROS)


def _uuid(value: Any, where: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError as error:
        raise FixtureError(f"{where}: {value!r} is not a UUID") from error


def _customer(entry: dict[str, Any]) -> CustomerFixture:
    username = str(entry["username"])
    numbers = []
    for number in entry.get("numbers", []):
        numbers.append(
            NumberFixture(
                id=_uuid(number["id"], username),
                number=str(number["number"]),
                name=str(number.get("name", "")),
                tm_create_us=from_iso(str(number["tm_create"])),
            )
        )
    keys = [
        AccesskeyFixture(
            id=_uuid(key["id"], username),
            name=str(key.get("name", "")),
            detail=str(key.get("detail", "")),
            token=str(key["token"]),
            tm_expire_us=from_iso(str(key["tm_expire"])),
            tm_create_us=from_iso(str(key["tm_create"])),
        )
        for key in entry.get("accesskeys", [])
    ]
    return CustomerFixture(
        id=_uuid(entry["id"], username),
        username=username,
        password=str(entry["password"]),
        balance_micros=_money(entry["balance"], f"{username} balance"),
        numbers=tuple(numbers),
        accesskeys=tuple(keys),
        webhook_uri=str(entry.get("webhook_uri", "")),
        webhook_method=_webhook_method(entry.get("webhook_method", ""), username),
        webhook_secret=str(entry.get("webhook_secret") or derived_secret(str(entry["id"]))),
        name=str(entry.get("name", "")),
        email=str(entry.get("email", "")),
        tm_create_us=from_iso(str(entry["tm_create"])) if "tm_create" in entry else 0,
    )


# The methods a customer can set for its webhook (bin-customer-manager/models/customer/customer.go), and none.
WEBHOOK_METHODS = ("", "POST", "GET", "PUT", "DELETE")


def _webhook_method(value: Any, where: str) -> str:
    method = str(value).upper()
    if method not in WEBHOOK_METHODS:
        raise FixtureError(
            f"{where}: webhook_method {value!r} is none of {', '.join(m or '(none)' for m in WEBHOOK_METHODS)}"
        )
    return method


def derived_secret(customer_id: str) -> str:
    """The webhook secret of a customer whose fixture gives none: every customer of the service has one (generated at
    signup); the mock's is derived from the id, so that it stays the same across restarts."""
    return "whsec_" + hashlib.sha256(f"voipbin-mock webhook secret {customer_id}".encode()).hexdigest()[:32]


def _check_unique(fixtures: Fixtures, path: Path) -> None:
    seen: dict[str, set[str]] = {"username": set(), "number": set(), "token": set(), "id": set()}

    def claim(kind: str, value: str) -> None:
        if value in seen[kind]:
            raise FixtureError(f"fixtures {path}: {kind} {value!r} appears twice")
        seen[kind].add(value)

    for customer in fixtures.customers:
        claim("username", customer.username)
        claim("id", customer.id)
        for number in customer.numbers:
            claim("number", number.number)
            claim("id", number.id)
        for key in customer.accesskeys:
            claim("token", key.token)
            claim("id", key.id)
        # Lists page by tm_create, so two items of one customer created at the same moment would share a cursor.
        for kind, moments in (
            ("number", [n.tm_create_us for n in customer.numbers]),
            ("access key", [k.tm_create_us for k in customer.accesskeys]),
        ):
            if len(set(moments)) != len(moments):
                raise FixtureError(f"fixtures {path}: two of {customer.username}'s {kind}s share a tm_create")
