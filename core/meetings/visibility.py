"""Who sees which meetings and which of their agenda items.

The coordinator and the IT specialist see every meeting and every agenda item. Anyone else
sees the meetings they take part in, and a director also the directors' meetings, to which
they propose items; of an agenda they see the accepted items and those they proposed
themselves, not what other people proposed and the coordinator has not (or not yet)
accepted. An inactive account sees nothing.
"""

from __future__ import annotations

from typing import Final

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.models import AgendaItem, AgendaItemStatus, Meeting, MeetingKind, Role, User

ORGANISER_ROLES: Final = frozenset({Role.COORDINATOR, Role.IT})


async def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """The meetings `user` may see; see the module docstring for the rule."""
    if not user.is_active:
        return Meeting.filter(id__in=[])
    if user.role in ORGANISER_ROLES:
        return Meeting.all()
    attended = await Meeting.filter(participants__id=user.id).values_list("id", flat=True)
    visible = Q(id__in=list(attended))
    if user.role == Role.DIRECTOR:
        visible |= Q(kind=MeetingKind.DIRECTORS)
    return Meeting.filter(visible)


async def agenda_visible_to(user: User, meeting: Meeting) -> list[AgendaItem]:
    """The agenda items of `meeting` that `user` may see, with their school and proposer:
    the placed ones in agenda order, then the others as they were proposed."""
    items = AgendaItem.filter(meeting_id=meeting.id)
    if user.role not in ORGANISER_ROLES:
        items = items.filter(Q(status=AgendaItemStatus.ACCEPTED) | Q(proposed_by_id=user.id))
    # Databases disagree on where NULL positions sort, so the order is made here.
    return sorted(
        await items.prefetch_related("school", "proposed_by"),
        key=lambda item: (item.position is None, item.position or 0, item.created_at, item.id),
    )
