"""A director fills in the school's network sheet in a real browser: opens it from the
equipment table, sends a bad speed (it comes back marked), then a right one, and sees it
saved. The sheet is checked with axe-core in each state, and photographed for the user
guide."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.clock import ManualClock
from core.models import LinkType, Role, SchoolNetworkSheet, User
from tests.factories import make_school, make_user
from tests.forms.browser.steps import navigating, sign_in

if TYPE_CHECKING:
    from playwright.async_api import Page

from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")

SCREEN = {"width": 1200, "height": 900}


@pytest.fixture
async def director(live_server: str, now: ManualClock) -> User:
    """Anna Nowak, director of a Lubartów school whose network sheet is still empty."""
    school = await make_school(
        code="sp1", name="Szkoła Podstawowa nr 1 w Lubartowie", short_name="SP 1 Lubartów"
    )
    return await make_user(
        role=Role.DIRECTOR,
        school=school,
        full_name="Anna Nowak",
        email="dyrektor@sp1.lubartow.example.pl",
    )


async def test_a_director_fills_in_the_network_sheet(
    page: Page,
    live_server: str,
    director: User,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    await page.set_viewport_size(SCREEN)
    await sign_in(page, live_server, director, "/sprzet")

    await navigating(page, page.get_by_role("link", name="Sieć szkolna").click())
    assert await page.locator("h1").inner_text() == (
        "Sieć szkolna: Szkoła Podstawowa nr 1 w Lubartowie"
    )
    assert await accessibility_check(page) == []

    await page.get_by_label("Rodzaj łącza internetowego").select_option(label="światłowód")
    await page.get_by_label("Prędkość pobierania (Mb/s)").fill("sto")
    await page.get_by_label("Zasięg Wi-Fi").select_option(label="część budynku")
    refused = await navigating(page, page.get_by_role("button", name="Zapisz kartę sieci").click())
    assert refused.status == 422
    field = page.get_by_label("Prędkość pobierania (Mb/s)")
    assert await field.get_attribute("aria-invalid") == "true"
    assert await page.get_by_role("alert").count() == 1
    assert await page.get_by_label("Zasięg Wi-Fi").input_value() == "partial"
    assert await accessibility_check(page) == []
    assert not await SchoolNetworkSheet.exists()

    await field.fill("100")
    await navigating(page, page.get_by_role("button", name="Zapisz kartę sieci").click())

    assert await page.get_by_role("status").inner_text() == "Zapisano."
    assert "Anna Nowak" in await page.locator("main").inner_text()
    stored = await SchoolNetworkSheet.get(school_id=director.school_id)
    assert (stored.link_type, stored.download_mbps) == (LinkType.FIBRE, 100)
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "siec-szkolna.png", full_page=True)
