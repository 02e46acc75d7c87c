"""Sequences of calls that follow openapi.yaml's links: login -> list, send -> get -> delete -> get (now 404)."""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from schemathesis.specs.openapi.checks import ignored_auth

from voipbin_contract.runner.session import api_schema
from voipbin_contract.runner.settings import Settings
from voipbin_contract.runner.target import Target


class EveryCheckButIgnoredAuth:
    """How the workflow judges each answer: every check but ignored_auth, which misreads the stateful phase: there
    schemathesis does not mark the configured token as explicit, so it takes a valid `token` sent with generated
    Bearer and `accesskey` values for invalid credentials, though the service reads `token` first.
    test_conformance.py runs ignored_auth with the token marked explicit, and catches a server that ignores
    credentials. The suite's own checks are the run's, bound to its target and ledger."""

    answer_checks: list[Any]
    recorder: Any

    def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
        __tracebackhide__ = True
        case.validate_response(
            response,
            additional_checks=[*(additional_checks or ()), *self.answer_checks],
            excluded_checks=[ignored_auth],
            transport_kwargs=kwargs or None,
            recorder=self.recorder,
        )


def test_sequences_that_follow_the_links_conform(
    target: Target, contract_settings: Settings, answer_checks: list[Any]
) -> None:
    """A test of its own name (schemathesis' TestCase reports as `runTest` in JUnit and the summary). Each example
    is a sequence of up to 6 calls: as many sequences as the run's examples, up to 10."""
    links = api_schema(target, contract_settings).as_state_machine()
    workflow: Any = type("APIWorkflow", (EveryCheckButIgnoredAuth, links), {"answer_checks": answer_checks})
    workflow.run(settings=settings(max_examples=min(contract_settings.examples, 10), stateful_step_count=6))
