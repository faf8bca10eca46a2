"""The coordinator administers people in a real browser: opens the people from the
administration, adds a director (once with a bad address, which comes back marked, then
right), gives her a Telegram invite whose code the bot accepts, and deactivates a teacher
who has left; then looks at the schools. Every page is checked with axe-core, and the people
list and the invite are photographed for the user guide."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.models import Role, School, User
from core.people.invites import redeem_invite
from tests.factories import make_school, make_user
from tests.forms.browser.steps import navigating, sign_in

if TYPE_CHECKING:
    from playwright.async_api import Page, ViewportSize

from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")

SCREEN: ViewportSize = {"width": 1200, "height": 900}
TELEGRAM_ID = 700_000_321


@pytest.fixture
async def coordinator(live_server: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch) -> User:
    """Maria Wiśniewska, the Lubartów coordinator, with two schools and a teacher on file."""
    monkeypatch.setattr(get_settings(), "gmina_name", "Gmina Lubartów")
    monkeypatch.setattr(get_settings(), "telegram_bot_username", "hdr_lubartow_bot")
    school = await make_school(
        code="sp1", name="Szkoła Podstawowa nr 1 w Lubartowie", short_name="SP 1 Lubartów"
    )
    await make_school(code="sp2", name="Szkoła Podstawowa nr 2 w Lubartowie", short_name="SP 2")
    await make_user(
        role=Role.TEACHER,
        school=school,
        full_name="Tomasz Lis",
        email="tomasz.lis@sp1.lubartow.example.pl",
    )
    return await make_user(
        role=Role.COORDINATOR, full_name="Maria Wiśniewska", email="koordynator@lubartow.example.pl"
    )


async def test_the_coordinator_adds_a_director_invites_her_and_deactivates_a_teacher(
    page: Page,
    live_server: str,
    coordinator: User,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    await page.set_viewport_size(SCREEN)
    await sign_in(page, live_server, coordinator, "/admin")

    await navigating(page, page.get_by_role("link", name=re.compile("^Osoby:")).click())
    assert await page.locator("h1").inner_text() == "Osoby"
    assert await accessibility_check(page) == []

    adding = page.get_by_role("region", name="Dodaj osobę")
    await adding.get_by_label("Imię i nazwisko").fill("Anna Nowak")
    await adding.get_by_label("Adres e-mail").fill("anna.nowak@")
    await adding.get_by_label("Funkcja").select_option("director")
    await adding.get_by_label("Szkoła").select_option("sp2")
    refused = await navigating(page, adding.get_by_role("button", name="Dodaj osobę").click())
    assert refused.status == 422
    adding = page.get_by_role("region", name="Dodaj osobę")
    assert await adding.get_by_label("Adres e-mail").get_attribute("aria-invalid") == "true"
    assert await adding.get_by_label("Imię i nazwisko").input_value() == "Anna Nowak"
    assert await accessibility_check(page) == []

    await adding.get_by_label("Adres e-mail").fill("anna.nowak@sp2.lubartow.example.pl")
    await navigating(page, adding.get_by_role("button", name="Dodaj osobę").click())
    assert await page.locator("h1").inner_text() == "Anna Nowak"
    assert await page.get_by_role("status").inner_text() == "Dodano."
    assert await accessibility_check(page) == []

    await navigating(
        page, page.get_by_role("button", name="Utwórz zaproszenie do Telegrama").click()
    )
    code = await page.locator("code.invite-code").inner_text()
    assert await page.get_by_role("img", name="Kod QR z linkiem do bota").count() == 1
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "admin-zaproszenie.png", full_page=True)
    director = await User.get(email="anna.nowak@sp2.lubartow.example.pl")
    linked = await redeem_invite(
        code=code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=TELEGRAM_ID
    )
    assert (linked.id, linked.role) == (director.id, Role.DIRECTOR)

    await navigating(page, page.get_by_role("link", name="Wróć do listy osób").click())
    await navigating(page, page.get_by_role("link", name="Tomasz Lis").click())
    await navigating(page, page.get_by_role("button", name="Dezaktywuj konto").click())
    assert await page.get_by_role("status").inner_text() == "Dezaktywowano."
    assert await accessibility_check(page) == []
    assert not (await User.get(full_name="Tomasz Lis")).is_active

    await navigating(page, page.get_by_role("link", name="Wróć do listy osób").click())
    await page.screenshot(path=screenshot_dir / "admin-osoby.png", full_page=True)


async def test_the_school_pages_are_accessible(
    page: Page, live_server: str, coordinator: User, accessibility_check: AccessibilityCheck
) -> None:
    await page.set_viewport_size(SCREEN)
    await sign_in(page, live_server, coordinator, "/admin")

    await navigating(page, page.get_by_role("link", name=re.compile("^Szkoły:")).click())
    assert await accessibility_check(page) == []

    adding = page.get_by_role("region", name="Dodaj szkołę")
    await adding.get_by_label("Kod").fill("sp 3")
    await adding.get_by_label("Nazwa", exact=True).fill("Szkoła Podstawowa nr 3")
    refused = await navigating(page, adding.get_by_role("button", name="Dodaj szkołę").click())
    assert refused.status == 422
    assert await accessibility_check(page) == []

    await page.get_by_role("region", name="Dodaj szkołę").get_by_label("Kod").fill("sp3")
    await navigating(page, page.get_by_role("button", name="Dodaj szkołę").click())
    assert await page.locator("h1").inner_text() == "Szkoła Podstawowa nr 3"
    assert (await School.get(code="sp3")).short_name == "Szkoła Podstawowa nr 3"
    assert await accessibility_check(page) == []
