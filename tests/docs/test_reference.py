"""The HTML reference (`make docs`) in a real browser with the network cut: whole, quiet and self-contained.

Headless Chromium (Debian's package, which `make test` installs) is driven by Playwright; the page is opened from
the file system with the browser offline, every request that leaves the file is recorded and refused.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, Route, sync_playwright

from voipbin_contract.rules.deviations import known_deviations

# The rendered reference in a browser (`make check` leaves it out).
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "index.html"
SCREENSHOT = ROOT / "reports" / "docs.png"
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
# What the seeds show, as the reference must show it in its examples.
SEED_VALUES = (
    "hello, this is test message.",
    "+821021656521",
    "2022-03-13 15:11:06.497184184",
    "9999-01-01 00:00:00.000000",
)
BROWSER_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Visit:
    """One page load: the requests that tried to leave the file and the console's errors."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def text(self) -> str:
        return str(self.page.evaluate("document.body.textContent"))


@pytest.fixture(scope="module")
def visit() -> Iterator[Visit]:
    if not PAGE.is_file():
        pytest.fail(f"{PAGE.relative_to(ROOT)} is missing: `make test` builds it with `make docs` first")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no chromium on PATH, the reference is not rendered in a browser: `make browser` installs Debian's")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=BROWSER_FLAGS)
        context = browser.new_context(offline=True, viewport={"width": 1400, "height": 1000})
        visit = Visit(context.new_page())
        visit.page.goto(PAGE.as_uri())
        visit.page.wait_for_selector("text=Conventions", timeout=30_000)
        yield visit
        browser.close()


def operations() -> list[tuple[str, dict[str, Any]]]:
    return [
        (operation["tags"][0], operation)
        for item in [*SPEC["paths"].values(), *SPEC.get("webhooks", {}).values()]
        for method, operation in item.items()
        if method in ("get", "post", "delete")
    ]


def test_every_operation_is_present(visit):
    text = visit.text()
    missing = [operation["summary"] for _, operation in operations() if operation["summary"] not in text]
    assert missing == []


def test_every_schema_is_present(visit):
    seen = visit.text()
    for tag, operation in operations():  # each operation's page shows its schemas
        visit.page.goto(f"{PAGE.as_uri()}#/{tag}/{operation['operationId'].lower()}")
        visit.page.wait_for_timeout(300)
        seen += visit.text()
    missing = [name for name in SPEC["components"]["schemas"] if name not in seen]
    assert missing == [], f"schemas the reference never names: {missing}"


def test_the_seed_examples_show(visit):
    seen = ""
    for path in ("#/messages/listmessages", "#/messages/sendmessage"):
        visit.page.goto(f"{PAGE.as_uri()}{path}")
        visit.page.wait_for_timeout(300)
        seen += visit.text()
    assert [value for value in SEED_VALUES if value not in seen] == []


def test_nothing_is_loaded_from_the_network_and_no_console_error(visit):
    visit.page.goto(f"{PAGE.as_uri()}#/messages/sendmessage")
    visit.page.wait_for_timeout(500)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert visit.outside == []
    assert visit.errors == []


def test_every_known_deviation_shows_in_the_introduction_and_beside_its_rule(visit):
    visit.page.goto(PAGE.as_uri())
    visit.page.wait_for_timeout(300)
    introduction = visit.text()
    beside = introduction
    for tag, operation in operations():
        visit.page.goto(f"{PAGE.as_uri()}#/{tag}/{operation['operationId'].lower()}")
        visit.page.wait_for_timeout(300)
        for array in visit.page.get_by_text("targets", exact=True).all():  # arrays of objects open on a click
            array.click()
        beside += visit.text()
    for scheme in {d.where.rsplit("/", 1)[1] for d in known_deviations(SPEC) if "/securitySchemes/" in d.where}:
        visit.page.click("text=View security details")  # a scheme's description shows in the security dialog
        visit.page.get_by_role("tab", name=scheme, exact=True).click()
        visit.page.wait_for_timeout(300)
        beside += visit.text()
        visit.page.keyboard.press("Escape")
    for deviation in known_deviations(SPEC):
        assert f"{deviation.id}{deviation.summary.split('`')[0]}" in introduction, f"{deviation.id} not listed"
        assert f"Known deviation {deviation.id}" in beside, f"{deviation.id} not shown beside its rule"
