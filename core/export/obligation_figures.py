"""Obligations and the reminders that chased them in one month.

- reminders sent: reminders of any kind (escalations included) handed to delivery
  (`queued`) whose time fell in the month;
- answers: Done / Snooze / Problem answers given in the month;
- overdue at month end: obligations due before the month ended, not cancelled, and not
  done by then (an obligation done later still counts for this month).

The month's listing holds every obligation due in the month, overdue at its end, reminded
in it or answered in it, in due-date order, read in chunks; the figures are counted from
the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from core.export.directory import Directory, user_names
from core.export.month import Month
from core.models import (
    AnswerKind,
    Obligation,
    ObligationKind,
    ObligationStatus,
    Reminder,
    ReminderAnswer,
    ReminderStatus,
    Role,
)

CHUNK_SIZE: Final = 1000


class _Values(NamedTuple):
    id: int
    due_date: dt.date
    title: str
    kind: ObligationKind
    school_id: int | None
    assignee_id: int | None
    assignee_role: Role | None
    status: ObligationStatus
    done_at: dt.datetime | None
    hdr_action_id: int | None


@dataclass(frozen=True, slots=True)
class ObligationRow:
    due_date: dt.date
    title: str
    kind: ObligationKind
    school: str
    assignee: str
    assignee_role: Role | None
    status: ObligationStatus
    done_at: dt.datetime | None
    overdue_at_end: bool
    reminders_sent: int
    answers: int
    last_answer: AnswerKind | None
    last_answer_at: dt.datetime | None
    last_answer_comment: str


@dataclass(frozen=True)
class ObligationFigures:
    month: Month
    reminders_sent: int
    answers: int
    overdue_at_end: int
    overdue_by_hdr_action: Mapping[int, int]
    """Obligations overdue at month end per HDR action id."""
    listed: int


@dataclass(frozen=True)
class _Answers:
    count: int
    last: AnswerKind
    last_at: dt.datetime
    last_comment: str


def _overdue_condition(end_day: dt.date, end: dt.datetime) -> Q:
    return (
        Q(due_date__lt=end_day)
        & ~Q(status=ObligationStatus.CANCELLED)
        & (Q(done_at__gte=end) | (Q(done_at__isnull=True) & ~Q(status=ObligationStatus.DONE)))
    )


def _is_overdue(obligation: _Values, end_day: dt.date, end: dt.datetime) -> bool:
    """The Python twin of `_overdue_condition`, for the rows read."""
    if obligation.status == ObligationStatus.CANCELLED or obligation.due_date >= end_day:
        return False
    if obligation.done_at is not None:
        return obligation.done_at >= end
    return obligation.status != ObligationStatus.DONE


async def obligation_figures(
    month: Month,
    *,
    zone: ZoneInfo,
    directory: Directory,
    on_row: Callable[[ObligationRow], None] | None = None,
) -> ObligationFigures:
    start, end = month.bounds(zone)
    end_day = month.next().first_day
    reminded = Reminder.filter(
        status=ReminderStatus.QUEUED, scheduled_for__gte=start, scheduled_for__lt=end
    )
    answered = ReminderAnswer.filter(at__gte=start, at__lt=end)
    sent_counts: dict[int, int] = dict(
        await reminded.group_by("obligation_id")
        .annotate(sent=Count("id"))
        .values_list("obligation_id", "sent")
    )
    answers = await _answers_by_obligation(answered)
    condition = (
        Q(due_date__gte=month.first_day, due_date__lt=end_day)
        | _overdue_condition(end_day, end)
        | Q(id__in=Subquery(reminded.values("obligation_id")))
        | Q(id__in=Subquery(answered.values("obligation_id")))
    )
    overdue = 0
    overdue_by_action: Counter[int] = Counter()
    listed = 0
    async for chunk in _chunks(condition):
        names = await user_names(row.assignee_id for row in chunk) if on_row else {}
        for obligation in chunk:
            is_overdue = _is_overdue(obligation, end_day, end)
            overdue += is_overdue
            if is_overdue and obligation.hdr_action_id is not None:
                overdue_by_action[obligation.hdr_action_id] += 1
            if on_row is not None:
                on_row(
                    _row(
                        obligation,
                        directory=directory,
                        names=names,
                        overdue=is_overdue,
                        sent=sent_counts.get(obligation.id, 0),
                        answers=answers.get(obligation.id),
                    )
                )
                listed += 1
    return ObligationFigures(
        month=month,
        reminders_sent=sum(sent_counts.values()),
        answers=sum(answer.count for answer in answers.values()),
        overdue_at_end=overdue,
        overdue_by_hdr_action=dict(overdue_by_action),
        listed=listed,
    )


async def _answers_by_obligation(answered: QuerySet[ReminderAnswer]) -> dict[int, _Answers]:
    """Per obligation: how many answers `answered` holds, and the last of them."""
    rows = await answered.order_by("at", "id").values_list(
        "obligation_id", "answer", "at", "comment"
    )
    result: dict[int, _Answers] = {}
    for obligation_id, answer, at, comment in rows:
        earlier = result.get(obligation_id)
        result[obligation_id] = _Answers(
            count=(earlier.count if earlier else 0) + 1,
            last=answer,
            last_at=at,
            last_comment=comment,
        )
    return result


async def _chunks(condition: Q) -> AsyncIterator[list[_Values]]:
    """The matching obligations by due date, then id, `CHUNK_SIZE` at a time."""
    after: Q | None = None
    while True:
        query = Obligation.filter(condition)
        if after is not None:
            query = query.filter(after)
        rows = (
            await query.order_by("due_date", "id").limit(CHUNK_SIZE).values_list(*_Values._fields)
        )
        if not rows:
            return
        chunk = [_Values._make(row) for row in rows]
        yield chunk
        last = chunk[-1]
        after = Q(due_date__gt=last.due_date) | Q(due_date=last.due_date, id__gt=last.id)


def _row(
    obligation: _Values,
    *,
    directory: Directory,
    names: Mapping[int | None, str],
    overdue: bool,
    sent: int,
    answers: _Answers | None,
) -> ObligationRow:
    return ObligationRow(
        due_date=obligation.due_date,
        title=obligation.title,
        kind=obligation.kind,
        school=directory.school_name(obligation.school_id),
        assignee=names.get(obligation.assignee_id, ""),
        assignee_role=obligation.assignee_role,
        status=obligation.status,
        done_at=obligation.done_at,
        overdue_at_end=overdue,
        reminders_sent=sent,
        answers=answers.count if answers else 0,
        last_answer=answers.last if answers else None,
        last_answer_at=answers.last_at if answers else None,
        last_answer_comment=answers.last_comment if answers else "",
    )
