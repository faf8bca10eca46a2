"""Who is told of what on a ticket, on which channel and in which words. Every message is an
outbox row written with the change, so a refused change tells nobody anything."""

from __future__ import annotations

from collections.abc import Awaitable

import pytest
from tortoise.transactions import in_transaction

from core import clock
from core.errors import DomainError
from core.models import (
    Channel,
    OutboxMessage,
    Role,
    Ticket,
    TicketStatus,
    User,
)
from core.outbox import enqueue_message, telegram_buttons
from core.tickets import add_comment, assign_ticket, change_status, reopen_ticket
from core.tickets.notifications import ticket_of_telegram_message
from core.tickets.service import ask_reporter, take_ticket
from tests.core.tickets.conftest import Report
from tests.core.tickets.helpers import bring_to
from tests.factories import make_user

TELEGRAM, EMAIL, WEB = Channel.TELEGRAM, Channel.EMAIL, Channel.WEB
TITLE = "Projektor w sali 12 nie włącza się."
REPLY_HINT = "Odpowiedz na tę wiadomość, aby dodać komentarz."


async def _linked(user: User, chat_id: int) -> User:
    user.telegram_user_id = user.telegram_chat_id = chat_id
    await user.save()
    return user


async def _written_by(change: Awaitable[object]) -> list[OutboxMessage]:
    """The messages that `change` writes (those written before it are cleared first)."""
    await OutboxMessage.all().delete()
    await change
    return await OutboxMessage.all().order_by("id")


def _recipients(messages: list[OutboxMessage]) -> set[tuple[int | None, Channel, str]]:
    return {(m.recipient_id, m.channel, m.address) for m in messages}


def _buttons(message: OutboxMessage) -> list[list[tuple[str, str, tuple[str | int, ...]]]]:
    return [
        [(button.label, button.action, button.args) for button in row]
        for row in telegram_buttons(message.payload)
    ]


@pytest.fixture
async def on_telegram(teacher: User) -> User:
    """The teacher, linked to Telegram."""
    return await _linked(teacher, 5001)


@pytest.fixture
async def by_telegram(report: Report, on_telegram: User) -> Ticket:
    """A ticket the linked teacher reported by Telegram."""
    return await report(channel=TELEGRAM)


# A new ticket


async def test_a_new_ticket_goes_to_every_active_it_specialist_with_its_buttons(
    report: Report, specialist: User, coordinator: User
) -> None:
    on_chat = await _linked(await make_user(role=Role.IT), 6001)
    await make_user(role=Role.IT, is_active=False, telegram_chat_id=6002)

    messages = await _written_by(report())

    assert _recipients(messages) == {
        (specialist.id, EMAIL, specialist.email),
        (on_chat.id, TELEGRAM, "6001"),
    }
    [by_chat] = [m for m in messages if m.channel == TELEGRAM]
    ticket = await Ticket.get(number="IT-2026-0001")
    assert _buttons(by_chat) == [
        [("Biorę", "tkt.take", (ticket.id,)), ("Rozwiązane", "tkt.resolve", (ticket.id,))],
        [("Dopytaj zgłaszającego", "tkt.ask", (ticket.id,))],
    ]
    assert by_chat.payload["ticket_id"] == ticket.id


async def test_the_new_ticket_message_says_what_where_and_who(
    report: Report, specialist: User, teacher: User
) -> None:
    teacher.full_name = "Anna Nowak"
    await teacher.save()

    [message] = await _written_by(
        report(room="12", description=f"{TITLE}\nDioda miga na pomarańczowo.")
    )

    school = await teacher.school
    assert message.subject == f"[IT-2026-0001] {TITLE}"
    assert message.body_text == (
        f"Nowe zgłoszenie IT-2026-0001: {TITLE}\n"
        f"{school.short_name}, sala 12\n"
        "Priorytet: normalny\n"
        "Zgłasza: Anna Nowak\n"
        "\n"
        f"{TITLE}\nDioda miga na pomarańczowo."
    )


async def test_a_message_is_in_the_language_of_its_recipient(
    report: Report, specialist: User
) -> None:
    specialist.locale = "en"
    await specialist.save()

    [message] = await _written_by(report())

    assert message.body_text.startswith(f"New ticket IT-2026-0001: {TITLE}\n")


async def test_an_it_specialist_is_not_told_of_the_fault_they_reported(
    report: Report, specialist: User
) -> None:
    assert await _written_by(report(reporter=specialist)) == []


# Status changes


async def test_a_status_change_goes_to_the_reporter_on_the_chat_they_reported_from(
    by_telegram: Ticket, specialist: User
) -> None:
    [message] = await _written_by(
        change_status(by_telegram, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB)
    )

    assert (message.recipient_id, message.channel, message.address) == (
        by_telegram.reporter_id,
        TELEGRAM,
        "5001",
    )
    assert message.body_text == (
        f"Twoje zgłoszenie IT-2026-0001 „{TITLE}” ma teraz status: w toku.\n\n{REPLY_HINT}"
    )
    assert _buttons(message) == [[("Dodaj komentarz", "tkt.comment", (by_telegram.id,))]]
    assert message.payload["ticket_id"] == by_telegram.id


async def test_a_ticket_reported_on_the_web_is_followed_by_e_mail_with_its_number_in_the_subject(
    report: Report, on_telegram: User, specialist: User
) -> None:
    ticket = await report(channel=WEB)

    [message] = await _written_by(
        change_status(ticket, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB)
    )

    assert (message.channel, message.address) == (EMAIL, on_telegram.email)
    assert message.subject == f"[IT-2026-0001] {TITLE}"
    assert _buttons(message) == []


async def test_a_telegram_chat_that_stopped_working_falls_back_to_e_mail(
    by_telegram: Ticket, on_telegram: User, specialist: User
) -> None:
    on_telegram.telegram_unreachable_at = clock.now()
    await on_telegram.save()

    [message] = await _written_by(
        change_status(by_telegram, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB)
    )

    assert (message.channel, message.address) == (EMAIL, on_telegram.email)


async def test_a_reporter_without_an_account_is_told_at_the_address_they_gave(
    report: Report, specialist: User
) -> None:
    ticket = await report(reporter=None, reporter_email="rodzic@example.pl", channel=EMAIL)

    [message] = await _written_by(
        change_status(ticket, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB)
    )

    assert (message.recipient_id, message.channel, message.address) == (
        None,
        EMAIL,
        "rodzic@example.pl",
    )


async def test_a_reporter_without_any_working_address_is_told_nothing(
    report: Report, teacher: User, specialist: User
) -> None:
    teacher.email = None
    await teacher.save()
    ticket = await report()

    assert (
        await _written_by(
            change_status(ticket, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB)
        )
        == []
    )


async def test_the_resolved_message_asks_the_reporter_to_rate_or_say_it_is_not_resolved(
    by_telegram: Ticket, specialist: User
) -> None:
    specialist.full_name = "Jan Informatyk"
    await specialist.save()
    ticket = await bring_to(by_telegram, TicketStatus.IN_PROGRESS, actor=specialist)

    [message] = await _written_by(
        change_status(
            ticket,
            to=TicketStatus.RESOLVED,
            actor=specialist,
            channel=WEB,
            comment="Wymieniono lampę.",
        )
    )

    assert message.body_text == (
        f"Twoje zgłoszenie IT-2026-0001 „{TITLE}” zostało rozwiązane.\n\n"
        "Jan Informatyk pisze:\nWymieniono lampę.\n\n"
        "Czy usterka została usunięta? Oceń naszą pomoc od 1 (słabo) do 5 (bardzo dobrze) "
        "albo naciśnij „Nie rozwiązane”."
    )
    assert _buttons(message) == [
        [(str(n), "tkt.rate", (ticket.id, n)) for n in range(1, 6)],
        [("Nie rozwiązane", "tkt.unresolved", (ticket.id,))],
    ]


async def test_assigning_a_new_ticket_tells_the_reporter_and_nobody_else(
    by_telegram: Ticket, specialist: User, coordinator: User
) -> None:
    [message] = await _written_by(
        assign_ticket(by_telegram, assignee=specialist, actor=coordinator, channel=WEB)
    )

    assert message.recipient_id == by_telegram.reporter_id
    assert "ma teraz status: przypisane." in message.body_text


async def test_reassigning_a_ticket_in_work_tells_nobody(
    by_telegram: Ticket, specialist: User, coordinator: User
) -> None:
    ticket = await bring_to(by_telegram, TicketStatus.IN_PROGRESS, actor=specialist)

    assert (
        await _written_by(
            assign_ticket(ticket, assignee=coordinator, actor=coordinator, channel=WEB)
        )
        == []
    )


async def test_taking_a_ticket_someone_else_took_is_refused_and_tells_nobody(
    by_telegram: Ticket, specialist: User
) -> None:
    colleague = await make_user(role=Role.IT, full_name="Ewa Kowalska")
    await take_ticket(by_telegram, actor=specialist, channel=TELEGRAM)
    await OutboxMessage.all().delete()

    with pytest.raises(DomainError) as refused:
        await take_ticket(by_telegram, actor=colleague, channel=TELEGRAM)

    assert refused.value.translated() == (
        f"Zgłoszeniem IT-2026-0001 zajmuje się już {specialist.full_name}."
    )
    assert (await Ticket.get(id=by_telegram.id)).assignee_id == specialist.id
    assert await OutboxMessage.all().count() == 0


async def test_asking_the_reporter_takes_a_new_ticket_and_puts_the_question_to_them(
    by_telegram: Ticket, specialist: User
) -> None:
    specialist.full_name = "Jan Informatyk"
    await specialist.save()

    [message] = await _written_by(
        ask_reporter(
            by_telegram, actor=specialist, question="Czy kabel jest podłączony?", channel=WEB
        )
    )

    stored = await Ticket.get(id=by_telegram.id)
    assert (stored.status, stored.assignee_id) == (TicketStatus.WAITING_REPORTER, specialist.id)
    assert message.recipient_id == by_telegram.reporter_id
    assert message.body_text == (
        f"Jan Informatyk ma pytanie w sprawie Twojego zgłoszenia IT-2026-0001 „{TITLE}”:\n\n"
        f"Czy kabel jest podłączony?\n\n{REPLY_HINT}"
    )


async def test_the_reporter_saying_it_is_not_resolved_tells_the_assignee_only(
    by_telegram: Ticket, on_telegram: User, specialist: User
) -> None:
    on_telegram.full_name = "Anna Nowak"
    await on_telegram.save()
    resolved = await bring_to(by_telegram, TicketStatus.RESOLVED, actor=specialist)

    [message] = await _written_by(reopen_ticket(resolved, actor=on_telegram, channel=TELEGRAM))

    assert message.recipient_id == specialist.id
    assert message.body_text == (
        f"Anna Nowak pisze, że usterka ze zgłoszenia IT-2026-0001 „{TITLE}” nie została "
        f"usunięta; zgłoszenie jest znów otwarte.\n\n{REPLY_HINT}"
    )


# Comments


async def test_a_staff_comment_goes_to_the_reporter_only(
    by_telegram: Ticket, specialist: User, coordinator: User
) -> None:
    specialist.full_name = "Jan Informatyk"
    await specialist.save()
    ticket = await bring_to(by_telegram, TicketStatus.IN_PROGRESS, actor=coordinator)

    [message] = await _written_by(
        add_comment(ticket, author=specialist, text="Będę jutro o 8:00.", channel=WEB)
    )

    assert message.recipient_id == by_telegram.reporter_id
    assert message.body_text == (
        f"Jan Informatyk pisze w sprawie zgłoszenia IT-2026-0001 „{TITLE}”:\n\n"
        f"Będę jutro o 8:00.\n\n{REPLY_HINT}"
    )
    assert _buttons(message) == [[("Dodaj komentarz", "tkt.comment", (ticket.id,))]]


async def test_an_internal_note_tells_nobody(by_telegram: Ticket, specialist: User) -> None:
    ticket = await bring_to(by_telegram, TicketStatus.IN_PROGRESS, actor=specialist)

    note = add_comment(
        ticket, author=specialist, text="Lampa na gwarancji?", channel=WEB, is_public=False
    )

    assert await _written_by(note) == []


async def test_the_reporters_comment_goes_to_the_assignee(
    by_telegram: Ticket, on_telegram: User, specialist: User
) -> None:
    await make_user(role=Role.IT)
    ticket = await bring_to(by_telegram, TicketStatus.IN_PROGRESS, actor=specialist)

    messages = await _written_by(
        add_comment(ticket, author=on_telegram, text="Nadal nie działa.", channel=TELEGRAM)
    )

    assert [m.recipient_id for m in messages] == [specialist.id]


async def test_the_reporters_comment_on_an_unassigned_ticket_goes_to_every_it_specialist(
    by_telegram: Ticket, on_telegram: User, specialist: User
) -> None:
    colleague = await make_user(role=Role.IT)

    messages = await _written_by(
        add_comment(by_telegram, author=on_telegram, text="To pilne.", channel=TELEGRAM)
    )

    assert {m.recipient_id for m in messages} == {specialist.id, colleague.id}


async def test_the_reporters_answer_to_a_question_is_one_message_to_the_assignee(
    by_telegram: Ticket, on_telegram: User, specialist: User
) -> None:
    ticket = await bring_to(by_telegram, TicketStatus.WAITING_REPORTER, actor=specialist)

    messages = await _written_by(
        add_comment(ticket, author=on_telegram, text="Tak, jest podłączony.", channel=TELEGRAM)
    )

    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.IN_PROGRESS
    assert [m.recipient_id for m in messages] == [specialist.id]
    assert "Tak, jest podłączony." in messages[0].body_text


async def test_a_directors_comment_goes_to_the_reporter_and_the_assignee(
    by_telegram: Ticket, director: User, specialist: User
) -> None:
    ticket = await bring_to(by_telegram, TicketStatus.IN_PROGRESS, actor=specialist)

    messages = await _written_by(
        add_comment(ticket, author=director, text="Sala potrzebna na jutro.", channel=WEB)
    )

    assert {m.recipient_id for m in messages} == {by_telegram.reporter_id, specialist.id}


# Refused changes


async def test_a_refused_status_change_writes_no_message(
    by_telegram: Ticket, specialist: User
) -> None:
    await OutboxMessage.all().delete()

    with pytest.raises(DomainError):
        await change_status(
            by_telegram, to=TicketStatus.WAITING_VENDOR, actor=specialist, channel=WEB
        )

    assert await OutboxMessage.all().count() == 0


async def test_a_change_rolled_back_takes_its_messages_with_it(
    by_telegram: Ticket, specialist: User
) -> None:
    await OutboxMessage.all().delete()

    async def change_then_fail() -> None:
        async with in_transaction():
            await change_status(
                by_telegram, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB
            )
            raise RuntimeError("the surrounding work failed")

    with pytest.raises(RuntimeError):
        await change_then_fail()

    assert (await Ticket.get(id=by_telegram.id)).status == TicketStatus.NEW
    assert await OutboxMessage.all().count() == 0


async def test_a_refused_comment_writes_no_message(
    by_telegram: Ticket, specialist: User, on_telegram: User
) -> None:
    closed = await bring_to(by_telegram, TicketStatus.CLOSED, actor=specialist)
    await OutboxMessage.all().delete()

    with pytest.raises(DomainError):
        await add_comment(closed, author=on_telegram, text="Halo?", channel=TELEGRAM)

    assert await OutboxMessage.all().count() == 0


async def test_a_refused_report_writes_no_message(report: Report, specialist: User) -> None:
    with pytest.raises(DomainError):
        await report(description="   ")

    assert await OutboxMessage.all().count() == 0


async def test_a_redelivered_comment_writes_no_second_message(
    by_telegram: Ticket, on_telegram: User, specialist: User
) -> None:
    comment = {"author": on_telegram, "text": "Nadal nie działa.", "channel": TELEGRAM}
    await add_comment(by_telegram, **comment, external_id="telegram:5001:7")

    again = await _written_by(add_comment(by_telegram, **comment, external_id="telegram:5001:7"))

    assert again == []


# Replies


async def test_a_telegram_message_leads_back_to_its_ticket_by_chat_and_message_id(
    by_telegram: Ticket, specialist: User
) -> None:
    [message] = await _written_by(
        change_status(by_telegram, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB)
    )
    message.provider_message_id = "42"
    await message.save()

    found = await ticket_of_telegram_message(chat_id=5001, message_id=42)

    assert found is not None
    assert found.id == by_telegram.id
    assert await ticket_of_telegram_message(chat_id=5001, message_id=41) is None
    assert await ticket_of_telegram_message(chat_id=5002, message_id=42) is None


async def test_a_message_about_something_else_leads_to_no_ticket(on_telegram: User) -> None:
    other = await enqueue_message(
        channel=TELEGRAM, address="5001", recipient=on_telegram, body_text="Przypomnienie"
    )
    assert other is not None
    other.provider_message_id = "43"
    await other.save()

    assert await ticket_of_telegram_message(chat_id=5001, message_id=43) is None
