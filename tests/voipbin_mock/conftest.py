"""Fixtures for the mock's tests: an app with a clock the test moves, clients per customer, and a check that
every answer conforms to openapi.yaml."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx2
import jsonschema_rs
import pytest
import uvicorn
from starlette.testclient import TestClient
from uvicorn.server import ServerState

from voipbin_mock import MockApp, MockConfig, create_app
from voipbin_mock.config import DEFAULT_FIXTURES, DEFAULT_SPEC
from voipbin_mock.fixtures import load_fixtures
from voipbin_mock.openapi import compile_schema, load_spec
from voipbin_mock.server import UVICORN_OPTIONS, OneWriteHttpToolsProtocol

# The demo customers of the built-in fixtures, read from them.
ALICE, BOB = load_fixtures(DEFAULT_FIXTURES).customers[:2]
ALICE_KEY, BOB_KEY = ALICE.accesskeys[0].token, BOB.accesskeys[0].token
ALICE_NUMBER, BOB_NUMBER = ALICE.numbers[0].number, BOB.numbers[0].number
START_US = 1_700_000_000_000_000
SECOND_US = 1_000_000
# Statuses the mock answers outside the description's operations' lists: a body over 1 MiB (413).
UNDESCRIBED = frozenset({413})


class Clock:
    """A clock that moves only when the test says so."""

    def __init__(self, now_us: int = START_US) -> None:
        self.now_us = now_us

    def __call__(self) -> int:
        return self.now_us

    def advance(self, seconds: float) -> None:
        self.now_us += int(seconds * SECOND_US)


class Conformance:
    """Checks an answer against the response schema the description gives for its operation and status."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.routes: list[tuple[re.Pattern[str], str, dict[str, Any]]] = []
        for path, item in spec["paths"].items():
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
            for method, operation in item.items():
                if method in ("get", "post", "delete"):
                    self.routes.append((pattern, method.upper(), operation))
        self.spec = spec
        self.validators: dict[str, jsonschema_rs.Validator] = {}

    def operation_of(self, request: httpx2.Request) -> dict[str, Any] | None:
        for pattern, method, operation in self.routes:
            if method == request.method and pattern.match(request.url.path):
                return operation
        return None

    def check(self, response: httpx2.Response) -> None:
        request = response.request
        operation = self.operation_of(request)
        if operation is None:
            return  # no operation of the description: the tests check the envelope themselves
        if response.status_code in UNDESCRIBED:
            return
        documented = operation["responses"].get(str(response.status_code))
        assert documented is not None, (
            f"{request.method} {request.url.path}: status {response.status_code} is undocumented"
        )
        while "$ref" in documented:
            documented = self.spec["components"]["responses"][documented["$ref"].rsplit("/", 1)[1]]
        content = documented.get("content")
        if content is None:
            return
        media = response.headers["content-type"].split(";")[0].strip()
        assert media in content, f"{request.method} {request.url.path}: {media} is not among {list(content)}"
        ref = content[media]["schema"]["$ref"]
        if ref not in self.validators:
            self.validators[ref] = compile_schema(self.spec, {"$ref": ref})
        errors = [
            f"{'/'.join(map(str, e.instance_path))}: {e.message}"
            for e in self.validators[ref].iter_errors(response.json() if media == "application/json" else response.text)
        ]
        assert errors == [], f"{request.method} {request.url.path} {response.status_code}: {errors}"


@pytest.fixture(scope="session")
def conformance() -> Conformance:
    return Conformance(load_spec(DEFAULT_SPEC))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_app(clock: Clock) -> Callable[..., MockApp]:
    """Build an app; keyword arguments override MockConfig fields (the clock is the test's). Unless a test asks for
    the service profile, the app answers as the tutorial documents the API, in the tutorial's timestamp era."""

    def make(**overrides: Any) -> MockApp:
        return create_app(replace(MockConfig(clock=clock, profile="tutorial", timestamps="legacy"), **overrides))

    return make


@pytest.fixture
def app(make_app: Callable[..., MockApp]) -> MockApp:
    return make_app()


@pytest.fixture
def client(app: MockApp, conformance: Conformance) -> Iterator[TestClient]:
    """An anonymous client; every answer to an operation of the description is checked against it."""

    def check(response: httpx2.Response) -> None:
        response.read()
        if not response.request.url.path.startswith("/_mock/"):
            conformance.check(response)

    with TestClient(app, base_url="http://127.0.0.1:8000") as test_client:
        test_client.event_hooks = {"response": [check]}
        yield test_client


def send(
    client: TestClient,
    key: str,
    text: str = "hello",
    source: str = ALICE_NUMBER,
    to: tuple[str, ...] = ("+31616818985",),
) -> httpx2.Response:
    body = {
        "source": {"type": "tel", "target": source},
        "destinations": [{"type": "tel", "target": t} for t in to],
        "text": text,
    }
    return client.post("/v1.0/messages", json=body, params={"accesskey": key})


def write_fixtures(path: Path, changes: dict[str, str]) -> Path:
    """A copy of the default fixture file with textual replacements, e.g. a smaller balance."""
    text = (Path(__file__).resolve().parents[2] / "src" / "voipbin_mock" / "fixtures.yaml").read_text(encoding="utf-8")
    for old, new in changes.items():
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


class RecordingTransport(asyncio.Transport):
    """Records every write and close, as a socket transport would receive them."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.aborted = False
        self.reading = True

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(name, default)

    def get_write_buffer_size(self) -> int:
        return 0

    def pause_reading(self) -> None:
        self.reading = False

    def resume_reading(self) -> None:
        self.reading = True


def open_connection(
    loop: asyncio.AbstractEventLoop,
    protocol_class: type[OneWriteHttpToolsProtocol] = OneWriteHttpToolsProtocol,
    state: ServerState | None = None,
) -> tuple[OneWriteHttpToolsProtocol, RecordingTransport]:
    """A new mock's uvicorn protocol on one connection, whose socket records what is written; connections that
    share state count against one server's limits."""
    config = uvicorn.Config(create_app(MockConfig()), **UVICORN_OPTIONS)
    protocol = protocol_class(config, state or ServerState(), {}, loop)
    socket = RecordingTransport()
    protocol.connection_made(socket)
    return protocol, socket
