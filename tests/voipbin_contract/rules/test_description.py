"""voipbin_contract.rules.description: the suite reads the description packaged with it, and starts the bundled mock
with the same file."""

from __future__ import annotations

import httpx

from tests.conftest import ROOT
from voipbin_contract.rules.description import SPEC, SPEC_PATH
from voipbin_contract.runner.settings import resolve
from voipbin_contract.runner.target import resolve as resolve_target


def test_the_packaged_description_is_the_repositorys():
    assert (ROOT / "src" / "voipbin_contract" / "openapi.yaml").resolve() == SPEC_PATH
    assert SPEC_PATH.read_bytes() == (ROOT / "openapi.yaml").read_bytes()
    assert SPEC["info"]["title"] == "VoIPbin Messaging API"


def test_the_bundled_mock_serves_it():
    with resolve_target(resolve({}, {})) as target:
        described = httpx.get(target.base_url + "/v1.0/numbers", params={"accesskey": target.token}).json()
    assert len(described["result"]) == 2  # the first demo customer's numbers
