"""The known deviations: where the service differs from its documented contract, as openapi.yaml records them.

Each deviation is written once, in an `x-known-deviations` list next to the rule it concerns (an operation, a
schema, a security scheme). This module finds them; the reference (`make docs`) shows them and the contract suite
applies them. It states no deviation itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

EXTENSION = "x-known-deviations"
FIELDS = ("id", "summary", "documented", "service", "evidence")


class DeviationError(ValueError):
    """An `x-known-deviations` entry that lacks a field, or repeats an id."""


@dataclass(frozen=True)
class Deviation:
    """One known deviation, and where in the description it stands (a JSON pointer, `#/...`)."""

    id: str
    summary: str
    documented: str
    service: str
    evidence: tuple[str, ...]
    where: str
    extra: Mapping[str, Any]


def known_deviations(spec: Mapping[str, Any]) -> list[Deviation]:
    """Every deviation the description records, in document order; DeviationError if one is malformed."""
    found: list[Deviation] = []
    for pointer, entries in _holders(spec, "#"):
        for entry in entries:
            missing = [name for name in FIELDS if not entry.get(name)]
            if missing:
                raise DeviationError(f"{pointer}: the deviation {entry.get('id')!r} has no {', '.join(missing)}")
            found.append(
                Deviation(
                    id=str(entry["id"]),
                    summary=str(entry["summary"]).strip(),
                    documented=str(entry["documented"]).strip(),
                    service=str(entry["service"]).strip(),
                    evidence=tuple(str(path) for path in entry["evidence"]),
                    where=pointer,
                    extra={key: value for key, value in entry.items() if key not in FIELDS},
                )
            )
    ids = [deviation.id for deviation in found]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise DeviationError(f"deviation ids must be unique; repeated: {', '.join(repeated)}")
    return found


def pointer_parts(pointer: str) -> list[str]:
    """The keys a `#/...` JSON pointer (RFC 6901) walks through, unescaped: `#/paths/~1v1.0~1messages/post` ->
    `["paths", "/v1.0/messages", "post"]`."""
    if pointer in ("", "#"):
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer.removeprefix("#/").split("/")]


def _holders(node: Any, pointer: str) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    if isinstance(node, Mapping):
        if EXTENSION in node:
            yield pointer, list(node[EXTENSION])
        for key, value in node.items():
            if key != EXTENSION:
                yield from _holders(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _holders(value, f"{pointer}/{index}")
