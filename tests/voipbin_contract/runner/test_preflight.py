"""voipbin_contract.runner.preflight: a target that cannot be tested is refused before any test, in one readable
line."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT, environment_naming_no_server
from tests.hostile import LATE
from voipbin_contract.runner.budget import SendBudget
from voipbin_contract.runner.bundled import MOCK_KEYS, bundled_mock, free_port, mock_target
from voipbin_contract.runner.preflight import preflight
from voipbin_contract.runner.target import Target, TargetError


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with bundled_mock() as url:
        yield url


def external(url: str, key: str = MOCK_KEYS[0], **changes: object) -> Target:
    fields: dict[str, object] = {
        "base_url": url,
        "token": key,
        "other_token": None,
        "source_number": None,
        "allow_send": False,
        "destinations": (),
        "budget": SendBudget(0),
        "credential_parameter": "accesskey",
    }
    return Target(**(fields | changes))  # type: ignore[arg-type]


def test_a_usable_target_passes(mock_url):
    preflight(mock_target(mock_url))
    preflight(external(mock_url, allow_send=True, source_number="+15559876543", destinations=("+31616818985",)))


def test_refused_credentials_say_which_variable_to_check(mock_url):
    with pytest.raises(TargetError, match=r"refused the credentials: 401 INVALID_CREDENTIALS; check VOIPBIN_ACCESSKEY"):
        preflight(external(mock_url, "vbk_not_a_key"))
    with pytest.raises(TargetError, match=r"401 INVALID_CREDENTIALS; check VOIPBIN_TOKEN \(a login JWT"):
        preflight(external(mock_url, credential_parameter="token"))


def test_a_source_number_the_customer_does_not_own_is_refused_when_sending(mock_url):
    with pytest.raises(TargetError, match=r"VOIPBIN_SOURCE_NUMBER \+821021656521 is not one of the customer's numbers"):
        preflight(external(mock_url, allow_send=True, source_number="+821021656521", destinations=("+31616818985",)))


def test_a_destination_that_is_not_e164_is_refused(mock_url):
    with pytest.raises(TargetError, match=r"VOIPBIN_TEST_DESTINATIONS: '0616818985' is not an E.164 number"):
        preflight(external(mock_url, allow_send=True, destinations=("+31616818985", "0616818985")))


def test_an_unreachable_server_is_named():
    with pytest.raises(TargetError, match=r"cannot reach http://127\.0\.0\.1:\d+: ConnectError"):
        preflight(external(f"http://127.0.0.1:{free_port()}"))


def test_a_server_that_never_answers_is_given_up_on_within_the_timeout():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        with pytest.raises(TargetError, match=r"did not answer GET /v1.0/numbers within 0.5 s"):
            preflight(external(f"http://127.0.0.1:{silent.getsockname()[1]}"), timeout=0.5)
        assert time.monotonic() - started < 0.5 + LATE


def test_a_run_with_refused_credentials_ends_in_one_line_and_exit_code_2(mock_url):
    environment = environment_naming_no_server()
    environment |= {"VOIPBIN_BASE_URL": mock_url, "VOIPBIN_ACCESSKEY": "vbk_wrong_but_secret"}
    command = [sys.executable, "-m", "pytest", "contract_tests"]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert time.monotonic() - started < 30
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert lines == [
        f"Exit: contract suite: {mock_url} refused the credentials: 401 INVALID_CREDENTIALS; check"
        " VOIPBIN_ACCESSKEY (sent as accesskey)"
    ]


def test_a_server_that_drips_its_answer_is_given_up_on_within_the_timeout():
    """A valid answer dripped a byte a second kept the preflight ("5 s at most") running past 120 s."""
    import threading

    body = b'{"result": [], "next_page_token": ""}'

    def drip(server: socket.socket) -> None:
        connection, _ = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
            for byte in body:
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.2)

    with socket.create_server(("127.0.0.1", 0)) as server:
        threading.Thread(target=drip, args=(server,), daemon=True).start()
        started = time.monotonic()
        with pytest.raises(TargetError, match=r"did not answer GET /v1.0/numbers within 1 s"):
            preflight(external(f"http://127.0.0.1:{server.getsockname()[1]}"), timeout=1.0)
        assert time.monotonic() - started < 1.0 + LATE


@pytest.mark.parametrize(
    ("variables", "said"),
    [
        ({"VOIPBIN_BASE_URL": ""}, "VOIPBIN_BASE_URL is set but empty"),
        ({"CI": "true"}, "the suite does not fall back to the bundled mock"),
    ],
    ids=["empty base URL", "CI without one"],
)
def test_voipbin_contract_refuses_to_check_the_bundled_mock_unasked_in_one_line_and_exit_code_2(variables, said):
    environment = environment_naming_no_server()
    result = subprocess.run(
        [sys.executable, "-m", "voipbin_contract"],
        cwd=ROOT,
        env=environment | variables,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert said in lines[0]
