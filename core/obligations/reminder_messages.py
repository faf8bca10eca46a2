"""What a reminder says in chat, and the line that shows how it was answered.

`enqueue_reminder_message` writes a reminder's Telegram message to the outbox, with the
answer buttons whose actions the bot handles. E-mail reminders are written elsewhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Final
from zoneinfo import ZoneInfo

from babel.dates import format_date
from tortoise.transactions import in_transaction

from core import clock
from core.config import get_settings
from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, mark, translate
from core.models import (
    AnswerKind,
    Channel,
    Obligation,
    OutboxMessage,
    Reminder,
    ReminderAnswer,
    ReminderKind,
    ReminderStatus,
    School,
)
from core.outbox import ActionButton, enqueue_message

DONE_ACTION: Final = "rem.done"
SNOOZE_ACTION: Final = "rem.snooze"
PROBLEM_ACTION: Final = "rem.problem"

SNOOZE_LABELS: Final = (
    (1, mark("Snooze 1 day")),
    (3, mark("Snooze 3 days")),
    (7, mark("Snooze a week")),
)

# Long enough for any description the calendar writes; a hand-written essay is cut so that
# the message, with the answer added to it later, stays one Telegram message.
DESCRIPTION_LIMIT: Final = 1000


def format_day(day: dt.date) -> str:
    """A date as Poles write it: 21.04.2027."""
    return f"{day:%d.%m.%Y}"


def local_time(moment: dt.datetime) -> dt.datetime:
    """`moment` on the gmina's clock."""
    return moment.astimezone(ZoneInfo(get_settings().timezone))


async def enqueue_reminder_message(reminder: Reminder) -> OutboxMessage | None:
    """Writes the reminder's message to its recipient's Telegram chat, with the buttons Done,
    Snooze 1 day / 3 days / a week and Problem, and marks the reminder queued with it.

    Enqueueing a reminder again writes nothing and returns None. Raises ValueError when the
    recipient has no linked Telegram chat: the caller reminds such a person by e-mail.
    """
    recipient = await reminder.recipient
    if recipient.telegram_chat_id is None:
        raise ValueError(f"user {recipient.id} has no linked Telegram chat")
    obligation = await reminder.obligation
    locale = recipient.locale if recipient.locale in SUPPORTED_LOCALES else DEFAULT_LOCALE
    async with in_transaction():
        message = await enqueue_message(
            channel=Channel.TELEGRAM,
            address=str(recipient.telegram_chat_id),
            recipient=recipient,
            body_text=reminder_text(
                obligation,
                today=clock.today(),
                locale=locale,
                escalated_school=await escalated_school(reminder, obligation),
            ),
            buttons=answer_buttons(reminder.id, locale),
            payload={"reminder_id": reminder.id, "obligation_id": obligation.id},
            dedupe_key=f"reminder:{reminder.id}:telegram",
        )
        if message is not None:
            reminder.outbox_message = message
            reminder.status = ReminderStatus.QUEUED
            await reminder.save(update_fields=["outbox_message_id", "status"])
    return message


async def escalated_school(reminder: Reminder, obligation: Obligation) -> str | None:
    """For an escalation of a school's obligation, the school's name; None otherwise."""
    if reminder.kind is not ReminderKind.ESCALATION or obligation.school_id is None:
        return None
    school = await School.get(id=obligation.school_id)
    return school.name


def reminder_text(
    obligation: Obligation, *, today: dt.date, locale: str, escalated_school: str | None = None
) -> str:
    """The title, the description (if any), the due date with its weekday, and the time left.
    An escalation (to the coordinator) names the school that has not answered."""
    description = obligation.description.strip()
    if len(description) > DESCRIPTION_LIMIT:
        description = description[: DESCRIPTION_LIMIT - 1].rstrip() + "…"
    due = translate(
        "Due: {date} ({weekday})",
        locale,
        date=format_day(obligation.due_date),
        weekday=format_date(obligation.due_date, "EEEE", locale=locale),
    )
    if escalated_school is None:
        lines = [translate("Reminder: {title}", locale, title=obligation.title)]
    else:
        lines = [
            translate(
                "Overdue at {school}: {title}",
                locale,
                school=escalated_school,
                title=obligation.title,
            ),
            translate("Nobody there has marked it done yet.", locale),
        ]
    if description:
        lines.append(description)
    lines += [due, _time_left(obligation.due_date, today, locale)]
    return "\n".join(lines)


def _time_left(due: dt.date, today: dt.date, locale: str) -> str:
    days = (due - today).days
    if days == 0:
        return translate("The deadline is today.", locale)
    if days == 1:
        return translate("The deadline is tomorrow.", locale)
    if days > 1:
        return translate("{days} days left.", locale, days=days)
    if days == -1:
        return translate("The deadline was yesterday.", locale)
    return translate("The deadline passed {days} days ago.", locale, days=-days)


def answer_buttons(reminder_id: int, locale: str) -> list[list[ActionButton]]:
    """Done on the first row, the three snoozes on the second, Problem on the third."""
    return [
        [ActionButton(translate("Completed", locale), DONE_ACTION, (reminder_id,))],
        [
            ActionButton(translate(label, locale), SNOOZE_ACTION, (reminder_id, days))
            for days, label in SNOOZE_LABELS
        ],
        [ActionButton(translate("Problem", locale), PROBLEM_ACTION, (reminder_id,))],
    ]


def answer_note(answer: ReminderAnswer, locale: str) -> str:
    """One line saying what was answered and when, e.g. "✔ Done (30.11.2026, 14:05)"."""
    moment = f"{local_time(answer.at):%d.%m.%Y, %H:%M}"
    if answer.answer is AnswerKind.DONE:
        return translate("✔ Done ({moment})", locale, moment=moment)
    if answer.answer is AnswerKind.SNOOZE:
        assert answer.snooze_until is not None  # every snooze has its date
        return translate(
            "⏰ Snoozed until {date} ({moment})",
            locale,
            date=format_day(answer.snooze_until),
            moment=moment,
        )
    return translate(
        "⚠ Problem reported ({moment}): {comment}", locale, moment=moment, comment=answer.comment
    )
