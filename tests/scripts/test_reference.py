"""scripts/reference.py: each known deviation is written beside its rule and listed in the introduction."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from scripts.reference import main, node_at, place, render
from tests.conftest import ROOT
from voipbin_contract.rules.deviations import known_deviations


def test_every_deviation_is_written_beside_its_rule_with_linked_evidence(spec):
    rendered = render(spec)
    for deviation in known_deviations(spec):
        description = node_at(rendered, deviation.where)["description"]
        assert f"**Known deviation `{deviation.id}`: {deviation.summary}**" in description
        for path in deviation.evidence:
            assert f"https://github.com/voipbin/monorepo/blob/2bf22fa/{path}" in description
        assert f"| `{deviation.id}` |" in rendered["info"]["description"]


def test_the_description_itself_is_left_unchanged(spec):
    before = yaml.safe_dump(spec)
    render(spec)
    assert yaml.safe_dump(spec) == before


def test_a_rule_without_a_description_gets_one(spec):
    spec = copy.deepcopy(spec)
    del spec["paths"]["/v1.0/messages"]["get"]["description"]
    assert render(spec)["paths"]["/v1.0/messages"]["get"]["description"].startswith("**Known deviation")


def test_the_command_writes_the_reference_spec(tmp_path: Path, capsys):
    output = tmp_path / "build" / "reference.yaml"
    assert main([str(ROOT / "openapi.yaml"), str(output)]) == 0
    assert "Known deviations" in yaml.safe_load(output.read_text(encoding="utf-8"))["info"]["description"]
    assert "known deviations beside their rules" in capsys.readouterr().out


def test_a_malformed_deviation_is_one_readable_line(tmp_path: Path, capsys):
    broken = tmp_path / "openapi.yaml"
    broken.write_text("info: {description: x, x-known-deviations: [{id: a}]}\n", encoding="utf-8")
    assert main([str(broken), str(tmp_path / "out.yaml")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("reference: cannot render")
    assert error.count("\n") == 1


@pytest.mark.parametrize(
    ("pointer", "named"),
    [
        ("#/paths/~1v1.0~1messages~1{id}/delete", "`DELETE /v1.0/messages/{id}`"),
        ("#/paths/~1v1.0~1messages/post/requestBody", "`POST /v1.0/messages` request body"),
        ("#/components/schemas/TargetStatus", "schema `TargetStatus`"),
        ("#/components/securitySchemes/tokenQuery", "security scheme `tokenQuery`"),
        ("#/info", "`#/info`"),
    ],
)
def test_a_place_is_named_as_the_reference_shows_it(pointer, named):
    assert place(pointer) == named
