"""`voipbin-contract` (or `python -m voipbin_contract`): the contract suite, run from the installed package.

It takes the same environment as `make contract` (see docs/suite.md); credentials come only from the environment, never
from the command line, where other users of the machine could read them. Exit code 0: passed; 1: failed; 2: could
not run (the target unreachable, credentials refused, bad arguments).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import httpx
import pytest

from voipbin_contract.target import PROFILES

HERE = Path(__file__).resolve().parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="voipbin-contract",
        description="Check a VoIPbin server (by default a bundled mock) against the VoIPbin messaging description.",
        epilog="Credentials come from the environment: VOIPBIN_ACCESSKEY, or VOIPBIN_TOKEN, or VOIPBIN_USERNAME and "
        "VOIPBIN_PASSWORD; sending needs VOIPBIN_ALLOW_SEND=1 and VOIPBIN_TEST_DESTINATIONS.",
    )
    parser.add_argument("--base-url", help="the server to check (default: VOIPBIN_BASE_URL, else the bundled mock)")
    parser.add_argument("--profile", choices=PROFILES, help="the bundled mock's profile (default: service)")
    parser.add_argument("--strict", action="store_true", help="fail every known deviation (VOIPBIN_STRICT=1)")
    parser.add_argument("--examples", type=int, help="examples per operation (default: 25)")
    parser.add_argument("--seed", type=int, help="replay a run (its seed is printed at the start)")
    parser.add_argument("--junit", type=Path, help="write the JUnit XML here, and deviations.json beside it")
    parser.add_argument("--summary", type=Path, help="write the Markdown summary here")
    args = parser.parse_args(argv)
    if args.examples is not None and args.examples < 1:
        parser.error("--examples must be at least 1")
    return args


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
        from voipbin_contract.proxy import run

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
    from voipbin_contract.judge import Judge
    from voipbin_contract.traffic import TrafficError, from_har
    from voipbin_contract.traffic_report import write

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


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments and arguments[0] in ("proxy", "check-traffic"):
        return traffic_main(arguments)
    args = parse_args(argv)
    settings = {
        "VOIPBIN_BASE_URL": args.base_url,
        "VOIPBIN_MOCK_PROFILE": args.profile,
        "VOIPBIN_STRICT": "1" if args.strict else None,
        "VOIPBIN_CONTRACT_EXAMPLES": None if args.examples is None else str(args.examples),
        "VOIPBIN_CONTRACT_SEED": None if args.seed is None else str(args.seed),
    }
    os.environ.update({name: value for name, value in settings.items() if value is not None})
    with tempfile.TemporaryDirectory(prefix="voipbin-contract-") as scratch:
        junit = args.junit or (Path(scratch) / "contract.xml" if args.summary else None)
        arguments = [str(HERE), "-p", "voipbin_contract.plugin", "--voipbin-contract", "-p", "no:cacheprovider"]
        arguments += ["-o", "addopts=", "-rfEs"]
        # Packages this command has imported before pytest runs (anyio's plugin, and through the suite's own
        # modules schemathesis, the suite's package and its bundled mock): pytest cannot rewrite their asserts, which
        # it would only do for plain asserts in library code; the test modules are imported by pytest and rewritten.
        for plugin in ("anyio", "schemathesis", "voipbin_contract", "voipbin_mock"):
            arguments += ["-W", f"ignore:Module already imported so cannot be rewritten; {plugin}"]
        if junit is not None:
            junit.parent.mkdir(parents=True, exist_ok=True)
            arguments.append(f"--junitxml={junit}")
        code = int(pytest.main(arguments))
        if args.summary is not None and junit is not None and junit.is_file():
            from voipbin_contract.summary import summarise

            args.summary.parent.mkdir(parents=True, exist_ok=True)
            args.summary.write_text(summarise(junit), encoding="utf-8")
            print(f"summary: {args.summary}")
    return code if code in (0, 1) else 2


if __name__ == "__main__":
    sys.exit(main())
