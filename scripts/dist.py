"""`make dist`: every wheel a user installs, into dist/, with no checkout needed afterwards.

- voipbin-mock: the mock server (`voipbin-mock`), with its description and fixtures; none of the suite's
  dependencies (no pytest, schemathesis or hypothesis).
- voipbin-contract: the contract suite (`voipbin-contract`: the suite, the checking proxy, check-traffic), which
  installs the mock of the same version as its bundled mock.
- voipbin-client and voipbin-sdk: the generated client and the SDK, built from their own projects.

This repository's pyproject.toml is the workspace that develops both: the mock's and the suite's dependencies are
its `mock` and `suite` extras, and each wheel is built from a staged copy of its package with a pyproject written
from them here, so that every pin stays written once.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ROOT_PROJECT = PYPROJECT["project"]


def scm_version() -> str:
    """The version the repository's tags give this commit (setuptools-scm, configured in pyproject.toml): a tagged
    commit v1.2.0 gives 1.2.0."""
    from setuptools_scm import get_version

    return str(get_version(root=str(ROOT), **PYPROJECT["tool"]["setuptools_scm"]))


VERSION = scm_version()
EXTRAS: dict[str, list[str]] = ROOT_PROJECT["optional-dependencies"]
# The pytest plugin of the suite, as pyproject.toml registers it; its wheel registers it the same way.
ROOT_ENTRY_POINTS: dict[str, dict[str, str]] = ROOT_PROJECT.get("entry-points", {})


class DistError(RuntimeError):
    """A wheel could not be built; the builder's own output says why."""


def toml_string(text: str) -> str:
    return f'"{text}"'


def _pyproject(name: str, description: str, package: str, data: dict[str, list[str]], needs: list[str]) -> str:
    quoted = ", ".join(f'"{item}"' for item in needs)
    files = "".join(f"{toml_string(where)} = [{', '.join(map(toml_string, names))}]\n" for where, names in data.items())
    plugins = ROOT_ENTRY_POINTS.get("pytest11", {})
    ours = {key: value for key, value in plugins.items() if value.startswith(f"{package}.")}
    lines = "".join(f'"{key}" = "{value}"\n' for key, value in ours.items())
    entry_points = f"\n[project.entry-points.pytest11]\n{lines}" if ours else ""
    return f"""[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "{VERSION}"
description = "{description}"
license = "MIT"
requires-python = "{ROOT_PROJECT["requires-python"]}"
dependencies = [{quoted}]

[project.scripts]
{name} = "{package}.__main__:main"
{entry_points}
[tool.setuptools.packages.find]
include = ["{package}", "{package}.*"]

[tool.setuptools.package-data]
{files}"""


# The package data of pyproject.toml, by package: each wheel holds its own packages' files.
PACKAGE_DATA: dict[str, list[str]] = PYPROJECT["tool"]["setuptools"]["package-data"]
# What each of this project's own wheels holds: its package (in this checkout), its command, the folders it takes in
# as subpackages (the suite's test modules), and the extras of pyproject.toml it depends on (the suite also on the
# mock of the same version).
WHEELS = {
    "voipbin-mock": (
        "The stateful VoIPbin messaging mock server.",
        ROOT / "src" / "voipbin_mock",
        {},
        EXTRAS["mock"],
    ),
    "voipbin-contract": (
        "The VoIPbin messaging contract suite, checking proxy and traffic judge, with its bundled mock.",
        ROOT / "src" / "voipbin_contract",
        {"contract_tests": ROOT / "contract_tests"},
        [f"voipbin-mock=={VERSION}", *EXTRAS["suite"]],
    ),
}
# Projects of their own, built as they are.
PROJECTS = {"voipbin-client": ROOT / "generated" / "voipbin-client", "voipbin-sdk": ROOT / "sdk" / "voipbin-sdk"}


def _wheel(source: Path, out: Path) -> None:
    """The wheel of source, built with the build backends the workspace pins (its dev extra): nothing fetched."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out)]
    result = subprocess.run([*command, str(source)], capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        raise DistError(f"cannot build a wheel of {source}:\n{result.stdout}{result.stderr}")


def build(out: Path, names: list[str]) -> list[Path]:
    """The wheels of names, written to out; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="voipbin-dist-") as scratch:
        for name in names:
            if name in PROJECTS:
                _wheel(PROJECTS[name], out)
                continue
            description, package, inside, needs = WHEELS[name]
            stage = Path(scratch) / name
            ignored = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(package, stage / package.name, symlinks=False, ignore=ignored)  # links: their files
            for folder, source in inside.items():
                shutil.copytree(source, stage / package.name / folder, ignore=ignored)
            data = {k: v for k, v in PACKAGE_DATA.items() if k.split(".")[0] == package.name}
            pyproject = _pyproject(name, description, package.name, data, needs)
            (stage / "pyproject.toml").write_text(pyproject, encoding="utf-8")
            _wheel(stage, out)
    prefixes = tuple(f"{name.replace('-', '_')}-" for name in names)  # a wheel's file name starts with its project's
    return sorted(wheel for wheel in out.glob("*.whl") if wheel.name.startswith(prefixes))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/dist.py", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the wheels go (default: dist/)")
    choices = [*WHEELS, *PROJECTS]
    parser.add_argument("names", nargs="*", help=f"which wheels: {', '.join(choices)} (default: all)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in choices]
    if unknown:
        parser.error(f"no wheel named {', '.join(unknown)}; choose from {', '.join(choices)}")
    try:
        wheels = build(args.out, list(args.names) or choices)
    except DistError as error:
        print(f"make dist: {error}", file=sys.stderr)
        return 1
    for wheel in wheels:
        print(wheel.relative_to(ROOT) if wheel.is_relative_to(ROOT) else wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
