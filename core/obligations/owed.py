"""The obligations a person follows: those they owe, and every one for the coordinator.

A person owes what `obligation_assignees` names them for: an obligation assigned to them, or
one without an assignee whose role they hold. A role held in a school (a director) owes at
its own school, or anywhere when the obligation has none; a role of the whole gmina (the IT
specialist, the coordinator) owes wherever the obligation is, its school saying only what
it is about.
"""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.models import Obligation, Role, User
from core.people.users import ROLES_IN_A_SCHOOL


def owed_by(user: User) -> Q:
    """The condition an obligation `user` owes meets, whatever their account's state."""
    by_role = Q(assignee_id__isnull=True, assignee_role=user.role)
    if user.role in ROLES_IN_A_SCHOOL:
        at_their_school = Q(school_id__isnull=True)
        if user.school_id is not None:
            at_their_school |= Q(school_id=user.school_id)
        by_role &= at_their_school
    return Q(assignee_id=user.id) | by_role


def obligations_followed_by(user: User) -> QuerySet[Obligation]:
    """What `user` owes, or every obligation when `user` is the coordinator (who answers
    for all of them); nothing for an inactive account."""
    if not user.is_active:
        return Obligation.filter(id__in=[])
    if user.role == Role.COORDINATOR:
        return Obligation.all()
    return Obligation.filter(owed_by(user))
