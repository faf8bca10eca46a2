"""Who may see which obligations, and the obligations a person is shown with their answers.

The coordinator sees every obligation; everyone else what they owe (`core.obligations.owed`),
and a director every obligation of their school besides, whoever owes it. A teacher has no
obligations of their own (the school's deadlines are the director's), so a teacher is
refused rather than shown an always-empty list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from tortoise.expressions import Q

from core import clock
from core.errors import PermissionDenied
from core.models import (
    Obligation,
    ObligationKind,
    ObligationStatus,
    ReminderAnswer,
    Role,
    User,
)
from core.obligations.owed import owed_by

PAGE_SIZE: Final = 200
UNFINISHED_STATUSES: Final = (
    ObligationStatus.OPEN,
    ObligationStatus.SNOOZED,
    ObligationStatus.PROBLEM,
)


@dataclass(frozen=True)
class ObligationFilter:
    """What the coordinator narrowed the list to; None means any. `school_id` is ignored
    for everyone but the coordinator."""

    school_id: int | None = None
    kind: ObligationKind | None = None
    status: ObligationStatus | None = None
    overdue_only: bool = False


@dataclass(frozen=True)
class ObligationEntry:
    obligation: Obligation
    school: str
    assignee: str
    """The person's name; "" when it is assigned to a role (`obligation.assignee_role`)."""
    answers: tuple[ReminderAnswer, ...]
    """Every answer given, oldest first, each with its `user` loaded."""
    is_overdue: bool
    """Due before today and neither done nor cancelled."""


@dataclass(frozen=True)
class ObligationPage:
    entries: tuple[ObligationEntry, ...]
    total: int
    """How many obligations match; `entries` holds the first PAGE_SIZE of them."""


def may_see_obligations(user: User) -> bool:
    return user.role in (Role.COORDINATOR, Role.DIRECTOR, Role.IT)


async def obligations_for(
    *, user: User, wanted: ObligationFilter, today: dt.date | None = None
) -> ObligationPage:
    """The obligations `user` may see that match `wanted`, by due date, at most PAGE_SIZE.
    Raises PermissionDenied for a teacher."""
    if not may_see_obligations(user):
        raise PermissionDenied("A teacher has no obligations to follow")
    day = today or clock.today()
    query = Obligation.filter(_visible_to(user))
    if wanted.school_id is not None and user.role == Role.COORDINATOR:
        query = query.filter(school_id=wanted.school_id)
    if wanted.kind is not None:
        query = query.filter(kind=wanted.kind)
    if wanted.status is not None:
        query = query.filter(status=wanted.status)
    if wanted.overdue_only:
        query = query.filter(due_date__lt=day, status__in=UNFINISHED_STATUSES)
    total = await query.count()
    obligations = (
        await query.order_by("due_date", "id")
        .limit(PAGE_SIZE)
        .prefetch_related("school", "assignee")
    )
    answers = await ReminderAnswer.filter(
        obligation_id__in=[o.id for o in obligations]
    ).prefetch_related("user")
    return ObligationPage(
        entries=tuple(
            ObligationEntry(
                obligation=obligation,
                school=obligation.school.name if obligation.school else "",
                assignee=obligation.assignee.full_name if obligation.assignee else "",
                answers=tuple(
                    a
                    for a in answers
                    if a.obligation_id == obligation.id  # type: ignore[attr-defined]
                ),
                is_overdue=obligation.due_date < day and obligation.status in UNFINISHED_STATUSES,
            )
            for obligation in obligations
        ),
        total=total,
    )


def _visible_to(user: User) -> Q:
    if user.role == Role.COORDINATOR:
        return Q()
    if user.role == Role.DIRECTOR and user.school_id is not None:
        return owed_by(user) | Q(school_id=user.school_id)
    return owed_by(user)
