"""Every operation of openapi.yaml, with schema-valid and invalid data, against the target.

Schemathesis' own checks (status codes, content types, response schemas, negative and positive data, ignored
auth, use after free, resource availability) plus this suite's (voipbin_contract.rules.checks) run on every answer.
"""

from __future__ import annotations

from typing import Any

from voipbin_contract.runner.session import api_schema
from voipbin_contract.runner.target import Target

# A test per operation; the session points the schema at the run's target as it collects them.
schema = api_schema()


@schema.parametrize()  # type: ignore[untyped-decorator]
def test_operation_conforms(case: Any, target: Target, answer_checks: list[Any]) -> None:
    case.call_and_validate(base_url=target.base_url, additional_checks=answer_checks)
