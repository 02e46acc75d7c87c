"""How fast the contract suite runs: schemathesis test cases per second against the mock and against Prism, with
the suite's own settings, and the wall time of `make contract`."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from benchmarks.common import ACCESS_KEY, ROOT, free_port, start_mock, start_prism, stop, wait_for

EXAMPLES = 25
SEED = 1


def config_file(directory: Path) -> Path:
    """src/voipbin_contract/runner/schemathesis.toml with the demo access key as the accesskeyQuery credential."""
    text = (ROOT / "src" / "voipbin_contract" / "runner" / "schemathesis.toml").read_text(encoding="utf-8")
    tomllib.loads(text)  # fail here, readably, if the suite's settings stopped being TOML
    path = directory / "schemathesis.toml"
    path.write_text(f'[auth.openapi.accesskeyQuery]\napi_key = "{ACCESS_KEY}"\n\n{text}', encoding="utf-8")
    return path


def schemathesis_run(url: str, config: Path) -> tuple[int, float]:
    """(test cases generated, seconds) of one `schemathesis run` of every operation's fuzzing phase."""
    command = [
        str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(config),
        "run", str(ROOT / "openapi.yaml"),
        "--url", url, "--max-examples", str(EXAMPLES), "--seed", str(SEED), "--phases", "fuzzing", "--no-color",
    ]  # fmt: skip
    started = time.perf_counter()
    output = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    elapsed = time.perf_counter() - started
    generated = re.search(r"(\d+) generated", output)
    if generated is None:
        raise SystemExit(f"schemathesis against {url} printed no test case count:\n{output[-2000:]}")
    return int(generated.group(1)), elapsed


def run(directory: Path) -> list[str]:
    config = config_file(directory)
    mock_port, prism_port = free_port(), free_port()
    mock = start_mock("--port", str(mock_port), "--db", str(directory / "speed.sqlite3"))
    prism = start_prism(prism_port)
    try:
        rows = {}
        for name, port, process in (("voipbin_mock", mock_port, mock), ("Prism", prism_port, prism)):
            url = f"http://127.0.0.1:{port}"
            wait_for(url + "/v1.0/numbers", process)
            rows[name] = schemathesis_run(url, config)
    finally:
        stop(mock, prism)
    started = time.perf_counter()
    contract = subprocess.run(["make", "-s", "contract"], cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    lines = [
        "## Contract suite speed (issue #6, part 4)",
        "",
        "`schemathesis run` of every operation's fuzzing phase with the suite's settings "
        f"(src/voipbin_contract/runner/schemathesis.toml), {EXAMPLES} examples per operation, seed {SEED}; the mock "
        "as one process.",
        "",
        "| server | test cases | seconds | test cases per second |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, (cases, seconds) in rows.items():
        lines.append(f"| {name} | {cases} | {seconds:.1f} | {cases / seconds:.0f} |")
    ratio = (rows["voipbin_mock"][0] / rows["voipbin_mock"][1]) / (rows["Prism"][0] / rows["Prism"][1])
    outcome = "passed" if contract.returncode == 0 else f"FAILED (exit {contract.returncode})"
    lines += [
        "",
        f"- Against the mock the suite runs {ratio:.1f}x as many test cases per second as against Prism.",
        f"- `make contract` (the whole suite against the bundled mock): {wall:.0f}s wall time, {outcome}; "
        "the issue's limit is 5 minutes.",
        "",
    ]
    return lines


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="voipbin-speed-") as scratch:
        print("\n".join(run(Path(scratch))))
