"""Write generated/voipbin-client from openapi.yaml, or check that the committed copy is current.

`make generate` writes the client; `make check-generated` regenerates it into a temporary directory and compares
the two trees file by file, byte for byte, so that nobody edits generated code by hand and nobody forgets to
regenerate after changing the description.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "openapi-python-client.yaml"
# Templates of openapi-python-client 0.29.1 (pinned in pyproject.toml) that voipbin-contract changes, so that the
# models parse faster; each change is marked in its file. The rest of the generator's templates are used as shipped.
TEMPLATES = ROOT / "templates"
OUTPUT = ROOT / "generated" / "voipbin-client"

# Byproducts of installing (pdm-backend's editable build), importing or testing the generated package, never
# written by the generator.
IGNORED_DIRS = frozenset({"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".pdm-build"})
IGNORED_SUFFIXES = (".pyc",)
# How many lines of each file's diff to show; the full picture is one `make generate && git diff` away.
DIFF_LINES = 40


class GenerationError(RuntimeError):
    """The generator refused the description or failed; its own output says why."""


def generate(spec: Path, output: Path) -> None:
    """Run the pinned openapi-python-client, with the pinned ruff from the same environment for its post-hooks."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path", str(spec),
        "--config", str(CONFIG),
        "--custom-template-path", str(TEMPLATES),
        "--output-path", str(output),
        "--meta", "pdm",
        "--overwrite",
        "--fail-on-warning",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise GenerationError(f"openapi-python-client failed on {spec.name}:\n{result.stdout}{result.stderr}")


def read_tree(root: Path) -> dict[str, bytes]:
    """Map each file below root (by POSIX relative path) to its bytes, leaving out caches and bytecode."""
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in IGNORED_DIRS for part in relative.parts) or path.suffix in IGNORED_SUFFIXES:
            continue
        if path.is_file():
            files[relative.as_posix()] = path.read_bytes()
    return files


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """Describe how the committed tree (actual) differs from a fresh generation (expected), one entry per file."""
    problems: list[str] = []
    for name in sorted(expected.keys() | actual.keys()):
        if name not in actual:
            problems.append(f"missing from generated/: {name}")
        elif name not in expected:
            problems.append(f"not produced by the generator: {name}")
        elif expected[name] != actual[name]:
            diff = difflib.unified_diff(
                actual[name].decode("utf-8", "replace").splitlines(),
                expected[name].decode("utf-8", "replace").splitlines(),
                fromfile=f"committed/{name}",
                tofile=f"regenerated/{name}",
                lineterm="",
            )
            lines = list(diff)
            shown = "\n".join(lines[:DIFF_LINES])
            more = f"\n... {len(lines) - DIFF_LINES} more diff lines" if len(lines) > DIFF_LINES else ""
            problems.append(f"differs: {name}\n{shown}{more}")
    return problems


def check(spec: Path, committed: Path) -> list[str]:
    """Regenerate from spec into a temporary directory and compare with the committed tree."""
    if not committed.is_dir():
        return [f"{committed} does not exist: run `make generate`"]
    with tempfile.TemporaryDirectory(prefix="voipbin-client-") as scratch:
        fresh = Path(scratch) / committed.name
        generate(spec, fresh)
        return differences(read_tree(fresh), read_tree(committed))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 on any difference")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the OpenAPI description (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the client's directory (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        if not args.check:
            generate(args.spec, args.output)
            print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
            return 0
        problems = check(args.spec, args.output)
    except GenerationError as error:
        print(error, file=sys.stderr)
        return 2
    if problems:
        print(
            f"generated/ disagrees with {args.spec.name} in {len(problems)} file(s); "
            "run `make generate` and commit the result. Never edit generated/ by hand.",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    print(f"generated/ is current with {args.spec.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
