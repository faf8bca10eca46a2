"""Turns the legal calendar and the HDR schedule into obligation rows.

Generation is idempotent: each obligation has a `source_key` naming where it came from,
so running a generator again creates only what is missing and never resets an answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.transactions import in_transaction

from core import clock
from core.calendar.legal import LegalDeadline, organisation_sheet_deadlines, yearly_deadlines
from core.calendar.school_year import SchoolYear
from core.models import (
    HdrAction,
    HdrActionStatus,
    Obligation,
    ObligationKind,
    ReminderPolicy,
    Role,
    School,
)
from core.obligations.policies import install_default_policy

CLOSED_ACTION_STATUSES = (HdrActionStatus.DONE, HdrActionStatus.CANCELLED)


async def generate_school_year_obligations(
    *, school_year: SchoolYear, kurator_opinion: bool
) -> int:
    """Creates the organisation-sheet and yearly deadlines of `school_year`, one per school
    where the deadline is each school's; returns how many were new."""
    policy = await install_default_policy()
    schools = await School.filter(is_active=True).order_by("code")
    sheet = organisation_sheet_deadlines(school_year, kurator_opinion=kurator_opinion)
    yearly = yearly_deadlines(school_year)
    async with in_transaction():
        created = await _create_for_deadlines(
            sheet, ObligationKind.ORGANISATION_SHEET, school_year, schools, policy
        )
        created += await _create_for_deadlines(
            yearly, ObligationKind.YEARLY_DEADLINE, school_year, schools, policy
        )
    return created


async def _create_for_deadlines(
    deadlines: Iterable[LegalDeadline],
    kind: ObligationKind,
    school_year: SchoolYear,
    schools: list[School],
    policy: ReminderPolicy,
) -> int:
    created = 0
    for deadline in deadlines:
        owners: list[School | None] = list(schools) if deadline.per_school else [None]
        for school in owners:
            scope = f"school-{school.code}" if school else "gmina"
            _, is_new = await Obligation.get_or_create(
                source_key=f"{school_year.label}:{deadline.key}:{scope}",
                defaults={
                    "kind": kind,
                    "title": deadline.title,
                    "description": deadline.description,
                    "legal_basis": deadline.legal_basis,
                    "school": school,
                    "assignee_role": Role(deadline.assignee_role),
                    "due_date": deadline.due,
                    "policy": policy,
                    "created_at": clock.now(),
                },
            )
            created += is_new
    return created


async def generate_hdr_action_obligations() -> int:
    """Creates an obligation for the end of every open HDR action that has an end date;
    returns how many were new."""
    policy = await install_default_policy()
    actions = await HdrAction.filter(ends_on__isnull=False).exclude(
        status__in=CLOSED_ACTION_STATUSES
    )
    created = 0
    async with in_transaction():
        for action in actions:
            _, is_new = await Obligation.get_or_create(
                source_key=f"hdr:{action.number}:end",
                defaults={
                    "kind": ObligationKind.HDR_ACTION_END,
                    "title": f"Zakończenie działania HDR nr {action.number}",
                    "description": action.title,
                    "assignee_role": Role.COORDINATOR,
                    "assignee_id": action.responsible_user_id,
                    "due_date": action.ends_on,
                    "hdr_action": action,
                    "policy": policy,
                    "created_at": clock.now(),
                },
            )
            created += is_new
    return created
