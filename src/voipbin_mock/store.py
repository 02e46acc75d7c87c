"""The mock's state in SQLite: customers, numbers, access keys, messages with their targets' schedules.

In memory by default; with a file path, in WAL mode, so that data survives a restart and several processes can
share it. Each message gets a `tm_create` strictly greater than every earlier one, allocated inside the write
transaction: that is what makes the list cursor (`tm_create < page_token`, newest first) return every message
exactly once, also while other clients send.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import random
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from voipbin_mock.fixtures import Fixtures
from voipbin_mock.lifecycle import Schedule, ScheduleFor

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS customers (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_sha256 TEXT NOT NULL,
    balance_micros INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS numbers (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    tm_create INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS numbers_by_customer ON numbers (customer_id, tm_create DESC);
CREATE TABLE IF NOT EXISTS accesskeys (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    name TEXT NOT NULL,
    detail TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    tm_expire INTEGER NOT NULL,
    tm_create INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS accesskeys_by_customer ON accesskeys (customer_id, tm_create DESC);
CREATE TABLE IF NOT EXISTS messages (
    tm_create INTEGER PRIMARY KEY,  -- unique and increasing: the table's own order, and the list cursor
    id TEXT NOT NULL,  -- the UUIDv7 of tm_create: found through tm_create, it needs no index of its own
    customer_id TEXT NOT NULL REFERENCES customers (id),
    direction TEXT NOT NULL,
    source TEXT NOT NULL,
    targets TEXT NOT NULL,
    text TEXT NOT NULL,
    tm_update INTEGER NOT NULL,
    tm_delete INTEGER
);
CREATE INDEX IF NOT EXISTS live_messages_by_customer
    ON messages (customer_id, tm_create DESC) WHERE tm_delete IS NULL;
"""
MESSAGE_COLUMNS = "id, customer_id, direction, source, targets, text, tm_create, tm_update, tm_delete"
# Larger than any microsecond timestamp this store will hold: the cursor of the first page.
NO_CURSOR = 2**62
# Small pages: a send changes a few rows in several places (the message, the list index, the balance), and each
# changed page is written whole to the write-ahead log at commit, then copied back at the next checkpoint (SQLite's
# default of every 1000 pages: larger checkpoints are rarer but stall the commit that runs them for longer).
# Takes effect when a database is created.
PAGE_SIZE = 1024
# Another process holds the write lock for a fraction of a millisecond, so waiting for it goes in steps of this many
# seconds, not in the whole milliseconds of SQLite's own busy handler; after WRITE_LOCK_TIMEOUT seconds it gives up.
WRITE_LOCK_POLL = 0.0001
WRITE_LOCK_TIMEOUT = 10.0


class InsufficientBalance(Exception):
    """The customer cannot pay for a send; nothing was stored."""


class WriteLockBusy(Exception):
    """Another process holds the database's write lock; nothing was done, try again shortly."""


@dataclass(frozen=True)
class NewMessage:
    """A message to store, and what to charge for it."""

    customer_id: str
    direction: str
    source: dict[str, str]
    targets: list[tuple[dict[str, str], int]]
    text: str
    now_us: int
    schedule_for: ScheduleFor
    charge_micros: int
    overdraw: bool = False  # charged even past the balance (the service bills an inbound message after the fact)


@dataclass(frozen=True)
class Target:
    destination: dict[str, str]
    parts: int
    schedule: Schedule


@dataclass(frozen=True)
class MessageRow:
    id: str
    customer_id: str
    direction: str
    source: dict[str, str]
    targets: tuple[Target, ...]
    text: str
    tm_create: int
    tm_update: int
    tm_delete: int | None


@dataclass(frozen=True)
class NumberRow:
    id: str
    customer_id: str
    number: str
    name: str
    tm_create: int


@dataclass(frozen=True)
class AccesskeyRow:
    id: str
    customer_id: str
    name: str
    detail: str
    token: str
    tm_expire: int
    tm_create: int


# The random part of ids: seeded from the OS once per process, since an OS draw per id costs a system call. Ids need
# to be unique, not secret: a message's owner is checked on every access.
_ID_RANDOM = random.Random(secrets.randbits(128))


def uuid7(moment_us: int) -> str:
    """A version 7 UUID (RFC 9562) for a moment: time-ordered, and the moment can be read back from it exactly.

    48 bits of milliseconds, then the version, 12 bits of the sub-millisecond part, the variant, 62 random bits.
    """
    milliseconds, micros = divmod(moment_us, 1000)
    sub_millisecond = micros * 4096 // 1000
    random_bits = _ID_RANDOM.getrandbits(62)
    value = (milliseconds & (2**48 - 1)) << 80 | 0x7 << 76 | sub_millisecond << 64 | 0b10 << 62 | random_bits
    digits = f"{value:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def moment_of_uuid7(text: str) -> int | None:
    """The microsecond a uuid7() id was made for; None if text is no id that uuid7() could have made."""
    if len(text) != 36:
        return None
    try:
        value = int(text.replace("-", ""), 16)
    except ValueError:
        return None
    if value >> 76 & 0xF != 7 or value >> 62 & 0b11 != 0b10:
        return None
    micros = -(-(value >> 64 & 0xFFF) * 1000 // 4096)  # the one microsecond that uuid7() maps to this fraction
    return (value >> 80) * 1000 + micros if micros < 1000 else None


def password_digest(customer_id: str, password: str) -> str:
    """The stored form of a password, salted with the customer's id."""
    return hashlib.sha256(f"{customer_id}:{password}".encode()).hexdigest()


class Store:
    """All state of one mock server."""

    def __init__(self, db_path: Path | None, fixtures: Fixtures) -> None:
        self.price_micros = fixtures.price_micros
        if db_path and not db_path.exists():
            # Owner-only: the file keeps the token signing secret and the customers' data. SQLite gives the -wal and
            # -shm files the database file's permissions.
            os.close(os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._db = sqlite3.connect(
            str(db_path) if db_path else ":memory:", isolation_level=None, check_same_thread=False
        )
        self._db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        if db_path:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        # Setting up may wait for another process doing the same; after that, _write() does the waiting.
        self._db.execute("PRAGMA busy_timeout = 10000")
        self._db.executescript(SCHEMA)
        self._db.execute("PRAGMA busy_timeout = 0")
        self._load(fixtures)
        # Numbers and access keys come only from the fixtures and never change while serving: look them up in memory.
        self._owners = dict(self._db.execute("SELECT number, customer_id FROM numbers").fetchall())
        self._keys = {
            row[0]: (row[1], row[2]) for row in self._db.execute("SELECT token, customer_id, tm_expire FROM accesskeys")
        }

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self, wait: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock up front so that concurrent writers queue.

        Without wait, WriteLockBusy is raised at once when another process holds the lock, so that an event loop
        can go on serving and try again later instead of sleeping.
        """
        deadline = time.monotonic() + WRITE_LOCK_TIMEOUT
        while True:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                if not wait:
                    raise WriteLockBusy from None
                time.sleep(WRITE_LOCK_POLL)
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _load(self, fixtures: Fixtures) -> None:
        """Insert the fixtures that are not stored yet; a restart with --db keeps balances and messages."""
        with self._write() as db:
            for customer in fixtures.customers:
                db.execute(
                    "INSERT OR IGNORE INTO customers VALUES (?, ?, ?, ?)",
                    (
                        customer.id,
                        customer.username,
                        password_digest(customer.id, customer.password),
                        customer.balance_micros,
                    ),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO numbers VALUES (?, ?, ?, ?, ?)",
                    [(n.id, customer.id, n.number, n.name, n.tm_create_us) for n in customer.numbers],
                )
                db.executemany(
                    "INSERT OR IGNORE INTO accesskeys VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (k.id, customer.id, k.name, k.detail, k.token, k.tm_expire_us, k.tm_create_us)
                        for k in customer.accesskeys
                    ],
                )

    def secret(self) -> str:
        """The token signing key, made once and kept, so that tokens outlive a restart with --db."""
        with self._write() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('token_secret', ?)", (secrets.token_urlsafe(32),))
            row = db.execute("SELECT value FROM meta WHERE key = 'token_secret'").fetchone()
        return str(row[0])

    # Customers and credentials

    def login(self, username: str, password: str) -> str | None:
        """The customer id if the password is right."""
        row = self._db.execute("SELECT id, password_sha256 FROM customers WHERE username = ?", (username,)).fetchone()
        if row is None or not hmac.compare_digest(row[1], password_digest(row[0], password)):
            return None
        return str(row[0])

    def first_customer(self) -> str:
        return str(self._db.execute("SELECT id FROM customers ORDER BY rowid LIMIT 1").fetchone()[0])

    def customer_exists(self, customer_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM customers WHERE id = ?", (customer_id,)).fetchone() is not None

    def customer_of_accesskey(self, token: str, now_us: int) -> str | None:
        """The customer of an access key that exists and has not expired."""
        key = self._keys.get(token)
        return key[0] if key is not None and key[1] > now_us else None

    def balance_micros(self, customer_id: str) -> int:
        row = self._db.execute("SELECT balance_micros FROM customers WHERE id = ?", (customer_id,)).fetchone()
        return int(row[0]) if row else 0

    # Numbers and access keys

    def list_numbers(self, customer_id: str, before_us: int, limit: int) -> list[NumberRow]:
        rows = self._db.execute(
            "SELECT id, customer_id, number, name, tm_create FROM numbers"
            " WHERE customer_id = ? AND tm_create < ? ORDER BY tm_create DESC LIMIT ?",
            (customer_id, before_us, limit),
        )
        return [NumberRow(*row) for row in rows]

    def get_number(self, number_id: str) -> NumberRow | None:
        row = self._db.execute(
            "SELECT id, customer_id, number, name, tm_create FROM numbers WHERE id = ?", (number_id,)
        ).fetchone()
        return NumberRow(*row) if row else None

    def owner_of_number(self, number: str) -> str | None:
        return self._owners.get(number)

    def list_accesskeys(self, customer_id: str, before_us: int, limit: int) -> list[AccesskeyRow]:
        rows = self._db.execute(
            "SELECT id, customer_id, name, detail, token, tm_expire, tm_create FROM accesskeys"
            " WHERE customer_id = ? AND tm_create < ? ORDER BY tm_create DESC LIMIT ?",
            (customer_id, before_us, limit),
        )
        return [AccesskeyRow(*row) for row in rows]

    def get_accesskey(self, key_id: str) -> AccesskeyRow | None:
        row = self._db.execute(
            "SELECT id, customer_id, name, detail, token, tm_expire, tm_create FROM accesskeys WHERE id = ?", (key_id,)
        ).fetchone()
        return AccesskeyRow(*row) if row else None

    # Messages

    def create_message(
        self,
        customer_id: str,
        direction: str,
        source: dict[str, str],
        targets: list[tuple[dict[str, str], int]],
        text: str,
        now_us: int,
        schedule_for: ScheduleFor,
        charge_micros: int,
    ) -> MessageRow:
        """Store one message, charging charge_micros first; raise InsufficientBalance (storing nothing) if short."""
        request = NewMessage(customer_id, direction, source, targets, text, now_us, schedule_for, charge_micros)
        result = self.create_messages([request])[0]
        if isinstance(result, InsufficientBalance):
            raise result
        return result

    def create_messages(self, requests: list[NewMessage], wait: bool = True) -> list[MessageRow | InsufficientBalance]:
        """Store several messages in one transaction, in order; each is charged first, or refused if short.

        One transaction for many sends is what lets the server keep up with concurrent clients: the commit, not
        the inserts, is the expensive part. A refused send stores nothing and does not affect the others. Without
        wait, WriteLockBusy means that nothing was done.
        """
        results: list[MessageRow | InsufficientBalance] = []
        with self._write(wait) as db:
            latest = db.execute("SELECT MAX(tm_create) FROM messages").fetchone()[0] or 0
            # Each customer's balance is read once per group and charged once, after every send was decided in order.
            payers = sorted({r.customer_id for r in requests})
            balances = dict(
                db.execute(
                    f"SELECT id, balance_micros FROM customers WHERE id IN ({', '.join('?' * len(payers))})", payers
                ).fetchall()
            )
            spent = dict.fromkeys(balances, 0)
            for request in requests:
                if request.charge_micros:
                    left = balances.get(request.customer_id, 0) - spent.get(request.customer_id, 0)
                    if left < request.charge_micros and not request.overdraw:
                        results.append(InsufficientBalance())
                        continue
                    spent[request.customer_id] += request.charge_micros
                latest = tm_create = max(request.now_us, latest + 1)
                stored = tuple(
                    Target(destination, parts, request.schedule_for(index, destination["target"], tm_create))
                    for index, (destination, parts) in enumerate(request.targets)
                )
                message = MessageRow(
                    id=uuid7(tm_create),
                    customer_id=request.customer_id,
                    direction=request.direction,
                    source=request.source,
                    targets=stored,
                    text=request.text,
                    tm_create=tm_create,
                    tm_update=tm_create,
                    tm_delete=None,
                )
                db.execute(
                    f"INSERT INTO messages ({MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        message.id,
                        message.customer_id,
                        message.direction,
                        orjson.dumps(message.source),
                        _dump_targets(stored),
                        message.text,
                        tm_create,
                        tm_create,
                        None,
                    ),
                )
                results.append(message)
            db.executemany(
                "UPDATE customers SET balance_micros = balance_micros - ? WHERE id = ?",
                [(amount, customer) for customer, amount in spent.items() if amount],
            )
        return results

    def list_messages(
        self, customer_id: str, before_us: int, limit: int, *, deleted: bool = False
    ) -> list[StoredMessage]:
        """A page of the customer's messages, newest first; deleted ones too with deleted=True (as the service)."""
        live = "" if deleted else " AND tm_delete IS NULL"
        rows = self._db.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages"
            f" WHERE customer_id = ?{live} AND tm_create < ? ORDER BY tm_create DESC LIMIT ?",
            (customer_id, before_us, limit),
        )
        return [StoredMessage(row) for row in rows]

    def get_message(self, message_id: str) -> StoredMessage | None:
        moment = moment_of_uuid7(message_id)
        if moment is None:
            return None
        row = self._db.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE tm_create = ? AND id = ?", (moment, message_id)
        ).fetchone()
        return StoredMessage(row) if row else None

    def delete_message(self, message_id: str, now_us: int, *, again: bool = False) -> MessageRow | None:
        """Mark a live message deleted; None if it is unknown or already deleted. With again=True a deleted message
        is deleted again, with a new tm_delete, as the service does."""
        moment = moment_of_uuid7(message_id)
        if moment is None:
            return None
        live = "" if again else " AND tm_delete IS NULL"
        with self._write() as db:
            row = db.execute(
                f"UPDATE messages SET tm_delete = MAX(?, tm_update), tm_update = MAX(?, tm_update)"
                f" WHERE tm_create = ? AND id = ?{live} RETURNING {MESSAGE_COLUMNS}",
                (now_us, now_us, moment, message_id),
            ).fetchone()
        return _message(row) if row else None

    def count_messages(self, customer_id: str) -> int:
        """How many messages a customer has, deleted ones included (for tests and benchmarks)."""
        return int(
            self._db.execute("SELECT COUNT(*) FROM messages WHERE customer_id = ?", (customer_id,)).fetchone()[0]
        )


def _dump_targets(targets: tuple[Target, ...]) -> bytes:
    return orjson.dumps(
        [
            [
                t.destination,
                t.parts,
                t.schedule.queued_us,
                t.schedule.sent_us,
                t.schedule.final_us,
                t.schedule.final_status,
                t.schedule.position,
                t.schedule.start_status,
            ]
            for t in targets
        ]
    )


class StoredMessage:
    """A message as read from the database: the few columns callers need at once, the rest parsed on demand.

    `version` changes whenever the stored message does, so that a rendering can be cached under it.
    """

    __slots__ = ("_parsed", "_row")

    def __init__(self, row: tuple[Any, ...]) -> None:
        self._row = row
        self._parsed: MessageRow | None = None

    @property
    def customer_id(self) -> str:
        return str(self._row[1])

    @property
    def tm_create(self) -> int:
        return int(self._row[6])

    @property
    def tm_delete(self) -> int | None:
        deleted: int | None = self._row[8]
        return deleted

    @property
    def version(self) -> tuple[str, int, int | None]:
        return self._row[0], self._row[7], self._row[8]

    def parse(self) -> MessageRow:
        if self._parsed is None:
            self._parsed = _message(self._row)
        return self._parsed


def _message(row: tuple[Any, ...]) -> MessageRow:
    # A target is [destination, parts, queued, sent, final, status, position, start status]; files written before
    # the position or the start status existed have six or seven entries.
    targets = tuple(Target(t[0], t[1], Schedule(*t[2:])) for t in orjson.loads(row[4]))
    return MessageRow(
        id=row[0],
        customer_id=row[1],
        direction=row[2],
        source=orjson.loads(row[3]),
        targets=targets,
        text=row[5],
        tm_create=row[6],
        tm_update=row[7],
        tm_delete=row[8],
    )
