"""Sending the reminders whose time has come: each becomes one outbox message or is skipped.

A reminder goes by the recipient's preferred channel while it works, else by the other
(`core.people.addresses`): Telegram with the answer buttons, e-mail with signed answer
links; a person with neither is skipped. Linking Telegram makes it the preferred channel.
It is skipped as well when its obligation is done or cancelled, or snoozed past the
reminder's own day (see `core.obligations.answers`; escalations are never silenced). The
due reminders of a person who asked for a daily digest go out together, as one e-mail
(`core.obligations.reminder_digest`).

Each reminder is handled in one transaction that writes its outbox row and marks it queued
(or marks it skipped), under a lock on its obligation and on itself: a crash leaves it
scheduled with no message, and two workers never both write it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum, auto
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from core import clock
from core.calendar import BusinessCalendar
from core.calendar.configured import configured_calendar
from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, translate
from core.models import (
    Channel,
    Obligation,
    ObligationStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
    User,
)
from core.obligations.answer_links import email_answer_links
from core.obligations.reminder_digest import send_digest, takes_digest
from core.obligations.reminder_messages import (
    enqueue_reminder_message,
    escalated_school,
    reminder_text,
)
from core.obligations.reminders import policy_rules
from core.outbox import enqueue_message
from core.people.addresses import reachable_address

FINISHED_STATUSES = (ObligationStatus.DONE, ObligationStatus.CANCELLED)


class _Outcome(Enum):
    TELEGRAM = auto()
    EMAIL = auto()
    SKIPPED = auto()


@dataclass
class ReminderDeliveryCounts:
    """What one run did: messages written per channel, reminders put in daily digests,
    reminders skipped, and due reminders held back because now is outside their policy's
    window (they go at its next opening) or the person's digest of the day has gone out."""

    by_telegram: int = 0
    by_email: int = 0
    skipped: int = 0
    held_back: int = 0
    in_digests: int = 0


async def send_due_reminders(*, calendar: BusinessCalendar | None = None) -> ReminderDeliveryCounts:
    """Writes the message of every scheduled reminder whose time has come, or skips it.

    A reminder is only sent within its policy's window on a working day: one that is due
    but finds the window closed (a late run, an obligation created at night) waits for the
    next opening. When several reminders of one obligation to one person are due at once,
    only the latest is sent ("due today" rather than yesterday's "due tomorrow") and the
    others are skipped. Reminders another worker handled meanwhile are left alone.
    """
    calendar = calendar or configured_calendar()
    now = clock.now()
    counts = ReminderDeliveryCounts()
    zone = ZoneInfo(calendar.timezone)
    due = (
        await Reminder.filter(status=ReminderStatus.SCHEDULED, scheduled_for__lte=now)
        .order_by("scheduled_for", "id")
        .select_related("obligation__policy", "recipient")
    )
    newest = {(r.obligation_id, r.recipient_id): r.id for r in due}
    digests: dict[int, tuple[User, list[Reminder]]] = {}
    for reminder in due:
        policy = policy_rules(reminder.obligation.policy)
        if calendar.next_allowed_moment(now, policy.window_start, policy.window_end) != now:
            counts.held_back += 1
            continue
        if newest[(reminder.obligation_id, reminder.recipient_id)] != reminder.id:
            # A later reminder of the same obligation goes to the same person in this run
            # (this one waited out a night or a weekend): it says what this one would.
            counts.skipped += await Reminder.filter(
                id=reminder.id, status=ReminderStatus.SCHEDULED
            ).update(status=ReminderStatus.SKIPPED)
            continue
        if takes_digest(reminder.recipient) and not _is_silenced(
            reminder.obligation, reminder.kind, reminder.scheduled_for.astimezone(zone).date()
        ):
            digests.setdefault(reminder.recipient.id, (reminder.recipient, []))[1].append(reminder)
            continue
        outcome = await _send_reminder(reminder, zone)
        counts.by_telegram += outcome is _Outcome.TELEGRAM
        counts.by_email += outcome is _Outcome.EMAIL
        counts.skipped += outcome is _Outcome.SKIPPED
    for recipient, reminders in digests.values():
        if await send_digest(recipient, reminders, day=clock.today()):
            counts.in_digests += len(reminders)
        else:
            counts.held_back += len(reminders)
    return counts


async def _send_reminder(reminder: Reminder, zone: ZoneInfo) -> _Outcome | None:
    async with in_transaction():
        # The obligation first, as answers lock it: an answer and a send queue, not cross.
        obligation = await Obligation.select_for_update().get(id=reminder.obligation.id)
        locked = await Reminder.select_for_update().get_or_none(
            id=reminder.id, status=ReminderStatus.SCHEDULED
        )
        if locked is None:
            return None
        recipient = await locked.recipient
        day = locked.scheduled_for.astimezone(zone).date()
        if _is_silenced(obligation, locked.kind, day) or not recipient.is_active:
            return await _skip(locked)
        address = reachable_address(recipient)
        if address is None:
            return await _skip(locked)
        channel, to = address
        if channel is Channel.TELEGRAM:
            await enqueue_reminder_message(locked)
            return _Outcome.TELEGRAM
        await _enqueue_email(locked, obligation, recipient, to)
        return _Outcome.EMAIL


def _is_silenced(obligation: Obligation, kind: ReminderKind, day: dt.date) -> bool:
    if obligation.status in FINISHED_STATUSES:
        return True
    snoozed_past_day = obligation.snoozed_until is not None and obligation.snoozed_until > day
    return snoozed_past_day and kind is not ReminderKind.ESCALATION


async def _skip(reminder: Reminder) -> _Outcome:
    reminder.status = ReminderStatus.SKIPPED
    await reminder.save(update_fields=["status"])
    return _Outcome.SKIPPED


async def _enqueue_email(
    reminder: Reminder, obligation: Obligation, recipient: User, address: str
) -> None:
    """The reminder as an e-mail in the recipient's language, with its answer links (Done,
    Snooze, Problem; see `core.obligations.answer_links`), and the reminder queued."""
    locale = recipient.locale if recipient.locale in SUPPORTED_LOCALES else DEFAULT_LOCALE
    message = await enqueue_message(
        channel=Channel.EMAIL,
        address=address,
        recipient=recipient,
        subject=translate("Reminder: {title}", locale, title=obligation.title),
        body_text=reminder_text(
            obligation,
            today=clock.today(),
            locale=locale,
            escalated_school=await escalated_school(reminder, obligation),
        ),
        payload={
            "reminder_id": reminder.id,
            "obligation_id": obligation.id,
            "locale": locale,
            "links": email_answer_links(
                reminder_id=reminder.id, user_id=recipient.id, locale=locale
            ),
        },
        dedupe_key=f"reminder:{reminder.id}:email",
    )
    reminder.outbox_message = message
    reminder.status = ReminderStatus.QUEUED
    await reminder.save(update_fields=["outbox_message_id", "status"])
