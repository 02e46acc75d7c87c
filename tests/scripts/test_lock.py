"""requirements.lock (scripts/lock.py): the exact set every `make` target installs stays within the ranges the
projects declare, and is what this environment runs."""

from __future__ import annotations

import importlib.metadata
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from scripts.lock import HEADER, LOCK
from tests.conftest import ROOT

PROJECTS = ("pyproject.toml", "sdk/voipbin-sdk/pyproject.toml", "generated/voipbin-client/pyproject.toml")


def locked() -> dict[str, str]:
    lines = [line for line in LOCK.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {canonicalize_name(name): version for name, version in (line.split("==") for line in lines)}


def declared() -> list[Requirement]:
    """Every requirement of this repository's projects on a package of someone else's, for this platform."""
    requirements = []
    for path in PROJECTS:
        project = tomllib.loads((ROOT / path).read_text(encoding="utf-8"))["project"]
        texts = [*project.get("dependencies", [])]
        texts += [text for extra in project.get("optional-dependencies", {}).values() for text in extra]
        requirements += [Requirement(text) for text in texts]
    return [
        r
        for r in requirements
        if not r.name.startswith("voipbin") and (r.marker is None or r.marker.evaluate({"extra": ""}))
    ]


def test_every_declared_range_admits_the_locked_version():
    versions = locked()
    outside = []
    for requirement in declared():
        version = versions.get(canonicalize_name(requirement.name))
        if version is None or version not in requirement.specifier:
            outside.append(f"{requirement} (locked: {version or 'not at all'})")
    assert not outside, "requirements.lock is not within the ranges, run `make lock`: " + "; ".join(outside)


def test_the_lock_says_where_it_comes_from_and_pins_every_package_once():
    text = LOCK.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    names = [line.split("==")[0] for line in text.splitlines() if line and not line.startswith("#")]
    assert len(names) == len({canonicalize_name(name) for name in names})
    assert all("==" in line for line in text.splitlines() if line and not line.startswith("#"))


def test_this_environment_runs_the_locked_versions():
    """make installs with the lock as pip's constraints: what runs is what the lock says (a `make lock` not
    followed by a reinstall, or a package installed by hand, shows here)."""
    different = {}
    for name, version in locked().items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"  # the lock is of Linux, where every package it holds installs
        if installed != version:
            different[name] = (version, installed)
    assert not different, different
