"""What the caller's numbers and access keys must show, whichever path reads them: a listed record reads the same by
its id, every record is the caller's, and an access key's secret is shown by no list and no read (the description
gives `token` only when a key is created)."""

from __future__ import annotations

from typing import Any

from voipbin_contract.rules.moments import records_in

# The field of an access key that holds its secret.
SECRET = "token"


def secret_problems(body: Any) -> list[str]:
    """No access key of an answer (alone or a page) carries its secret."""
    return [
        f"{where}/{SECRET} is shown: an access key's secret, which only its creation may answer"
        for where, record in records_in(body)
        if record.get(SECRET)
    ]


def first_difference(listed: Any, read: Any, where: str = "") -> str | None:
    """The JSON pointer of the first field two answers disagree on, and how; None when they are equal."""
    if isinstance(listed, dict) and isinstance(read, dict):
        for key in [*listed, *(k for k in read if k not in listed)]:
            found = first_difference(listed.get(key), read.get(key), f"{where}/{key}")
            if found:
                return found
        return None
    if isinstance(listed, list) and isinstance(read, list) and len(listed) == len(read):
        return next(
            (
                d
                for i, (a, b) in enumerate(zip(listed, read, strict=True))
                if (d := first_difference(a, b, f"{where}/{i}"))
            ),
            None,
        )
    return None if listed == read else f"{where or '/'} is {listed!r} in the list, {read!r} read by id"


def same_record_problems(kind: str, listed: dict[str, Any], read: dict[str, Any]) -> list[str]:
    """A record a list shows reads the same by its id."""
    difference = first_difference(listed, read)
    return [] if difference is None else [f"{kind} {listed.get('id')}: {difference}"]


def owner_problems(kind: str, record: dict[str, Any], customer_id: str | None) -> list[str]:
    """A record the caller reads is the caller's: the customer_id its own records carry."""
    shown = record.get("customer_id")
    if customer_id is None or shown == customer_id:
        return []
    return [f"{kind} {record.get('id')}: customer_id is {shown!r}, but the caller is customer {customer_id}"]
