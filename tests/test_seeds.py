"""The test fixtures and the description's examples are the payloads of the user's tutorial documents."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import ROOT, fixture_json

SEEDS = ROOT.parent / "shared" / "seeds"
# Each seed document, by the prefix of its file name, and the fixtures taken from it.
FIXTURES_OF_SEED = {"000": "seeds/tutorial", "003": "seeds/tutorial_legacy"}


def seed_documents() -> list[Any]:
    """Each seed document; without them, one case skipped saying why (an empty parameter set fails collection)."""
    if SEEDS.is_dir() and (documents := sorted(SEEDS.glob("*.txt"))):
        return [pytest.param(document, id=document.name) for document in documents]
    reason = "../shared/seeds/ is not beside this checkout (only CI has it)"
    return [pytest.param(None, id="no-seeds", marks=pytest.mark.skip(reason=reason))]


@pytest.mark.parametrize("document", seed_documents())
def test_fixtures_hold_the_seed_payloads(document):
    text = document.read_text(encoding="utf-8")
    prefix = FIXTURES_OF_SEED[document.name[:3]]
    request = re.search(r"--data-raw '(\{.*?\})'", text, re.S)
    assert request, f"{document.name}: no send request found"
    assert fixture_json(f"{prefix}_send_request.json") == json.loads(request.group(1))
    first_item = re.search(r'"result": \[\s*(\{.*?\n\s{4,8}\}),\s*\.\.\.', text, re.S)
    assert first_item, f"{document.name}: no listed message found"
    assert fixture_json(f"{prefix}_list.json")["result"] == [json.loads(first_item.group(1))]


@pytest.mark.parametrize(
    ("example", "fixture"),
    [
        ("TutorialMessageList", "seeds/tutorial_list.json"),
        ("TutorialLegacyMessageList", "seeds/tutorial_legacy_list.json"),
    ],
)
def test_list_examples_are_the_seed_payloads(spec, example, fixture):
    assert spec["components"]["examples"][example]["value"]["result"] == fixture_json(fixture)["result"]


@pytest.mark.parametrize(
    ("example", "fixture"),
    [("tutorial", "seeds/tutorial_send_request.json"), ("tutorialLegacy", "seeds/tutorial_legacy_send_request.json")],
)
def test_send_examples_are_the_seed_requests(spec, example, fixture):
    media = spec["paths"]["/v1.0/messages"]["post"]["requestBody"]["content"]["application/json"]
    assert media["examples"][example]["value"] == fixture_json(fixture)
