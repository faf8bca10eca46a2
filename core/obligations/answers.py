"""A person's answer to a reminder: Done, Snooze (1 day, 3 days or a week) or Problem.

Every answer is a `ReminderAnswer` row naming the reminder, the person and the channel,
written in one transaction with the change it makes to the obligation, whose row is locked
first so that two answers to one obligation queue rather than overwrite each other:

- Done: the obligation is done as of now (`done_at`); any snooze is over.
- Snooze: the obligation is snoozed until today (in the gmina's time zone) plus 1, 3 or 7
  days (`snoozed_until`). It only silences the person's reminders: the due date stays.
- Problem: needs a comment; the obligation is marked as having a problem and every active
  coordinator is told through the outbox, in the same transaction.

How the scheduler treats a snooze: a reminder whose obligation has `snoozed_until` later
than the reminder's own date (in the gmina's time zone) is no longer due. The scheduler
marks it skipped instead of sending it, and reminds again from `snoozed_until` on: the first
reminder falling on or after that date goes out as planned, and an obligation that is then
overdue is chased as any overdue one. The status stays `snoozed` after that date; it is
`snoozed_until` that decides. Escalations to the coordinator are not silenced: they count
from the due date, which a snooze does not move. A problem leaves the snooze as it was.

Who may answer: the reminder's recipient or a person who owes the obligation (see
`core.obligations.assignees`), while their account is active.

Pressing the same answer twice (the same kind, the same snooze date, the same comment)
records it once: the second call returns the first answer with `already_recorded` set.
Any other answer to a done or cancelled obligation is refused with IllegalTransition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from tortoise.transactions import in_transaction

from core import clock
from core.errors import IllegalTransition, InvalidInput, NotFound, PermissionDenied
from core.i18n import translate
from core.models import (
    ActionItem,
    AnswerKind,
    Channel,
    Obligation,
    ObligationStatus,
    Reminder,
    ReminderAnswer,
    Role,
    School,
    User,
)
from core.obligations.assignees import obligation_assignees
from core.obligations.reminder_messages import format_day, local_time
from core.outbox import enqueue_message
from core.people.addresses import reachable_address

SNOOZE_DAYS: Final = (1, 3, 7)
PROBLEM_COMMENT_LIMIT: Final = 1000


@dataclass(frozen=True)
class RecordedAnswer:
    """The answer as stored; `already_recorded` when this call repeated it and wrote nothing."""

    answer: ReminderAnswer
    obligation: Obligation
    already_recorded: bool = False


@dataclass(frozen=True)
class _Wanted:
    kind: AnswerKind
    snooze_until: dt.date | None = None
    comment: str = ""

    def repeats(self, previous: ReminderAnswer) -> bool:
        return (previous.answer, previous.snooze_until, previous.comment) == (
            self.kind,
            self.snooze_until,
            self.comment,
        )


async def answerable_reminder(*, reminder_id: int, user: User) -> Reminder:
    """The reminder `reminder_id`, with its obligation, when `user` may answer it now: for a
    channel to check before asking for more (the comment of a problem).

    Raises NotFound when the reminder no longer exists, PermissionDenied when it is neither
    addressed to `user` nor about an obligation they owe, IllegalTransition when its
    obligation is already done or cancelled.
    """
    reminder = await _reminder_for(reminder_id, user)
    _check_open(reminder.obligation)
    return reminder


async def mark_done(*, reminder_id: int, user: User, channel: Channel) -> RecordedAnswer:
    """Records Done: the obligation of the reminder is done now. Raises as
    `answerable_reminder`, except that Done pressed again returns the first answer."""
    return await _answer(reminder_id, user, channel, _Wanted(AnswerKind.DONE))


async def snooze(*, reminder_id: int, user: User, channel: Channel, days: int) -> RecordedAnswer:
    """Records Snooze: no reminders of the obligation until today plus `days`.

    Raises InvalidInput unless `days` is one of SNOOZE_DAYS; otherwise as `mark_done`.
    """
    if days not in SNOOZE_DAYS:
        raise InvalidInput("A reminder can be snoozed by 1 day, 3 days or a week.")
    until = clock.today() + dt.timedelta(days=days)
    return await _answer(reminder_id, user, channel, _Wanted(AnswerKind.SNOOZE, until))


async def report_problem(
    *, reminder_id: int, user: User, channel: Channel, comment: str
) -> RecordedAnswer:
    """Records Problem with `comment` and tells the coordinators.

    Raises InvalidInput for an empty comment or one longer than PROBLEM_COMMENT_LIMIT;
    otherwise as `mark_done`.
    """
    comment = comment.strip()
    if not comment:
        raise InvalidInput("Describe the problem in a few words.")
    if len(comment) > PROBLEM_COMMENT_LIMIT:
        raise InvalidInput(
            "The description of the problem is too long (at most {limit} characters).",
            limit=PROBLEM_COMMENT_LIMIT,
        )
    return await _answer(reminder_id, user, channel, _Wanted(AnswerKind.PROBLEM, comment=comment))


async def _answer(
    reminder_id: int, user: User, channel: Channel, wanted: _Wanted
) -> RecordedAnswer:
    reminder = await _reminder_for(reminder_id, user)
    async with in_transaction():
        obligation = await Obligation.select_for_update().get(id=reminder.obligation.id)
        previous = (
            await ReminderAnswer.filter(reminder_id=reminder.id).order_by("-at", "-id").first()
        )
        if previous is not None and wanted.repeats(previous) and _may_repeat(obligation, wanted):
            return RecordedAnswer(previous, obligation, already_recorded=True)
        _check_open(obligation)
        at = clock.now()
        _apply(obligation, wanted, at)
        await obligation.save()
        if wanted.kind is AnswerKind.DONE and obligation.action_item_id is not None:
            await ActionItem.filter(id=obligation.action_item_id).update(done_at=at)
        answer = await ReminderAnswer.create(
            obligation=obligation,
            reminder=reminder,
            user=user,
            answer=wanted.kind,
            snooze_until=wanted.snooze_until,
            comment=wanted.comment,
            channel=channel,
            at=at,
        )
        if wanted.kind is AnswerKind.PROBLEM:
            await _tell_coordinators(answer, obligation, user)
    return RecordedAnswer(answer, obligation)


def _may_repeat(obligation: Obligation, wanted: _Wanted) -> bool:
    """Only Done repeats quietly on a done obligation; every other answer is then refused."""
    return obligation.status is not ObligationStatus.DONE or wanted.kind is AnswerKind.DONE


async def _reminder_for(reminder_id: int, user: User) -> Reminder:
    reminder = await Reminder.get_or_none(id=reminder_id).select_related("obligation", "recipient")
    if reminder is None:
        raise NotFound("This reminder no longer exists, so there is nothing to answer.")
    if not user.is_active or not await _may_answer(user, reminder):
        raise PermissionDenied(
            "This reminder is addressed to someone else, so you cannot answer it."
        )
    return reminder


async def _may_answer(user: User, reminder: Reminder) -> bool:
    if reminder.recipient.id == user.id:
        return True
    return user.id in {owner.id for owner in await obligation_assignees(reminder.obligation)}


def _check_open(obligation: Obligation) -> None:
    if obligation.status is ObligationStatus.DONE:
        if obligation.done_at is None:
            raise IllegalTransition("This was already marked as done; nothing was changed.")
        raise IllegalTransition(
            "This was already marked as done on {date}; nothing was changed.",
            date=format_day(local_time(obligation.done_at).date()),
        )
    if obligation.status is ObligationStatus.CANCELLED:
        raise IllegalTransition("This was cancelled, so it needs no answer.")


def _apply(obligation: Obligation, wanted: _Wanted, at: dt.datetime) -> None:
    if wanted.kind is AnswerKind.DONE:
        obligation.status = ObligationStatus.DONE
        obligation.done_at = at
        obligation.snoozed_until = None
    elif wanted.kind is AnswerKind.SNOOZE:
        obligation.status = ObligationStatus.SNOOZED
        obligation.snoozed_until = wanted.snooze_until
    else:
        obligation.status = ObligationStatus.PROBLEM


async def _tell_coordinators(answer: ReminderAnswer, obligation: Obligation, author: User) -> None:
    """One outbox message to each active coordinator who can be reached, in their language
    (not to the author: a coordinator reporting a problem knows of it)."""
    school = await School.get_or_none(id=author.school_id) if author.school_id else None
    person = f"{author.full_name} ({school.short_name})" if school else author.full_name
    coordinators = User.filter(role=Role.COORDINATOR, is_active=True).exclude(id=author.id)
    for coordinator in await coordinators:
        address = reachable_address(coordinator)
        if address is None:
            continue
        channel, to = address
        locale = coordinator.locale
        await enqueue_message(
            channel=channel,
            address=to,
            recipient=coordinator,
            subject=translate("Problem reported: {title}", locale, title=obligation.title),
            body_text=translate(
                "{person} reports a problem with “{title}” (due {due}):\n\n{comment}",
                locale,
                person=person,
                title=obligation.title,
                due=format_day(obligation.due_date),
                comment=answer.comment,
            ),
            payload={"obligation_id": obligation.id, "reminder_answer_id": answer.id},
            dedupe_key=f"reminder-answer:{answer.id}:coordinator:{coordinator.id}",
        )
