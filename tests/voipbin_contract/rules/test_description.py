"""voipbin_contract.description: the suite reads the packaged description, or the one VOIPBIN_SPEC names (`make
contract SPEC=...`), and starts the bundled mock with the same file."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = (
    "import httpx\n"
    "from voipbin_contract.description import SPEC, SPEC_PATH\n"
    "from voipbin_contract.target import resolve\n"
    "with resolve({}) as target:\n"
    "    numbers = httpx.get(target.base_url + '/v1.0/numbers', params={'accesskey': target.token}).json()\n"
    "print(SPEC_PATH)\n"
    "print(SPEC['info']['title'])\n"
    "print(len(numbers['result']))\n"
)


def run(environment: dict[str, str]) -> list[str]:
    variables = {k: v for k, v in os.environ.items() if not k.startswith("VOIPBIN_")} | environment
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=variables, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.splitlines()


def test_the_packaged_description_by_default():
    path, title, listed = run({})
    assert path == str((ROOT / "src" / "voipbin_contract" / "openapi.yaml").resolve())
    assert title == "VoIPbin Messaging API"
    assert listed == "2"  # the first demo customer's numbers, a page of the default size


def test_voipbin_spec_names_another_description_for_the_suite_and_the_bundled_mock(tmp_path):
    text = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    # Pages of one item by default: the bundled mock lists one number if it serves this file.
    changed = text.replace("title: VoIPbin", "title: Other", 1).replace(
        "x-clamped: {minimum: 1, maximum: 100}\n      schema:\n        type: integer\n        format: int64\n"
        "        default: 100",
        "x-clamped: {minimum: 1, maximum: 100}\n      schema:\n        type: integer\n        format: int64\n"
        "        default: 1",
    )
    assert changed.count("default: 1\n") >= 1
    other = tmp_path / "other.yaml"
    other.write_text(changed, encoding="utf-8")
    path, title, listed = run({"VOIPBIN_SPEC": str(other)})
    assert path == str(other.resolve())
    assert title == "Other Messaging API"
    assert listed == "1"
