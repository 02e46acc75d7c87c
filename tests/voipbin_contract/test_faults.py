"""The contract suite fails against every defect the mock can be given, naming the broken rule; and passes
against the mock without defects. This is what shows that the suite catches drift rather than merely running.

The mock with each defect is served apart, as a team's staging server is, and the suite is pointed at it the way it
is pointed at any external server (a base URL, two customers' credentials, a login, the numbers it may send to
within the default send budget, a webhook receiver): no path of the suite's that only the bundled mock takes."""

from __future__ import annotations

import asyncio
import contextlib
import io
import itertools
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, quote_plus

import httpx
import pytest

from tests.conftest import ROOT, environment_naming_no_server
from voipbin_contract.rules.known import NOT_OBSERVED
from voipbin_contract.runner.bundled import DEMO_CUSTOMERS, MOCK_KEYS, bundled_mock, free_port
from voipbin_contract.runner.bundled import serving as served
from voipbin_contract.runner.settings import Settings
from voipbin_mock import MockConfig
from voipbin_mock.config import Delays
from voipbin_mock.faults import FAULTS

# Whole runs of the suite, each in a process of its own: `make test` runs them, `make check` leaves them out.
pytestmark = pytest.mark.slow

# What the suite's report must say for each defect: the rule that broke, as the suite names it.
NAMED_RULE = {
    "misspelled_status": ("target_status_is_known", "which is not a TargetStatus"),
    "tel_without_plus": ("Response violates schema", "send_answers_one_queued_target_per_destination", "was sent"),
    "parts_off_by_one": ("parts_match_segment_count", "the calculator says"),
    "missing_targets": ('"targets" is a required property', "/targets has 0 entries"),
    "server_error": ("Server error",),
    "no_auth": ("API accepts requests without authentication", "no credential: answered 200, not 401"),
    "cross_tenant_read": ("another customer's message, answered 200",),
    "deleted_readable": ("a deleted message is still readable", "answered 200, not 404"),
    "page_repeats_item": ("listed more than once",),
    "page_skips_item": ("never listed", "is not listed"),
    "third_timestamp_format": ("does not match",),
    "wrong_content_type": ("Undocumented Content-Type",),
    # A read that flips a status also disagrees with what the model read before it; a provider's status flipped to
    # `failed` loses the look of a target the provider rebuilt.
    "final_status_changes": (
        "a final status changed",
        "between two reads",
        "no message_updated showed them",
        "/destination/name is None",
    ),
    "targets_reordered": (
        "targets came back in the order",
        "but destination 0 sent was",
        "/targets/0/destination/name is 'second'",
    ),
    "lenient_numbers": ("kept as written, where a server that accepts it must normalise it",),
    "page_token_stuck": ("next_page_token did not advance", "the page_token it was given"),
    "segment_limits_skewed": ("disagree with sms-segments-calculator", "parts_match_segment_count"),
    "error_class_wrong": ("Error status disagrees with the HTTP status",),
    "webhook_signature_wrong": ("does not sign its body with the webhook's secret",),
    "webhook_update_missing": ("no message_updated showed them",),
    "dispatch_partly_queued": ("only while every target of its message does",),
    "rebuilt_number_changed": ("a rebuilt target keeps its number", "no message_updated showed them"),
    "number_status_capitalised": ("/result/0/status is 'Active', which NumberStatus does not list",),
    "error_class_is_reason": ("which ErrorStatus does not list",),
    "get_drops_source_name": ("/source/name is None, but",),
    "list_loop_variable": ("/source/name is", "/source/target is", "/source changed from"),
    "event_text_escaped": ("event: /text is",),
    "tm_create_set_at_dispatch": ("/tm_create changed from", "the list is not newest first", "before its tm_create"),
    # A list behind the reads: tm_update, statuses and parts go back; a target shown as at the send lacks the name
    # the provider dropped. Which the suite meets first depends on the order of its reads.
    "list_shows_send_time_targets": (
        "/destination/name is None, but",
        "to queued between two reads",
        "/tm_update was",
        "parts went from",
        "in the list,",
    ),
    "list_customer_id_zero": ("/customer_id is '00000000-0000-0000-0000-000000000000', but the caller is",),
    # The evidence for the short-balance deviation: a plain send right after the 500 gets through.
    "send_500_on_long_text": ("but a plain send right after answered 200: a server error",),
    "page_oldest_first": ("the list is not newest first",),
    "number_name_stale_by_id": ("in the list, 'Alice",),
    "any_customers_number_readable": ("another customer's number, answered 200",),
    "accesskey_any_owner": ("another customer's access key, answered 200",),
    "accesskey_token_listed": ("An access key's secret is shown",),
    "cross_tenant_delete": ("DELETE of another customer's message answered 200",),
    "tm_update_before_tm_create": ("before its tm_create",),
    "target_time_in_sender_zone": ("before its message's tm_create",),
    "tm_create_in_kst": ("in the future",),
    "deleted_in_legacy_era": ("one answer writes its moments in one era",),
    "token_cookie_ignored": ("login token in tokenCookie answered 401",),
    "bearer_ignored": ("login token in bearerAuth answered 401",),
    "accesskey_cookie_ignored": ("access key in accesskeyCookie answered 401",),
    "unknown_field_refused": ("a field the service does not know is ignored) answered 400",),
}
# The two customers of the mock's demo data, as a team holds two of its own on staging: credentials and a login.
ALICE, BOB = DEMO_CUSTOMERS
# The numbers the suite may send to there: two, so that an order can be seen.
DESTINATIONS = "+31616818985,+4915112345678"
WEBHOOK_SECRET = "whsec_contract_self_test_0123"
# How fast the mock served apart moves a message on: a third of the bundled mock's pace (0.3 s to the dispatch), which
# the suite waits out in every run, 55 of them here; still after the send's answer, which is all a check needs to see
# before the dispatch.
DELAYS = Delays(sent=0.1, delivered=0.3, timeout=0.6)


def suite(arguments: list[str], variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A run of the contract suite in a process of its own, its target chosen by variables alone (seed 1)."""
    environment = environment_naming_no_server() | {"VOIPBIN_SEED": "1"} | variables
    command = [sys.executable, "-m", "pytest", "contract_tests", *arguments]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600)


@dataclass
class Ran:
    """What a run of the suite in this process did: its exit code and its output."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def inside(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """A run of the suite in this process: pytest.main with the suite's own configuration, its target chosen by
    variables alone (seed 1), its output kept. The suite keeps nothing of a run in a module's global
    (voipbin_contract.runner.session), so that runs in one process keep theirs apart; what they import stays
    imported, which saves each run the seconds a process of its own takes to start. (pytester's in-process runs take
    out of sys.modules what each imported, and schemathesis' modules imported anew broke its own isinstance checks.)"""

    def run(arguments: list[str], variables: dict[str, str]) -> Ran:
        kept = environment_naming_no_server()
        for name in [name for name in os.environ if name not in kept]:
            monkeypatch.delenv(name)
        for name, value in ({"VOIPBIN_SEED": "1"} | variables).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "path", list(sys.path))  # the run's own additions go with it
        tests = ROOT / "contract_tests"
        own = [str(tests), "-c", str(tests / "pytest.ini"), f"--rootdir={tests}", "-p", "no:xdist"]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = pytest.main([*own, *arguments])
        return Ran(int(code), out.getvalue(), err.getvalue())

    return run


@contextmanager
def served_apart(db: Path, faults: frozenset[str] = frozenset(), **config: Any) -> Iterator[dict[str, str]]:
    """The mock served apart as a team's staging server (its defects, its dispatch through MessageBird unless told,
    the path that changes the targets, so that each defect shows whatever the seed), its webhooks sent to where the
    suite will listen; yields the settings that point the suite at it as at any external server: two customers'
    credentials and a login, sending allowed to two numbers within the default budget, a webhook receiver; not
    paced (the mock has no rate limit; test_pacing.py tests the pace), settled after holding 1 s (the mock
    dispatches in 0.1 s: DELAYS)."""
    port = free_port()
    options: dict[str, Any] = {"dispatch": "messagebird", "delays": DELAYS, "seed": 1} | config
    mock = MockConfig(
        faults=faults,
        db_path=db,
        webhook_url=f"http://127.0.0.1:{port}/hooks",
        webhook_secret=WEBHOOK_SECRET,
        **options,
    )
    with bundled_mock(mock) as url:
        yield {
            "VOIPBIN_BASE_URL": url,
            "VOIPBIN_ACCESSKEY": MOCK_KEYS[0],
            "VOIPBIN_OTHER_ACCESSKEY": MOCK_KEYS[1],
            "VOIPBIN_USERNAME": ALICE.username,
            "VOIPBIN_PASSWORD": ALICE.password,
            "VOIPBIN_ALLOW_SEND": "1",
            "VOIPBIN_TEST_DESTINATIONS": DESTINATIONS,
            "VOIPBIN_REQUESTS_PER_SECOND": "0",
            "VOIPBIN_SETTLE_SECONDS": "1",
            "VOIPBIN_WEBHOOK_LISTEN": f"127.0.0.1:{port}",
            "VOIPBIN_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "VOIPBIN_EXAMPLES": "8",
        }


def on_the_bundled_mock(variables: dict[str, str]) -> dict[str, str]:
    """The settings of a run against the bundled mock (in its default, service profile unless told)."""
    return {"VOIPBIN_BASE_URL": "mock", "VOIPBIN_EXAMPLES": "8"} | variables  # in CI it is never the default


def against(url: str, variables: dict[str, str]) -> dict[str, str]:
    """The settings of a run against another server, as a user points it at staging; not paced unless told, and a
    message that holds still for 3 s is settled."""
    return {"VOIPBIN_BASE_URL": url, "VOIPBIN_REQUESTS_PER_SECOND": "0", "VOIPBIN_SETTLE_SECONDS": "3"} | variables


def run_against(url: str, *arguments: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """The contract suite against another server, in a process of its own."""
    return suite(list(arguments), against(url, variables))


# The known deviations the service profile shows to every run of the suite when it dispatches each path in turn, as
# the service may (an empty text is drawn by chance; the balance and the charge are not checked).
DISPATCHED_AS_THE_SERVICE = {"VOIPBIN_DISPATCH": "rotate"}
MET_BY_THE_SERVICE_PROFILE = (
    "send-answers-parts-zero",
    "target-status-stops-at-provider",
    "dispatch-telnyx-leaves-targets-queued",
    "dispatch-failure-leaves-targets-queued",
    "dispatch-messagebird-rebuilds-targets",
    "deleted-messages-listed",
    "delete-repeats-200",
    "send-accepts-non-e164",
    "send-accepts-any-address-type",
    "source-ownership-not-checked",
    "accesskey-in-token-query-refused",
)


def test_every_fault_has_a_named_rule():
    assert NAMED_RULE.keys() == FAULTS.keys()
    assert len(FAULTS) >= 10


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_suite_catches(fault, tmp_path, inside):
    """Each defect, through the path any external server takes, stopping at the first failure."""
    with served_apart(tmp_path / "mock.sqlite3", frozenset({fault})) as settings:
        result = inside(["-x"], settings)
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"the suite did not fail against {fault}:\n{output[-3000:]}"
    assert any(rule in output for rule in NAMED_RULE[fault]), f"no rule named for {fault}:\n{output[-3000:]}"


def budget_line(output: str) -> tuple[int, int, dict[str, int]]:
    """The sends the run's report says it made, what it says is left, and what each purpose took."""
    found = re.search(r"^messages sent: (\d+) \((\d+) left of --voipbin-max-sends\): (.*)$", output, re.MULTILINE)
    assert found, output[-3000:]
    spent = {purpose: int(count) for purpose, count in re.findall(r"(.+?) (\d+)(?:, |$)", found.group(3))}
    return int(found.group(1)), int(found.group(2)), spent


def test_an_external_run_passes_names_what_it_met_and_spends_its_budget_as_its_report_says(tmp_path, inside):
    """The mock served apart as the service dispatches (Telnyx or MessageBird at random): the run passes, names the
    deviations it met, the parts check ran on a message that took the path that counts them, and the budget line
    adds up, to the messages the server holds."""
    junit = tmp_path / "contract.xml"
    with served_apart(tmp_path / "mock.sqlite3", dispatch="either") as settings:
        result = inside(["-rs", f"--junitxml={junit}"], settings)
        listed = []
        for key in MOCK_KEYS:
            page = httpx.get(
                f"{settings['VOIPBIN_BASE_URL']}/v1.0/messages", params={"accesskey": key, "page_size": 100}
            )
            listed += page.json()["result"]
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "(an external server)" in output
    assert re.search(r"^- met: dispatch-messagebird-rebuilds-targets, ", output, re.MULTILINE), output[-3000:]
    assert re.search(r"^- met: dispatch-telnyx-leaves-targets-queued, ", output, re.MULTILINE), output[-3000:]
    assert "test_texts_at_every_segment_boundary" not in output.split("not reached", 1)[-1]  # the parts check ran
    assert "parts agree with an outside segment calculator" not in output
    used, left, spent = budget_line(output)
    assert sum(spent.values()) == used
    assert used + left == Settings().max_sends
    assert len(listed) == used, "the run's count differs from the messages the server holds"
    assert spent["plan: texts at every segment boundary take the segments the calculator counts"] >= 11
    summary = tmp_path / "summary.md"
    subprocess.run(
        [sys.executable, "-m", "voipbin_contract.reports.summary", str(junit), str(summary)], cwd=ROOT, check=True
    )
    assert "- rules this run could not reach, and why:" in summary.read_text(encoding="utf-8")
    assert "dispatch path failed" in summary.read_text(encoding="utf-8")  # the service's dispatch never failed here


def test_the_bundled_mock_passes_and_names_the_deviations_it_met(tmp_path, inside):
    junit = tmp_path / "contract.xml"
    result = inside([f"--junitxml={junit}"], on_the_bundled_mock(DISPATCHED_AS_THE_SERVICE))
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "seed: 1 (replay with --voipbin-seed 1)" in result.stdout
    assert "(the bundled mock, --profile service)" in result.stdout
    assert re.search(r"^- met: send-answers-parts-zero, \d+ times: ", result.stdout, re.MULTILINE), result.stdout[
        -3000:
    ]
    assert f"- not observed: balance-short-answers-500 ({NOT_OBSERVED})" in result.stdout  # no send answered 500
    summary = tmp_path / "summary.md"
    subprocess.run(
        [sys.executable, "-m", "voipbin_contract.reports.summary", str(junit), str(summary)], cwd=ROOT, check=True
    )
    text = summary.read_text(encoding="utf-8")
    assert "## Known deviations" in text
    # The curl lines name the bundled mock's port, gone after the run: the summary says how to serve it there again.
    port = re.search(r"^- target: http://127\.0\.0\.1:(\d+) \(the bundled mock", text, re.MULTILINE)
    assert port, text[:2000]
    assert f"`voipbin-mock --port {port.group(1)} --profile service` serves it there again" in text
    for deviation in MET_BY_THE_SERVICE_PROFILE:
        assert f"- `{deviation}`, " in text, deviation


def test_the_suite_passes_against_the_tutorial_profile_meeting_no_deviation(inside):
    result = inside([], on_the_bundled_mock({"VOIPBIN_PROFILE": "tutorial"}))
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "(the bundled mock, --profile tutorial)" in result.stdout
    assert "- met:" not in result.stdout
    assert f"- not observed: send-answers-parts-zero ({NOT_OBSERVED})" in result.stdout


def test_strict_mode_fails_against_the_service_profile_naming_each_deviation(inside):
    result = inside(["-rf"], on_the_bundled_mock({"VOIPBIN_STRICT": "1"} | DISPATCHED_AS_THE_SERVICE))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert "strict: every known deviation fails (--voipbin-strict)" in output
    for deviation in MET_BY_THE_SERVICE_PROFILE:
        assert f"known deviation {deviation} (" in output, deviation
        assert "refused because the run is strict" in output


def test_against_an_external_server_nothing_is_sent_without_permission(tmp_path, inside):
    """The mock run apart, as if it were staging: the suite runs and reports, and leaves no message behind."""
    with bundled_mock(MockConfig(db_path=tmp_path / "external.sqlite3")) as url:
        result = inside(["-rs"], against(url, {"VOIPBIN_ACCESSKEY": MOCK_KEYS[0], "VOIPBIN_EXAMPLES": "10"}))
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-3000:]
        assert f"contract suite target: {url} (an external server)" in output
        assert "will NOT exercise: sendMessage, deleteMessage" in output
        assert "sending is not allowed against this target" in output  # the property tests that send say why
        # What it could not observe without sending is not checked, saying why; never "not observed".
        assert "- not checked: send-answers-parts-zero (sending is off: --voipbin-allow-send)" in output
        assert "- not observed: send-" not in output
        messages = httpx.get(f"{url}/v1.0/messages", params={"accesskey": MOCK_KEYS[0]}).json()["result"]
        assert messages == [], "the suite sent messages to a server it was not allowed to send to"


def transformed(secret: str) -> list[str]:
    """The ways a server may echo a secret besides as given: upper-cased, hex-encoded, \\u-escaped, cut short."""
    escaped = "".join(f"\\u{ord(c):04x}" for c in secret)
    return [secret.upper(), secret.encode().hex(), escaped, secret[: len(secret) // 2 + 2]]


async def leaky_server(scope, receive, send):
    """A failing server that repeats each request's URL, credentials included, in its answers, and the access key
    transformed as well: only the numbers the preflight reads are answered properly."""
    if scope["type"] != "http":
        return
    key = parse_qs(scope["query_string"].decode()).get("accesskey", [""])[0]
    echoes = " ".join(transformed(key)) if key else ""
    request = f"{scope['method']} {scope['path']}?{scope['query_string'].decode()} {echoes}"
    body: dict[str, object]
    if scope["path"] == "/v1.0/numbers":
        status, body = 200, {"result": [], "next_page_token": "", "seen": request}
    else:
        error = {"status": "INTERNAL", "reason": "INTERNAL", "message": f"cannot serve {request}", "request_id": "r1"}
        status, body = 500, {"error": error}
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": json.dumps(body).encode()})


async def hanging_after_preflight(scope, receive, send):
    """A server that answers the preflight's numbers, then never answers anything else."""
    if scope["type"] != "http":
        return
    if scope["path"] != "/v1.0/numbers":
        await asyncio.sleep(3600)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"result": [], "next_page_token": ""}'})


def test_a_run_against_a_server_that_hangs_ends_at_its_time_limit(tmp_path):
    """The limit was checked only between tests: with VOIPBIN_TIME_LIMIT=30 the run took 355 s. A running
    test is now interrupted when the time is up, and the run ends with exit code 2, its reports written."""
    with serving(hanging_after_preflight) as url:
        started = time.monotonic()
        result = run_against(
            url, f"--junitxml={tmp_path / 'contract.xml'}", VOIPBIN_ACCESSKEY=MOCK_KEYS[0], VOIPBIN_TIME_LIMIT="8"
        )
        elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-3000:]
    assert "the run's time limit of 8 s is spent (--voipbin-time-limit)" in output
    assert elapsed < 8 + 30
    assert (tmp_path / "contract.xml").exists()


def serving(app: Any) -> AbstractContextManager[str]:
    """An ASGI app served apart on a free 127.0.0.1 port, as a server of the user's; yields its URL."""
    return served(app, "the test server", log_level="warning")


def test_no_secret_is_written_anywhere_by_a_run_against_a_failing_server(tmp_path):
    secrets = {"VOIPBIN_ACCESSKEY": "vbk_leaky_secret_0123456789", "VOIPBIN_OTHER_ACCESSKEY": "vbk_other/secret+9876"}
    junit = tmp_path / "contract.xml"
    with serving(leaky_server) as url:
        result = run_against(url, "-rfEs", f"--junitxml={junit}", VOIPBIN_EXAMPLES="5", **secrets)
    summary = tmp_path / "summary.md"
    subprocess.run(
        [sys.executable, "-m", "voipbin_contract.reports.summary", str(junit), str(summary)], cwd=ROOT, check=True
    )
    assert result.returncode == 1, (result.stdout + result.stderr)[-3000:]
    written = {
        "stdout": result.stdout,
        "stderr": result.stderr,
        "JUnit XML": junit.read_text(encoding="utf-8"),
        "summary": summary.read_text(encoding="utf-8"),
        "deviations": (tmp_path / "deviations.json").read_text(encoding="utf-8"),
    }
    assert "cannot serve GET /v1.0/messages?" in written["stdout"]  # the server did echo: a leak was on offer
    assert "[REDACTED]" in written["stdout"] + written["JUnit XML"]
    for secret in secrets.values():
        for spelling in (secret, quote(secret, safe=""), quote_plus(secret), *transformed(secret)):
            leaks = [name for name, text in written.items() if spelling in text]
            assert leaks == [], f"{spelling!r} was written to {leaks}"


def test_an_external_run_takes_a_500_on_a_send_for_a_short_balance_only_on_evidence(tmp_path, inside):
    """Against a server where the customer's balance is gone (the service answers 500 for it), a send's 500 passes
    as the known deviation once a plain send right after is refused the same way; the sends stay within the budget
    and go to the allowed destination only. (The mock's send_500_on_long_text fault is the other side: a 500 that a
    plain send then gets past fails the run.)"""
    import yaml

    from voipbin_mock.config import DEFAULT_FIXTURES

    fixtures = yaml.safe_load(DEFAULT_FIXTURES.read_text(encoding="utf-8"))
    fixtures["customers"][0]["balance"] = "0.00"
    poor = tmp_path / "fixtures.yaml"
    poor.write_text(yaml.safe_dump(fixtures), encoding="utf-8")
    chosen = "test_send_accepts_valid_e164_destinations or test_what_the_suite_wrote_reads_back"
    variables = {
        "VOIPBIN_ACCESSKEY": MOCK_KEYS[0],
        "VOIPBIN_ALLOW_SEND": "1",
        "VOIPBIN_TEST_DESTINATIONS": "+31616818985",
        "VOIPBIN_MAX_SENDS": "4",
    }
    with bundled_mock(MockConfig(fixtures_path=poor)) as url:
        result = inside(["-rs", "-k", chosen], against(url, variables))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "- met: balance-short-answers-500, 2 times: " in output, output[-3000:]
    assert "the balance is short (balance-short-answers-500): nothing could be sent" in output
    assert re.search(r"^messages sent: 4 \(0 left of --voipbin-max-sends\)", output, re.MULTILINE), output[-3000:]


def rate_limited(app, every: int):
    """The app behind a rate limit like the service's: every `every`-th request of /v1.0 answers 429 with the
    envelope and a Retry-After of 0 s (waiting itself is tested in test_pacing.py; here, that a 429 never fails)."""
    seen = itertools.count(1)

    async def limited(scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/v1.0") or next(seen) % every:
            await app(scope, receive, send)
            return
        error = {
            "status": "RESOURCE_EXHAUSTED",
            "reason": "RATE_LIMIT_EXCEEDED",
            "message": "Too many requests. Please try again later.",
            "request_id": "req_LIMITED",
            "details": [{"limited_by": "customer"}],
        }
        headers = [(b"content-type", b"application/json"), (b"retry-after", b"0"), (b"x-request-id", b"req_LIMITED")]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": json.dumps({"error": error}).encode()})

    return limited


def test_a_429_from_an_external_server_is_waited_out_never_a_failure(tmp_path, inside):
    from voipbin_mock import create_app

    app = rate_limited(create_app(MockConfig(db_path=tmp_path / "limited.sqlite3")), every=5)
    with serving(app) as url:
        settings = {"VOIPBIN_EXAMPLES": "5", "VOIPBIN_REQUESTS_PER_SECOND": "500", "VOIPBIN_ACCESSKEY": MOCK_KEYS[0]}
        result = inside([], against(url, settings))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "paced: at most 500 requests a second" in output
    waited = re.search(r"requests: at most 500 requests a second, waited out (\d+) 429s", output)
    assert waited, output[-3000:]
    assert int(waited.group(1)) >= 5
