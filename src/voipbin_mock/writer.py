"""Group commit: sends that arrive in the same event-loop turn are stored in one SQLite transaction.

Each request still answers only after its own message is committed; what the group shares is the commit, the
costly part of a write, so throughput under concurrent clients grows with their number instead of being capped by
one commit per send. When another process holds the write lock, the loop does not sleep: it goes on serving, the
sends that arrive meanwhile join the waiting group, and the write is tried again a moment later.
"""

from __future__ import annotations

import asyncio
import time

from voipbin_mock.store import (
    WRITE_LOCK_POLL,
    WRITE_LOCK_TIMEOUT,
    MessageRow,
    NewMessage,
    Store,
    WriteLockBusy,
)


class GroupWriter:
    """Queues new messages and stores every queued one in one transaction at the next turn of the loop."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._pending: list[tuple[NewMessage, asyncio.Future[MessageRow]]] = []
        self._waiting_since: float | None = None  # when the current group first found the lock taken

    async def create_message(self, request: NewMessage) -> MessageRow:
        """Store request; raise InsufficientBalance, storing nothing, if the customer cannot pay."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[MessageRow] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)
        self._pending.append((request, future))
        return await future

    def _flush(self) -> None:
        pending = self._pending
        failure: Exception | None = None
        try:
            results = self._store.create_messages([request for request, _ in pending], wait=False)
        except WriteLockBusy:
            now = time.monotonic()
            self._waiting_since = self._waiting_since or now
            if now - self._waiting_since < WRITE_LOCK_TIMEOUT:  # keep the group; sends arriving meanwhile join it
                asyncio.get_running_loop().call_later(WRITE_LOCK_POLL, self._flush)
                return
            failure = TimeoutError("the database stayed locked by another process")
        except Exception as error:  # the whole transaction rolled back: every request in it failed
            failure = error
        # Nothing joined the group while the store worked: it ran synchronously, on this loop.
        self._pending, self._waiting_since = [], None
        for index, (_, future) in enumerate(pending):
            if future.done():  # the client went away while it waited
                continue
            result = failure if failure is not None else results[index]
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)
