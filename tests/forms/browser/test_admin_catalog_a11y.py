"""The coordinator's pages of categories with SLA targets and of the requirement profile in a
real browser: reached from the administration, each form refused once (the error is shown and
announced), and no serious or critical axe-core violation on any page, as shown or refused;
with the pictures of the user guide."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.clock import ManualClock
from core.inventory.profiles import install_requirement_profiles
from core.models import Role, User
from core.tickets.defaults import install_categories_and_sla_policies
from tests.factories import make_user
from tests.forms.browser.steps import navigating, sign_in

if TYPE_CHECKING:
    from playwright.async_api import Page, ViewportSize

from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")

SCREEN: ViewportSize = {"width": 1200, "height": 900}


@pytest.fixture
async def coordinator(live_server: str, now: ManualClock) -> User:
    await install_categories_and_sla_policies()
    await install_requirement_profiles()
    return await make_user(
        role=Role.COORDINATOR, full_name="Ewa Kowalska", email="koordynator@lubartow.example.pl"
    )


async def test_the_categories_and_sla_pages_are_accessible_as_shown_and_refused(
    page: Page,
    live_server: str,
    coordinator: User,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    await page.set_viewport_size(SCREEN)
    await sign_in(page, live_server, coordinator, "/admin")

    await navigating(
        page,
        page.get_by_role("link", name="Kategorie zgłoszeń i czasy SLA dla priorytetów").click(),
    )
    assert await page.locator("h1").inner_text() == "Kategorie zgłoszeń i czasy SLA"
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "admin-kategorie.png", full_page=True)

    await page.get_by_label("Kod (małe litery").fill("Drukarki sieciowe")
    await navigating(page, page.get_by_role("button", name="Dodaj kategorię").click())
    assert await page.get_by_role("alert").count() == 1
    assert await page.get_by_label("Kod (małe litery").get_attribute("aria-invalid") == "true"
    assert await accessibility_check(page) == []

    await navigating(page, page.get_by_role("link", name="Drukarka", exact=True).click())
    assert await page.locator("h1").inner_text() == "Kategoria: Drukarka"
    assert await accessibility_check(page) == []

    await page.goto(f"{live_server}/admin/kategorie")
    await navigating(
        page, page.get_by_role("link", name="Zmień czasy dla priorytetu wysoki").click()
    )
    await page.locator("#near_breach_percent").fill("100")
    await navigating(page, page.get_by_role("button", name="Zapisz czasy").click())
    assert await page.get_by_role("alert").count() == 1
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "admin-sla-blad.png", full_page=True)


async def test_the_requirement_pages_are_accessible_as_shown_and_refused(
    page: Page,
    live_server: str,
    coordinator: User,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    await page.set_viewport_size(SCREEN)
    await sign_in(page, live_server, coordinator, "/admin")

    await navigating(
        page,
        page.get_by_role("link", name="Profil wymagań dla komputerów szkolnych").click(),
    )
    assert await page.locator("h1").inner_text() == "Profil wymagań dla komputerów szkolnych"
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "admin-wymagania.png", full_page=True)

    await navigating(page, page.get_by_role("link", name="Zmień regułę").first.click())
    assert (await page.locator("h1").inner_text()).startswith("Reguła:")
    assert await accessibility_check(page) == []

    await page.get_by_label("Najmniej pamięci RAM (GB)").fill("-1")
    await navigating(page, page.get_by_role("button", name="Zapisz regułę").click())
    assert await page.get_by_role("alert").count() == 1
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "admin-regula-blad.png", full_page=True)
