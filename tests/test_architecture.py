"""ARCHITECTURE.md's import rules, enforced: the contract suite is an independent judge. It reads its expectations
from the description and its data files, and imports nothing of the mock but what starts the bundled mock, so that a
bug in the mock cannot hide behind code the two share. The mock never imports the suite or the client."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Where the suite starts the bundled mock: the one module that may import it.
STARTS_THE_MOCK = ROOT / "src" / "voipbin_contract" / "target.py"
PROJECT_PACKAGES = {
    "voipbin_mock",
    "voipbin_contract",
    "voipbin_client",
    "voipbin_sdk",
    "scripts",
    "benchmarks",
    "tests",
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


@pytest.mark.parametrize("path", modules("src/voipbin_contract"), ids=lambda p: p.name)
def test_the_suite_imports_nothing_of_the_mock_but_what_starts_it(path):
    project = imported_packages(path) & PROJECT_PACKAGES
    allowed = {"voipbin_contract", "voipbin_client"} | ({"voipbin_mock"} if path == STARTS_THE_MOCK else set())
    assert project <= allowed, f"{path.relative_to(ROOT)} imports {sorted(project - allowed)}"


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
