"""What voipbin_client costs over raw httpx + json: fetching and parsing one page of 100 messages.

Both use one keep-alive connection to the same mock; the raw side parses JSON into dicts, the client side into
its typed models. The time is end to end per call, median of many calls.
"""

from __future__ import annotations

import gc
import itertools
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import voipbin_sdk as vb
from voipbin_client import Client
from voipbin_client.api.messages import list_messages
from voipbin_client.models import Address, MessageList, Target
from voipbin_client.types import parse_uuid

from benchmarks.common import ACCESS_KEY, SEND, free_port, start_mock, stop, wait_for

CALLS = 300
PAGE_SIZE = 100
TARGET_RATIO = 1.5


def median_ms(call: Callable[[], object]) -> float:
    for _ in range(30):
        call()
    timings = []
    for _ in range(CALLS):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def run(directory: Path) -> list[str]:
    port = free_port()
    server = start_mock("--port", str(port), "--db", str(directory / "client.sqlite3"), "--instant")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/v1.0/numbers", server)
        with httpx.Client(base_url=base, params={"accesskey": ACCESS_KEY}) as raw:
            for _ in range(PAGE_SIZE):
                raw.post("/v1.0/messages", json=SEND).raise_for_status()

            def raw_call() -> object:
                return raw.get("/v1.0/messages", params={"page_size": PAGE_SIZE}).json()

            with Client(base_url=base, httpx_args={"params": {"accesskey": ACCESS_KEY}}) as typed:

                def client_call() -> object:
                    page = list_messages.sync(client=typed, page_size=PAGE_SIZE)
                    if not isinstance(page, MessageList) or len(page.result) != PAGE_SIZE:
                        raise SystemExit(f"voipbin_client did not parse a page of {PAGE_SIZE}: {page!r}")
                    return page

                with vb.Client(base, accesskey=ACCESS_KEY) as front:

                    def sdk_call() -> object:
                        page = list(itertools.islice(front.messages.list(page_size=PAGE_SIZE), PAGE_SIZE))
                        if len(page) != PAGE_SIZE:
                            raise SystemExit(f"voipbin_sdk did not list a page of {PAGE_SIZE}")
                        return page

                    raw_ms, client_ms, sdk_ms = median_ms(raw_call), median_ms(client_call), median_ms(sdk_call)
                    # The same two calls with the garbage collector off: its share of the difference.
                    gc.disable()
                    try:
                        raw_quiet_ms, client_quiet_ms = median_ms(raw_call), median_ms(client_call)
                    finally:
                        gc.enable()
            # Where the typed call's extra time goes: parsing the page into models, part by part.
            content = raw.get("/v1.0/messages", params={"page_size": PAGE_SIZE}).content
            data = json.loads(content)
            messages = data["result"]
            ids = [m[key] for m in messages for key in ("id", "customer_id") if key in m]
            targets = [t for m in messages for t in m["targets"]]
            addresses = [m["source"] for m in messages] + [t["destination"] for t in targets]
            json_ms = median_ms(lambda: json.loads(content))
            parse_ms = median_ms(lambda: MessageList.from_dict(data))
            uuid_ms = median_ms(lambda: [parse_uuid(i) for i in ids])
            address_ms = median_ms(lambda: [Address.from_dict(a) for a in addresses])
            target_ms = median_ms(lambda: [Target.from_dict(t) for t in targets])  # their destinations included
    finally:
        stop(server)
    ratio = client_ms / raw_ms
    per_address = address_ms / len(addresses)
    targets_alone = target_ms - per_address * len(targets)
    messages_alone = parse_ms - uuid_ms - target_ms - per_address * len(messages)
    parts = [
        f"the {len(ids)} ids (`parse_uuid`) {uuid_ms:.3f} ms",
        f"the {len(addresses)} addresses {address_ms:.3f} ms",
        f"the {len(targets)} targets beside their destinations {targets_alone:.3f} ms",
        f"the {len(messages)} messages themselves {messages_alone:.3f} ms",
    ]
    return [
        "## Client cost (issues #6 and #15: voipbin_client within 1.5x of raw httpx)",
        "",
        f"`GET /v1.0/messages?page_size={PAGE_SIZE}`, {CALLS} calls each after 30 unmeasured, "
        "one keep-alive connection each, same mock (one process).",
        "",
        "| how | median ms per page |",
        "| --- | ---: |",
        f"| httpx + `.json()` | {raw_ms:.3f} |",
        f"| `voipbin_client` (`list_messages.sync`, typed models) | {client_ms:.3f} |",
        f"| `voipbin_sdk` (`client.messages.list()`, its first {PAGE_SIZE}: typed models, with the SDK's deadline, "
        f"retries and log hook) | {sdk_ms:.3f} |",
        "",
        f"- voipbin_client takes {ratio:.2f}x raw httpx; target {TARGET_RATIO}x "
        f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}. voipbin_sdk takes {sdk_ms / raw_ms:.2f}x.",
        f"- Where the difference goes ({client_ms - raw_ms:.3f} ms a page): `json.loads` of the page takes "
        f"{json_ms:.3f} ms on both sides; turning the dicts into models (`MessageList.from_dict`) takes "
        f"{parse_ms:.3f} ms, {parse_ms / PAGE_SIZE * 1000:.1f} us per message: " + "; ".join(parts) + ". Each model "
        "is read field by field, its JSON types checked, and built without attrs' `__init__` (templates/). With "
        f"the garbage collector off, the two calls take {raw_quiet_ms:.3f} and {client_quiet_ms:.3f} ms "
        f"({client_quiet_ms / raw_quiet_ms:.2f}x): its passes over the page's new objects take "
        f"{(client_ms - client_quiet_ms) - (raw_ms - raw_quiet_ms):.3f} ms more on the typed side. The rest, "
        f"{client_ms - raw_ms - parse_ms - ((client_ms - client_quiet_ms) - (raw_ms - raw_quiet_ms)):.3f} ms, is "
        "the generated call's own work (its kwargs, `HTTPStatus`, the `Response`).",
        "",
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="voipbin-client-") as scratch:
        print("\n".join(run(Path(scratch))))
