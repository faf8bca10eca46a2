"""The coordinator's obligations and reminder policies in a real browser: the list, an
obligation's page and the policies, as shown and with a refused form marked, have no serious
or critical axe-core violation; a refused due date comes back marked and a right one saves."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from core import clock
from core.clock import ManualClock
from core.models import Obligation, ObligationKind, Role, User
from core.obligations.policies import install_default_policy
from core.obligations.reminders import plan_reminders
from tests.factories import make_school, make_user
from tests.forms.browser.steps import navigating, sign_in

if TYPE_CHECKING:
    from playwright.async_api import Page

from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
async def coordinator(live_server: str, now: ManualClock) -> User:
    """The coordinator of a gmina whose school's director owes a list of equipment."""
    school = await make_school(
        code="sp1", name="Szkoła Podstawowa nr 1 w Lubartowie", short_name="SP 1 Lubartów"
    )
    await make_user(role=Role.DIRECTOR, school=school, full_name="Anna Nowak")
    await Obligation.create(
        source_key="test:wykaz",
        kind=ObligationKind.MANUAL,
        title="Przesłać wykaz sprzętu",
        school=school,
        assignee_role=Role.DIRECTOR,
        due_date=dt.date(2026, 11, 26),
        policy=await install_default_policy(),
        created_at=clock.now(),
    )
    await plan_reminders()
    return await make_user(role=Role.COORDINATOR, full_name="Jan Kowalski")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/admin/terminy", "Obowiązki"),
        ("/admin/terminy?status=zle", "Obowiązki"),
        ("/admin/przypomnienia", "Zasady przypomnień"),
        ("/admin/przypomnienia/default", "Domyślna"),
    ],
)
async def test_the_page_has_no_serious_accessibility_violation(
    page: Page,
    live_server: str,
    coordinator: User,
    accessibility_check: AccessibilityCheck,
    path: str,
    heading: str,
) -> None:
    await sign_in(page, live_server, coordinator)

    await page.goto(f"{live_server}{path}")

    assert (await page.locator("h1").inner_text()).startswith(heading)
    assert await accessibility_check(page) == []


async def test_an_obligation_page_refuses_a_past_date_marked_and_takes_a_right_one(
    page: Page, live_server: str, coordinator: User, accessibility_check: AccessibilityCheck
) -> None:
    obligation = await Obligation.get(source_key="test:wykaz")
    await sign_in(page, live_server, coordinator, f"/admin/terminy/{obligation.id}")
    assert await accessibility_check(page) == []

    await page.get_by_label("Nowy termin").fill("2026-11-16")
    refused = await navigating(page, page.get_by_role("button", name="Zmień termin").click())

    assert refused.status == 422
    assert await page.get_by_label("Nowy termin").get_attribute("aria-invalid") == "true"
    assert "16.11.2026" in await page.get_by_role("alert").inner_text()
    assert await accessibility_check(page) == []

    await page.get_by_label("Nowy termin").fill("2026-12-10")
    await navigating(page, page.get_by_role("button", name="Zmień termin").click())

    assert "Termin został zmieniony" in await page.get_by_role("status").inner_text()
    assert (await Obligation.get(id=obligation.id)).due_date == dt.date(2026, 12, 10)


async def test_a_refused_new_obligation_and_policy_are_marked_accessibly(
    page: Page, live_server: str, coordinator: User, accessibility_check: AccessibilityCheck
) -> None:
    await sign_in(page, live_server, coordinator, "/admin/terminy")
    await page.get_by_label("Termin", exact=True).fill("2026-12-10")
    await navigating(page, page.get_by_role("button", name="Dodaj obowiązek").click())

    assert await page.get_by_label("Tytuł").get_attribute("aria-invalid") == "true"
    assert await accessibility_check(page) == []

    await page.goto(f"{live_server}/admin/przypomnienia")
    await page.get_by_label("Dni przed terminem").fill("a, -1")
    await navigating(page, page.get_by_role("button", name="Dodaj zasady").click())

    assert await page.get_by_label("Dni przed terminem").get_attribute("aria-invalid") == "true"
    assert await accessibility_check(page) == []
