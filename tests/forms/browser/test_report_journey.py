"""A teacher reports a fault in a real browser: signs in with the e-mailed link, sends the
report form once without a description (it comes back marked), then with a photo, and lands
on the new ticket's page; the IT specialist finds it in the queue. The form, the ticket page
and the queue are checked with axe-core."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.models import Role, Ticket, TicketAttachment, User
from tests.factories import make_category, make_school, make_user
from tests.forms.browser.steps import navigating, sign_in

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")

DESCRIPTION = "Projektor w sali 12 nie wyświetla obrazu z laptopa, dioda miga na czerwono."


def _png(width: int = 4, height: int = 3) -> bytes:
    """A small, valid PNG picture: grey pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
async def teacher(live_server: str, monkeypatch: pytest.MonkeyPatch) -> User:
    """Ewa Zielińska, a teacher of a Lubartów school, with the usual fault categories."""
    monkeypatch.setattr(get_settings(), "gmina_name", "Gmina Lubartów")
    school = await make_school(code="sp1", name="Szkoła Podstawowa nr 1 w Lubartowie")
    for order, name in enumerate(["Sieć i Wi-Fi", "Tablica interaktywna / projektor", "Drukarka"]):
        await make_category(name_pl=name, sort_order=order)
    return await make_user(
        role=Role.TEACHER,
        school=school,
        full_name="Ewa Zielińska",
        email="e.zielinska@sp1.lubartow.example.pl",
    )


async def test_a_teacher_reports_a_fault_with_a_photo_and_the_it_specialist_sees_it(
    page: Page,
    browser: Browser,
    live_server: str,
    teacher: User,
    now: ManualClock,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
    tmp_path: Path,
) -> None:
    photo = tmp_path / "projektor.png"
    photo.write_bytes(_png())
    await sign_in(page, live_server, teacher, "/zgloszenia/nowe")

    assert await page.locator("h1").inner_text() == "Zgłoś awarię IT"
    assert await accessibility_check(page) == []
    await page.get_by_label("Czego dotyczy awaria?").select_option(
        label="Tablica interaktywna / projektor"
    )
    await page.get_by_label("Sala (nieobowiązkowo)").fill("12")
    await page.get_by_label("Opis awarii").fill(DESCRIPTION)
    await page.get_by_label("Zdjęcie lub PDF (nieobowiązkowo)").set_input_files(photo)
    await page.locator("main").screenshot(path=screenshot_dir / "zgloszenie-formularz.png")
    await page.get_by_label("Opis awarii").fill("  ")
    refused = await navigating(page, page.get_by_role("button", name="Wyślij zgłoszenie").click())

    assert refused.status == 422
    assert "Opis awarii nie może być pusty." in await page.get_by_role("alert").inner_text()
    assert await page.get_by_label("Opis awarii").get_attribute("aria-invalid") == "true"
    assert await page.get_by_label("Sala (nieobowiązkowo)").input_value() == "12"
    assert await accessibility_check(page) == []
    assert not await Ticket.exists()
    assert not await TicketAttachment.exists()

    await page.get_by_label("Opis awarii").fill(DESCRIPTION)
    await page.get_by_label("Zdjęcie lub PDF (nieobowiązkowo)").set_input_files(photo)
    sent = await navigating(page, page.get_by_role("button", name="Wyślij zgłoszenie").click())

    ticket = await Ticket.get()
    assert sent.status == 200
    assert await page.locator("h1").inner_text() == (
        f"Zgłoszenie {ticket.number}: Projektor w sali 12 nie wyświetla obrazu z laptopa, "
        "dioda miga na czerwono."
    )
    assert ticket.number in await page.get_by_role("status").inner_text()
    assert await page.get_by_role("link", name="projektor.png").count() == 1
    attachment = await TicketAttachment.get()
    assert attachment.content_type == "image/png"
    assert await accessibility_check(page) == []
    await page.locator("main").screenshot(path=screenshot_dir / "zgloszenie-strona.png")

    specialist = await make_user(
        role=Role.IT, full_name="Piotr Wiśniewski", email="it@cuw.example.pl"
    )
    context = await browser.new_context(locale="pl-PL", viewport={"width": 1100, "height": 700})
    try:
        queue = await context.new_page()
        await sign_in(queue, live_server, specialist, "/kolejka")

        assert await queue.locator("h1").inner_text() == "Kolejka IT"
        assert await queue.get_by_role("link", name=ticket.number).count() == 1
        assert await accessibility_check(queue) == []
        await navigating(queue, queue.get_by_role("link", name=ticket.number).click())
        assert await queue.get_by_role("button", name="Przejmij zgłoszenie").count() == 1
        assert await accessibility_check(queue) == []
    finally:
        await context.close()
