"""Who owes an obligation: its named assignee, or everyone holding its role."""

from __future__ import annotations

from core.models import Obligation, User
from core.people.users import ROLES_IN_A_SCHOOL


async def obligation_assignees(obligation: Obligation) -> list[User]:
    """The active users who must act on `obligation`.

    A named assignee wins. Otherwise the obligation's role decides: a role held in a school
    at the obligation's school when it has one (the director of that school), across the
    gmina when it has none; a role of the whole gmina (the IT specialist) wherever the
    obligation is.
    """
    if obligation.assignee_id is not None:
        return await User.filter(id=obligation.assignee_id, is_active=True)
    if obligation.assignee_role is None:
        return []
    holders = User.filter(role=obligation.assignee_role, is_active=True)
    if obligation.school_id is not None and obligation.assignee_role in ROLES_IN_A_SCHOOL:
        holders = holders.filter(school_id=obligation.school_id)
    return await holders.order_by("full_name")
