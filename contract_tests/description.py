"""The description the suite judges by: openapi.yaml (packaged with voipbin_contract), read once. Every
expectation of the suite starts here."""

from __future__ import annotations

from typing import Any

import yaml

import voipbin_contract

SPEC_PATH = voipbin_contract.SPEC

SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
