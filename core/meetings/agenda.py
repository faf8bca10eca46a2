"""Agenda items: which meetings take proposals now, and proposing one.

A meeting takes proposals while its call for items is open, which is when all of these hold:

- its status is AGENDA_OPEN. A PLANNED meeting has no call yet (the coordinator opens it);
  once the agenda is AGENDA_PUBLISHED, or the meeting is HELD or CANCELLED, the agenda is
  settled and a late proposal would go unseen;
- the clock is before its `agenda_call_deadline`. A call opened without a deadline runs
  until the meeting starts;
- the meeting has not started (a deadline set after the start does not stretch the call).

School directors propose items for their own school; the coordinator proposes items of the
gmina, with no school. Everyone else (teachers, the IT specialist) is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core import clock
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.i18n import DEFAULT_LOCALE, mark, translate_label
from core.models import (
    AgendaItem,
    AgendaItemStatus,
    Channel,
    Meeting,
    MeetingStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    Role,
    User,
)

TITLE_LIMIT: Final = 200
"""The width of the title column."""
DESCRIPTION_LIMIT: Final = 2000
"""Long enough for the gist of an item, short enough to read back in one chat message."""

STATUS_LABELS: Final[Mapping[AgendaItemStatus, str]] = MappingProxyType(
    {
        AgendaItemStatus.PROPOSED: mark("agenda item status|proposed"),
        AgendaItemStatus.ACCEPTED: mark("agenda item status|accepted"),
        AgendaItemStatus.REJECTED: mark("agenda item status|rejected"),
    }
)


def call_closes_at(meeting: Meeting) -> dt.datetime:
    """The moment after which `meeting` takes no more items, whatever its status."""
    if meeting.agenda_call_deadline is None:
        return meeting.starts_at
    return min(meeting.agenda_call_deadline, meeting.starts_at)


def call_is_open(meeting: Meeting) -> bool:
    """Whether `meeting` takes agenda items now (see the module docstring)."""
    return meeting.status == MeetingStatus.AGENDA_OPEN and clock.now() < call_closes_at(meeting)


async def meetings_open_for_items() -> list[Meeting]:
    """The meetings that take agenda items now, the soonest first."""
    moment = clock.now()
    return (
        await Meeting.filter(status=MeetingStatus.AGENDA_OPEN, starts_at__gt=moment)
        .filter(Q(agenda_call_deadline__isnull=True) | Q(agenda_call_deadline__gt=moment))
        .order_by("starts_at", "id")
    )


async def meeting_open_for_items(meeting_id: int) -> Meeting | None:
    """The meeting `meeting_id` if it takes agenda items now, else None."""
    # The id may come from a chat button, which a client can fill with any number; the id
    # column holds 32-bit integers, and PostgreSQL refuses to compare it with a larger one.
    if not 0 < meeting_id < 2**31:
        return None
    meeting = await Meeting.get_or_none(id=meeting_id)
    return meeting if meeting is not None and call_is_open(meeting) else None


def may_propose(user: User) -> bool:
    """Whether `user` may propose agenda items: an active director of a school, or the
    coordinator."""
    if not user.is_active:
        return False
    if user.role == Role.COORDINATOR:
        return True
    return user.role == Role.DIRECTOR and user.school_id is not None


def require_may_propose(user: User) -> None:
    """Raises PermissionDenied unless `may_propose(user)`."""
    if not user.is_active:
        raise PermissionDenied("The account of {user} is inactive.", user=user.full_name)
    if not may_propose(user):
        raise PermissionDenied(
            "Only school directors and the coordinator can propose agenda items."
        )


def checked_title(title: str) -> str:
    """`title` on one line with its spaces tidied; raises InvalidInput when it is empty or
    longer than TITLE_LIMIT."""
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("The agenda item needs a title.")
    if len(title) > TITLE_LIMIT:
        raise InvalidInput("The title is too long (at most {limit} characters).", limit=TITLE_LIMIT)
    return title


def checked_description(description: str) -> str:
    """`description` stripped (it may be empty); raises InvalidInput when it is longer than
    DESCRIPTION_LIMIT."""
    description = description.strip()
    if len(description) > DESCRIPTION_LIMIT:
        raise InvalidInput(
            "The description is too long (at most {limit} characters).", limit=DESCRIPTION_LIMIT
        )
    return description


async def propose_agenda_item(
    *, meeting: Meeting, proposer: User, title: str, description: str = "", channel: Channel
) -> AgendaItem:
    """Records `proposer`'s item for `meeting` as proposed, with the proposer's school (none
    for the coordinator) and the channel it came by.

    The call is checked on the stored meeting at the moment of saving, since it may close
    while a person is still typing. Raises PermissionDenied when `proposer` may not propose,
    InvalidInput for an empty or too long title or a too long description,
    IllegalTransition when the call is closed or the meeting is gone. Nothing is written
    then.
    """
    require_may_propose(proposer)
    title = checked_title(title)
    description = checked_description(description)
    async with in_transaction():
        # The lock makes a coordinator's concurrent closing of the call wait for this item,
        # or this item wait for the closing and then see the call closed.
        current = await Meeting.select_for_update().get_or_none(id=meeting.id)
        if current is None or not call_is_open(current):
            raise IllegalTransition(
                "The call for agenda items for “{meeting}” has closed, so your item was not saved.",
                meeting=meeting.title,
            )
        school_id = proposer.school_id if proposer.role == Role.DIRECTOR else None
        if school_id is not None:
            # Proposing is the answer the school's call obligation asks for.
            await Obligation.filter(
                meeting_id=current.id,
                kind=ObligationKind.AGENDA_CALL,
                school_id=school_id,
                status__in=[ObligationStatus.OPEN, ObligationStatus.SNOOZED],
            ).update(status=ObligationStatus.DONE, done_at=clock.now(), snoozed_until=None)
        return await AgendaItem.create(
            meeting=current,
            proposed_by=proposer,
            school_id=school_id,
            title=title,
            description=description,
            status=AgendaItemStatus.PROPOSED,
            channel=channel,
            created_at=clock.now(),
        )


async def items_proposed_by(proposer: User, meeting: Meeting) -> list[AgendaItem]:
    """The items `proposer` has proposed for `meeting`, in the order they came."""
    return await AgendaItem.filter(meeting=meeting, proposed_by=proposer).order_by(
        "created_at", "id"
    )


def item_status_label(status: AgendaItemStatus, locale: str = DEFAULT_LOCALE) -> str:
    """The name of `status` shown to people, e.g. "przyjęty" for accepted in Polish."""
    return translate_label(STATUS_LABELS[status], locale)
