"""Obligations the coordinator adds by hand: a task with a due date for one person, or for
the holder of a role at one school or at every school ("the director of every school").

A task for every school is one obligation per active school, so each school answers (and
is reminded, and escalated) on its own. All of them are written in one transaction, with
the default reminder policy; a refused request writes nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from tortoise.transactions import in_transaction

from core import clock
from core.errors import InvalidInput, PermissionDenied
from core.models import Obligation, ObligationKind, ReminderPolicy, Role, School, User
from core.obligations.policies import install_default_policy
from core.people.roles import is_active_coordinator

TITLE_LIMIT: Final = 300
DESCRIPTION_LIMIT: Final = 2000
ROLES_WITH_TASKS: Final = frozenset({Role.DIRECTOR, Role.IT, Role.COORDINATOR})
"""Teachers answer to their director, not to the gmina's schedule."""


@dataclass(frozen=True)
class Assignment:
    """Who owes the task: a named `user`, or the holder of `role` at each of `schools`
    (no schools: the role across the gmina, e.g. the coordinator)."""

    user: User | None = None
    role: Role | None = None
    schools: Sequence[School] = ()


async def add_obligation(
    *,
    title: str,
    due_date: dt.date,
    assignment: Assignment,
    description: str = "",
    added_by: User | None = None,
    policy: ReminderPolicy | None = None,
) -> list[Obligation]:
    """Adds the task, reminded under `policy` (the default policy when None); returns the
    obligations written. `added_by` is the person adding it (the command line adds as the
    operator, None).

    Raises PermissionDenied when `added_by` is not an active coordinator; InvalidInput for
    an empty or too long title or description, a due date in the past, an inactive named
    user, a role that takes no tasks, both or neither of a user and a role, or an inactive
    school, naming in `field` what it is about ("title", "description", "due_date" or
    "assignee")."""
    if added_by is not None and not is_active_coordinator(added_by):
        raise PermissionDenied("Only the coordinator adds obligations.")
    title = _checked_title(title)
    description = description.strip()
    if len(description) > DESCRIPTION_LIMIT:
        raise InvalidInput(
            "The description is too long (at most {limit} characters).",
            limit=DESCRIPTION_LIMIT,
            field="description",
        )
    if due_date < clock.today():
        raise InvalidInput(
            "The due date {date} has passed.", date=f"{due_date:%d.%m.%Y}", field="due_date"
        )
    owners = _owners(assignment)
    policy = policy or await install_default_policy()
    group = secrets.token_hex(6)
    async with in_transaction():
        return [
            await Obligation.create(
                source_key=f"manual:{group}:{key}",
                kind=ObligationKind.MANUAL,
                title=title,
                description=description,
                school=school,
                assignee=assignment.user,
                assignee_role=assignment.role,
                due_date=due_date,
                policy=policy,
                created_at=clock.now(),
            )
            for key, school in owners
        ]


def _checked_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("The obligation needs a title.", field="title")
    if len(title) > TITLE_LIMIT:
        raise InvalidInput(
            "The title is too long (at most {limit} characters).", limit=TITLE_LIMIT, field="title"
        )
    return title


def _owners(assignment: Assignment) -> list[tuple[str, School | None]]:
    """(key, school) of each obligation to write for `assignment`."""
    if (assignment.user is None) == (assignment.role is None):
        raise InvalidInput("Give either a person or a role the task is for.", field="assignee")
    if assignment.user is not None:
        if not assignment.user.is_active:
            raise InvalidInput(
                "The account of {user} is inactive.",
                user=assignment.user.full_name,
                field="assignee",
            )
        return [(f"user-{assignment.user.id}", None)]
    if assignment.role not in ROLES_WITH_TASKS:
        raise InvalidInput(
            "Tasks are for directors, the IT specialist or the coordinator.", field="assignee"
        )
    inactive = [school.short_name for school in assignment.schools if not school.is_active]
    if inactive:
        raise InvalidInput("{school} is no longer active.", school=inactive[0], field="assignee")
    if not assignment.schools:
        return [("gmina", None)]
    return [(f"school-{school.code}", school) for school in assignment.schools]
