"""A model of what the suite wrote to its caller's account, and what every later read must show of it.

The stateful test (test_stateful.AccountWorkflow) tells the model each send it made, each delete, each read of a
message and each walk of the list; the model answers with problems, the first field that differs first:
- a field the suite wrote that reads back otherwise, on any read path: the send's answer, GET, a list page, a webhook
  event (`written_problems`);
- two reads of one message that disagree beyond the progress the description allows: a status moving as
  `x-lifecycle` allows, `parts` set at the dispatch, `tm_update` and `tm_delete` set once (`progress_problems`);
- a message that is not the caller's (`caller_problems`), an id answered to two sends;
- a walk of the list that loses, repeats or misorders a message the model holds, or shows one it deleted.
Where a known deviation allows a change (a number normalised, targets rebuilt or reordered by a provider, deleted
messages listed), the functions of voipbin_contract.rules.checks let exactly that through. No I/O here: what the server
answered comes in as JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from voipbin_contract.rules.checks import (
    DELETED_LISTED,
    QUEUED,
    address_problems,
    is_deleted,
    move_problem,
    normalised_as_the_service,
    read_back_problems,
    recipient_number,
    send_echo_problems,
    targets_of,
)
from voipbin_contract.rules.known import Ledger
from voipbin_contract.rules.moments import moment

# What no read may change of a message once it was answered.
STABLE_FIELDS = ("id", "customer_id", "type", "direction", "text", "tm_create")


def written_problems(ledger: Ledger, request: dict[str, Any], message: dict[str, Any]) -> list[str]:
    """A read of a message shows what its send wrote: the text, the source, each destination (checks.
    read_back_problems, with the dispatch's known deviations), and that it went out."""
    problems: list[str] = []
    if message.get("text") != request.get("text"):
        problems.append(f"/text is {message.get('text')!r}, but {request.get('text')!r} was sent")
    if message.get("direction") != "outbound":
        problems.append(f"/direction is {message.get('direction')!r}, but the suite sent it")
    source, shown = request.get("source") or {}, message.get("source")
    problems += address_problems("/source", source, shown)
    number = str(source.get("target", ""))
    if isinstance(shown, dict) and shown.get("target") not in (number, normalised_as_the_service(number)):
        problems.append(f"/source/target is {shown.get('target')!r}, but {number!r} was sent")
    problems += read_back_problems(ledger, list(request.get("destinations") or []), message)
    return problems


def _by_number(targets: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Targets by their number as any path keeps it (a provider rebuilds it as `+` and the digits)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for target in targets:
        number = str((target.get("destination") or {}).get("target", ""))
        found.setdefault(recipient_number(number), []).append(target)
    return found


def _moment_problems(where: str, before: Any, after: Any) -> list[str]:
    """A moment once set stays set and never goes back."""
    if before is None or before == after:
        return []
    if after is None:
        return [f"{where} was {before!r}, then null"]
    earlier, later = moment(before), moment(after)
    if earlier is not None and later is not None and later < earlier:
        return [f"{where} went back from {before!r} to {after!r}"]
    return []


def progress_problems(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Two reads of one message, before then after, agree but for the progress the description allows: each
    target's status moves only forward (never back to `queued`), `parts` changes only from 0 while `queued` (the
    dispatch counts it), `tm_update` and `tm_delete` once set stay set. Targets are paired by number, so that a
    dispatch that reorders or rebuilds them (known deviations, judged by written_problems) is not a change here."""
    problems = [
        f"/{name} changed from {before.get(name)!r} to {after.get(name)!r} between two reads"
        for name in STABLE_FIELDS
        if before.get(name) != after.get(name)
    ]
    if before.get("source") != after.get("source"):
        problems.append(f"/source changed from {before.get('source')!r} to {after.get('source')!r} between two reads")
    problems += _moment_problems("/tm_update", before.get("tm_update"), after.get("tm_update"))
    if is_deleted(before) and not is_deleted(after):
        problems.append(f"/tm_delete was {before.get('tm_delete')!r}, then {after.get('tm_delete')!r}")
    earlier, later = _by_number(targets_of(before)), _by_number(targets_of(after))
    if sorted((n, len(t)) for n, t in earlier.items()) != sorted((n, len(t)) for n, t in later.items()):
        return [*problems, f"/targets went from the numbers {sorted(earlier)} to {sorted(later)} between two reads"]
    for number, pairs in earlier.items():
        for old, new in zip(pairs, later[number], strict=True):
            where = f"the target of {number}"
            status, then = old.get("status"), new.get("status")
            if status != QUEUED and then == QUEUED:
                problems.append(f"{where} went back from {status} to {QUEUED} between two reads")
            elif isinstance(status, str) and isinstance(then, str) and (problem := move_problem(status, then)):
                problems.append(f"{where}: {problem}")
            if old.get("parts") != new.get("parts") and not (old.get("parts") == 0 and status == QUEUED):
                problems.append(f"{where}: parts went from {old.get('parts')} to {new.get('parts')} between two reads")
            problems += _moment_problems(f"{where}: tm_update", old.get("tm_update"), new.get("tm_update"))
    return problems


@dataclass
class Written:
    """One message the suite sent: the send's body, the step that sent it, the message as last read, and the step
    that deleted it (None while it is not)."""

    request: dict[str, Any]
    step: int
    last: dict[str, Any]
    deleted_at: int | None = None


@dataclass
class Model:
    """What one run of the stateful test created and deleted, for the caller it knows: starts empty, so that
    against any server it judges only what the run wrote (and the caller's tenancy, in every message it sees)."""

    ledger: Ledger
    customer_id: str | None
    messages: dict[str, Written] = field(default_factory=dict)
    step: int = 0

    def caller_problems(self, where: str, message: dict[str, Any]) -> list[str]:
        """Every message a caller reads is its own: the customer_id the caller's numbers carry."""
        shown = message.get("customer_id")
        if self.customer_id is None or shown == self.customer_id:
            return []
        return [f"{where}/customer_id is {shown!r}, but the caller is customer {self.customer_id}"]

    def sent(self, request: dict[str, Any], answer: dict[str, Any]) -> list[str]:
        """A send's answer: a new id, the caller's, one queued target per destination, what was written."""
        message_id = str(answer.get("id"))
        where = "the send's answer"
        if message_id in self.messages:
            earlier = self.messages[message_id].step
            return [f"{where}: id {message_id} was already answered to the send of step {earlier}"]
        problems = self.caller_problems(where, answer) + [
            f"{where}: {p}" for p in send_echo_problems(self.ledger, request, answer)
        ]
        problems += [f"{where}: {p}" for p in written_problems(self.ledger, request, answer)]
        problems = list(dict.fromkeys(problems))  # the send's echo and its read-back share the targets' checks
        self.messages[message_id] = Written(request, self.step, answer)
        return problems

    def read(self, where: str, message: dict[str, Any], *, progress: bool = True) -> list[str]:
        """A message as a read path (where) shows it: the caller's; if the model wrote it, what was written, and,
        with progress, no step back from the last read. Events come in any order: they are read without progress."""
        problems = self.caller_problems(where, message)
        written = self.messages.get(str(message.get("id")))
        if written is None:
            return problems
        problems += [f"{where}: {p}" for p in written_problems(self.ledger, written.request, message)]
        if progress:
            problems += [f"{where}: {p}" for p in progress_problems(written.last, message)]
            written.last = message
        return problems

    def deleted(self, message_id: str, answer: dict[str, Any]) -> list[str]:
        """A DELETE's answer: the message, deleted."""
        written = self.messages[message_id]
        problems = [] if is_deleted(answer) else ["the DELETE's answer has no tm_delete"]
        problems += self.read("the DELETE's answer", answer)
        if written.deleted_at is None:
            written.deleted_at = self.step
        return problems

    def live(self) -> list[str]:
        return [i for i, w in self.messages.items() if w.deleted_at is None]

    def oldest(self) -> datetime | None:
        """When the oldest message the model holds was created, as the server answered it."""
        moments = [m for w in self.messages.values() if (m := moment(w.last.get("tm_create"))) is not None]
        return min(moments, default=None)

    def walked_past(self, seen: Iterable[dict[str, Any]]) -> bool:
        """Whether a walk that has listed seen (newest first) can stop: every message the model holds live is
        listed, and the walk reached messages older than all of them."""
        items = list(seen)
        ids = {str(m.get("id")) for m in items}
        oldest, last = self.oldest(), moment(items[-1].get("tm_create")) if items else None
        return set(self.live()) <= ids and oldest is not None and last is not None and last < oldest

    def walk_problems(
        self,
        pages: list[list[dict[str, Any]]],
        page_size: int,
        ended: bool,
        *,
        read: bool = True,
        steps: list[int] | None = None,
    ) -> list[str]:
        """A walk of the list (pages in order; ended: it reached an empty page or walked past the model's
        messages): each message once, newest first, the caller's; each the model holds live, as written and read
        before; none deleted when its page was answered, unless with `tm_delete` set as the known deviation allows.
        steps: the model's step when each page was answered (by default, now: a walk made in one go); what others
        did between the pages (a send, a delete) is judged as it was at the page that shows it, so that a message
        sent or deleted during the walk is not looked for, and a delete is never applied to a page before it.
        read=False: the pages' messages were read one by one already (by a proxy, as each page passed)."""
        steps = steps or [self.step] * len(pages)
        problems: list[str] = []
        seen: dict[str, str] = {}
        previous: tuple[str, datetime] | None = None
        walk = f"walking page_size {page_size}"
        for number, (page, step) in enumerate(zip(pages, steps, strict=True), 1):
            for index, message in enumerate(page):
                where = f"list page {number} /result/{index}"
                message_id = str(message.get("id"))
                if message_id in seen:
                    problems.append(f"{walk}: message {message_id} listed more than once ({seen[message_id]}, {where})")
                    continue
                seen[message_id] = where
                created = moment(message.get("tm_create"))
                if previous is not None and created is not None and created > previous[1]:
                    problems.append(
                        f"{walk}: {where} (tm_create {message.get('tm_create')}) is newer than {previous[0]}"
                        " before it: the list is not newest first"
                    )
                if created is not None:
                    previous = (where, created)
                written = self.messages.get(message_id)
                if written is not None and written.deleted_at is not None and written.deleted_at <= step:
                    example = f"{where} is message {message_id}, deleted at step {written.deleted_at}"
                    if not is_deleted(message):
                        problems.append(f"{example}, listed without tm_delete")
                    elif not self.ledger.tolerates(DELETED_LISTED, example):
                        problems.append(f"{example}: {self.ledger.named(DELETED_LISTED)}")
                if read:
                    problems += self.read(where, message)
        if ended and steps:
            first, last = steps[0], steps[-1]
            problems += [
                f"{walk}: message {message_id}, sent at step {written.step}, never listed"
                f" ({sum(map(len, pages))} messages on {len(pages)} pages)"
                for message_id, written in self.messages.items()
                if written.step < first
                and (written.deleted_at is None or written.deleted_at > last)
                and message_id not in seen
            ]
        return problems
