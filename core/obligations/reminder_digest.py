"""The daily digest: for a person who asked for it (`User.reminder_digest`), the reminders
that come due on a day go out as one e-mail listing them all, each with its own answer
links, instead of one message each.

At most one digest a day: the outbox's dedupe key names the person and the local day, so
of two processes building one at once only one writes it, and reminders that come due after
the day's digest went out (an obligation added at noon) wait for the next day's. The digest
goes by e-mail whatever the person's other channels: a Telegram reminder carries buttons
that answer it and close the message, which one message for many reminders cannot do. A
person whose e-mail does not work gets single reminders as everyone else does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, translate
from core.models import Channel, Obligation, Reminder, ReminderStatus, User
from core.obligations.answer_links import email_answer_links
from core.obligations.reminder_messages import escalated_school, format_day, reminder_text
from core.outbox import enqueue_message


def takes_digest(recipient: User) -> bool:
    """Whether `recipient`'s reminders go in a daily digest."""
    return (
        recipient.reminder_digest
        and bool(recipient.email)
        and recipient.email_unreachable_at is None
    )


async def send_digest(recipient: User, reminders: Sequence[Reminder], *, day: dt.date) -> bool:
    """Writes `recipient`'s digest of `reminders` (due, scheduled, with their obligations
    fetched) for `day` and marks them queued with it; False, and nothing written, when the
    day's digest has gone out already."""
    locale = recipient.locale if recipient.locale in SUPPORTED_LOCALES else DEFAULT_LOCALE
    sections, links = [], []
    for number, reminder in enumerate(reminders, start=1):
        obligation: Obligation = reminder.obligation
        text = reminder_text(
            obligation,
            today=day,
            locale=locale,
            escalated_school=await escalated_school(reminder, obligation),
        )
        sections.append(f"{number}. {text}")
        links += [
            {"label": f"{number}. {link['label']}", "url": link["url"]}
            for link in email_answer_links(
                reminder_id=reminder.id, user_id=recipient.id, locale=locale
            )
        ]
    heading = translate(
        "Your reminders for {date} ({count}):", locale, date=format_day(day), count=len(reminders)
    )
    try:
        async with in_transaction():
            message = await enqueue_message(
                channel=Channel.EMAIL,
                address=str(recipient.email),
                recipient=recipient,
                subject=translate("Reminders for {date}", locale, date=format_day(day)),
                body_text=heading + "\n\n" + "\n\n".join(sections),
                payload={
                    "reminder_ids": [r.id for r in reminders],
                    "locale": locale,
                    "links": links,
                },
                dedupe_key=f"digest:{recipient.id}:{day.isoformat()}",
            )
            if message is None:
                return False
            await Reminder.filter(
                id__in=[r.id for r in reminders], status=ReminderStatus.SCHEDULED
            ).update(status=ReminderStatus.QUEUED, outbox_message_id=message.id)
    except IntegrityError:
        # Another process wrote the day's digest between our check and our insert.
        return False
    return True
