"""scripts/generate.py: the drift check names each file that differs and passes only on an identical tree."""

from __future__ import annotations

import shutil

import pytest

from scripts import generate
from scripts.generate import ROOT


def test_identical_trees_have_no_differences():
    tree = {"a.py": b"x = 1\n", "pkg/b.py": b"y = 2\n"}
    assert generate.differences(tree, dict(tree)) == []


def test_each_kind_of_difference_is_named():
    expected = {"same.py": b"1\n", "edited.py": b"x = 1\n", "deleted.py": b"2\n"}
    actual = {"same.py": b"1\n", "edited.py": b"x = 2\n", "added.py": b"3\n"}
    problems = generate.differences(expected, actual)
    assert problems[0] == "not produced by the generator: added.py"
    assert problems[1] == "missing from generated/: deleted.py"
    assert problems[2].startswith("differs: edited.py\n")
    assert "-x = 2" in problems[2]
    assert "+x = 1" in problems[2]
    assert len(problems) == 3


def test_read_tree_skips_caches_bytecode_and_install_byproducts(tmp_path):
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / ".pdm-build").mkdir()  # what `pip install -e` of the client leaves behind
    (tmp_path / ".pdm-build" / "_editable_impl_voipbin_client.pth").write_bytes(b"/x\n")
    (tmp_path / "pkg" / "m.py").write_bytes(b"m = 1\n")
    assert generate.read_tree(tmp_path) == {"pkg/m.py": b"m = 1\n"}


@pytest.fixture(scope="module")
def committed_copy(tmp_path_factory):
    """A copy of the committed client, to tamper with."""
    copy = tmp_path_factory.mktemp("client") / "voipbin-client"
    shutil.copytree(generate.OUTPUT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_check_catches_a_hand_edit(committed_copy, capsys):
    edited = committed_copy / "voipbin_client" / "models" / "target.py"
    original = edited.read_bytes()
    edited.write_bytes(original.replace(b"class Target:", b"class Target:  # tweaked by hand"))
    try:
        assert generate.main(["--check", "--output", str(committed_copy)]) == 1
    finally:
        edited.write_bytes(original)
    error = capsys.readouterr().err
    assert "run `make generate`" in error
    assert "differs: voipbin_client/models/target.py" in error


def test_check_catches_a_description_change_not_regenerated(committed_copy, tmp_path, capsys):
    spec = tmp_path / "openapi.yaml"
    text = generate.SPEC.read_text(encoding="utf-8")
    spec.write_text(text.replace("enum: [normal, virtual]", "enum: [normal, virtual, ported]"), encoding="utf-8")
    assert generate.main(["--check", "--spec", str(spec), "--output", str(committed_copy)]) == 1
    assert "differs: voipbin_client/models/number_type.py" in capsys.readouterr().err


def test_a_description_the_generator_refuses_is_reported_not_raised(committed_copy, tmp_path, capsys):
    spec = tmp_path / "openapi.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: [not, a, mapping]\n", encoding="utf-8")
    assert generate.main(["--check", "--spec", str(spec), "--output", str(committed_copy)]) == 2
    assert "openapi-python-client failed" in capsys.readouterr().err


def test_the_custom_templates_are_based_on_the_pinned_generator():
    from importlib.metadata import version

    readme = (ROOT / "templates" / "README.md").read_text(encoding="utf-8")
    assert f"version **{version('openapi-python-client')}**" in readme
    for template in (ROOT / "templates").rglob("*.jinja"):
        assert "voipbin-contract:" in template.read_text(encoding="utf-8"), f"{template.name} marks no change"
