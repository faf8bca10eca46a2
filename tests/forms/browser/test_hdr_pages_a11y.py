"""The HDR board, the indicators, the deadlines and the coordinator's dashboard in a real
browser, on the Lubartów demonstration data: no serious or critical axe-core violation on
any of them, and the pictures of the user guide."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.clock import ManualClock
from core.models import User
from core.seed.demo import seed_demo
from tests.forms.browser.steps import sign_in

if TYPE_CHECKING:
    from playwright.async_api import Page

from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")

PAGES = {
    "/hdr": "Harmonogram HDR",
    "/hdr?widok=os-czasu": "Harmonogram HDR",
    "/hdr/wskazniki": "Wskaźniki HDR",
    "/terminy": "Terminy",
    "/pulpit?miesiac=2026-11": "Pulpit koordynatora: listopad 2026",
    "/pulpit?miesiac=2026-13": "Pulpit koordynatora",
}
SCREEN = {"width": 1200, "height": 900}


@pytest.fixture
async def coordinator(live_server: str, now: ManualClock) -> User:
    """The demo's coordinator, on the whole Lubartów demo."""
    await seed_demo()
    return await User.get(email__startswith="koordynator@")


@pytest.mark.parametrize("path", list(PAGES))
async def test_the_page_has_no_serious_accessibility_violation(
    page: Page,
    live_server: str,
    coordinator: User,
    accessibility_check: AccessibilityCheck,
    path: str,
) -> None:
    await sign_in(page, live_server, coordinator)

    await page.goto(f"{live_server}{path}")

    assert (await page.locator("h1").inner_text()).startswith(PAGES[path])
    assert await accessibility_check(page) == []


async def test_the_user_guide_pictures_of_the_board_and_the_dashboard(
    page: Page, live_server: str, coordinator: User, screenshot_dir: Path
) -> None:
    await sign_in(page, live_server, coordinator)
    await page.set_viewport_size(SCREEN)

    await page.goto(f"{live_server}/hdr")
    await page.screenshot(path=screenshot_dir / "hdr-tablica.png")
    await page.goto(f"{live_server}/pulpit?miesiac=2026-11")
    await page.screenshot(path=screenshot_dir / "pulpit.png", full_page=True)

    assert (screenshot_dir / "hdr-tablica.png").stat().st_size > 0
    assert (screenshot_dir / "pulpit.png").stat().st_size > 0
