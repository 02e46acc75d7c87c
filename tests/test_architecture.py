"""ARCHITECTURE.md's import rules, enforced: the contract suite is an independent judge. It reads its expectations
from the description and its data files, and imports nothing of the mock but what starts the bundled mock, so that a
bug in the mock cannot hide behind code the two share. The mock never imports the suite or the client."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "src" / "voipbin_contract"
# Where the suite starts the bundled mock: the one module that may import it.
STARTS_THE_MOCK = SUITE / "runner" / "bundled.py"
PROJECT_PACKAGES = {
    "voipbin_mock",
    "voipbin_contract",
    "voipbin_client",
    "voipbin_sdk",
    "scripts",
    "benchmarks",
    "tests",
}
# The suite's rooms, each importing only those below it: what a server must do (rules), what both the suite and the
# traffic judge write (reports), running the suite (runner), judging traffic (traffic). runner and traffic are
# siblings: neither imports the other.
MAY_IMPORT = {
    "rules": {"rules"},
    "reports": {"rules", "reports"},
    "runner": {"rules", "reports", "runner"},
    "traffic": {"rules", "reports", "traffic"},
}


def imported_packages(path: Path) -> set[str]:
    """The top-level names a module imports, relative imports resolved within its own package."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(path.parent.name if node.level else (node.module or "").split(".")[0])
    return found


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def label(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", modules("src/voipbin_contract") + modules("contract_tests"), ids=label)
def test_the_suite_imports_nothing_of_the_mock_but_what_starts_it(path):
    project = imported_packages(path) & PROJECT_PACKAGES
    allowed = {"voipbin_contract", "voipbin_client"} | ({"voipbin_mock"} if path == STARTS_THE_MOCK else set())
    assert project <= allowed, f"{path.relative_to(ROOT)} imports {sorted(project - allowed)}"


@pytest.mark.parametrize("path", [p for room in MAY_IMPORT for p in modules(f"src/voipbin_contract/{room}")], ids=label)
def test_each_room_of_the_suite_imports_only_the_rooms_below_it(path):
    room = path.relative_to(SUITE).parts[0]
    rooms = {name.split(".")[1] for name in imported_modules(path) if name.startswith("voipbin_contract.")}
    assert rooms <= MAY_IMPORT[room], f"{label(path)} ({room}) imports {sorted(rooms - MAY_IMPORT[room])}"


CHECK_TRAFFIC = """
import json, sys
from voipbin_contract.__main__ import main
har = {"log": {"entries": []}}
open(sys.argv[1], "w").write(json.dumps(har))
code = main(["check-traffic", sys.argv[1], "--report", sys.argv[2]])
print(sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in ("voipbin_mock", "uvicorn", "starlette")}))
"""


def test_check_traffic_loads_no_server(tmp_path):
    """The rules and the traffic judge import no server: check-traffic loaded the mock, uvicorn and starlette (45
    modules) through the target's module."""
    command = [sys.executable, "-c", CHECK_TRAFFIC, str(tmp_path / "empty.har"), str(tmp_path / "report")]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("path", modules("src/voipbin_mock"), ids=lambda p: p.name)
def test_the_mock_imports_neither_the_suite_nor_the_client(path):
    project = imported_packages(path) & PROJECT_PACKAGES
    assert project <= {"voipbin_mock"}, f"{path.relative_to(ROOT)} imports {sorted(project - {'voipbin_mock'})}"


@pytest.mark.parametrize("path", modules("sdk/voipbin-sdk/voipbin_sdk"), ids=lambda p: p.name)
def test_the_sdk_adds_to_the_generated_client_and_needs_nothing_else_of_the_project(path):
    project = imported_packages(path) & PROJECT_PACKAGES
    assert project <= {"voipbin_sdk", "voipbin_client"}, f"{path.relative_to(ROOT)} imports {sorted(project)}"


def test_the_check_sees_imports_of_every_kind(tmp_path):
    """The rules above cannot pass by reading nothing: plain, from-, nested and relative imports are all found."""
    probe = tmp_path / "voipbin_contract" / "probe.py"
    probe.parent.mkdir()
    lines = [
        "import os",
        "from voipbin_mock.segments import x",
        "from . import checks",
        "def f():",
        "    import voipbin_client",
    ]
    probe.write_text("\n".join(lines), encoding="utf-8")
    assert imported_packages(probe) == {"os", "voipbin_mock", "voipbin_contract", "voipbin_client"}


def imported_modules(path: Path) -> set[str]:
    """The full names of the modules a module imports (`from voipbin_mock.faults import X`: voipbin_mock.faults)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("path", modules("src/voipbin_mock"), ids=lambda p: p.name)
def test_no_module_of_the_mock_imports_its_command(path):
    """__main__ is the command only: workers imported it back for the workers' app."""
    assert "voipbin_mock.__main__" not in imported_modules(path) or path.name == "__main__.py"


def test_the_mocks_request_path_knows_no_fault():
    """The fault switches wrap the app and its handlers when asked for (voipbin_mock.faults.install, wrap_app);
    the handlers and the request path call none of them."""
    for name in ("handlers.py", "server.py", "auth.py", "views.py", "store.py"):
        assert "voipbin_mock.faults" not in imported_modules(ROOT / "src/voipbin_mock" / name), name
    from voipbin_mock.app import Endpoint, authenticate

    for function in (Endpoint.__call__, authenticate):
        assert "fault" not in inspect.getsource(function)
