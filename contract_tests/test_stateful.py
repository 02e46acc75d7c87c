"""Sequences of calls that follow openapi.yaml's links: login -> list, send -> get -> delete -> get (now 404)."""

from __future__ import annotations

from typing import Any

from hypothesis import settings
from schemathesis.specs.openapi.checks import ignored_auth

from voipbin_contract.checks import short_balance_judged_on
from voipbin_contract.session import EXAMPLES, api_schema
from voipbin_contract.target import Target

# Each example is a sequence of up to 6 calls: as many sequences as examples per operation, up to 10.
SETTINGS = settings(max_examples=min(EXAMPLES, 10), stateful_step_count=6, deadline=None)


class EveryCheckButIgnoredAuth:
    """How the workflow judges each answer: every check but ignored_auth, which misreads the stateful phase: there
    schemathesis does not mark the configured token as explicit, so it takes a valid `token` sent with generated
    Bearer and `accesskey` values for invalid credentials, though the service reads `token` first.
    test_conformance.py runs ignored_auth with the token marked explicit, and catches a server that ignores
    credentials. The short balance is judged on the workflow's target."""

    target: Target
    recorder: Any

    def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
        __tracebackhide__ = True
        case.validate_response(
            response,
            additional_checks=[*(additional_checks or ()), short_balance_judged_on(self.target)],
            excluded_checks=[ignored_auth],
            transport_kwargs=kwargs or None,
            recorder=self.recorder,
        )


def test_sequences_that_follow_the_links_conform(target: Target) -> None:
    """A test of its own name (schemathesis' TestCase reports as `runTest` in JUnit and the summary)."""
    links = api_schema(target).as_state_machine()
    workflow: Any = type("APIWorkflow", (EveryCheckButIgnoredAuth, links), {"target": target})
    workflow.run(settings=SETTINGS)
