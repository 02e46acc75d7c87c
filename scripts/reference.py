"""Write the description as the HTML reference shows it: each known deviation spelled out beside its rule.

openapi.yaml records every difference between the documented contract and the service once, as data
(`x-known-deviations`, see voipbin_contract.rules.deviations). Renderers do not show extensions, so `make docs` runs
this first: it appends each deviation to the description of the operation, schema or security scheme that holds it,
with links to the evidence in VoIPbin's source at the commit read, and lists them all in the introduction. The
result is a build artefact (build/reference.yaml); openapi.yaml stays the only place the facts are written.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path
from typing import Any

import yaml

from voipbin_contract.rules.deviations import Deviation, DeviationError, known_deviations, pointer_parts

SOURCE_URL = "https://github.com/{repository}/blob/{commit}/{path}"


def node_at(spec: dict[str, Any], pointer: str) -> dict[str, Any]:
    """The object a `#/...` JSON pointer names."""
    node: Any = spec
    for key in pointer_parts(pointer):
        node = node[int(key)] if isinstance(node, list) else node[key]
    if not isinstance(node, dict):
        raise DeviationError(f"{pointer} is not an object that can carry a description")
    return node


def evidence_links(spec: dict[str, Any], deviation: Deviation) -> str:
    source = spec["info"]["x-service-source"]
    return ", ".join(
        f"[`{path}`]({SOURCE_URL.format(repository=source['repository'], commit=source['commit'], path=path)})"
        for path in deviation.evidence
    )


def beside_the_rule(spec: dict[str, Any], deviation: Deviation) -> str:
    """The deviation as markdown, for the description of the node that holds it."""
    return (
        f"**Known deviation `{deviation.id}`: {deviation.summary}**\n\n"
        f"- *Documented:* {_one_line(deviation.documented)}\n"
        f"- *Service:* {_one_line(deviation.service)}\n"
        f"- *Evidence:* {evidence_links(spec, deviation)}"
    )


def overview(spec: dict[str, Any], deviations: list[Deviation]) -> str:
    """The introduction's list of every deviation, with where it stands."""
    rows = [f"| `{d.id}` | {d.summary} | {place(d.where)} |" for d in deviations]
    source = spec["info"]["x-service-source"]
    return "\n".join(
        [
            "## Known deviations",
            "",
            f"Read in `{source['repository']}` at commit `{source['commit']}`. Each is shown again beside its rule,",
            "with its evidence; the contract suite reads the same list.",
            "",
            "| id | the service | where |",
            "| --- | --- | --- |",
            *rows,
        ]
    )


def render(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the description with every deviation written out in descriptions."""
    rendered = copy.deepcopy(spec)
    deviations = known_deviations(rendered)
    for deviation in deviations:
        holder = node_at(rendered, deviation.where)
        text = beside_the_rule(rendered, deviation)
        holder["description"] = f"{holder['description'].rstrip()}\n\n{text}\n" if holder.get("description") else text
    if deviations:
        introduction = rendered["info"]["description"].rstrip()
        rendered["info"]["description"] = f"{introduction}\n\n{overview(spec, deviations)}\n"
    return rendered


def place(pointer: str) -> str:
    """Where a pointer stands, as a reader of the reference names it: `POST /v1.0/messages`, schema `Target`."""
    parts = pointer_parts(pointer)
    if len(parts) == 3 and parts[0] == "paths":
        return f"`{parts[2].upper()} {parts[1]}`"
    if parts[3:] == ["requestBody"] and parts[0] == "paths":
        return f"`{parts[2].upper()} {parts[1]}` request body"
    if len(parts) == 3 and parts[:2] == ["components", "schemas"]:
        return f"schema `{parts[2]}`"
    if len(parts) == 3 and parts[:2] == ["components", "securitySchemes"]:
        return f"security scheme `{parts[2]}`"
    return f"`{pointer}`"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="openapi.yaml")
    parser.add_argument("output", type=Path, help="where to write the description the reference is built from")
    arguments = parser.parse_args(argv)
    try:
        spec = yaml.safe_load(arguments.spec.read_text(encoding="utf-8"))
        rendered = render(spec)
    except (OSError, yaml.YAMLError, DeviationError, KeyError) as error:
        print(f"reference: cannot render {arguments.spec}: {error}", file=sys.stderr)
        return 1
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(yaml.safe_dump(rendered, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(f"wrote {arguments.output}: {len(known_deviations(spec))} known deviations beside their rules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
