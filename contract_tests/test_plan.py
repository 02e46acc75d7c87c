"""The plan: the sends that tell the most, made first against any server, within the send budget; then hypothesis
explores with what is left (test_properties.py, test_stateful_model.py).

In order: texts at every segment boundary of both encodings; texts beyond ASCII read back byte-identical on every
path; a destination named twice; one text sent twice; sends until every dispatch path the description names has been
taken (or the budget ends); the list after the dispatch against GET; a field the service does not know. Every
message is judged by the plan's model on every read (voipbin_contract.runner.plan); what a step could not reach is
said, with the reason, in the run's report.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from voipbin_contract.rules import segments
from voipbin_contract.rules.checks import (
    DELETE_REPEATS,
    DISPATCH,
    QUEUED,
    deleted_listed_problems,
    is_deleted,
    judge_unlisted,
    left_by_dispatch,
    move_problem,
    repeated_delete_problems,
    targets_of,
    written_back,
)
from voipbin_contract.rules.events import (
    UNORDERED,
    method_problems,
    order_problems,
    repeated_problems,
    schema_problems,
    signature_problems,
    unlisted_in_event,
)
from voipbin_contract.rules.model import progress_problems
from voipbin_contract.runner.account import webhook
from voipbin_contract.runner.api import Api
from voipbin_contract.runner.plan import Plan
from voipbin_contract.runner.polling import dispatched

# Texts with the segment count Twilio's calculator gives them (voipbin_contract/rules/segment_vectors.json): the ones
# at each boundary are sent.
VECTORS = {vector["text"]: vector for vector in segments.vectors() if vector["text"]}
(GSM_SINGLE, GSM_PART), (UCS_SINGLE, UCS_PART) = segments.LIMITS["GSM-7"], segments.LIMITS["UCS-2"]
EMOJI = "\U0001f600"
BOUNDARIES = [
    *("a" * n for n in (GSM_SINGLE, GSM_SINGLE + 1, 2 * GSM_PART, 2 * GSM_PART + 1)),
    *("ж" * n for n in (UCS_SINGLE, UCS_SINGLE + 1, 2 * UCS_PART, 2 * UCS_PART + 1)),
    # An extension character (two septets, never split) at the end of the first part and across the second's end.
    "a" * (GSM_SINGLE - 1) + "{",
    "a" * (2 * GSM_PART - 1) + "{",
    # A surrogate pair (two UTF-16 units, never split) across the end of the first part.
    "a" * (UCS_PART - 1) + EMOJI * 3,
]
# Texts beyond ASCII that encodings, escaping and templates tend to change.
NON_ASCII = [
    "Grüße aus Köln, ¿qué tal? ✓ — 10 €",
    f"日本語のテキスト {EMOJI} 안녕하세요",
    '👨\u200d👩\u200d👧\u200d👦 Tom & Jerry <b>"hi"</b> it\'s e\u0301',
]
# The deviations the plan can meet besides those of its rules (the session watches them for the run's ledger).
MEETS = frozenset({DELETE_REPEATS})
# Plain sends a step may add, at most, to meet what it looks for (a path that counts parts, each dispatch path).
EXTRA_SENDS = 4


def to(api: Api, *names: str) -> list[dict[str, Any]]:
    """Destinations: the first allowed number, once per name given (a name on each), or once without one."""
    number = api.destination("+31616818985")
    return [{"type": "tel", "target": number} | ({"name": name} if name else {}) for name in names or ("",)]


def settle(plan: Plan, api: Api) -> None:
    with api.client() as http:
        problems = plan.settle(api, http)
    assert not problems, "; ".join(problems[:3])


def test_texts_at_every_segment_boundary_take_the_segments_the_calculator_counts(api, plan):
    """Each target's parts, once the provider has counted, is what Twilio's calculator says for the text, at the
    boundaries of both encodings (the mock's own counter is held to every vector by its tests). A path that never
    counts (a known deviation) leaves parts 0; plain sends follow until one message takes a path that counts,
    within the budget."""
    api.require_send()
    assert all(text in VECTORS for text in BOUNDARIES), "segment_vectors.json lacks a boundary of the plan"
    sent = [(one, VECTORS[text]) for text in BOUNDARIES if (one := plan.send(api, to(api), text)) is not None]
    settle(plan, api)
    for _ in range(EXTRA_SENDS):
        if not sent or any(left_by_dispatch(one.settled or {}) is None for one, _ in sent):
            break
        again = plan.send(api, to(api), BOUNDARIES[1])
        if again is None:
            break
        sent.append((again, VECTORS[BOUNDARIES[1]]))
        settle(plan, api)
    counted = [(one, vector) for one, vector in sent if left_by_dispatch(one.settled or {}) is None]
    if not counted:
        why = f"none of the {len(sent)} messages sent took a dispatch path that counts parts"
        api.reach.missed("parts agree with an outside segment calculator", why)
        pytest.skip(why)
    wrong = [
        f"{vector['encoding']} text of {len(vector['text'])} characters {vector['text'][:40]!r}: parts {t.get('parts')}"
        f", the calculator says {vector['segments']} (message {one.id})"
        for one, vector in counted
        for t in targets_of(one.settled or {})
        if t.get("status") != QUEUED and t.get("parts") != vector["segments"]
    ]
    queued = [one.id for one, _ in counted if any(t.get("status") == QUEUED for t in targets_of(one.settled or {}))]
    assert not queued, f"messages still queued after the dispatch, their parts never counted: {queued[:3]}"
    assert not wrong, f"{len(wrong)} of {len(counted)} disagree with {segments.GENERATOR}: " + "; ".join(wrong[:3])


def test_texts_beyond_ascii_read_back_byte_identical_on_every_path(api, plan, target):
    """The send's answer, GET after the dispatch, the list and every webhook event show each text as sent."""
    api.require_send()
    sent = [one for text in NON_ASCII if (one := plan.send(api, to(api, "Ünïcode & <markup>"), text)) is not None]
    if not sent:
        pytest.skip("nothing could be sent: the budget is spent or the balance short")
    settle(plan, api)
    problems = list_problems(plan, api, [one.id for one in sent])
    if target.webhooks is None:
        api.reach.missed("texts beyond ASCII in webhook events", "no webhook receiver (--voipbin-webhook-listen)")
    else:
        seconds = target.patience
        events = target.webhooks.wait_for_each([one.id for one in sent], "message_created", seconds)
        for event in events:
            data = event.get("data")
            if isinstance(data, dict):
                problems += plan.model.read(f"the {event.get('type')} event", data, progress=False)
        created = {e["data"]["id"] for e in events if e.get("type") == "message_created"}
        problems += [
            f"no message_created event came for {one.id} in {seconds} s" for one in sent if one.id not in created
        ]
    assert not problems, "; ".join(problems[:3])


def listed(api: Api, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The messages of the list, walked a page of 100 at a time until every one of ids is seen or the list ends."""
    found: dict[str, dict[str, Any]] = {}
    token = ""
    with api.client() as http:
        for _ in range(100):
            page = http.get("/v1.0/messages", params={"page_size": 100} | ({"page_token": token} if token else {}))
            assert page.status_code == 200, f"the list answered {page.status_code}: {page.text[:300]}"
            result = page.json()["result"]
            found |= {str(m.get("id")): m for m in result}
            token = page.json()["next_page_token"]
            if not result or set(ids) <= found.keys():
                break
    return found


def list_problems(plan: Plan, api: Api, ids: list[str]) -> list[str]:
    """The messages of ids as the list shows them, each judged by the model."""
    found = listed(api, ids)
    problems = [f"message {i} is not listed ({len(found)} messages listed)" for i in ids if i not in found]
    return problems + [p for i in ids if i in found for p in plan.model.read(f"the list's {i}", found[i])]


def test_a_destination_named_twice_makes_two_targets(api, plan):
    """One target per destination, a number named twice included: each keeps its own name, in order."""
    api.require_send()
    if plan.send(api, to(api, "first", "second"), "one number, two destinations") is None:
        pytest.skip("nothing could be sent: the budget is spent or the balance short")
    settle(plan, api)


def test_one_text_sent_twice_is_two_messages(api, plan):
    """Two sends of one body are two messages: two ids (the model fails an id answered twice), both listed."""
    api.require_send()
    twice = [plan.send(api, to(api), "the same text, twice") for _ in range(2)]
    if None in twice:
        pytest.skip("nothing could be sent: the budget is spent or the balance short")
    settle(plan, api)
    problems = list_problems(plan, api, [one.id for one in twice if one is not None])
    assert not problems, "; ".join(problems[:3])


def test_a_number_against_e164_is_refused_or_normalised(api, ledger):
    """The first allowed number with spaces in it: refused with the envelope, or, as the known deviation, accepted
    and normalised as the service normalises (kept as written, it fails)."""
    api.require_send()
    digits = api.destination("+31616818985").removeprefix("+")
    spaced = f"+{digits[:2]} {digits[2:5]} {digits[5:]}"
    response = api.send([{"type": "tel", "target": spaced}], "a number with spaces")
    problems = api.refused_or_known(response)
    assert not problems, "; ".join(problems)


def test_a_deleted_message_is_gone(api, ledger):
    """Fetching it is 404; it is not listed, and a second DELETE is 404. Every broken rule is reported at once."""
    sent = api.send([{"type": "tel", "target": api.destination("+31616818985")}])
    assert sent.status_code == 200, sent.text[:300]
    message_id = sent.json()["id"]
    problems: list[str] = []
    with api.client() as http:
        deleted = http.delete(f"/v1.0/messages/{message_id}")
        assert deleted.status_code == 200, deleted.text[:300]
        assert is_deleted(deleted.json()), "delete left tm_delete unset"
        again = http.get(f"/v1.0/messages/{message_id}")
        if again.status_code != 404:
            problems.append(f"a deleted message is still readable: {again.status_code}")
        listed = [m for m in http.get("/v1.0/messages").json()["result"] if m["id"] == message_id]
        problems += [f"a deleted message is listed without tm_delete: {m}" for m in listed if not is_deleted(m)]
        problems += deleted_listed_problems(ledger, {"result": [m for m in listed if is_deleted(m)]})
        twice = http.delete(f"/v1.0/messages/{message_id}")
        example = f"a second DELETE of {message_id} answered {twice.status_code}"
        body = twice.json() if twice.status_code == 200 else None
        problems += repeated_delete_problems(ledger, example, twice.status_code, body)
    assert problems == [], "; ".join(problems)


def test_every_change_of_a_message_reaches_the_webhook_once_signed(api, target, ledger):
    """message_created, a message_updated when the dispatch writes the message, message_deleted: each once, signed
    with the webhook's secret, valid against the description's webhooks; in the order of the changes, or, as the
    known deviation, in any order."""
    if target.webhooks is None:
        pytest.skip(
            "no webhook receiver: set --voipbin-webhook-listen (host:port that the customer's webhook URL reaches)"
        )
    customer = webhook(target)
    secret = target.webhook_secret or customer.secret
    if secret is None:
        pytest.skip(
            f"no webhook secret: {customer.unread or 'GET /v1.0/customer shows none'}; set VOIPBIN_WEBHOOK_SECRET"
        )
    number = api.destination("+31616818985")
    sent = api.send([{"type": "tel", "target": number}], "webhook test")
    assert sent.status_code == 200, sent.text[:300]
    message_id = sent.json()["id"]
    seconds = target.patience
    with api.client() as http:
        settled = dispatched(http, [message_id], target)[message_id]
        if written_back(settled):  # the dispatch wrote the message: an event reports it
            target.webhooks.wait_for(message_id, {"message_created", "message_updated"}, seconds)
        assert http.delete(f"/v1.0/messages/{message_id}").status_code == 200
    events = target.webhooks.wait_for(message_id, {"message_created", "message_deleted"}, seconds)
    why = {401: "no signature header: every event is signed", 413: "over 1 MiB"}
    problems: list[str] = [
        f"a delivery was refused unread: {status} ({why.get(status, '')})" for status, _ in target.webhooks.refused
    ][:1]
    for delivery, event in events:
        problems += signature_problems(delivery, secret) + schema_problems(event)
        problems += method_problems(ledger, delivery, customer.method)
        problems += judge_unlisted(ledger, unlisted_in_event(event), [("/data", event.get("data") or {})])
    bodies = [event for _, event in events]
    kinds = [str(event.get("type")) for event in bodies]
    problems += [f"{kind} came {kinds.count(kind)} times" for kind in ("message_created", "message_deleted")
                 if kinds.count(kind) != 1]  # fmt: skip
    problems += repeated_problems(bodies)
    unordered = order_problems(kinds)
    if unordered and kinds.count("message_created") == kinds.count("message_deleted") == 1:
        example = f"events of message {message_id} came as {kinds}"
        if not ledger.tolerates(UNORDERED, example):
            problems.append(f"{example}: {ledger.named(UNORDERED)}")
    elif unordered:
        problems += unordered
    else:  # in order: each update may only move the targets forward
        statuses = [[t.get("status") for t in event.get("data", {}).get("targets", [])] for event in bodies]
        for before, after in itertools.pairwise(statuses):
            problems += [p for b, a in zip(before, after, strict=False) if (p := move_problem(b, a))]
    updates = [event.get("data", {}) for event in bodies if event.get("type") == "message_updated"]
    if written_back(settled) and not any(u.get("targets") == settled.get("targets") for u in updates):
        problems.append(f"the dispatch made the targets {settled.get('targets')}, but no message_updated showed them")
    assert not problems, f"webhook events of message {message_id}: " + "; ".join(problems[:4])


def test_every_dispatch_path_the_description_names_is_taken(api, plan, target):
    """The description names the paths a send may take (each a known deviation's `dispatch`: Telnyx, MessageBird,
    failed) beside the documented lifecycle: plain sends follow, within the budget, until each has been taken; each
    message is judged as its path allows. A path no message took is said, not failed: a server chooses it."""
    api.require_send()
    settle(plan, api)
    for _ in range(EXTRA_SENDS):
        if set(DISPATCH) <= set(plan.paths()) or plan.send(api, to(api), "which path?") is None:
            break
        settle(plan, api)
    taken = plan.paths()
    for path in DISPATCH:
        if path not in taken:
            why = f"none of the {sum(map(len, taken.values()))} messages the plan sent took it"
            api.reach.missed(f"dispatch path {path} ({DISPATCH[path]['id']})", why)
    assert taken, "no message of the plan settled"


def test_the_list_after_the_dispatch_shows_each_message_as_get_does(api, plan):
    """After the dispatch, each message the plan sent, read by GET and then in the list, shows the same, but for the
    progress the lifecycle allows between two reads (a status moving on); and walked a page of 7, then of 1, the
    list holds each once, newest first, every page within its size, each next_page_token moving on (the plan's
    messages are the newest: the walks stop past them)."""
    ids = [one.id for one in plan.sent]
    if not ids:
        pytest.skip("the plan sent nothing")
    read: dict[str, dict[str, Any]] = {}
    with api.client() as http:
        for message_id in ids:
            answer = http.get(f"/v1.0/messages/{message_id}")
            if answer.status_code == 200:
                read[message_id] = answer.json()
        found = listed(api, ids)
        problems = [f"message {i} is not listed ({len(found)} messages listed)" for i in ids if i not in found]
        for message_id in [i for i in read if i in found and not is_deleted(found[i])]:
            problems += [
                f"message {message_id}, GET then the list: {p}"
                for p in progress_problems(read[message_id], found[message_id])
            ]
            problems += plan.model.read(f"the list's {message_id}", found[message_id], progress=False)
        for page_size in SMALL_PAGES:
            problems += walk_problems(plan, http, page_size)
    assert not problems, "; ".join(problems[:3])


# The page sizes the plan walks the list at besides 100: more pages than the plan's messages, and one item a page.
SMALL_PAGES = (7, 1)


def walk_problems(plan: Plan, http: Any, page_size: int) -> list[str]:
    """A walk of the list at page_size, until an empty page or past the plan's messages, judged by the model."""
    pages: list[list[dict[str, Any]]] = []
    token, ended = "", False
    while not ended and len(pages) < 10 * len(plan.sent) + 10:
        page = http.get("/v1.0/messages", params={"page_size": page_size} | ({"page_token": token} if token else {}))
        assert page.status_code == 200, f"the list answered {page.status_code}: {page.text[:300]}"
        result = page.json()["result"]
        if len(result) > page_size:
            return [f"a page of {len(result)} messages for page_size {page_size}"]
        pages.append(result)
        listed_so_far = [m for p in pages for m in p]
        if len({m.get("id") for m in listed_so_far}) < len(listed_so_far):
            break  # a message listed twice: the model names it
        ended = not result or plan.model.walked_past(listed_so_far)
        following = page.json()["next_page_token"]
        if result and following == token:
            stuck = f"next_page_token did not advance: page {len(pages)} at page_size {page_size} answered {token!r}"
            return [f"{stuck}, the page_token it was given"]
        token = following
    return plan.model.walk_problems(pages, page_size, ended, read=False)


def test_a_field_the_service_does_not_know_is_ignored(api, plan):
    """Clients rely on it (Go's JSON binding ignores what it does not know): a send with one more field is taken as
    if it were not there, and the answer does not echo it."""
    api.require_send()
    sent = plan.send(api, to(api), "with a field of tomorrow", x_voipbin_contract_probe={"unknown": True})
    if sent is None:
        pytest.skip("nothing could be sent: the budget is spent or the balance short")
    settle(plan, api)
    assert "x_voipbin_contract_probe" not in (sent.settled or {}), "the answer echoes a field it does not know"
