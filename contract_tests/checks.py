"""What a server's answers must satisfy beyond their schemas, as plain functions named after each property.

Each `*_problems` function takes answer JSON and returns readable problems (empty when the property holds); the
property tests call them directly, and the functions decorated with `schemathesis.check` run them on every answer
that schemathesis gets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import schemathesis
import yaml

from voipbin_contract.segments import count_segments

SPEC = yaml.safe_load((Path(__file__).resolve().parent.parent / "openapi.yaml").read_text(encoding="utf-8"))
TARGET_STATUSES: tuple[str, ...] = tuple(SPEC["components"]["schemas"]["TargetStatus"]["enum"])
TERMINAL_STATUSES = frozenset({"delivered", "failed", "gw_timeout", "dlr_timeout", "received"})
# Where each status stands in the outbound lifecycle; a target never moves to a lower rank.
STATUS_RANK = {"queued": 0, "sent": 1, "gw_timeout": 2, "delivered": 2, "failed": 2, "dlr_timeout": 2, "received": 2}
MESSAGE_OPERATIONS = frozenset({"sendMessage", "getMessage", "deleteMessage"})


def messages_in(operation_id: str, body: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON pointer, message) for every message in an answer of a message operation."""
    if operation_id in MESSAGE_OPERATIONS and isinstance(body, dict):
        yield "", body
    elif operation_id == "listMessages" and isinstance(body, dict) and isinstance(body.get("result"), list):
        for index, message in enumerate(body["result"]):
            if isinstance(message, dict):
                yield f"/result/{index}", message


def targets_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    targets = message.get("targets")
    return [t for t in targets if isinstance(t, dict)] if isinstance(targets, list) else []


def unknown_status_problems(where: str, message: dict[str, Any]) -> list[str]:
    """Every target status is one of TargetStatus; the description tolerates others only for clients' sake."""
    return [
        f"{where}/targets/{i}/status is {t.get('status')!r}, which is not a TargetStatus ({', '.join(TARGET_STATUSES)})"
        for i, t in enumerate(targets_of(message))
        if t.get("status") not in TARGET_STATUSES
    ]


def parts_problems(where: str, message: dict[str, Any]) -> list[str]:
    """Each target's parts is the number of SMS segments of the message's text."""
    text = message.get("text")
    if not isinstance(text, str):
        return []
    expected = count_segments(text)
    return [
        f"{where}/targets/{i}/parts is {t.get('parts')!r}, but the text takes {expected} segment(s)"
        for i, t in enumerate(targets_of(message))
        if t.get("parts") != expected
    ]


def inbound_status_problems(where: str, message: dict[str, Any]) -> list[str]:
    """Inbound messages are `received`; outbound ones never are."""
    inbound = message.get("direction") == "inbound"
    return [
        f"{where}/targets/{i}/status is {t.get('status')!r} on an {message.get('direction')} message"
        for i, t in enumerate(targets_of(message))
        if (t.get("status") == "received") != inbound
    ]


def send_echo_problems(request: dict[str, Any], message: dict[str, Any]) -> list[str]:
    """A send answers one queued target per destination, in order, echoing each destination."""
    destinations = request.get("destinations") or []
    targets = targets_of(message)
    if len(targets) != len(destinations):
        return [f"/targets has {len(targets)} entries for {len(destinations)} destinations"]
    problems = []
    for i, (target, destination) in enumerate(zip(targets, destinations, strict=True)):
        echoed = target.get("destination") or {}
        if echoed.get("type") != destination.get("type") or echoed.get("target") != destination.get("target"):
            problems.append(f"/targets/{i}/destination is {echoed!r}, but destination {i} sent was {destination!r}")
        if target.get("status") != "queued":
            problems.append(f"/targets/{i}/status is {target.get('status')!r} in the answer to a send, not 'queued'")
    if message.get("text") != request.get("text"):
        problems.append("/text differs from the text sent")
    return problems


def _fail(title: str, problems: list[str]) -> None:
    if problems:
        raise AssertionError(f"{title}: " + "; ".join(problems))


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _answered_messages(response: Any, case: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON pointer, message) for every message in a 200 answer of a message operation; none otherwise."""
    if response.status_code == 200:
        yield from messages_in(case.operation.definition.raw.get("operationId", ""), _json(response))


@schemathesis.check
def target_status_is_known(ctx: Any, response: Any, case: Any) -> bool | None:
    for where, message in _answered_messages(response, case):
        _fail("Unknown target status", unknown_status_problems(where, message))
        _fail("Inbound/outbound status mismatch", inbound_status_problems(where, message))
    return None


@schemathesis.check
def parts_match_segment_count(ctx: Any, response: Any, case: Any) -> bool | None:
    for where, message in _answered_messages(response, case):
        _fail("Target parts disagree with the segment count", parts_problems(where, message))
    return None


@schemathesis.check
def send_answers_one_queued_target_per_destination(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code != 200 or case.operation.definition.raw.get("operationId") != "sendMessage":
        return None
    body = _json(response)
    if isinstance(body, dict) and isinstance(case.body, dict):
        _fail("Send answer does not match the request", send_echo_problems(case.body, body))
    return None
