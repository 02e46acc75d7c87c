"""`python -m voipbin_mock`: serve the mock with uvicorn on 127.0.0.1 and print how to use it."""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import sys
from dataclasses import asdict
from pathlib import Path

import uvicorn

from voipbin_mock.app import create_app
from voipbin_mock.config import (
    DEFAULT_FIXTURES,
    DEFAULT_SPEC,
    DISPATCHES,
    ERA_OF_PROFILE,
    INSTANT,
    PROFILES,
    Delays,
    MockConfig,
    Profile,
)
from voipbin_mock.faults import FAULTS
from voipbin_mock.fixtures import FixtureError, load_fixtures
from voipbin_mock.lifecycle import DISPATCH_REFUSED, MAGIC_DESTINATIONS, PROVIDER_OUTCOMES
from voipbin_mock.server import UVICORN_OPTIONS, raise_file_limit
from voipbin_mock.timestamps import ERAS
from voipbin_mock.webhooks import shown_url, url_problem
from voipbin_mock.workers import BACKLOG, configure_logging, reuseport_socket, serve

MAX_PORT = 65535
WEBHOOK_SECRET_VARIABLE = "VOIPBIN_MOCK_WEBHOOK_SECRET"
# --webhook-method: the methods a customer can set, and none (`""`, a customer who never set one).
WEBHOOK_METHODS = ("POST", "GET", "PUT", "DELETE", "none")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m voipbin_mock", description="A stateful mock VoIPbin server.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=8000, help="port to bind, 0 for any free one (default: %(default)s)"
    )
    parser.add_argument("--db", type=Path, help="SQLite file to keep state in across restarts (default: in memory)")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES, help="customers, numbers, access keys")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="the OpenAPI description to serve")
    parser.add_argument(
        "--profile", choices=PROFILES, default="service",
        help="answer as the live service does, known deviations and all (service), or as the tutorial documents the"
        " API (tutorial) (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--timestamps", choices=ERAS, help="timestamp format (default: rfc3339 in the service profile, else legacy)"
    )
    parser.add_argument(
        "--token-ttl",
        type=int,
        default=MockConfig.token_ttl_seconds,
        help="seconds a login token lives (default: %(default)s, 7 days, as the service)",
    )
    parser.add_argument("--sent-after", type=float, default=Delays.sent, help="seconds until a target is sent")
    parser.add_argument("--delivered-after", type=float, default=Delays.delivered, help="seconds until delivered")
    parser.add_argument("--timeout-after", type=float, default=Delays.timeout, help="seconds until a timeout status")
    parser.add_argument("--instant", action="store_true", help="every target reaches its final status at once")
    parser.add_argument(
        "--dispatch", choices=DISPATCHES, default="either",
        help="how the service profile dispatches each message: through Telnyx or MessageBird, whichever Go's random"
        " map order puts first, as the service does (either), or always one way (telnyx: targets stay queued;"
        " messagebird: the provider's statuses; failed: nothing happens) (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--webhook-order", choices=("ordered", "any"),
        help="deliver each customer's webhook events in the order of the changes, or each on its own, so that they"
        " may arrive in any order, as the service delivers them (default: any in the service profile, else ordered)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, help="seed the random choices (dispatch paths, webhook delays)")
    parser.add_argument("--no-access-log", action="store_true", help="do not log one line per request")
    parser.add_argument(
        "--fault", action="append", default=[], choices=sorted(FAULTS), metavar="NAME",
        help="inject a defect, to check that a contract suite catches it (repeatable): " + ", ".join(sorted(FAULTS)),
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=1, help="server processes sharing --db (default: %(default)s)")
    parser.add_argument(
        "--webhook-url", metavar="URL",
        help="deliver every customer's webhook events to URL (loopback allowed), instead of the fixtures'",
    )  # fmt: skip
    parser.add_argument(
        "--webhook-secret", metavar="SECRET", default=os.environ.get(WEBHOOK_SECRET_VARIABLE) or None,
        help=f"sign --webhook-url's events with SECRET (default: ${WEBHOOK_SECRET_VARIABLE}, which no process list"
        " shows; without either, each customer's own secret, which GET /v1.0/customer shows)",
    )  # fmt: skip
    parser.add_argument(
        "--webhook-method", choices=WEBHOOK_METHODS,
        help="send --webhook-url's events with this method (default: each customer's own; none, a customer who never"
        " set one, is GET with the body in the service profile, as the service sends it, and POST in the tutorial's)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not 0 <= args.port <= MAX_PORT:
        parser.error(f"--port must be between 0 and {MAX_PORT}, not {args.port}")
    args.timestamps = args.timestamps or ERA_OF_PROFILE[args.profile]
    if args.token_ttl <= 0 or min(args.sent_after, args.delivered_after, args.timeout_after) < 0:
        parser.error("--token-ttl must be positive and the delays must not be negative")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.webhook_url is not None and (problem := url_problem(args.webhook_url)):
        parser.error(f"--webhook-url {shown_url(args.webhook_url)!r} cannot be used: {problem}")
    if args.webhook_secret is not None and args.webhook_url is None:
        parser.error(f"--webhook-secret (or ${WEBHOOK_SECRET_VARIABLE}) signs the events of --webhook-url: give both")
    if args.webhook_method is not None and args.webhook_url is None:
        parser.error("--webhook-method is the method of --webhook-url's events: give both")
    if args.workers > 1 and not hasattr(socket, "SO_REUSEPORT"):
        parser.error("--workers above 1 needs SO_REUSEPORT, which this system lacks (Windows): run one process")
    if args.workers > 1 and args.db is None:
        parser.error("--workers above 1 needs --db: processes share state only through the SQLite file")
    return args


def banner(url: str, fixtures_path: Path, profile: Profile = "service", webhook_url: str | None = None) -> str:
    fixtures = load_fixtures(fixtures_path)
    answers = {"service": "as the live service does", "tutorial": "as the tutorial documents the API"}[profile]
    lines = [f"VoIPbin mock serving on {url}, answering {answers} (--profile {profile})", ""]
    # The built-in demo accounts are public; the credentials in a fixtures file of the user's are not printed.
    demo = fixtures_path.resolve() == DEFAULT_FIXTURES.resolve()
    if demo:
        lines.append("Demo accounts (POST /auth/login for a token, or the access key as ?accesskey=):")
    else:
        lines.append(f"Customers of {fixtures_path} (their passwords and access keys are not shown):")
    for customer in fixtures.customers:
        numbers = ", ".join(number.number for number in customer.numbers) or "none"
        if demo:
            keys = ", ".join(key.token for key in customer.accesskeys) or "none"
            lines.append(f"  {customer.username} / {customer.password}   access key: {keys}   numbers: {numbers}")
        else:
            lines.append(f"  {customer.username}   access keys: {len(customer.accesskeys)}   numbers: {numbers}")
    outcomes = PROVIDER_OUTCOMES if profile == "service" else MAGIC_DESTINATIONS
    magic = ", ".join(f"{number} -> {status}" for number, status in outcomes.items())
    lines += ["", f"Destinations that fail: {magic}"]
    if profile == "service":
        lines.append(f"A destination no provider takes (the message stays queued, no event): {DISPATCH_REFUSED}")
    lines.append(f"Inject an inbound SMS: POST {url}/_mock/inbound")
    if webhook_url:
        lines.append(f"Webhook events of every customer go to {shown_url(webhook_url)}, signed with the customer's")
        lines.append("webhook secret (GET /v1.0/customer), unless --webhook-secret gives one")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    delays = INSTANT if args.instant else Delays(args.sent_after, args.delivered_after, args.timeout_after)
    config = MockConfig(
        spec_path=args.spec,
        fixtures_path=args.fixtures,
        db_path=args.db,
        profile=args.profile,
        timestamps=args.timestamps,
        token_ttl_seconds=args.token_ttl,
        delays=delays,
        faults=frozenset(args.fault),
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        webhook_method=None if args.webhook_method is None else args.webhook_method.replace("none", ""),
        dispatch=args.dispatch,
        seed=args.seed,
        webhooks_ordered=None if args.webhook_order is None else args.webhook_order == "ordered",
    )
    try:
        app = create_app(config)  # also in --workers mode: checks everything and sets up the database once
    except (FixtureError, OSError, ValueError, RuntimeError) as error:
        print(f"voipbin_mock: {error}", file=sys.stderr)
        return 2
    except sqlite3.Error as error:
        print(f"voipbin_mock: cannot use the database {args.db}: {error}", file=sys.stderr)
        return 2
    try:  # bound here, so that the banner shows the port really listened on, also for --port 0
        listener = listening_socket(args.host, args.port, shared=args.workers > 1)
    except OSError as error:
        print(f"voipbin_mock: cannot listen on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 2
    port = int(listener.getsockname()[1])
    print(banner(f"http://{args.host}:{port}", args.fixtures, args.profile, args.webhook_url), flush=True)
    configure_logging(not args.no_access_log)
    if args.workers == 1:
        raise_file_limit()
        uvicorn.Server(uvicorn.Config(app, **UVICORN_OPTIONS)).run(sockets=[listener])
        return 0
    app.services.store.close()
    settings = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items() if k != "clock"}
    settings["faults"] = sorted(config.faults)
    settings["access_log"] = not args.no_access_log
    with listener:  # bound, not listening: it holds the port for the workers and takes no connection of theirs
        return serve(json.dumps(settings), args.host, port, args.workers)


def listening_socket(host: str, port: int, *, shared: bool) -> socket.socket:
    """A TCP socket listening on host:port; shared (--workers), only bound, for the workers' processes to listen
    on the same port. A listener here that closed once they did reset every connection the kernel had given it
    meanwhile (a client's first request, as the workers started)."""
    if shared:
        return reuseport_socket(host, port, listen=False)
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


if __name__ == "__main__":
    sys.exit(main())
