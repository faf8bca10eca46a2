"""Ticket lists in chat: the reporter's `/moje` and the IT specialist's `/kolejka`."""

from __future__ import annotations

from typing import Any

from core.clock import ManualClock
from core.models import Category, Channel, Priority, School, Ticket, User
from core.tickets import change_status, create_ticket
from tests.factories import make_category, make_user
from tests.telegram.fakebot import FakeBotApi


async def _linked(user: User, telegram_id: int) -> User:
    user.telegram_user_id = user.telegram_chat_id = telegram_id
    await user.save()
    return user


async def _report(reporter: User, category: Category, title: str, **fields: Any) -> Ticket:
    return await create_ticket(
        school=await School.get(id=reporter.school_id),
        reporter=reporter,
        channel=Channel.TELEGRAM,
        category=category,
        description=title,
        title=title,
        **fields,
    )


async def test_my_tickets_lists_only_my_open_ones(
    api: FakeBotApi, running_bot, teacher: User, specialist: User, now: ManualClock
) -> None:
    category = await make_category()
    await _linked(teacher, 800001)
    colleague = await make_user(school_id=teacher.school_id)
    await _report(teacher, category, "Projektor w sali 12")
    done = await _report(teacher, category, "Drukarka zacina papier")
    await change_status(done, to="resolved", actor=specialist, channel=Channel.WEB)
    await _report(colleague, category, "Brak Wi-Fi")
    person = api.user(800001)

    await person.send("/moje")

    [reply] = await api.wait_for_sent(person.chat_id)
    assert reply["text"].splitlines() == [
        "Twoje otwarte zgłoszenia:",
        "IT-2026-0001 · nowe · Projektor w sali 12",
    ]


async def test_my_tickets_says_when_there_are_none(
    api: FakeBotApi, running_bot, teacher: User, now: ManualClock
) -> None:
    await _linked(teacher, 800002)
    person = api.user(800002)

    await person.send("/moje")

    [reply] = await api.wait_for_sent(person.chat_id)
    assert reply["text"] == "Nie masz otwartych zgłoszeń."


async def test_queue_puts_the_most_urgent_first(
    api: FakeBotApi, running_bot, teacher: User, specialist: User, now: ManualClock
) -> None:
    category = await make_category()
    await _linked(specialist, 800003)
    await _report(teacher, category, "Drukarka", priority=Priority.LOW)
    await _report(teacher, category, "Phishing", priority=Priority.CRITICAL)
    await _report(teacher, category, "Projektor", priority=Priority.NORMAL)
    person = api.user(800003)

    await person.send("/kolejka")

    [reply] = await api.wait_for_sent(person.chat_id)
    heading, *lines = reply["text"].splitlines()
    assert heading == "Otwarte zgłoszenia:"
    assert [line.rsplit(" · ", 1)[1] for line in lines] == ["Phishing", "Projektor", "Drukarka"]
    assert lines[0].startswith("IT-2026-0002 · krytyczny · ")


async def test_a_teacher_cannot_see_the_queue(
    api: FakeBotApi, running_bot, teacher: User, now: ManualClock
) -> None:
    await _linked(teacher, 800004)
    person = api.user(800004)

    await person.send("/kolejka")

    [reply] = await api.wait_for_sent(person.chat_id)
    assert reply["text"] == "Tylko informatyk lub koordynator może to zrobić."
