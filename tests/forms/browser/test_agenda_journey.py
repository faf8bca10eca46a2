"""A director proposes an agenda item in a real browser (once without a title, which comes
back marked), the coordinator accepts it and publishes the agenda, and the agenda goes to
the directors through the outbox. The list and the meeting page, as each of them sees it,
are checked with axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.models import (
    AgendaItem,
    AgendaItemStatus,
    Meeting,
    MeetingStatus,
    OutboxMessage,
    Role,
    User,
)
from tests.core.meetings.builders import DECEMBER_MEETING, make_meeting
from tests.factories import make_school, make_user
from tests.forms.browser.steps import navigating, sign_in

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")

ITEM = "Dowozy uczniów od stycznia"


@pytest.fixture
async def director(live_server: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch) -> User:
    """Anna Kowalska, director of a Lubartów school, and the December meeting taking items."""
    monkeypatch.setattr(get_settings(), "gmina_name", "Gmina Lubartów")
    school = await make_school(code="sp1", name="Szkoła Podstawowa nr 1 w Lubartowie")
    await make_meeting()
    return await make_user(
        role=Role.DIRECTOR,
        school=school,
        full_name="Anna Kowalska",
        email="a.kowalska@sp1.lubartow.example.pl",
    )


async def test_a_director_proposes_and_the_coordinator_publishes_the_agenda(
    page: Page,
    browser: Browser,
    live_server: str,
    director: User,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    await sign_in(page, live_server, director, "/spotkania")

    assert await page.locator("h1").inner_text() == "Spotkania"
    assert await accessibility_check(page) == []
    await navigating(page, page.get_by_role("link", name=DECEMBER_MEETING).click())
    assert await accessibility_check(page) == []
    await page.get_by_label("Opis (nieobowiązkowo)").fill("Nowy rozkład kursów autobusów.")
    refused = await navigating(page, page.get_by_role("button", name="Zgłoś punkt").click())

    assert refused.status == 422
    assert "musi mieć tytuł" in await page.get_by_role("alert").inner_text()
    assert await page.get_by_label("Tytuł punktu").get_attribute("aria-invalid") == "true"
    assert await accessibility_check(page) == []
    assert not await AgendaItem.exists()

    await page.get_by_label("Tytuł punktu").fill(ITEM)
    await navigating(page, page.get_by_role("button", name="Zgłoś punkt").click())

    assert f"{ITEM} — zgłoszony" in await page.locator("main").inner_text()
    assert await accessibility_check(page) == []

    coordinator = await make_user(
        role=Role.COORDINATOR, full_name="Marta Nowak", email="koordynator@lubartow.example.pl"
    )
    context = await browser.new_context(locale="pl-PL", viewport={"width": 1000, "height": 900})
    try:
        office = await context.new_page()
        await sign_in(office, live_server, coordinator, "/spotkania")
        assert await accessibility_check(office) == []
        await navigating(office, office.get_by_role("link", name=DECEMBER_MEETING).click())
        assert await accessibility_check(office) == []
        await navigating(office, office.get_by_role("button", name=f"Przyjmij „{ITEM}”").click())
        assert await office.get_by_role("status").inner_text() == "Decyzja została zapisana."
        await navigating(
            office, office.get_by_role("button", name="Opublikuj porządek obrad").click()
        )

        assert "opublikowany" in await office.get_by_role("status").inner_text()
        assert await accessibility_check(office) == []
        await office.locator("main").screenshot(path=screenshot_dir / "spotkanie.png")
    finally:
        await context.close()

    item = await AgendaItem.get()
    assert (item.status, item.position) == (AgendaItemStatus.ACCEPTED, 1)
    assert (await Meeting.get()).status is MeetingStatus.AGENDA_PUBLISHED
    agenda = await OutboxMessage.get(recipient_id=director.id, subject__startswith="Porządek")
    assert f"1. {ITEM}" in agenda.body_text
