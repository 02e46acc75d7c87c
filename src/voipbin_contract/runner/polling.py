"""Waiting for what a server does in the background: a message's dispatch, which shows in its targets or in a
write-back some time after the send."""

from __future__ import annotations

import time
from typing import Any

import httpx

from voipbin_contract.rules.checks import QUEUED, written_back
from voipbin_contract.runner.target import Target


def dispatched(http: httpx.Client, message_ids: list[str], target: Target) -> dict[str, dict[str, Any]]:
    """Each message once its dispatch shows (a target left `queued`, or the message was written back); the ones
    that show none as they stand once none has shown one for the target's settle_seconds (a dispatch that failed,
    or has not happened yet), or at the deadline. All are polled together: a failed dispatch costs the wait once."""
    patience = target.settle_seconds
    deadline = time.monotonic() + target.patience
    found: dict[str, dict[str, Any]] = {}
    pending = list(message_ids)
    quiet_since = time.monotonic()
    while True:
        waiting = []
        for message_id in pending:
            message: dict[str, Any] = http.get(f"/v1.0/messages/{message_id}").json()
            found[message_id] = message
            if not (any(t.get("status") != QUEUED for t in message.get("targets", [])) or written_back(message)):
                waiting.append(message_id)
        now = time.monotonic()
        if len(waiting) < len(pending):
            quiet_since = now
        pending = waiting
        if not pending or now - quiet_since >= patience or now > deadline:
            return found
        time.sleep(0.05)
