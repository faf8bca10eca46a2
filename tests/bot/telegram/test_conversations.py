"""One conversation at a time: starting another one ends the first, and the one a person is
in sees their messages first, whatever order the conversations were added in."""

from __future__ import annotations

import pytest

from core.models import Category, Channel, School, Ticket, TicketEvent, TicketEventKind, User
from core.seed.demo import seed_reference_data
from core.tickets import create_ticket
from tests.telegram.fakebot import FakeBotApi, Persona, buttons

pytestmark = pytest.mark.usefixtures("running_bot")

TEACHER_CHAT = 920001
PHOTO = b"\xff\xd8\xff\xe0 photo"


@pytest.fixture
async def anna(api: FakeBotApi, teacher: User, now) -> Persona:
    await seed_reference_data()
    teacher.telegram_user_id = teacher.telegram_chat_id = TEACHER_CHAT
    await teacher.save()
    return api.user(TEACHER_CHAT, first_name="Anna")


@pytest.fixture
async def ticket(anna: Persona, teacher: User) -> Ticket:
    return await create_ticket(
        school=await School.get(id=teacher.school_id),
        reporter=teacher,
        channel=Channel.TELEGRAM,
        category=await Category.get(code="printer"),
        description="Drukarka w pokoju nauczycielskim nie drukuje.",
    )


async def _last(api: FakeBotApi, persona: Persona) -> dict:
    return (await api.wait_for_sent(persona.chat_id))[-1]


async def test_a_comment_started_during_a_report_takes_the_next_text(
    api: FakeBotApi, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("/zglos")
    categories = await _last(api, anna)
    await anna.press(categories, buttons(categories)["Drukarka"])
    await api.wait_for_sent(anna.chat_id)
    await anna.send("/moje")
    listing = await _last(api, anna)
    await anna.press(listing, buttons(listing)[f"Dodaj komentarz do {ticket.number}"])
    await api.wait_for_sent(anna.chat_id)

    await anna.send("Toner wymieniony, nadal nie drukuje.")

    await _last(api, anna)
    comment = await TicketEvent.get(ticket=ticket, kind=TicketEventKind.COMMENTED)
    assert comment.text == "Toner wymieniony, nadal nie drukuje."


async def test_starting_another_conversation_ends_the_first(
    api: FakeBotApi, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("/zglos")
    await api.wait_for_sent(anna.chat_id)
    await anna.send("/moje")
    listing = await _last(api, anna)
    await anna.press(listing, buttons(listing)[f"Dodaj komentarz do {ticket.number}"])
    await api.wait_for_sent(anna.chat_id)
    await anna.send("Nadal nie działa.")
    await api.wait_for_sent(anna.chat_id)

    await anna.send("/anuluj")

    assert (await _last(api, anna))["text"] == "Nie ma nic do przerwania."


async def test_a_photo_during_a_text_step_does_not_start_a_report(
    api: FakeBotApi, anna: Persona, ticket: Ticket
) -> None:
    await anna.send("/moje")
    listing = await _last(api, anna)
    await anna.press(listing, buttons(listing)[f"Dodaj komentarz do {ticket.number}"])
    await api.wait_for_sent(anna.chat_id)

    await anna.send_photo(PHOTO)

    assert (await _last(api, anna))[
        "text"
    ] == "Wpisz to jako tekst albo wyślij /anuluj, aby przerwać."
