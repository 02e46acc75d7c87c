"""`voipbin-contract` (or `python -m voipbin_contract`): the contract suite, the checking proxy and check-traffic,
run from the installed package.

The suite runs with its own pytest configuration (contract_tests/pytest.ini, its folder the rootdir), with none of
the plugins other packages install and none of a project's ini files, conftest.py or PYTEST_ADDOPTS taking part:
its verdict is its own wherever it is started. Its settings are passed to pytest as the plugin's options
(`--base-url` here is `--voipbin-base-url` there; voipbin_contract.runner.settings lists them); credentials come
only from the environment, never from the command line, where other users of the machine could read them.
Arguments after `--` go to pytest as they are (`voipbin-contract -- -x -k conformance`). Exit code 0: passed; 1:
failed (or none of its tests ran); 2: could not run (the target unreachable, credentials refused, a setting that
cannot be used).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from voipbin_contract.runner.settings import configurable, is_flag, option, variable

# The plugins the suite's run loads, and nothing else installed: hypothesis' (seeds, statistics), schemathesis'
# (a test per operation) and the suite's own.
PLUGINS = ("_hypothesis_pytestplugin", "schemathesis.pytest.plugin", "voipbin_contract.runner.plugin")
COMMANDS = "commands: (none) run the suite; proxy: check the traffic passing through; check-traffic: judge a HAR file"
# The usage line names every command, with the options of the suite below it.
USAGE = """voipbin-contract [options] [-- pytest arguments]    check a server with the suite
       voipbin-contract proxy --upstream URL [options]     check the traffic passing through (proxy --help)
       voipbin-contract check-traffic FILE.har [options]   judge a recording (check-traffic --help)"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="voipbin-contract",
        usage=USAGE,
        description="Check a VoIPbin server (by default a bundled mock) against the VoIPbin messaging description. "
        "Also: `voipbin-contract proxy --help`, `voipbin-contract check-traffic --help`.",
        epilog="Credentials come from the environment only: VOIPBIN_ACCESSKEY, or VOIPBIN_TOKEN, or VOIPBIN_USERNAME "
        "and VOIPBIN_PASSWORD; VOIPBIN_OTHER_ACCESSKEY or VOIPBIN_OTHER_TOKEN for a second customer; "
        "VOIPBIN_WEBHOOK_SECRET. Every option may also be set as its VOIPBIN_ variable (--base-url: "
        "VOIPBIN_BASE_URL). " + COMMANDS + ".",
    )
    for f in configurable():
        name = option(f).removeprefix("--voipbin-")
        what = f"{f.metadata['what']} ({variable(f)})".replace("%", "%%")
        if is_flag(f):
            parser.add_argument(f"--{name}", dest=f.name, action="store_true", default=None, help=what)
        else:
            parser.add_argument(f"--{name}", dest=f.name, metavar=f.name.upper(), help=what)
    return parser.parse_args(argv)


def traffic_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="voipbin-contract",
        description="Judge traffic against the VoIPbin messaging description, with the suite's checks.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    proxy = commands.add_parser("proxy", help="forward traffic to a server unchanged, judging every exchange")
    proxy.add_argument("--upstream", required=True, help="the server to forward to (http:// or https://)")
    proxy.add_argument("--listen", default="127.0.0.1:8080", help="HOST:PORT to listen on (default: %(default)s)")
    proxy.add_argument("--report", type=Path, default=Path("reports/proxy"), help="where the report goes at exit")
    proxy.add_argument(
        "--fail-on-violation",
        action="store_true",
        help="mark an answer that breaks the contract (X-Contract-Violation)",
    )
    proxy.add_argument(
        "--upstream-timeout",
        type=float,
        default=60.0,
        help="seconds an exchange may take upstream, all told, before the client gets a 502 (default: %(default)s)",
    )
    check = commands.add_parser("check-traffic", help="judge the exchanges of a HAR file")
    check.add_argument("har", type=Path, help="a HAR file (browsers, mitmproxy)")
    check.add_argument("--report", type=Path, default=Path("reports/traffic"), help="where the report goes")
    args = parser.parse_args(argv)
    if args.command == "proxy":
        url = args.upstream
        if not url.startswith(("http://", "https://")) or not httpx.URL(url).host:
            parser.error(f"--upstream must be an http:// or https:// URL with a host, not {url!r}")
        if not 0 < args.upstream_timeout <= 3600:
            parser.error("--upstream-timeout must be more than 0 and at most 3600 seconds")
    return args


def traffic_main(argv: list[str]) -> int:
    """`voipbin-contract proxy ...` and `voipbin-contract check-traffic ...`: 0 nothing broke, 1 something did."""
    try:
        args = traffic_args(argv)
    except httpx.InvalidURL as error:
        print(f"voipbin-contract: {error}", file=sys.stderr)
        return 2
    if args.command == "proxy":
        from voipbin_contract.traffic.proxy import run

        try:
            return run(
                args.upstream,
                args.listen,
                args.report,
                fail_on_violation=args.fail_on_violation,
                seconds=args.upstream_timeout,
            )
        except (ValueError, OSError) as error:
            print(f"voipbin-contract proxy: {error}", file=sys.stderr)
            return 2
    from voipbin_contract.traffic.exchange import TrafficError, from_har
    from voipbin_contract.traffic.judge import Judge
    from voipbin_contract.traffic.report import write

    judge = Judge()
    try:
        for exchange in from_har(args.har):
            judge.judge(exchange)
    except TrafficError as error:
        print(f"voipbin-contract check-traffic: {error}", file=sys.stderr)
        return 2
    judge.finish()
    junit, summary = write(args.report, judge, str(args.har))
    server = [v for v in judge.violations if v.kind == "server"]
    print(f"{sum(judge.seen.values())} exchanges, {len(server)} violations; summary: {summary}, JUnit XML: {junit}")
    return 1 if server else 0


def pytest_arguments(args: argparse.Namespace, tests: Path) -> list[str]:
    """The pytest command line of a run of the suite: its own configuration and plugins, then its settings as the
    plugin's options."""
    arguments = [str(tests), "-c", str(tests / "pytest.ini"), f"--rootdir={tests}", f"--confcutdir={tests}"]
    arguments += ["--disable-plugin-autoload", *(f"-p{plugin}" for plugin in PLUGINS), "--voipbin-contract"]
    for f in configurable():
        value = getattr(args, f.name)
        if value is True:
            arguments.append(option(f))
        elif value is not None:
            arguments.append(f"{option(f)}={value}")
    return arguments


@contextmanager
def without_addopts() -> Iterator[None]:
    """PYTEST_ADDOPTS out of the way while the suite runs (pytest reads it from the environment; it is the user's
    configuration of their own test runs, not of the suite's verdict)."""
    saved = os.environ.pop("PYTEST_ADDOPTS", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["PYTEST_ADDOPTS"] = saved


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments and arguments[0] in ("proxy", "check-traffic"):
        return traffic_main(arguments)
    split = arguments.index("--") if "--" in arguments else len(arguments)
    args = parse_args(arguments[:split])
    import pytest

    from voipbin_contract.runner.plugin import suite_tests

    with without_addopts():
        code = int(pytest.main([*pytest_arguments(args, suite_tests()), *arguments[split + 1 :]]))
    return code if code in (0, 1) else 2


if __name__ == "__main__":
    sys.exit(main())
