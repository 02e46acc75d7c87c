"""Sequences of calls that follow openapi.yaml's links: login -> list, send -> get -> delete -> get (now 404)."""

from __future__ import annotations

from hypothesis import settings

from contract_tests.conftest import api_schema, current_target

APIWorkflow = api_schema(current_target()).as_state_machine()
TestAPIWorkflow = APIWorkflow.TestCase
TestAPIWorkflow.settings = settings(max_examples=10, stateful_step_count=6, deadline=None)
