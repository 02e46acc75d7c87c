"""Code that the mock server and the contract suite share, so that each fact is stated once.

`SPEC` is the description itself, packaged with the code (in a checkout, a link to the repository's openapi.yaml),
so that an installed mock or suite needs no checkout.
"""

from pathlib import Path

SPEC = Path(__file__).resolve().parent / "openapi.yaml"
