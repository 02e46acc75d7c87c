"""Every rule on every resource: the caller's numbers and access keys read the same by id as the list shows them,
are the caller's, and show no access key's secret; another customer's numbers, access keys and messages are out
of the caller's reach on every operation (a message the suite sent with the other customer's credential too, so
that a DELETE of it is safe against any server), and in none of its lists."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from voipbin_contract.rules.checks import is_deleted
from voipbin_contract.rules.description import SPEC
from voipbin_contract.rules.resources import owner_problems, same_record_problems
from voipbin_contract.runner.account import caller
from voipbin_contract.runner.api import Api
from voipbin_contract.runner.target import Target

# Each kind of record the caller lists and reads by id: its list path (its id under /{id}).
KINDS = {"number": "/v1.0/numbers", "access key": "/v1.0/accesskeys", "message": "/v1.0/messages"}
# The most pages a walk of a list takes.
MOST_PAGES = 50


def walk(http: httpx.Client, path: str) -> list[dict[str, Any]]:
    """Every record of a list, page by page (at most MOST_PAGES of 100)."""
    found: list[dict[str, Any]] = []
    token = ""
    for _ in range(MOST_PAGES):
        page = http.get(path, params={"page_size": 100} | ({"page_token": token} if token else {}))
        assert page.status_code == 200, f"GET {path} answered {page.status_code}: {page.text[:300]}"
        result = page.json()["result"]
        found += result
        token = page.json()["next_page_token"]
        if not result or not token:
            break
    return found


def customer_of(target: Target) -> str | None:
    return caller(target).customer_id


@pytest.mark.parametrize("kind", ["number", "access key"])
def test_every_listed_record_reads_the_same_by_its_id_and_is_the_callers(api, target, kind):
    """Each number and access key the caller lists reads the same by its id, field for field; each carries the
    caller's customer_id (the one its numbers carry); no access key's secret is shown (the description gives
    `token` only when a key is created; every answer here is held to that as it comes)."""
    customer = customer_of(target)
    problems: list[str] = []
    with api.client() as http:
        listed = walk(http, KINDS[kind])
        if not listed:
            api.reach.missed(f"{kind}s read by id", f"the caller has no {kind}")
            pytest.skip(f"the caller has no {kind}")
        for record in listed:
            read = http.get(f"{KINDS[kind]}/{record['id']}")
            if read.status_code != 200:
                problems.append(f"{kind} {record['id']} is listed, but GET of it answered {read.status_code}")
                continue
            problems += same_record_problems(kind, record, read.json()) + owner_problems(kind, record, customer)
    if customer is None:
        api.reach.missed(f"{kind}s are the caller's", "the caller's customer is unknown: it owns no number")
    assert not problems, f"{len(problems)} problem(s): " + "; ".join(problems[:3])


def theirs(api: Api, target: Target) -> tuple[dict[str, list[dict[str, Any]]], str | None]:
    """The other customer's numbers, access keys and messages, as its own lists show them; and the id of one
    message of its own, sent with its credential from its number to an allowed destination, when the run may send
    (None when it may not: only a message the suite sent is one it may try to delete)."""
    assert target.other_token is not None
    with api.client(target.other_token) as other:
        records = {kind: walk(other, path) for kind, path in KINDS.items()}
        if not (target.allow_send and records["number"]):
            why = "sending is off: --voipbin-allow-send" if records["number"] else "the other customer owns no number"
            api.reach.missed("a DELETE of another customer's message", why)
            return records, None
        if not api.take():
            api.reach.missed("a DELETE of another customer's message", "the send budget was spent before it")
            return records, None
        body = {
            "source": {"type": "tel", "target": records["number"][0]["number"]},
            "destinations": [{"type": "tel", "target": api.destination("+31616818985")}],
            "text": "the other customer's own",
        }
        sent = other.post("/v1.0/messages", json=body)
        assert sent.status_code == 200, f"the other customer's send answered {sent.status_code}: {sent.text[:200]}"
        records["message"].insert(0, sent.json())
        return records, str(sent.json()["id"])


def test_another_customers_records_are_out_of_reach(api, target):
    """With a second customer's credential: none of its numbers, access keys or messages is in the caller's lists;
    reading any by id answers 403 or 404; deleting its message answers 403 or 404, and the message stays."""
    if target.other_token is None:
        pytest.skip("needs a second customer's credentials (VOIPBIN_OTHER_ACCESSKEY or VOIPBIN_OTHER_TOKEN)")
    records, ours_to_delete = theirs(api, target)
    problems: list[str] = []
    with api.client() as mine:
        for kind, path in KINDS.items():
            ours = {str(r.get("id")) for r in walk(mine, path)}
            their_ids = [str(r["id"]) for r in records[kind] if not is_deleted(r)]
            problems += [f"the caller's list of {kind}s shows {i}, another customer's" for i in their_ids if i in ours]
            for record_id in their_ids[:3]:
                read = mine.get(f"{path}/{record_id}")
                if read.status_code not in (403, 404):
                    problems.append(f"GET {path}/{record_id}, another customer's {kind}, answered {read.status_code}")
        if ours_to_delete is not None:
            deleted = mine.delete(f"/v1.0/messages/{ours_to_delete}")
            if deleted.status_code not in (403, 404):
                problems.append(f"DELETE of another customer's message answered {deleted.status_code}")
    if ours_to_delete is not None:
        with api.client(target.other_token) as other:
            still = other.get(f"/v1.0/messages/{ours_to_delete}")
        if still.status_code != 200 or is_deleted(still.json()):
            problems.append(f"another customer's message was deleted by the caller: GET answers {still.status_code}")
    assert not problems, "; ".join(problems[:4])


def test_a_method_a_path_does_not_serve_is_not_served(api):
    """Every path of the description, asked with a method it does not serve: 404 `ROUTE_NOT_FOUND`, as the service
    answers it (gin's HandleMethodNotAllowed is off: bin-api-manager/server/no_route.go), or HTTP's 405 with
    `Allow`; never a success or a server error. (schemathesis' own check wants 405 only: it is off.)"""
    problems: list[str] = []
    with api.client() as http:
        for path, item in SPEC["paths"].items():
            unserved = next(m for m in ("patch", "put", "delete", "post") if m not in item)
            concrete = path.replace("{id}", "0b6f7f4e-2c1d-4b8e-9a51-3f0c2d7e9a10")
            answer = http.request(unserved.upper(), concrete)
            where = f"{unserved.upper()} {path} answered {answer.status_code}"
            if answer.status_code == 404:
                reason = ((answer.json() if answer.content else {}).get("error") or {}).get("reason")
                problems += (
                    [] if reason == "ROUTE_NOT_FOUND" else [f"{where} with reason {reason!r}, not ROUTE_NOT_FOUND"]
                )
            elif answer.status_code == 405:
                problems += [] if answer.headers.get("allow") else [f"{where} without Allow"]
            else:
                problems.append(f"{where}, not 404 ROUTE_NOT_FOUND (or 405)")
    assert not problems, "; ".join(problems)
