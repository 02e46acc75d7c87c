"""The contract suite's session: its hooks and fixtures, which voipbin_contract.runner.plugin registers when a run
runs the suite, with the run's Settings already in its config.

Before any test: the target is resolved (the bundled mock started) and preflighted, once; the run's ledger of known
deviations, its redactor and its hypothesis profile are made from the settings. Everything of the run lives in its
config's stash and reaches the tests as fixtures (`target`, `ledger`, `api`), never through a module's global.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
import time
import tomllib
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hypothesis.core
import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.config import SchemathesisConfig
from schemathesis.pytest.plugin import SchemathesisCase

from voipbin_contract.reports.curl import RequestLog
from voipbin_contract.reports.redact import Redactor
from voipbin_contract.reports.summary import summarise
from voipbin_contract.rules import balance, checks, events
from voipbin_contract.rules.description import SPEC
from voipbin_contract.rules.known import Ledger
from voipbin_contract.rules.model import Model
from voipbin_contract.runner.account import caller, webhook
from voipbin_contract.runner.api import Api, Explorers
from voipbin_contract.runner.bounds import REQUEST_SECONDS
from voipbin_contract.runner.budget import Reach
from voipbin_contract.runner.deadline import RunTimeLimitReached, alarm
from voipbin_contract.runner.pacing import pacing_schemathesis
from voipbin_contract.runner.plan import Plan
from voipbin_contract.runner.plugin import SETTINGS, suite_tests
from voipbin_contract.runner.preflight import preflight
from voipbin_contract.runner.probes import short_balance_check
from voipbin_contract.runner.settings import Settings
from voipbin_contract.runner.target import Target, TargetError, resolve

HERE = Path(__file__).resolve().parent
# The files of a run's reports folder (--voipbin-reports); deviations.json is written beside the JUnit XML.
JUNIT, SUMMARY, DEVIATIONS_REPORT = "contract.xml", "summary.md", "deviations.json"
# Operations that change state on the server; never fuzzed against anything but the bundled mock.
WRITES = ("sendMessage", "deleteMessage")
# The deviations the suite's rules can meet, whichever of its tests run (each test module adds its own, MEETS).
RULES_MEET = checks.MEETS | balance.MEETS | events.MEETS


@dataclass
class Run:
    """One run of the suite: its settings, its target (running until the run ends), its ledger and redactor, when
    it started, and what its tests did (how many of the suite's ran, or were skipped)."""

    settings: Settings
    ledger: Ledger
    redact: Redactor
    started: float = field(default_factory=time.monotonic)
    target: Target | None = None
    stack: ExitStack = field(default_factory=ExitStack)
    ran: int = 0
    skipped: int = 0
    nothing_ran: str | None = None
    # The rules the run could not reach, and why; the property tests that share what the plan left of the budget.
    reach: Reach = field(default_factory=Reach)
    explorers: Explorers = field(default_factory=Explorers)


RUN = pytest.StashKey[Run]()


def the_run(config: pytest.Config) -> Run:
    return config.stash[RUN]


def the_target(config: pytest.Config) -> Target:
    target = the_run(config).target
    assert target is not None, "the target is resolved before any test"
    return target


def cached_home() -> Path | None:
    """Hypothesis' home between runs: voipbin-contract/hypothesis in the user's cache folder ($XDG_CACHE_HOME, else
    ~/.cache); None where it cannot be made. With no example database, hypothesis keeps only caches there (under
    100 KB): its tables of Unicode characters, which schemathesis' strings need (the one of UTF-8 encodes each of the
    1.1 million code points), and the constants it reads in the suite's code; worked out anew, 2.7 s of CPU a run."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    home = Path(base) / "voipbin-contract" / "hypothesis"
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return home if os.access(home, os.W_OK) else None


def pytest_configure(config: pytest.Config) -> None:
    """Resolve the target and check that it can be tested; if not, one line and exit code 2 before any test."""
    settings = config.stash[SETTINGS]
    run = Run(settings, Ledger(strict=settings.strict), Redactor(settings.secrets))
    run.ledger.watch(*RULES_MEET)
    config.stash[RUN] = run
    report = deviations_report(config)
    if report is not None:
        report.unlink(missing_ok=True)  # never a previous run's
    if getattr(config.option, "hypothesis_seed", None) is None:  # hypothesis' plugin reads it after this hook
        config.option.hypothesis_seed = settings.seed  # the property tests draw from the run's seed
    # ... into a global of hypothesis', which its plugin never resets: as it was, once the run ends.
    run.stack.callback(setattr, hypothesis.core, "global_force_seed", hypothesis.core.global_force_seed)
    # Drawn from the run's seed wherever it runs (under CI=true hypothesis loads its "ci" profile, whose derandomize
    # would draw the same examples in every run, whatever the seed the run prints for replay); no example database:
    # a run replays by its seed, and writes nothing but its reports.
    hypothesis_settings.register_profile(
        "voipbin-contract",
        derandomize=False,
        deadline=None,
        database=None,
        max_examples=settings.examples,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    run.stack.callback(hypothesis_settings.load_profile, hypothesis_settings.get_current_profile_name())
    hypothesis_settings.load_profile("voipbin-contract")
    # Hypothesis keeps caches in its home folder (.hypothesis/ in the working folder): the user's cache folder instead,
    # so that a run leaves nothing but its reports where it was started; or, where that cannot be written, a folder of
    # the run's own, removed at its end.
    home = cached_home()
    if home is None:
        home = Path(tempfile.mkdtemp(prefix="voipbin-contract-hypothesis-"))
        run.stack.callback(shutil.rmtree, home, ignore_errors=True)
    set_hypothesis_home_dir(home)
    run.stack.callback(set_hypothesis_home_dir, None)
    try:
        target = run.stack.enter_context(resolve(settings))
        for secret in (target.token, target.other_token, target.webhook_secret):
            run.redact.add(secret)
        run.stack.enter_context(pacing_schemathesis(target.pace))
        preflight(target)
    except TargetError as error:
        run.stack.close()
        pytest.exit(run.redact(f"contract suite: {error}"), returncode=2)
    if not target.allow_send:
        run.ledger.unable["send"] = "sending is off: --voipbin-allow-send"
    if target.webhooks is None:
        run.ledger.unable["webhooks"] = "no webhook receiver: --voipbin-webhook-listen"
    elif target.webhook_secret is None:  # the customer's own, read once, a secret of the run's from then on
        seen = webhook(target)
        run.redact.add(seen.secret)
        if seen.secret is None:
            unread = seen.unread or "GET /v1.0/customer shows none"
            run.ledger.unable["webhooks"] = f"no webhook secret: {unread}, and VOIPBIN_WEBHOOK_SECRET is unset"
    run.target = target


def pytest_unconfigure(config: pytest.Config) -> None:
    """The target stops; the summary is written from the JUnit XML, which pytest has written by now."""
    run = config.stash.get(RUN, None)
    if run is None:
        return
    run.stack.close()
    junit = config.getoption("xmlpath", None)
    folder = run.settings.reports
    if folder is not None and junit and Path(junit).is_file():
        (folder / SUMMARY).write_text(run.redact(summarise(Path(junit))), encoding="utf-8")


def deviations_report(config: pytest.Config) -> Path | None:
    junit = config.getoption("xmlpath", None)
    return Path(junit).with_name(DEVIATIONS_REPORT) if junit else None


def pytest_report_header(config: pytest.Config) -> list[str]:
    run, target = the_run(config), the_target(config)
    plan = target.plan()
    if not target.bundled_mock:
        plan += "\n  schemathesis fuzzes only reading operations here; sends run only in the property tests"
    seed = run.settings.seed
    strict = (
        "  strict: every known deviation fails (--voipbin-strict)"
        if run.ledger.strict
        else f"  known deviations: {len(run.ledger.declared)} declared in openapi.yaml pass and are reported"
        " (--voipbin-strict fails them)"
    )
    settings = f"  settings: {' '.join(run.settings.shown())}"
    lines = [*plan.splitlines(), strict, settings, f"  seed: {seed} (replay with --voipbin-seed {seed})"]
    return [run.redact(line) for line in lines]


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Which known deviations the run met (id, how often, one example), and which it never saw; what it sent; and,
    if none of the suite's tests ran, that the run checked nothing."""
    run = the_run(config)
    terminalreporter.section("known deviations")
    for line in run.ledger.lines():
        terminalreporter.write_line(run.redact(line))
    if run.target is not None:
        terminalreporter.write_line(run.target.budget.report())
        terminalreporter.write_line(run.target.pace.report())
    if run.reach.unreached:
        terminalreporter.section("not reached")
        for line in run.reach.lines():
            terminalreporter.write_line(run.redact(line))
    if run.settings.reports is not None:
        terminalreporter.write_line(f"reports: {run.settings.reports} ({JUNIT}, {SUMMARY}, {DEVIATIONS_REPORT})")
    if run.nothing_ran:
        terminalreporter.write_line(run.nothing_ran, red=True, bold=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """Counts the suite's own tests that ran (a call that passed or failed, or a failed setup), and those skipped."""
    reports: list[pytest.TestReport] = []
    item.stash[_REPORTS] = reports
    outcome = yield
    if item.path.is_relative_to(suite_tests()):
        run = the_run(item.config)
        ran = any(r.when == "call" and not r.skipped for r in reports) or any(r.failed for r in reports)
        run.ran += ran
        skipped = next((r for r in reports if r.skipped), None)
        if not ran and skipped is not None:
            run.skipped += 1
            run.reach.missed(item.name, _skip_reason(skipped))
        mark = item.get_closest_marker(SENDS)
        if mark is not None and mark.args:
            run.explorers.kept_aside -= int(mark.args[0])
        elif mark is not None:
            run.explorers.left -= 1
    return outcome


def _skip_reason(report: pytest.TestReport) -> str:
    """The reason a skip gives (pytest keeps it as the last part of the report's longrepr)."""
    longrepr = report.longrepr
    reason = longrepr[-1] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


_REPORTS = pytest.StashKey[list[pytest.TestReport]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failing property test's report ends with its last requests as curl; a test per operation is named by it
    (`test_operation_conforms[GET /v1.0/messages]`, in the JUnit XML too); no report carries a secret."""
    report: pytest.TestReport = yield
    if "[" in item.name and not report.nodeid.endswith("]"):
        report.nodeid = f"{report.nodeid.rsplit('::', 1)[0]}::{item.name}"
    api = item.stash.get(_API, None)
    if call.when == "call" and api is not None and api.broken and not report.skipped:
        broken = "\n".join(f"E   AnswerRuleBroken: {line}" for line in api.broken)
        if report.passed:
            report.outcome, report.longrepr = "failed", f"answers broke rules of every answer:\n{broken}"
        else:
            report.longrepr = f"{report.longrepr}\n\nand answers broke rules of every answer:\n{broken}"
    log = item.stash.get(_LOG, None)
    if report.failed and call.when == "call" and log is not None and log.requests:
        report.longrepr = f"{report.longrepr}\n\nLast requests (as curl, credentials redacted):\n{log.report()}"
    redact_report(item.config, report)
    item.stash.setdefault(_REPORTS, []).append(report)
    return report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run in which none of the suite's tests ran fails, saying so; the ledger is written beside the JUnit XML."""
    run = the_run(session.config)
    if run.ran == 0 and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        deselected = len(session.config.stash.get(_DESELECTED, []))
        run.nothing_ran = (
            f"contract suite: none of its tests ran ({run.skipped} skipped, {deselected} deselected, "
            f"{session.testscollected} collected): the run checked nothing"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    report = deviations_report(session.config)
    if report is not None:
        run.ledger.write(report, run.redact)


_DESELECTED = pytest.StashKey[list[pytest.Item]]()


def pytest_deselected(items: list[pytest.Item]) -> None:
    if items:
        items[0].config.stash.setdefault(_DESELECTED, []).extend(items)


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(node: Any, call: Any, report: pytest.TestReport | pytest.CollectReport) -> None:
    """Schemathesis rewrites a failure's report here (after the JUnit XML has it), for the terminal: redact again."""
    redact_report(node.config, report)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Any:
    report = yield
    redact_report(collector.config, report)
    return report


def redact_report(config: pytest.Config, report: pytest.TestReport | pytest.CollectReport) -> None:
    """The report's traceback and captured sections without secrets: what the terminal, the log and JUnit show."""
    redact = the_run(config).redact
    if report.longrepr is not None:
        text = str(report.longrepr)
        redacted = redact(text)
        if redacted != text:
            report.longrepr = redacted
    report.sections = [(title, redact(content)) for title, content in report.sections]


# The plan runs first: the sends that tell the most, within the budget, and records the conformance tests then find
# in lists; then the reads of every credential and resource, which are cheap; then the fuzzing of each operation,
# then the model-based test, which judges most of what a server writes and reads, so that a run stopped at its first
# failure (-x) learns of most defects soonest.
FIRST_MODULES = (
    "test_plan.py",
    "test_credentials.py",
    "test_resources.py",
    "test_conformance.py",
    "test_stateful_model.py",
)
# The mark of a property test that explores with sends (it shares what the plan left of the budget), or, given a
# number, of one that sends that many elsewhere than on the bundled mock (they are kept aside for it).
SENDS = "sends"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The suite's tests in their order; the deviations each collected test module can meet, watched."""

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return FIRST_MODULES.index(name) if name in FIRST_MODULES else len(FIRST_MODULES)

    items.sort(key=rank)  # stable: each module keeps its own order
    run = the_run(config)
    for module in {getattr(item, "module", None) for item in items}:
        run.ledger.watch(*getattr(module, "MEETS", ()))
    marks = [mark for item in items if (mark := item.get_closest_marker(SENDS)) is not None]
    run.explorers.left = sum(1 for mark in marks if not mark.args)
    run.explorers.kept_aside = sum(int(mark.args[0]) for mark in marks if mark.args)


def pytest_runtest_setup(item: pytest.Item) -> None:
    run = the_run(item.config)
    if time.monotonic() - run.started > run.settings.time_limit:
        pytest.exit(spent(run.settings), returncode=2)


def spent(settings: Settings) -> str:
    return f"contract suite: the run's time limit of {settings.time_limit:g} s is spent (--voipbin-time-limit)"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A test still running when the run's time is up is interrupted there, and the run ends (exit code 2)."""
    run = the_run(item.config)
    left = run.settings.time_limit - (time.monotonic() - run.started)
    with alarm(left, lambda: RunTimeLimitReached(spent(run.settings))):
        return (yield)


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Target:
    """The server the run checks."""
    return the_target(request.config)


@pytest.fixture(scope="session")
def ledger(request: pytest.FixtureRequest) -> Ledger:
    """The run's known deviations: what its checks may let pass, and what they met."""
    return the_run(request.config).ledger


@pytest.fixture(scope="session")
def contract_settings(request: pytest.FixtureRequest) -> Settings:
    """The run's settings."""
    return the_run(request.config).settings


_LOG = pytest.StashKey[RequestLog]()


@pytest.fixture
def api(request: pytest.FixtureRequest, target: Target, ledger: Ledger) -> Iterator[Api]:
    """The calls a test makes to the target, its requests kept for its failure report, its sends counted against
    what it is for (the plan's, `plan: ...`; a property test's, its name); what it set aside of the budget and did
    not send goes back at its end."""
    log = request.node.stash[_LOG] = RequestLog()
    run = the_run(request.config)
    name = request.node.originalname.removeprefix("test_").replace("_", " ")
    purpose = f"plan: {name}" if request.node.path.name == "test_plan.py" else name
    api = request.node.stash[_API] = Api(target, ledger, run.settings, log, purpose, run.reach, run.explorers)
    yield api
    api.release()


_API = pytest.StashKey[Api]()


@pytest.fixture(scope="session")
def plan(target: Target, ledger: Ledger) -> Plan:
    """What the plan sends first, shared by its steps (contract_tests/test_plan.py), judged by a model of the run."""
    return Plan(Model(ledger, caller(target).customer_id))


@pytest.fixture(scope="session")
def answer_checks(target: Target, ledger: Ledger) -> list[checks.Check]:
    """The suite's checks of every answer, beside schemathesis' own, bound to the run."""
    return [short_balance_check(target, ledger), *checks.answer_checks(ledger)]


def check_names(target: Target, ledger: Ledger) -> list[str]:
    """The checks run on every answer: schemathesis' enabled in schemathesis.toml, then the suite's."""
    enabled = tomllib.loads((HERE / "schemathesis.toml").read_text(encoding="utf-8"))["checks"]
    names = [name for name, setting in enabled.items() if setting.get("enabled")]
    return names + [check.__name__ for check in (short_balance_check(target, ledger), *checks.answer_checks(ledger))]


@pytest.fixture(scope="session", autouse=True)
def what_the_run_exercises(request: pytest.FixtureRequest, record_testsuite_property: Any) -> Iterator[None]:
    """The run's settings, in the JUnit XML for voipbin_contract.reports.summary: target, profile, seed, examples,
    checks, and, once the tests have run, the messages sent."""
    run, target = the_run(request.config), the_target(request.config)
    where = f"the bundled mock, --profile {target.mock_profile}" if target.bundled_mock else "an external server"
    if target.bundled_mock:  # the curl lines name its port, which closes with the run
        port = target.base_url.rsplit(":", 1)[-1]
        where += (
            f"; it stops with the run: `voipbin-mock --port {port} --profile {target.mock_profile}` serves it there"
            " again for the curl lines, with its demo accounts but not the run's messages"
        )
    record_testsuite_property("target", run.redact(f"{target.base_url} ({where})"))
    record_testsuite_property("seed", str(run.settings.seed))
    record_testsuite_property("examples", str(run.settings.examples))
    record_testsuite_property("strict", "yes" if run.ledger.strict else "no")
    record_testsuite_property("checks", ", ".join(check_names(target, run.ledger)))
    yield
    record_testsuite_property("sends", target.budget.report())
    if run.reach.unreached:
        record_testsuite_property("not_reached", run.redact("\n".join(run.reach.lines())))


def api_schema(target: Target | None = None, settings: Settings | None = None) -> Any:
    """openapi.yaml for schemathesis, with schemathesis.toml's checks; pointed at the target if given, with its
    credential, the run's seed and examples, and the writes left out against an external server.

    A test module declares `schema = api_schema()` for `@schema.parametrize()`: its tests are pointed at the run's
    target as they are collected (pytest_collectstart), so that no module holds the target."""
    options = tomllib.loads((HERE / "schemathesis.toml").read_text(encoding="utf-8"))
    if target is not None and settings is not None:
        options |= {
            "base-url": target.base_url,
            "seed": settings.seed,
            "auth": {"openapi": {target.security_scheme: {"api_key": target.token}}},
            "generation": {"max-examples": settings.examples},
            "request-timeout": REQUEST_SECONDS,
        }
    config = SchemathesisConfig.from_dict(options, base_dir=str(HERE))
    schema = schemathesis.openapi.from_dict(copy.deepcopy(SPEC), config=config)  # the description read once
    return schema if target is None or target.bundled_mock else schema.exclude(operation_id=list(WRITES))


def pytest_collectstart(collector: pytest.Collector) -> None:
    """A test of the suite's schema (`@schema.parametrize()` in a module of the suite; another's is left as it is),
    as schemathesis starts making a test per operation of it: the schema becomes the description pointed at the
    run's target."""
    run = collector.config.stash.get(RUN, None)
    if isinstance(collector, SchemathesisCase) and collector.path.is_relative_to(suite_tests()) and run is not None:
        collector.schema = api_schema(run.target, run.settings)
