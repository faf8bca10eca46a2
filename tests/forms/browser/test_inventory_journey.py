"""A director keeps the school's equipment in a real browser: opens the table from the panel,
edits a laptop once with a bad value (it comes back marked) and then right, and sees the
change in the asset's history; prints the QR labels. The table, the edit form and the label
page are checked with axe-core, and photographed for the user guide."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.inventory.assets import create_asset
from core.inventory.profiles import install_requirement_profiles
from core.models import Asset, AssetKind, Channel, Role, User
from tests.core.inventory.builders import FAILS_2024_PUPIL_RULE, MEETS_2024_PUPIL_RULE
from tests.factories import make_school, make_user
from tests.forms.browser.steps import navigating, sign_in

if TYPE_CHECKING:
    from playwright.async_api import Page

from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")

SCREEN = {"width": 1200, "height": 900}


@pytest.fixture
async def director(live_server: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch) -> User:
    """Anna Nowak, director of a Lubartów school with a few computers and a projector."""
    monkeypatch.setattr(get_settings(), "gmina_name", "Gmina Lubartów")
    monkeypatch.setattr(get_settings(), "telegram_bot_username", "hdr_lubartow_bot")
    await install_requirement_profiles()
    school = await make_school(
        code="sp1", name="Szkoła Podstawowa nr 1 w Lubartowie", short_name="SP 1 Lubartów"
    )
    for number, kind, room, specification in [
        ("SP1/K/001", AssetKind.DESKTOP, "12", MEETS_2024_PUPIL_RULE),
        ("SP1/K/002", AssetKind.DESKTOP, "12", FAILS_2024_PUPIL_RULE),
        ("SP1/L/001", AssetKind.LAPTOP, "Pokój nauczycielski", {}),
        ("SP1/P/001", AssetKind.PROJECTOR, "12", {}),
    ]:
        await create_asset(
            school=school,
            actor=None,
            channel=Channel.WEB,
            kind=kind,
            inventory_number=number,
            room=room,
            make="Dell" if kind != AssetKind.PROJECTOR else "Epson",
            **specification,
        )
    return await make_user(
        role=Role.DIRECTOR,
        school=school,
        full_name="Anna Nowak",
        email="dyrektor@sp1.lubartow.example.pl",
    )


async def test_a_director_edits_a_laptop_and_sees_the_history(
    page: Page,
    live_server: str,
    director: User,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    await page.set_viewport_size(SCREEN)
    await sign_in(page, live_server, director)

    await navigating(page, page.get_by_role("link", name="Przeglądaj i edytuj sprzęt").click())
    assert await page.locator("h1").inner_text() == ("Sprzęt: Szkoła Podstawowa nr 1 w Lubartowie")
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "sprzet-tabela.png", full_page=True)

    await navigating(page, page.get_by_role("link", name="SP1/L/001").click())
    await page.get_by_label("RAM (GB)").fill("szesnaście")
    refused = await navigating(page, page.get_by_role("button", name="Zapisz zmiany").click())
    assert refused.status == 422
    assert await page.get_by_label("RAM (GB)").get_attribute("aria-invalid") == "true"
    assert await accessibility_check(page) == []

    await page.get_by_label("RAM (GB)").fill("16")
    await page.get_by_label("Sala").fill("Sala 14")
    await navigating(page, page.get_by_role("button", name="Zapisz zmiany").click())

    history = page.locator("table.history")
    assert "Pokój nauczycielski → Sala 14" in await history.inner_text()
    assert "Anna Nowak" in await history.inner_text()
    assert (await Asset.get(inventory_number="SP1/L/001")).ram_gb == 16
    assert await accessibility_check(page) == []


async def test_the_label_page_is_accessible_and_photographed(
    page: Page,
    live_server: str,
    director: User,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    await page.set_viewport_size(SCREEN)
    await sign_in(page, live_server, director)

    await page.goto(f"{live_server}/sprzet")
    await navigating(page, page.get_by_role("link", name="Drukuj etykiety z kodami QR").click())

    assert await page.locator(".label").count() == 4
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "etykiety.png")
