"""What a reminder says in Telegram, and its outbox row."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import ManualClock
from core.models import (
    Channel,
    Obligation,
    ObligationKind,
    OutboxMessage,
    Reminder,
    ReminderKind,
    ReminderStatus,
    User,
)
from core.obligations.reminder_messages import enqueue_reminder_message, reminder_text
from core.outbox import ActionButton, telegram_buttons
from tests.conftest import warsaw

DUE = dt.date(2026, 11, 20)
TITLE = "Przekazanie arkusza organizacji organowi prowadzącemu"


def _obligation(description: str = "") -> Obligation:
    return Obligation(title=TITLE, description=description, due_date=DUE)


@pytest.mark.parametrize(
    ("today", "time_left"),
    [
        (dt.date(2026, 11, 17), "Do terminu: 3 dni."),
        (dt.date(2026, 11, 19), "Termin mija jutro."),
        (dt.date(2026, 11, 20), "Termin mija dziś."),
        (dt.date(2026, 11, 21), "Termin minął wczoraj."),
        (dt.date(2026, 11, 25), "Termin minął 5 dni temu."),
    ],
)
def test_the_text_says_how_long_is_left_or_how_long_ago_it_passed(
    today: dt.date, time_left: str
) -> None:
    text = reminder_text(_obligation(), today=today, locale="pl")

    assert text == f"Przypomnienie: {TITLE}\nTermin: 20.11.2026 (piątek)\n{time_left}"


def test_the_description_goes_under_the_title() -> None:
    text = reminder_text(
        _obligation("Dyrektor przekazuje arkusz organowi prowadzącemu."),
        today=dt.date(2026, 11, 17),
        locale="pl",
    )

    assert text.splitlines()[:2] == [
        f"Przypomnienie: {TITLE}",
        "Dyrektor przekazuje arkusz organowi prowadzącemu.",
    ]


def test_a_very_long_description_is_shortened() -> None:
    text = reminder_text(_obligation("słowo " * 400), today=dt.date(2026, 11, 17), locale="pl")

    assert len(text.splitlines()[1]) <= 1000
    assert text.splitlines()[1].endswith("…")


def test_an_english_speaker_gets_the_reminder_in_english() -> None:
    text = reminder_text(_obligation(), today=dt.date(2026, 11, 17), locale="en")

    assert text == f"Reminder: {TITLE}\nDue: 20.11.2026 (Friday)\n3 days left."


async def _reminder_to(recipient: User) -> Reminder:
    obligation = await Obligation.create(
        source_key="test:sheet",
        kind=ObligationKind.ORGANISATION_SHEET,
        title=TITLE,
        assignee=recipient,
        due_date=DUE,
        created_at=warsaw(2026, 11, 1, 8, 0),
    )
    return await Reminder.create(
        obligation=obligation,
        recipient=recipient,
        kind=ReminderKind.BEFORE_DUE,
        scheduled_for=warsaw(2026, 11, 17, 8, 0),
        created_at=warsaw(2026, 11, 1, 8, 0),
    )


async def test_the_message_goes_to_the_recipients_chat_with_the_answer_buttons(
    director: User, now: ManualClock
) -> None:
    director.telegram_chat_id = 4242
    await director.save()
    reminder = await _reminder_to(director)

    message = await enqueue_reminder_message(reminder)

    assert message is not None
    assert (message.channel, message.address, message.recipient_id) == (
        Channel.TELEGRAM,
        "4242",
        director.id,
    )
    assert telegram_buttons(message.payload) == [
        [ActionButton("Zrobione", "rem.done", (reminder.id,))],
        [
            ActionButton("Odłóż 1 dzień", "rem.snooze", (reminder.id, 1)),
            ActionButton("Odłóż 3 dni", "rem.snooze", (reminder.id, 3)),
            ActionButton("Odłóż tydzień", "rem.snooze", (reminder.id, 7)),
        ],
        [ActionButton("Problem", "rem.problem", (reminder.id,))],
    ]
    await reminder.refresh_from_db()
    assert (reminder.status, reminder.outbox_message_id) == (
        ReminderStatus.QUEUED,
        message.id,
    )


async def test_a_reminder_enqueued_twice_is_written_once(director: User, now: ManualClock) -> None:
    director.telegram_chat_id = 4242
    await director.save()
    reminder = await _reminder_to(director)
    await enqueue_reminder_message(reminder)

    again = await enqueue_reminder_message(reminder)

    assert again is None
    assert await OutboxMessage.all().count() == 1


async def test_a_recipient_without_telegram_is_refused_and_nothing_written(
    director: User, now: ManualClock
) -> None:
    reminder = await _reminder_to(director)

    with pytest.raises(ValueError, match="no linked Telegram chat"):
        await enqueue_reminder_message(reminder)

    assert not await OutboxMessage.exists()
    await reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SCHEDULED
