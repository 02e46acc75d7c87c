"""The description the suite judges by, read once: the openapi.yaml packaged with the suite (in a checkout, a link to
the repository's). Every expectation of the suite starts here or in its data files; the bundled mock is started with
the same file. It is a fact of the installed suite, not a setting of a run: the rules are compiled from it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_PATH = (Path(__file__).resolve().parent.parent / "openapi.yaml").resolve()

# libyaml's parser where PyYAML has it (its wheels do): eight times the pure-Python one, which took a quarter of a
# second of every run's start.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SPEC: dict[str, Any] = yaml.load(SPEC_PATH.read_text(encoding="utf-8"), Loader=LOADER)

_SCHEMES: dict[str, dict[str, Any]] = SPEC["components"]["securitySchemes"]
# The query parameter each kind of credential travels in, and the security scheme that names it.
CREDENTIAL_SCHEMES = {
    s["name"]: scheme for scheme, s in _SCHEMES.items() if s["type"] == "apiKey" and s["in"] == "query"
}
# Every cookie or query parameter that carries a credential.
CREDENTIAL_PARAMETERS = frozenset(s["name"] for s in _SCHEMES.values() if s["type"] == "apiKey")

_REGISTRY: Registry[Any] = Registry().with_resource("urn:voipbin:openapi", DRAFT202012.create_resource(SPEC))


@cache
def validator(pointer: str) -> Draft202012Validator:
    """A JSON Schema validator for the description's schema at pointer (`#/components/schemas/...`)."""
    return Draft202012Validator({"$ref": f"urn:voipbin:openapi{pointer}"}, registry=_REGISTRY)
