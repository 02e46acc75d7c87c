"""The contract suite's session: its hooks and fixtures, which voipbin_contract.plugin registers when a run runs the
suite. The target is resolved (the bundled mock started) once, before any test runs.

Environment (all optional): VOIPBIN_BASE_URL or BASE_URL, VOIPBIN_ACCESSKEY or ACCESSKEY, VOIPBIN_TOKEN or TOKEN,
VOIPBIN_USERNAME and VOIPBIN_PASSWORD, VOIPBIN_OTHER_ACCESSKEY or VOIPBIN_OTHER_TOKEN, VOIPBIN_SOURCE_NUMBER,
VOIPBIN_ALLOW_SEND, VOIPBIN_TEST_DESTINATIONS, VOIPBIN_MAX_SENDS, VOIPBIN_REQUESTS_PER_SECOND; VOIPBIN_CONTRACT_EXAMPLES
(default 25) and VOIPBIN_CONTRACT_SEED (random unless given); for the bundled mock VOIPBIN_MOCK_PROFILE and
VOIPBIN_MOCK_DISPATCH.
"""

from __future__ import annotations

import os
import random
import time
import tomllib
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.pytest.plugin import SchemathesisCase

from voipbin_contract import checks  # registers the custom checks with schemathesis
from voipbin_contract.deadline import RunTimeLimitReached, alarm
from voipbin_contract.description import SPEC_PATH
from voipbin_contract.known import LEDGER
from voipbin_contract.pacing import pacing_schemathesis
from voipbin_contract.preflight import preflight
from voipbin_contract.redact import Redactor
from voipbin_contract.target import REQUEST_SECONDS, Target, TargetError, resolve

HERE = Path(__file__).resolve().parent
# Written beside the JUnit report (--junitxml): the known deviations the run met, for voipbin_contract.summary.
DEVIATIONS_REPORT = "deviations.json"
OTHER_CREDENTIALS = ("VOIPBIN_OTHER_ACCESSKEY", "VOIPBIN_OTHER_TOKEN")
# Every secret of the run, taken out of each report, section and line the suite writes.
REDACT = Redactor()
# The whole run's limit: no test starts after it (each request has its own, target.REQUEST_SECONDS).
TIME_LIMIT_SECONDS = float(os.environ.get("VOIPBIN_CONTRACT_TIME_LIMIT", "1800"))
_STARTED = pytest.StashKey[float]()
# Operations that change state on the server; never fuzzed against anything but the bundled mock.
WRITES = ("sendMessage", "deleteMessage")
_TARGET = pytest.StashKey[Target]()
_STACK = pytest.StashKey[ExitStack]()

# Examples per operation and per property test (VOIPBIN_CONTRACT_EXAMPLES), read once.
EXAMPLES = int(os.environ.get("VOIPBIN_CONTRACT_EXAMPLES", "25"))

# Drawn from the run's seed wherever it runs: under CI=true hypothesis loads its "ci" profile, whose derandomize
# would draw the same examples in every run, whatever the seed the run prints for replay.
settings.register_profile(
    "contract",
    derandomize=False,
    deadline=None,
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile("contract")


def deviations_report(config: pytest.Config) -> Path | None:
    junit = config.getoption("xmlpath", None)
    return Path(junit).with_name(DEVIATIONS_REPORT) if junit else None


def pytest_configure(config: pytest.Config) -> None:
    """Resolve the target and check that it can be tested; if not, one line and exit code 2 before any test."""
    secret_variables = (
        "VOIPBIN_PASSWORD",
        "VOIPBIN_TOKEN",
        "TOKEN",
        "VOIPBIN_ACCESSKEY",
        "ACCESSKEY",
        "VOIPBIN_WEBHOOK_SECRET",
    )
    for name in (*secret_variables, *OTHER_CREDENTIALS):
        REDACT.add(os.environ.get(name))
    report = deviations_report(config)
    if report is not None:
        report.unlink(missing_ok=True)  # never a previous run's
    # Before the target: the bundled mock makes its random choices (dispatch paths) from the run's seed.
    os.environ.setdefault("VOIPBIN_CONTRACT_SEED", str(random.randrange(2**32)))
    if getattr(config.option, "hypothesis_seed", None) is None:  # hypothesis' plugin reads it after this hook
        config.option.hypothesis_seed = os.environ["VOIPBIN_CONTRACT_SEED"]  # the property tests draw from it too
    stack = ExitStack()
    try:
        target = stack.enter_context(resolve())
        REDACT.add(target.token)
        REDACT.add(target.other_token)
        REDACT.add(target.webhook_secret)
        stack.enter_context(pacing_schemathesis(target.pace))
        preflight(target)
    except TargetError as error:
        stack.close()
        pytest.exit(REDACT(f"contract suite: {error}"), returncode=2)
    if not target.allow_send:
        LEDGER.unable["send"] = "sending is off: VOIPBIN_ALLOW_SEND"
    if target.webhooks is None:
        LEDGER.unable["webhooks"] = "no webhook receiver: VOIPBIN_WEBHOOK_LISTEN and VOIPBIN_WEBHOOK_SECRET"
    config.stash[_STARTED] = time.monotonic()
    config.stash[_TARGET] = target
    config.stash[_STACK] = stack


def pytest_unconfigure(config: pytest.Config) -> None:
    if _STACK in config.stash:
        config.stash[_STACK].close()


def pytest_report_header(config: pytest.Config) -> list[str]:
    target = config.stash[_TARGET]
    plan = target.plan()
    if not target.bundled_mock:
        plan += "\n  schemathesis fuzzes only reading operations here; sends run only in the property tests"
    seed = os.environ["VOIPBIN_CONTRACT_SEED"]
    strict = (
        "  strict: every known deviation fails (VOIPBIN_STRICT=1)"
        if LEDGER.strict
        else f"  known deviations: {len(LEDGER.declared)} declared in openapi.yaml pass and are reported"
        " (VOIPBIN_STRICT=1 fails them)"
    )
    lines = [*plan.splitlines(), strict, f"  seed: {seed} (replay with VOIPBIN_CONTRACT_SEED={seed})"]
    return [REDACT(line) for line in lines]


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Which known deviations the run met (id, how often, one example), and which it never saw."""
    terminalreporter.section("known deviations")
    for line in LEDGER.lines():
        terminalreporter.write_line(REDACT(line))
    if _TARGET in config.stash:
        terminalreporter.write_line(config.stash[_TARGET].budget.report())
        terminalreporter.write_line(config.stash[_TARGET].pace.report())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    report = deviations_report(session.config)
    if report is not None:
        LEDGER.write(report, REDACT)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failing property test's report ends with its last requests as curl; a test per operation is named by it
    (`test_operation_conforms[GET /v1.0/messages]`, in the JUnit XML too); no report carries a secret."""
    report = yield
    if "[" in item.name and not report.nodeid.endswith("]"):
        report.nodeid = f"{report.nodeid.rsplit('::', 1)[0]}::{item.name}"
    module = getattr(item, "module", None)
    if report.failed and call.when == "call" and module is not None:
        log = getattr(module, "REQUESTS", None)
        if log is not None and log.requests:
            report.longrepr = f"{report.longrepr}\n\nLast requests (as curl, credentials redacted):\n{log.report()}"
    redact_report(report)
    return report


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(node: Any, call: Any, report: pytest.TestReport | pytest.CollectReport) -> None:
    """Schemathesis rewrites a failure's report here (after the JUnit XML has it), for the terminal: redact again."""
    redact_report(report)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Any:
    report = yield
    redact_report(report)
    return report


def redact_report(report: pytest.TestReport | pytest.CollectReport) -> None:
    """The report's traceback and captured sections without secrets: what the terminal, the log and JUnit show."""
    if report.longrepr is not None:
        text = str(report.longrepr)
        redacted = REDACT(text)
        if redacted != text:
            report.longrepr = redacted
    report.sections = [(title, REDACT(content)) for title, content in report.sections]


# The model-based test runs right after the fuzzing of each operation: it judges most of what a server writes and
# reads, so that a run stopped at its first failure (-x) learns of most defects soonest.
FIRST_MODULES = ("test_conformance.py", "test_stateful_model.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return FIRST_MODULES.index(name) if name in FIRST_MODULES else len(FIRST_MODULES)

    items.sort(key=rank)  # stable: each module keeps its own order


SPENT = f"contract suite: the run's time limit of {TIME_LIMIT_SECONDS:g} s is spent (VOIPBIN_CONTRACT_TIME_LIMIT)"


def pytest_runtest_setup(item: pytest.Item) -> None:
    elapsed = time.monotonic() - item.config.stash[_STARTED]
    if elapsed > TIME_LIMIT_SECONDS:
        pytest.exit(SPENT, returncode=2)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A test still running when the run's time is up is interrupted there, and the run ends (exit code 2)."""
    left = TIME_LIMIT_SECONDS - (time.monotonic() - item.config.stash[_STARTED])
    with alarm(left, lambda: RunTimeLimitReached(SPENT)):
        return (yield)


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Target:
    return request.config.stash[_TARGET]


@pytest.fixture(scope="session", autouse=True)
def what_the_run_exercises(request: pytest.FixtureRequest, record_testsuite_property: Any) -> Iterator[None]:
    """The run's settings, in the JUnit XML for voipbin_contract.summary: target, profile, seed, examples, checks,
    and, once the tests have run, the messages sent."""
    target = request.config.stash[_TARGET]
    where = f"the bundled mock, --profile {target.mock_profile}" if target.bundled_mock else "an external server"
    record_testsuite_property("target", REDACT(f"{target.base_url} ({where})"))
    record_testsuite_property("seed", os.environ["VOIPBIN_CONTRACT_SEED"])
    record_testsuite_property("examples", str(EXAMPLES))
    record_testsuite_property("strict", "yes" if LEDGER.strict else "no")
    enabled = tomllib.loads((HERE / "schemathesis.toml").read_text(encoding="utf-8"))["checks"]
    names = [name for name, setting in enabled.items() if setting.get("enabled")] + list(checks.CUSTOM_CHECKS)
    record_testsuite_property("checks", ", ".join(names))
    yield
    record_testsuite_property("sends", target.budget.report())


def api_schema(target: Target | None = None) -> Any:
    """openapi.yaml for schemathesis, with schemathesis.toml's checks; pointed at the target if given, with its
    credential, the run's seed and examples, and the writes left out against an external server.

    A test module declares `schema = api_schema()` for `@schema.parametrize()`: its tests are pointed at the run's
    target as they are collected (pytest_collectstart), so that no module holds the target."""
    settings_ = tomllib.loads((HERE / "schemathesis.toml").read_text(encoding="utf-8"))
    if target is not None:
        settings_ |= {
            "base-url": target.base_url,
            "seed": int(os.environ["VOIPBIN_CONTRACT_SEED"]),
            "auth": {"openapi": {target.security_scheme: {"api_key": target.token}}},
            "generation": {"max-examples": EXAMPLES},
            "request-timeout": REQUEST_SECONDS,
        }
    config = SchemathesisConfig.from_dict(settings_, base_dir=str(HERE))
    schema = schemathesis.openapi.from_path(SPEC_PATH, config=config)
    return schema if target is None or target.bundled_mock else schema.exclude(operation_id=list(WRITES))


def pytest_collectstart(collector: pytest.Collector) -> None:
    """A test of the suite's schema (`@schema.parametrize()` in a module of this package; another's is left as it
    is), as schemathesis starts making a test per operation of it: the schema becomes the description pointed at
    the run's target."""
    target = collector.config.stash.get(_TARGET, None)
    if isinstance(collector, SchemathesisCase) and collector.path.is_relative_to(HERE) and target is not None:
        collector.schema = api_schema(target)
