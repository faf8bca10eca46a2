"""The obligations a person follows: those they owe, and every one for the coordinator.

A person owes what `obligation_assignees` names them for: an obligation assigned to them, or
one without an assignee whose role they hold — at its school, or anywhere when it has none.
"""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.models import Obligation, Role, User


def obligations_followed_by(user: User) -> QuerySet[Obligation]:
    """What `user` owes, or every obligation when `user` is the coordinator (who answers
    for all of them); nothing for an inactive account."""
    if not user.is_active:
        return Obligation.filter(id__in=[])
    if user.role == Role.COORDINATOR:
        return Obligation.all()
    where = Q(school_id__isnull=True)
    if user.school_id is not None:
        where |= Q(school_id=user.school_id)
    by_role = Q(assignee_id__isnull=True, assignee_role=user.role) & where
    return Obligation.filter(Q(assignee_id=user.id) | by_role)
