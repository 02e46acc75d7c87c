"""The description the suite judges by: openapi.yaml, read once. Every expectation of the suite starts here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
