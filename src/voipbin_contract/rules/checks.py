"""What a server's answers must satisfy beyond their schemas, as plain functions named after each property.

Each `*_problems` function takes answer JSON and returns readable problems (empty when the property holds); the
property tests call them directly, and the functions decorated with `schemathesis.check` run them on every answer
that schemathesis gets. Where the service has a known deviation (openapi.yaml's `x-known-deviations`), the check
lets exactly that through, no more, and tells the run's ledger (voipbin_contract.rules.known), which reports it; in
a strict run it fails instead, naming the deviation. The ledger is the run's, handed to each function that may meet
a deviation, and to `answer_checks`, which binds the schemathesis checks to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from voipbin_contract.rules.description import SPEC, validator
from voipbin_contract.rules.enums import Unlisted, unlisted_in_answer
from voipbin_contract.rules.known import DECLARED, Ledger
from voipbin_contract.rules.moments import era_problems, moment_problems
from voipbin_contract.rules.operations import response_problems
from voipbin_contract.rules.resources import secret_problems
from voipbin_contract.rules.segments import segments as count_segments

# A check as schemathesis runs it on an answer: (context, response, case); it raises AssertionError on a problem.
Check = Callable[[Any, Any, Any], bool | None]

TARGET_STATUSES: tuple[str, ...] = tuple(SPEC["components"]["schemas"]["TargetStatus"]["enum"])
# The documented lifecycle (x-lifecycle on TargetStatus): the direct moves, and the statuses that never change.
_LIFECYCLE: dict[str, Any] = SPEC["components"]["schemas"]["TargetStatus"]["x-lifecycle"]
TERMINAL_STATUSES = frozenset(_LIFECYCLE["final"])
QUEUED: str = _LIFECYCLE["start"]["outbound"]  # where an outbound target starts, before the provider counts
RECEIVED: str = _LIFECYCLE["start"]["inbound"]  # the status of an inbound message's target


def _reachable(moves: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """For each status, every status a target can reach from it through one or more documented moves."""
    reach: dict[str, frozenset[str]] = {}
    for start in moves:
        seen: set[str] = set()
        pending = list(moves[start])
        while pending:
            status = pending.pop()
            if status not in seen:
                seen.add(status)
                pending += moves.get(status, [])
        reach[start] = frozenset(seen)
    return reach


FORWARD = _reachable(_LIFECYCLE["moves"])


def move_problem(before: str, after: str) -> str | None:
    """Why a target's status may not go from before to after, as seen by two reads; None if it may. Statuses
    outside the description's enum are judged elsewhere (unknown, or a provider's status of a known deviation)."""
    if before == after or before not in TARGET_STATUSES or after not in TARGET_STATUSES:
        return None
    if before in TERMINAL_STATUSES:
        return f"a final status changed: {before} became {after}"
    if after not in FORWARD.get(before, frozenset()):
        return f"a target moved from {before} to {after}, which the lifecycle does not lead to"
    return None


MESSAGE_OPERATIONS = frozenset({"sendMessage", "getMessage", "deleteMessage"})

# The known deviations these checks can meet, by id; their facts are read from the description.
PROVIDER_STATUS = "target-status-stops-at-provider"
PARTS_ZERO = "send-answers-parts-zero"
DELETED_LISTED = "deleted-messages-listed"
DELETE_REPEATS = "delete-repeats-200"
NOT_E164 = "send-accepts-non-e164"
OWNERSHIP = "source-ownership-not-checked"
ACCESSKEY_IN_TOKEN = "accesskey-in-token-query-refused"
PROVIDER_STATUSES: tuple[str, ...] = tuple(DECLARED[PROVIDER_STATUS].extra["statuses"])
# What each path of the service's background dispatch does to a message (the `dispatch` of its known deviation),
# by path: `telnyx`, `failed`, `messagebird`; with the deviation's id.
DISPATCH: dict[str, dict[str, Any]] = {
    str(d.extra["dispatch"]["path"]): {**d.extra["dispatch"], "id": d.id}
    for d in DECLARED.values()
    if "dispatch" in d.extra
}
# (JSON Schema keyword, field) of each send rule the service does not check, and the deviation that says so.
LETS_THROUGH = {
    (d.extra["lets_through"]["keyword"], d.extra["lets_through"]["field"]): d.id
    for d in DECLARED.values()
    if "lets_through" in d.extra
}
# The deviations these checks can meet, for the ledger of a run that runs them (Ledger.watch).
MEETS = frozenset(
    {
        PROVIDER_STATUS,
        PARTS_ZERO,
        DELETED_LISTED,
        NOT_E164,
        *LETS_THROUGH.values(),
        *(d["id"] for d in DISPATCH.values()),
    }
)
SEND_REQUEST = validator("#/components/schemas/SendMessageRequest")


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


def is_deleted(message: dict[str, Any]) -> bool:
    """Whether `tm_delete` says deleted: a moment, not null (RFC 3339 era) nor year 9999 (legacy era)."""
    tm_delete = message.get("tm_delete")
    return isinstance(tm_delete, str) and not tm_delete.startswith("9999-")


def unknown_status_problems(ledger: Ledger, where: str, message: dict[str, Any]) -> list[str]:
    """Every target status is one of TargetStatus; a provider's status of the known deviation passes on outbound
    messages only."""
    problems = []
    for i, target in enumerate(targets_of(message)):
        status = target.get("status")
        if status in TARGET_STATUSES:
            continue
        place = f"{where}/targets/{i}/status is {status!r}, which is not a TargetStatus"
        if status in PROVIDER_STATUSES and message.get("direction") == "outbound":
            if ledger.tolerates(PROVIDER_STATUS, f"{place} (message {message.get('id')})"):
                continue
            problems.append(f"{place}: {ledger.named(PROVIDER_STATUS)}")
        else:
            problems.append(f"{place} ({', '.join(TARGET_STATUSES)}) nor a provider status of a known deviation")
    return problems


def written_back(message: dict[str, Any]) -> bool:
    """Whether the message was written after it was created: `tm_update` set, and not by a delete."""
    tm_update = message.get("tm_update")
    return isinstance(tm_update, str) and tm_update != message.get("tm_create") and not is_deleted(message)


def left_by_dispatch(message: dict[str, Any]) -> str | None:
    """The dispatch path (`telnyx`, `failed`) that leaves every target of message as its data says (the same status
    and parts on each), told apart by whether the message was written back; None if the targets are not all so.
    Before its dispatch a message looks like the failed path's: only time tells them apart."""
    targets = targets_of(message)
    for path, rule in DISPATCH.items():
        if "status" not in rule or bool(rule["message_updated"]) != written_back(message):
            continue
        if targets and all(t.get("status") == rule["status"] and t.get("parts") == rule["parts"] for t in targets):
            return path
    return None


def rebuilt_by_provider(message: dict[str, Any]) -> bool:
    """Whether every target is a provider's recipient as the rebuilding deviation's data says: a provider's
    status, the forced type, none of the dropped fields."""
    rule = DISPATCH.get("messagebird")
    targets = targets_of(message)
    return (
        rule is not None
        and bool(targets)
        and all(
            t.get("status") in PROVIDER_STATUSES
            and isinstance(t.get("destination"), dict)
            and t["destination"].get("type") == rule["type"]
            and not set(rule["dropped"]) & t["destination"].keys()
            for t in targets
        )
    )


def dispatch_path(message: dict[str, Any]) -> str | None:
    """The dispatch path a message shows the marks of (`telnyx`, `failed`, `messagebird`), or None."""
    left = left_by_dispatch(message)
    if left is not None:
        return left
    return "messagebird" if rebuilt_by_provider(message) else None


def parts_problems(ledger: Ledger, where: str, message: dict[str, Any]) -> list[str]:
    """Each target's parts is the number of SMS segments of the message's text. 0 passes only on a target still
    `queued`, and only while every target of the message is so: before the dispatch (the known deviation of the
    send's answer), or for good after a dispatch that leaves them so (the Telnyx path's deviation)."""
    text = message.get("text")
    if not isinstance(text, str):
        return []
    expected = count_segments(text)
    problems = []
    for i, target in enumerate(targets_of(message)):
        parts = target.get("parts")
        if parts == expected:
            continue
        place = f"{where}/targets/{i}/parts is {parts!r}, but the text takes {expected} segment(s)"
        if parts == 0 and target.get("status") == QUEUED:
            path = left_by_dispatch(message)
            if path is None:
                problems.append(
                    f"{place}: a target may stay {QUEUED} with parts 0 only while every target of its message does"
                )
                continue
            deviation = PARTS_ZERO if path == "failed" else str(DISPATCH[path]["id"])
            if ledger.tolerates(deviation, f"{place} (status {QUEUED}, message {message.get('id')})"):
                continue
            problems.append(f"{place}: {ledger.named(deviation)}")
        else:
            problems.append(place)
    return problems


def inbound_status_problems(where: str, message: dict[str, Any]) -> list[str]:
    """Inbound messages are `received`; outbound ones never are."""
    inbound = message.get("direction") == "inbound"
    return [
        f"{where}/targets/{i}/status is {t.get('status')!r} on an {message.get('direction')} message"
        for i, t in enumerate(targets_of(message))
        if (t.get("status") == RECEIVED) != inbound
    ]


def deleted_listed_problems(ledger: Ledger, page: Any) -> list[str]:
    """A list shows no deleted message; as the known deviation, one may show, but only with `tm_delete` set (a
    deleted message without it is not recognisable as deleted, and fails here only if fetching it is 404)."""
    problems = []
    for where, message in messages_in("listMessages", page):
        if not is_deleted(message):
            continue
        place = f"{where} is a deleted message (tm_delete {message.get('tm_delete')!r}), listed"
        if not ledger.tolerates(DELETED_LISTED, f"{place} (message {message.get('id')})"):
            problems.append(f"{place}: {ledger.named(DELETED_LISTED)}")
    return problems


def normalised_as_the_service(target: str) -> str:
    """A number as the known deviation says the service normalises it: trimmed, a `+` kept only in front, every
    other character but the ASCII digits dropped; a value with no digit stays as it was."""
    trimmed = target.strip()
    digits = "".join(c for c in trimmed if "0" <= c <= "9")
    return (("+" if trimmed.startswith("+") else "") + digits) if digits else target


# The fields of an Address the description names, but its number (judged apart: a service may normalise it).
ADDRESS_FIELDS = tuple(name for name in SPEC["components"]["schemas"]["Address"]["properties"] if name != "target")


def address_problems(where: str, sent: dict[str, Any], shown: Any) -> list[str]:
    """Every field of an address that the description names and was sent reads back as sent; an empty one may be
    left out, as the description says of answers. Fields it does not name may go."""
    if not isinstance(shown, dict):
        return [f"{where} is {shown!r}, but {sent!r} was sent"]
    return [
        f"{where}/{name} is {shown.get(name)!r}, but {sent[name]!r} was sent"
        for name in ADDRESS_FIELDS
        if sent.get(name) not in ("", None) and shown.get(name) != sent[name]
    ]


def echo_problems(ledger: Ledger, index: int, sent: dict[str, Any], echoed: dict[str, Any]) -> list[str]:
    """A target's destination is the destination sent, every field (an empty one may be left out, as the
    description says of answers). A `tel` number that is not E.164 comes back normalised, as the known deviation
    says the service normalises what it accepts, and no other way: kept as written, it fails."""
    if echoed.get("type", "") != sent.get("type", ""):
        return [f"/targets/{index}/destination is {echoed!r}, but destination {index} sent was {sent!r}"]
    problems = address_problems(f"/targets/{index}/destination", sent, echoed)
    sent_target, echoed_target = sent.get("target", ""), echoed.get("target", "")
    tel = sent.get("type") == "tel" and isinstance(sent_target, str)
    normalised = normalised_as_the_service(sent_target) if tel else sent_target
    if echoed_target == sent_target == normalised:
        return problems
    place = f"/targets/{index}/destination is {echoed!r}, but destination {index} sent was {sent!r}"
    if echoed_target == sent_target:
        return [f"{place}: kept as written, where a server that accepts it must normalise it to {normalised!r}"]
    if echoed_target == normalised:
        return problems if ledger.tolerates(NOT_E164, place) else [f"{place}: {ledger.named(NOT_E164)}"]
    return [place]


def send_echo_problems(ledger: Ledger, request: dict[str, Any], message: dict[str, Any]) -> list[str]:
    """A send answers one queued target per destination, in order, echoing each destination (as the service reads
    the request: as_the_service_reads)."""
    request = as_the_service_reads(request)
    destinations = request.get("destinations") or []
    targets = targets_of(message)
    if len(targets) != len(destinations):
        return [f"/targets has {len(targets)} entries for {len(destinations)} destinations"]
    problems = []
    for i, (target, destination) in enumerate(zip(targets, destinations, strict=True)):
        problems += echo_problems(ledger, i, destination, target.get("destination") or {})
        if target.get("status") != QUEUED:
            problems.append(f"/targets/{i}/status is {target.get('status')!r} in the answer to a send, not {QUEUED!r}")
    # A send without text is sent as "" (the service binds it to a plain Go string: send-accepts-missing-text).
    if message.get("text") != request.get("text", ""):
        problems.append("/text differs from the text sent")
    return problems


def recipient_number(target: str) -> str:
    """A number as a provider's recipient gives it back: `+` and the number as an integer."""
    digits = "".join(c for c in target if "0" <= c <= "9").lstrip("0")
    return f"+{digits or '0'}"


def _matched(destinations: list[dict[str, Any]], expected: list[str], targets: list[dict[str, Any]]) -> list[int]:
    """For each destination, the index of its target among targets in another order: the first with its number
    that kept its other fields, else the first with its number. A number sent twice is told apart by those fields:
    the destinations that have the most are matched first, so that one without any takes what is left."""
    remaining = list(range(len(targets)))
    order = [0] * len(destinations)
    fields = [sum(1 for name in ADDRESS_FIELDS if d.get(name) not in ("", None)) for d in destinations]
    for i in sorted(range(len(destinations)), key=lambda i: -fields[i]):
        same = [k for k in remaining if str((targets[k].get("destination") or {}).get("target", "")) == expected[i]]
        kept = [k for k in same if not address_problems("", destinations[i], targets[k].get("destination") or {})]
        order[i] = (kept or same)[0]
        remaining.remove(order[i])
    return order


def read_back_problems(ledger: Ledger, destinations: list[dict[str, Any]], message: dict[str, Any]) -> list[str]:
    """A message read after its send shows the destinations sent, one target each, in the order sent (as
    echo_problems judges each). After a dispatch whose known deviation allows it (its data's `order: any`), the
    targets may come in another order, each number still once; rebuilt by a provider (`destination: rebuilt`), a
    target takes the forced type and loses the dropped fields, but keeps its number."""
    targets = targets_of(message)
    if len(targets) != len(destinations):
        return [f"/targets has {len(targets)} entries for {len(destinations)} destinations"]
    path = dispatch_path(message)
    if path == "failed" and is_deleted(message):  # the delete wrote tm_update: the dispatch may have too, or not
        path = next((p for p, r in DISPATCH.items() if r.get("status") == QUEUED and r["message_updated"]), path)
    rule = DISPATCH.get(path, {}) if path else {}
    rebuilt = rule.get("destination") == "rebuilt"
    numbers = [str(d.get("target", "")) for d in destinations]
    expected = [recipient_number(n) if rebuilt else normalised_as_the_service(n) for n in numbers]
    shown = [str((t.get("destination") or {}).get("target", "")) for t in targets]
    problems: list[str] = []
    order = list(range(len(targets)))
    if rule.get("order") == "any" and sorted(shown) == sorted(expected):
        order = _matched(destinations, expected, targets)
        if order != sorted(order):
            example = f"/targets came as {shown}, the destinations were sent as {numbers} (message {message.get('id')})"
            if not ledger.tolerates(str(rule["id"]), example):
                problems.append(f"{example}: {ledger.named(str(rule['id']))}")
    elif shown != expected and not rebuilt:
        return [f"/targets came back in the order {shown}, the destinations were sent as {numbers}"]
    for i, (sent, index) in enumerate(zip(destinations, order, strict=True)):
        echoed = targets[index].get("destination") or {}
        if not rebuilt:
            problems += echo_problems(ledger, i, sent, echoed)
            continue
        if echoed.get("target") != expected[i]:
            problems.append(
                f"/targets/{index}/destination is {echoed!r}: a rebuilt target keeps its number, but destination"
                f" {i} sent was {sent!r}"
            )
        elif sent.get("type") != rule["type"] or any(sent.get(field) for field in rule["dropped"]):
            example = f"/targets/{index}/destination is {echoed!r}, destination {i} sent was {sent!r}"
            if not ledger.tolerates(str(rule["id"]), example):
                problems.append(f"{example}: {ledger.named(str(rule['id']))}")
    return problems


def send_rules_broken(request: Any) -> Iterator[tuple[str, str | None]]:
    """Where a send breaks SendMessageRequest: (the place and rule, said; the known deviation that lets it through,
    if one does)."""
    for error in SEND_REQUEST.iter_errors(as_the_service_reads(request)):
        path = "/" + "/".join(str(part) for part in error.absolute_path)
        if error.validator == "required":  # the field is the one missing, not the object that misses it
            for missing in missing_fields(error.validator_value, error.instance, str(error.message)):
                place = f"{path} breaks the rule 'required' of SendMessageRequest ({missing!r} is a required property)"
                yield place, LETS_THROUGH.get(("required", missing))
            continue
        field = error.absolute_path[-1] if error.absolute_path else None
        place = f"{path} breaks the rule {error.validator!r} of SendMessageRequest ({error.message})"
        yield place, LETS_THROUGH.get((str(error.validator), field))


def as_the_service_reads(value: Any) -> Any:
    """A send's body as the service reads it (sendMessage's description): a `null` field as a missing one, a `null`
    address of `destinations` as an address with no fields."""
    if isinstance(value, dict):
        return {key: as_the_service_reads(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [{} if item is None else as_the_service_reads(item) for item in value]
    return value


def missing_fields(required: Any, instance: Any, message: str) -> list[str]:
    """The fields a `required` error is about: jsonschema raises one error per missing field, naming it (quoted) in
    its message only."""
    absent = [str(name) for name in required if isinstance(instance, dict) and name not in instance]
    return [name for name in absent if message.startswith(repr(name))] or absent


def accepted_send_problems(ledger: Ledger, request: Any) -> list[str]:
    """A send the server accepted breaks no rule of SendMessageRequest; as the known deviations, it may break the
    rules the service does not check (`lets_through`), and no other."""
    problems = []
    for place, deviation in send_rules_broken(request):
        if deviation is None:
            problems.append(place)
        elif not ledger.tolerates(deviation, place):
            problems.append(f"{place}: {ledger.named(deviation)}")
    return problems


def repeated_delete_problems(ledger: Ledger, example: str, status: int, body: Any) -> list[str]:
    """A DELETE of a message deleted before (example says which, and what it answered): 404; as the known
    deviation, 200 with the message, `tm_delete` set."""
    if status == 404:
        return []
    if status != 200:
        return [f"{example}, not 404"]
    if not ledger.tolerates(DELETE_REPEATS, example):
        return [f"{example}: {ledger.named(DELETE_REPEATS)}"]
    return [] if is_deleted(body) else [f"{example} with a message without tm_delete"]


def envelope_problems(status: int, body: Any, expected: int) -> list[str]:
    """An answer of status `expected` with the error envelope (status, reason, message, request_id)."""
    if status != expected:
        return [f"answered {status}, not {expected}"]
    error = body.get("error") if isinstance(body, dict) else None
    missing = sorted(
        {"status", "reason", "message", "request_id"} - (error.keys() if isinstance(error, dict) else set())
    )
    return [f"answered {status} without the error envelope's {', '.join(missing)}"] if missing else []


def refused_or_known_problems(ledger: Ledger, request: Any, status: int, body: Any) -> list[str]:
    """A send that breaks the documented contract is refused (400 with the envelope), or, as a known deviation,
    accepted with nothing but the deviation's leniency in its answer."""
    if status != 200:
        return envelope_problems(status, body, 400)
    answer = body if isinstance(body, dict) else {}
    problems = accepted_send_problems(ledger, request) + send_echo_problems(ledger, request, answer)
    return [f"the server accepted an invalid send: {problem}" for problem in problems]


# The known deviation that lets a send through with any address type: its (keyword, field) in LETS_THROUGH.
ANY_ADDRESS_TYPE = LETS_THROUGH.get(("enum", "type"))


def unlisted_value_problems(ledger: Ledger, operation_id: str, status: int, body: Any) -> list[str]:
    """No answer carries a value its open enums do not list (voipbin_contract.rules.enums), naming the field and the
    value."""
    messages = list(messages_in(operation_id, body)) if status == 200 else []
    return judge_unlisted(ledger, unlisted_in_answer(operation_id, status, body), messages)


def judge_unlisted(ledger: Ledger, found: list[Unlisted], messages: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Each value found outside its enum is a problem, but two: a target's status is judged apart
    (target_status_is_known, with the provider statuses of its deviation), and an address type passes on an
    outbound message (one of messages, by its JSON pointer), as the deviation that lets a send through with any
    type: the customer sent it."""
    problems = []
    for one in found:
        if one.enum == "TargetStatus":
            continue
        listed = ", ".join(repr(value) for value in one.listed)
        place = f"{one.where} is {one.value!r}, which {one.enum} does not list ({listed})"
        owner = next((m for where, m in messages if one.where.startswith(f"{where}/")), None)
        if one.enum == "AddressType" and owner and owner.get("direction") == "outbound" and ANY_ADDRESS_TYPE:
            if not ledger.tolerates(ANY_ADDRESS_TYPE, f"{place} (message {owner.get('id')})"):
                problems.append(f"{place}: {ledger.named(ANY_ADDRESS_TYPE)}")
            continue
        problems.append(f"{place}: a value the description does not list (add it, if the service sends it)")
    return problems


def fail_on(title: str, problems: list[str]) -> None:
    """A check's failure: AssertionError, titled as schemathesis names a failed check, when there are problems."""
    if problems:
        raise AssertionError(f"{title}: " + "; ".join(problems))


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def operation_id_of(case: Any) -> str:
    """The operationId of a schemathesis case's operation."""
    return str(case.operation.definition.raw.get("operationId", ""))


# The HTTP status each error class is answered with (x-http-status on ErrorStatus).
HTTP_STATUS_OF: dict[str, int] = {
    str(name): int(code) for name, code in SPEC["components"]["schemas"]["ErrorStatus"]["x-http-status"].items()
}
_CLASSED_STATUSES = frozenset(HTTP_STATUS_OF.values())


def error_status_problems(http_status: int, body: Any) -> list[str]:
    """An error envelope's `status` is the class of its HTTP status. A class the description does not know yet
    passes (ErrorDetail.status is an open enum), and so does an HTTP status it gives no class (405, say)."""
    error = body.get("error") if isinstance(body, dict) else None
    status = error.get("status") if isinstance(error, dict) else None
    if http_status not in _CLASSED_STATUSES or not isinstance(status, str) or status not in HTTP_STATUS_OF:
        return []
    if HTTP_STATUS_OF[status] == http_status:
        return []
    return [
        f"/error/status is {status}, the class of HTTP {HTTP_STATUS_OF[status]}, on an answer of HTTP {http_status}"
    ]


# The rules an answer alone must satisfy (no request needed to judge it), by the name of the property each asserts:
# each gives (title, problems) for an answer (operationId, HTTP status, JSON body) under the run's ledger. The
# schemathesis checks below, the suite's own calls (voipbin_contract.runner.api) and the traffic judge all run them.
Found = Iterator[tuple[str, list[str]]]  # (title, problems) of a rule
AnswerRule = Callable[[Ledger, str, int, Any], Found]


def error_status_matches_http_status(
    ledger: Ledger, op: str, status: int, body: Any
) -> Iterator[tuple[str, list[str]]]:
    if status >= 400:
        yield "Error status disagrees with the HTTP status", error_status_problems(status, body)


def target_status_is_known(ledger: Ledger, op: str, status: int, body: Any) -> Found:
    for where, message in messages_in(op, body) if status == 200 else ():
        yield "Unknown target status", unknown_status_problems(ledger, where, message)
        yield "Inbound/outbound status mismatch", inbound_status_problems(where, message)


def enum_values_are_listed(ledger: Ledger, op: str, status: int, body: Any) -> Found:
    yield "A value the description's enum does not list", unlisted_value_problems(ledger, op, status, body)


def parts_match_segment_count(ledger: Ledger, op: str, status: int, body: Any) -> Found:
    for where, message in messages_in(op, body) if status == 200 else ():
        yield "Target parts disagree with the segment count", parts_problems(ledger, where, message)


def deleted_messages_are_not_listed(ledger: Ledger, op: str, status: int, body: Any) -> Found:
    if status == 200 and op == "listMessages":
        yield "A deleted message is listed", deleted_listed_problems(ledger, body)


def moments_are_in_order(ledger: Ledger, op: str, status: int, body: Any) -> Found:
    if status == 200:
        yield "A moment out of order", moment_problems(body)
        yield "Two eras in one answer", era_problems(body)


def access_key_secret_not_shown(ledger: Ledger, op: str, status: int, body: Any) -> Found:
    if status == 200 and op in ("listAccesskeys", "getAccesskey"):
        yield "An access key's secret is shown", secret_problems(body)


def response_conforms_to_schema(ledger: Ledger, op: str, status: int, body: Any) -> Found:
    """Schemathesis' response_schema_conformance, for the answers the suite's own calls get (schemathesis' tests run
    that check of its own instead)."""
    yield "Response violates schema", response_problems(op, status, body)


ANSWER_RULES: tuple[AnswerRule, ...] = (
    error_status_matches_http_status,
    target_status_is_known,
    enum_values_are_listed,
    parts_match_segment_count,
    deleted_messages_are_not_listed,
    moments_are_in_order,
    access_key_secret_not_shown,
)


def answer_problems(
    ledger: Ledger, op: str, status: int, body: Any, rules: tuple[AnswerRule, ...] = ANSWER_RULES
) -> Iterator[tuple[str, str, list[str]]]:
    """(rule, title, problems) for each of rules an answer breaks."""
    for rule in rules:
        for title, problems in rule(ledger, op, status, body):
            if problems:
                yield rule.__name__, title, problems


def _as_check(ledger: Ledger, rule: AnswerRule) -> Check:
    def check(ctx: Any, response: Any, case: Any) -> bool | None:
        for title, problems in rule(ledger, operation_id_of(case), response.status_code, _json(response)):
            fail_on(title, problems)
        return None

    check.__name__ = check.__qualname__ = rule.__name__  # schemathesis names a failed check by its function's name
    return check


def answer_checks(ledger: Ledger) -> list[Check]:
    """This module's checks as schemathesis runs them on every answer beside its own (`additional_checks`), each
    named after the property it asserts and bound to the run's ledger: the rules of an answer alone, and those that
    judge an answer against its request."""

    def send_answers_one_queued_target_per_destination(ctx: Any, response: Any, case: Any) -> bool | None:
        if response.status_code != 200 or operation_id_of(case) != "sendMessage":
            return None
        body = _json(response)
        if isinstance(body, dict) and isinstance(case.body, dict):
            fail_on("Send answer does not match the request", send_echo_problems(ledger, case.body, body))
        return None

    def send_refuses_what_the_contract_forbids(ctx: Any, response: Any, case: Any) -> bool | None:
        """schemathesis' negative_data_rejection for sendMessage (turned off for it in schemathesis.toml), with the
        known deviations: a send that breaks SendMessageRequest is refused, unless it breaks only what they allow."""
        meta = getattr(case, "meta", None)
        if operation_id_of(case) != "sendMessage" or not (200 <= response.status_code < 300) or meta is None:
            return None
        if meta.generation.mode.is_negative:
            problems = accepted_send_problems(ledger, case.body)
            fail_on("A send that breaks the documented contract was accepted", problems)
        return None

    return [
        *(_as_check(ledger, rule) for rule in ANSWER_RULES),
        send_answers_one_queued_target_per_destination,
        send_refuses_what_the_contract_forbids,
    ]
