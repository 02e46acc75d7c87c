"""The suite's hypothesis settings, as a run loads them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_run_under_ci_draws_from_its_seed_not_from_hypothesis_ci_profile():
    """CI=true makes hypothesis load its "ci" profile (derandomize: the same draws in every run); the suite's
    profile turns that off, so that the seed a run prints replays it, in the user's CI as here."""
    program = "import voipbin_contract.session; from hypothesis import settings; print(settings.default.derandomize)"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("VOIPBIN_")} | {"CI": "true"}
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
