"""A director answers a reminder e-mail in a real browser: the e-mail as hdr-desk writes it
when no SMTP server is configured, a link in it, the answer page, the saved answer. Every
page is checked with axe-core and works without scripts of its own."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.email.files import MailFolderSender
from core.clock import ManualClock
from core.config import get_settings
from core.models import (
    AnswerKind,
    Channel,
    Obligation,
    ObligationKind,
    ObligationStatus,
    ReminderAnswer,
    Role,
    User,
)
from core.obligations.answer_links import ANSWER_LINK_VALIDITY
from core.obligations.policies import install_default_policy
from core.obligations.reminder_delivery import send_due_reminders
from core.obligations.reminders import plan_reminders
from core.outbox.delivery import deliver_one
from tests.conftest import warsaw
from tests.factories import make_school, make_user
from tests.forms.browser.steps import navigating

if TYPE_CHECKING:
    from playwright.async_api import Page, Response

    from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")

MAX_TAB_STOPS = 20
TITLE = "Przekazanie arkusza organizacji organowi prowadzącemu"


@pytest.fixture
async def director(live_server: str, monkeypatch: pytest.MonkeyPatch) -> User:
    """Anna Kowalska, director of a Lubartów school, who reads her reminders by e-mail."""
    monkeypatch.setattr(get_settings(), "gmina_name", "Gmina Lubartów")
    school = await make_school(code="sp1", name="Szkoła Podstawowa nr 1 w Lubartowie")
    return await make_user(
        role=Role.DIRECTOR,
        school=school,
        full_name="Anna Kowalska",
        email="dyrektor@sp1.lubartow.example.pl",
    )


async def _reminder_email(director: User, now: ManualClock) -> EmailMessage:
    """The reminder e-mail hdr-desk writes into the mail folder for an organisation-sheet
    obligation of `director`'s school due tomorrow, as read from its `.eml` file."""
    await Obligation.create(
        source_key="test:sheet",
        kind=ObligationKind.ORGANISATION_SHEET,
        title=TITLE,
        school_id=director.school_id,
        assignee_role=Role.DIRECTOR,
        due_date=dt.date(2026, 11, 18),
        policy=await install_default_policy(),
        created_at=now.now(),
    )
    now.set(warsaw(2026, 11, 17, 8, 0))
    await plan_reminders()
    await send_due_reminders()
    sender = MailFolderSender(get_settings())
    while await deliver_one({Channel.EMAIL: sender}, worker="test"):
        pass
    [path] = get_settings().mail_dir.glob("*.eml")
    email = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(email, EmailMessage)
    return email


async def _open_link(page: Page, email: EmailMessage, label: str) -> Response:
    """Shows the e-mail's HTML part as a mail program would and follows its link `label`."""
    html = email.get_body(preferencelist=("html",))
    assert html is not None
    await page.set_content(str(html.get_content()))
    return await navigating(page, page.get_by_role("link", name=label).click())


async def _heading(page: Page) -> str:
    return await page.locator("h1").inner_text()


async def _focus_order_in_main(page: Page) -> list[str]:
    """What Tab reaches in the page's main content, from the top of the page, until focus
    leaves the page: each control's tag and id or text."""
    await page.locator("body").focus()
    order: list[str] = []
    for _ in range(MAX_TAB_STOPS):
        await page.keyboard.press("Tab")
        stop = await page.evaluate(
            "() => { const e = document.activeElement;"
            " if (!e || e === document.body) return null;"
            " if (!e.closest('main')) return '';"
            " return `${e.tagName.toLowerCase()}:${e.id || e.textContent.trim()}`; }"
        )
        if stop is None:
            break
        if stop:
            order.append(stop)
    return order


async def test_a_director_marks_a_reminder_done_from_the_email_link(
    page: Page,
    director: User,
    now: ManualClock,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    email = await _reminder_email(director, now)

    opened = await _open_link(page, email, "Zrobione")

    assert opened.status == 200
    assert await _heading(page) == "Odpowiedź na przypomnienie"
    assert TITLE in await page.locator("main").inner_text()
    assert await page.locator("script").count() == 0
    assert not await ReminderAnswer.exists()
    await page.locator("body").screenshot(path=screenshot_dir / "odpowiedz-formularz.png")
    assert await accessibility_check(page) == []

    saved = await navigating(page, page.get_by_role("button", name="Oznacz jako zrobione").click())

    assert saved.status == 200
    assert await _heading(page) == "Zapisano: zrobione."
    await page.locator("body").screenshot(path=screenshot_dir / "odpowiedz-zapisano.png")
    assert await accessibility_check(page) == []
    obligation = await Obligation.get()
    assert obligation.status is ObligationStatus.DONE
    answer = await ReminderAnswer.get()
    assert (answer.answer, answer.user_id, answer.channel) == (
        AnswerKind.DONE,
        director.id,
        Channel.EMAIL,
    )


async def test_a_problem_sent_blank_is_marked_and_then_sent_by_keyboard(
    page: Page, director: User, now: ManualClock, accessibility_check: AccessibilityCheck
) -> None:
    email = await _reminder_email(director, now)
    await _open_link(page, email, "Problem")
    await page.get_by_label("Na czym polega problem?").fill("   ")

    refused = await navigating(page, page.get_by_role("button", name="Zgłoś problem").click())

    assert refused.status == 422
    assert await page.get_by_role("alert").inner_text() == (
        "Odpowiedź nie została zapisana\n\nOpisz problem w kilku słowach."
    )
    assert await page.get_by_label("Na czym polega problem?").get_attribute("aria-invalid") == (
        "true"
    )
    assert await _focus_order_in_main(page) == [
        "a:Opisz problem w kilku słowach.",
        "textarea:comment",
        "button:Zgłoś problem",
    ]
    assert await accessibility_check(page) == []
    assert not await ReminderAnswer.exists()

    await page.get_by_label("Na czym polega problem?").focus()
    await page.keyboard.type("Czekamy na opinię związków zawodowych.")
    await page.keyboard.press("Tab")
    saved = await navigating(page, page.keyboard.press("Enter"))

    assert saved.status == 200
    assert await _heading(page) == "Zapisano: zgłoszono problem."
    answer = await ReminderAnswer.get()
    assert answer.comment == "Czekamy na opinię związków zawodowych."


async def test_an_expired_link_explains_itself_and_changes_nothing(
    page: Page, director: User, now: ManualClock, accessibility_check: AccessibilityCheck
) -> None:
    email = await _reminder_email(director, now)
    now.advance(ANSWER_LINK_VALIDITY + dt.timedelta(minutes=1))

    opened = await _open_link(page, email, "Odłóż")

    assert opened.status == 410
    assert await _heading(page) == "Tego linku nie można użyć"
    assert await page.get_by_role("alert").inner_text() == (
        "Ten link wygasł. Skorzystaj z linków w najnowszym przypomnieniu."
    )
    assert await accessibility_check(page) == []
    assert (await Obligation.get()).status is ObligationStatus.OPEN
