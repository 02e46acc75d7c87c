"""Every operation of openapi.yaml, with schema-valid and invalid data, against the target.

Schemathesis' own checks (status codes, content types, response schemas, negative and positive data, ignored
auth, use after free, resource availability) plus this suite's (src/voipbin_contract/checks.py) run on every answer.
"""

from __future__ import annotations

from voipbin_contract.session import api_schema, current_target

schema = api_schema(current_target())


@schema.parametrize()
def test_operation_conforms(case):
    case.call_and_validate()
