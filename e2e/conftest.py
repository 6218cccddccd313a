"""Fixtures of the browser test: the running Home Assistant, Chromium and one page.

scripts/e2e starts Home Assistant and passes where it is in the environment:
``HPM_E2E_URL`` (http://127.0.0.1:PORT), ``HPM_E2E_HASS_PID``, ``HPM_E2E_CHROMIUM``
(Debian's /usr/bin/chromium) and ``HPM_E2E_SCREENSHOTS`` (the directory for the PNGs).
"""

from __future__ import annotations

import base64
from collections.abc import Generator, Iterator
from dataclasses import dataclass
import importlib.util
import os
from pathlib import Path
import sys
import time
from types import ModuleType
from typing import Any, Protocol
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    Error as PlaywrightError,
    Page,
    Route,
    ViewportSize,
    expect,
    sync_playwright,
)
import pytest

REPO = Path(__file__).resolve().parent.parent
VIEWPORT = ViewportSize(width=1280, height=800)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Integration logos come from Home Assistant's brands CDN, which this machine cannot
# reach (and which has no logo for this custom integration yet). A transparent pixel
# stands in, so pages show an empty space instead of a broken image.
BRANDS_HOST = "brands.home-assistant.io"
TRANSPARENT_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg=="
)
START_TIMEOUT_S = 300.0
# Home Assistant's pages fill in over the websocket; on a busy CI machine that can
# take longer than Playwright's default of 5 s.
expect.set_options(timeout=20_000)


@dataclass(frozen=True)
class HomeAssistantUnderTest:
    """Where the Home Assistant started by scripts/e2e listens, and its login."""

    url: str
    port: int
    pid: int
    username: str
    password: str


def _environment(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is not set: run the browser test with scripts/e2e")
    return value


def _load_demo_bootstrap() -> ModuleType:
    """Import scripts/demo_bootstrap.py, whose onboarding by API this test reuses."""
    path = REPO / "scripts" / "demo_bootstrap.py"
    spec = importlib.util.spec_from_file_location("demo_bootstrap", path)
    if spec is None or spec.loader is None:
        pytest.fail(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _running(pid: int) -> bool:
    """Tell whether a process runs; an exited one that is not reaped yet does not.

    Home Assistant is a child of scripts/e2e, which waits for pytest, not for it: if
    Home Assistant exits, it stays a zombie that ``kill -0`` still finds.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


@pytest.fixture(scope="session")
def home_assistant() -> HomeAssistantUnderTest:
    """Wait for Home Assistant, create the owner through the onboarding API.

    Onboarding is not what this test is about; the login, the config flow and the
    pages are, and those go through the browser.
    """
    url = _environment("HPM_E2E_URL")
    pid = int(_environment("HPM_E2E_HASS_PID"))
    port = urlsplit(url).port
    assert port is not None, url
    boot = _load_demo_bootstrap()
    client = boot.Client(port)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not _answers_http(client):
        if not _running(pid):
            pytest.fail(
                f"Home Assistant (pid {pid}) exited; scripts/e2e prints the end of its log"
            )
        if time.monotonic() > deadline:
            pytest.fail(f"Home Assistant did not answer within {START_TIMEOUT_S:.0f} s")
        time.sleep(1)
    try:
        created = boot.onboard(client, None)
        assert created, "the fresh config was already onboarded"
        boot.wait_for(
            "Home Assistant to finish starting",
            lambda: (
                (r := client.get("/api/config")).status == 200
                and isinstance(r.body, dict)
                and r.body.get("state") == "RUNNING"
            ),
            START_TIMEOUT_S,
            None,
        )
    except boot.DemoError as err:
        pytest.fail(f"Home Assistant (pid {pid}) did not start: {err}")
    return HomeAssistantUnderTest(
        url=url, port=port, pid=pid, username=boot.USERNAME, password=boot.PASSWORD
    )


def _answers_http(client: Any) -> bool:
    """Tell whether Home Assistant answers HTTP yet (any status will do)."""
    try:
        client.get("/auth/providers")
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium, driven by Playwright (no browser download)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=_environment("HPM_E2E_CHROMIUM"), headless=True
        )
        yield chromium
        chromium.close()


def _loopback_only(route: Route) -> None:
    """Let the page reach Home Assistant on loopback only, never the internet."""
    host = urlsplit(route.request.url).hostname
    if host in LOOPBACK_HOSTS:
        route.continue_()
    elif host == BRANDS_HOST:
        route.fulfill(status=200, content_type="image/png", body=TRANSPARENT_PNG)
    else:
        route.abort("blockedbyclient")


@pytest.fixture(scope="session")
def page(browser: Browser) -> Iterator[Page]:
    """One page for the whole walk: the tests follow each other like a user."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.route("**/*", _loopback_only)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


class Screenshot(Protocol):
    """Saves what a page shows under a name; see the ``screenshot`` fixture."""

    def __call__(self, tab: Page, name: str, *, height: int | None = None) -> Path:
        """Save ``tab`` as <name>.png, ``height`` pixels tall if given."""


@pytest.fixture(scope="session")
def screenshot() -> Screenshot:
    """Save what the page shows as HPM_E2E_SCREENSHOTS/<name>.png.

    Home Assistant's pages scroll inside their own panes, so a full-page screenshot
    shows no more than the window; a page worth showing whole gets a taller window.
    """
    directory = Path(_environment("HPM_E2E_SCREENSHOTS"))
    directory.mkdir(parents=True, exist_ok=True)

    def save(tab: Page, name: str, *, height: int | None = None) -> Path:
        path = directory / f"{name}.png"
        if height is not None:
            tab.set_viewport_size(ViewportSize(width=VIEWPORT["width"], height=height))
        try:
            tab.screenshot(path=path, animations="disabled", caret="hide")
        finally:
            tab.set_viewport_size(VIEWPORT)
        return path

    return save


# The walk is one story: once a step failed, the later ones are skipped rather than
# failing for the same cause.
_FAILED_STEP: dict[str, str] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remember the first failed step of the walk, with a screenshot of its page."""
    report = yield
    if report.failed and "step" not in _FAILED_STEP:
        _FAILED_STEP["step"] = item.name
        tab = getattr(item, "funcargs", {}).get("page")
        directory = os.environ.get("HPM_E2E_FAILURES")
        if isinstance(tab, Page) and directory:
            path = Path(directory) / f"{item.name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                tab.screenshot(path=path)
            except PlaywrightError as err:  # e.g. the browser itself went away
                report.sections.append(("failure screenshot", f"none: {err}"))
            else:
                report.sections.append(("failure screenshot", str(path)))
    return report


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip the steps after a failed one."""
    if failed := _FAILED_STEP.get("step"):
        pytest.skip(f"an earlier step failed: {failed}")
