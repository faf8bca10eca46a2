"""`/raport [YYYY-MM]`: the coordinator gets the monthly summary workbook as a document."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from core.clock import ManualClock
from core.models import Category, Channel, Role, School, Ticket, User
from tests.conftest import warsaw
from tests.factories import make_user
from tests.telegram.fakebot import FakeBotApi, Persona

TELEGRAM_ID = 810001


async def _linked(api: FakeBotApi, user: User) -> Persona:
    user.telegram_user_id = user.telegram_chat_id = TELEGRAM_ID
    await user.save()
    return api.user(TELEGRAM_ID)


async def _answer_to(api: FakeBotApi, person: Persona, text: str) -> str:
    await person.send(text)
    [reply] = await api.wait_for_sent(person.chat_id)
    return str(reply["text"])


async def _workbook_sent(api: FakeBotApi, person: Persona, text: str) -> tuple[str, dict]:
    """Sends `text`; returns the bot's first reply and the document it then sent."""
    await person.send(text)
    preparing, document = await api.wait_for_sent(person.chat_id, count=2, timeout=20)
    return str(preparing["text"]), document


async def test_the_coordinator_gets_last_months_workbook_as_a_document(
    api: FakeBotApi, running_bot, coordinator: User, now: ManualClock
) -> None:
    person = await _linked(api, coordinator)

    preparing, message = await _workbook_sent(api, person, "/raport")

    assert preparing == "Przygotowuję arkusz z miesięcznym zestawieniem za październik 2026…"
    assert message["caption"] == "Arkusz z miesięcznym zestawieniem za październik 2026."
    document = message["document"]
    assert document["file_name"] == "zestawienie-2026-10.xlsx"
    workbook = load_workbook(io.BytesIO(api.file(document["file_id"]).content))
    assert workbook.sheetnames[0] == "Podsumowanie"
    assert workbook["Podsumowanie"]["A1"].value == "Zestawienie miesięczne — październik 2026"


async def test_the_workbook_holds_the_months_tickets(
    api: FakeBotApi, running_bot, coordinator: User, school: School, now: ManualClock
) -> None:
    category = await Category.create(code="net", name_pl="Sieć", name_en="Network")
    await Ticket.create(
        number="IT-2026-0007", school=school, channel=Channel.WEB, category=category,
        title="Brak Wi-Fi", description="Brak Wi-Fi", created_at=warsaw(2026, 3, 9, 9, 0),
        updated_at=warsaw(2026, 3, 9, 9, 0), first_response_due_at=warsaw(2026, 3, 9, 13, 0),
        resolution_due_at=warsaw(2026, 3, 12, 9, 0),
    )  # fmt: skip
    person = await _linked(api, coordinator)

    _, message = await _workbook_sent(api, person, "/raport 2026-03")

    assert message["document"]["file_name"] == "zestawienie-2026-03.xlsx"
    content = api.file(message["document"]["file_id"]).content
    tickets = load_workbook(io.BytesIO(content))["Zgłoszenia"]
    assert tickets["A4"].value == "IT-2026-0007"


async def test_last_month_is_counted_in_warsaw_time_just_after_midnight(
    api: FakeBotApi, running_bot, coordinator: User, now: ManualClock
) -> None:
    now.set(warsaw(2026, 12, 1, 0, 30))  # still 30 November in UTC
    person = await _linked(api, coordinator)

    _, message = await _workbook_sent(api, person, "/raport")

    assert message["document"]["file_name"] == "zestawienie-2026-11.xlsx"


@pytest.mark.parametrize(
    "argument", ["marzec", "2026-3", "2026-13", "2026-00", "0000-05", "03-2026", "2026-03 xlsx"]
)
async def test_a_malformed_month_gets_the_expected_format(
    api: FakeBotApi, running_bot, coordinator: User, now: ManualClock, argument: str
) -> None:
    person = await _linked(api, coordinator)

    answer = await _answer_to(api, person, f"/raport {argument}")

    assert answer == (
        "Podaj miesiąc w formacie RRRR-MM, np. /raport 2026-10, albo wyślij samo /raport, "
        "aby dostać zestawienie za poprzedni miesiąc."
    )
    assert api.calls_to("sendDocument") == []


async def test_a_month_that_has_not_begun_is_refused(
    api: FakeBotApi, running_bot, coordinator: User, now: ManualClock
) -> None:
    person = await _linked(api, coordinator)

    answer = await _answer_to(api, person, "/raport 2026-12")

    assert answer == (
        "Miesiąc 2026-12 jeszcze się nie zaczął; najpóźniejszy miesiąc, który można "
        "wyeksportować, to 2026-11."
    )
    assert api.calls_to("sendDocument") == []


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR, Role.IT])
async def test_anyone_but_the_coordinator_is_refused(
    api: FakeBotApi, running_bot, school: School, now: ManualClock, role: Role
) -> None:
    person = await _linked(
        api, await make_user(role=role, school=school if role is not Role.IT else None)
    )

    answer = await _answer_to(api, person, "/raport 2026-10")

    assert answer == "Miesięczne zestawienie jest dostępne tylko dla koordynatora."
    assert api.calls_to("sendDocument") == []
