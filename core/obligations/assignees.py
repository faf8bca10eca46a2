"""Who owes an obligation: its named assignee, or everyone holding its role."""

from __future__ import annotations

from core.models import Obligation, User


async def obligation_assignees(obligation: Obligation) -> list[User]:
    """The active users who must act on `obligation`.

    A named assignee wins. Otherwise the obligation's role decides: at its school when it
    has one (e.g. the director of that school), across the gmina when it does not.
    """
    if obligation.assignee_id is not None:
        return await User.filter(id=obligation.assignee_id, is_active=True)
    if obligation.assignee_role is None:
        return []
    holders = User.filter(role=obligation.assignee_role, is_active=True)
    if obligation.school_id is not None:
        holders = holders.filter(school_id=obligation.school_id)
    return await holders.order_by("full_name")
