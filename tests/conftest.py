"""Shared fixtures: the description and the JSON payloads the tests feed to it and to the client.

tests/fixtures/seeds/ holds the payloads of the user's two tutorial documents (../shared/seeds/) as they print
them, with only the trailing `...` elision closed (the closing adds the `next_page_token` that the service always
sends with a page, the one the description's examples give); tests/fixtures/service/ holds answers shaped as the
service sends them today, each naming the source file it reflects; tests/fixtures/ holds other RFC 3339-era payloads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from voipbin_contract.runner.settings import CI_VARIABLES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_LISTS = ("seeds/tutorial_list.json", "seeds/tutorial_legacy_list.json")
SEED_SEND_REQUESTS = ("seeds/tutorial_send_request.json", "seeds/tutorial_legacy_send_request.json")
# pytest's own fixture for testing plugins: the suite's plugin is tested with it, as schemathesis' is.
pytest_plugins = ("pytester",)


# The environment that points the suite at a server, and CI's, which forbids the bundled mock unasked: a test that
# runs the suite in CI says so itself (CI runs these tests with CI set; a run without it here passed where CI failed).
TARGET_VARIABLES = ("VOIPBIN_", "BASE_URL", "TOKEN", "ACCESSKEY", *CI_VARIABLES)


def environment_naming_no_server() -> dict[str, str]:
    """This process's environment without what names a server to the suite nor says it runs in CI, for a
    command run in a process of its own. Bytecode is written (a machine may set PYTHONDONTWRITEBYTECODE for
    everything): the suite's forty-odd runs each import schemathesis and hypothesis, in 2.5 s where it took 3.8."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(TARGET_VARIABLES)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def fixture_text(name: str) -> str:
    """The text of a fixture file, by its path below tests/fixtures/."""
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture_json(name: str) -> Any:
    """A fixture file parsed as JSON."""
    return json.loads(fixture_text(name))


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """openapi.yaml as a plain mapping."""
    document: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    return document


class Stub:
    """A transport that answers from a script, one answer (or exception) per request, and records the requests."""

    def __init__(self, *answers: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        answer.read()  # a fresh copy each time: a response's stream is read once, and sync or async by its use
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first, the rest in their order after them: pytest-xdist's workers then take the long ones
    (whole runs of the suite, 10 to 30 s each) while there is still plenty to share, and no worker ends the run alone
    on one of them while the others wait. Side by side on 2 cores (4 workers): in collection order the workers were
    busy 148 to 173 s of a 183 s run; slow first, 157 to 161 s of a 171 s run."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
