"""Shared fixtures: the description and the JSON payloads the tests feed to it and to the client.

tests/fixtures/seeds/ holds the payloads of the user's two tutorial documents (../shared/seeds/) as they print
them, with only the trailing `...` elision closed (the closing adds the `next_page_token` that the service always
sends with a page, the one the description's examples give); tests/fixtures/service/ holds answers shaped as the
service sends them today, each naming the source file it reflects; tests/fixtures/ holds other RFC 3339-era payloads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_LISTS = ("seeds/tutorial_list.json", "seeds/tutorial_legacy_list.json")
SEED_SEND_REQUESTS = ("seeds/tutorial_send_request.json", "seeds/tutorial_legacy_send_request.json")


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
