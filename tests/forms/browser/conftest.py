"""What the browser tests share: the web application served by uvicorn on a free loopback
port, headless Chromium driven by Playwright, and axe-core to check a page's accessibility.

Chromium is Debian's (`apt-get install chromium`), started by Playwright through
`executable_path`: Playwright's own browser download is not used. A test skips, saying what
is missing, when Chromium or the `playwright` package is not there.

Pages can be photographed for the user guide: set HDR_TEST_SCREENSHOT_DIR (e.g. to
`docs/pl/img`) and the tests save their screenshots there instead of a temporary folder.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn

from core.config import get_settings
from forms.app import create_app

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERIOUS = ("serious", "critical")
STARTUP_TIMEOUT_SECONDS = 10.0

# (the page checked) -> the serious and critical axe-core violations found on it
AccessibilityCheck = Callable[["Page"], Awaitable[list[dict[str, Any]]]]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium; the test skips when it or Playwright is not installed."""
    pytest.importorskip("playwright.async_api", reason="the playwright package is not installed")
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
async def browser(chromium_path: str) -> AsyncIterator[Browser]:
    """Headless Chromium, with a fresh profile of its own."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A tab in a Polish browser, the size of a small laptop window."""
    context = await browser.new_context(locale="pl-PL", viewport={"width": 800, "height": 640})
    try:
        yield await context.new_page()
    finally:
        await context.close()


@pytest.fixture
async def live_server(database: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    """The web application, served by uvicorn on a free loopback port on the test's event
    loop and database; yields its base URL, which links made meanwhile point at."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    monkeypatch.setattr(get_settings(), "base_url", base_url)
    app = create_app(get_settings(), manage_database=False)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        async with asyncio.timeout(STARTUP_TIMEOUT_SECONDS):
            while not server.started:
                if serving.done():
                    serving.result()  # raises what stopped it
                await asyncio.sleep(0.01)
        yield base_url
    finally:
        server.should_exit = True
        await serving
        listener.close()


@pytest.fixture
def accessibility_check() -> AccessibilityCheck:
    """Runs axe-core on a page as it is now; returns its serious and critical violations,
    each with the rule, what it asks for and the elements that break it."""

    async def serious_violations(page: Page) -> list[dict[str, Any]]:
        await page.add_script_tag(path=str(AXE_SCRIPT))
        results = await page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [
            {
                "rule": violation["id"],
                "help": violation["help"],
                "elements": [node["target"] for node in violation["nodes"]],
            }
            for violation in results["violations"]
            if violation["impact"] in SERIOUS
        ]

    return serious_violations


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: HDR_TEST_SCREENSHOT_DIR when set, else a temporary folder."""
    wanted = os.environ.get("HDR_TEST_SCREENSHOT_DIR")
    folder = Path(wanted) if wanted else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
