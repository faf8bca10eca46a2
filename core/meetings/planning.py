"""Putting a meeting on the calendar, ordering its agenda, and the names people see for
kinds and states.

Only the coordinator plans meetings. A meeting starts PLANNED, with no call for agenda items
yet (`lifecycle.open_agenda_call` opens it). It must start in the future: a meeting in the
past has nothing left to plan, and its minutes are recorded on the meeting that took place.

`lifecycle.decide_agenda_item` stores the place it is given, so two items could share one;
`settle_agenda_item` decides an item and renumbers the accepted ones 1, 2, 3… in the same
transaction, so that the agenda always reads in one unambiguous order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from tortoise.transactions import in_transaction

from core import clock
from core.errors import InvalidInput, PermissionDenied
from core.i18n import DEFAULT_LOCALE, mark, translate_label
from core.meetings.lifecycle import decide_agenda_item
from core.models import (
    AgendaItem,
    AgendaItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    User,
)
from core.people.roles import is_active_coordinator

MEETING_TITLE_LIMIT: Final = 200
"""The width of the title column."""
LOCATION_LIMIT: Final = 200
"""The width of the location column."""

KIND_LABELS: Final[Mapping[MeetingKind, str]] = MappingProxyType(
    {
        MeetingKind.DIRECTORS: mark("meeting kind|directors' meeting"),
        MeetingKind.PROJECT_TEAM: mark("meeting kind|project team"),
        MeetingKind.TRAINING: mark("meeting kind|training"),
        MeetingKind.DEBATE: mark("meeting kind|debate"),
        MeetingKind.CONFERENCE: mark("meeting kind|conference"),
    }
)
STATUS_LABELS: Final[Mapping[MeetingStatus, str]] = MappingProxyType(
    {
        MeetingStatus.PLANNED: mark("meeting status|planned"),
        MeetingStatus.AGENDA_OPEN: mark("meeting status|taking agenda items"),
        MeetingStatus.AGENDA_PUBLISHED: mark("meeting status|agenda published"),
        MeetingStatus.HELD: mark("meeting status|held"),
        MeetingStatus.CANCELLED: mark("meeting status|cancelled"),
    }
)


def meeting_kind_label(kind: MeetingKind, locale: str = DEFAULT_LOCALE) -> str:
    """The kind of meeting as people call it, e.g. "spotkanie z dyrektorami"."""
    return translate_label(KIND_LABELS[kind], locale)


def meeting_status_label(status: MeetingStatus, locale: str = DEFAULT_LOCALE) -> str:
    """The state of a meeting as people call it, e.g. "zbiera punkty porządku"."""
    return translate_label(STATUS_LABELS[status], locale)


def checked_meeting_title(title: str) -> str:
    """`title` on one line with its spaces tidied; raises InvalidInput when it is empty or
    longer than MEETING_TITLE_LIMIT."""
    title = " ".join(title.split())
    if not title:
        raise InvalidInput("The meeting needs a title.")
    if len(title) > MEETING_TITLE_LIMIT:
        raise InvalidInput(
            "The title is too long (at most {limit} characters).", limit=MEETING_TITLE_LIMIT
        )
    return title


def checked_location(location: str) -> str:
    """`location` on one line (it may be empty); raises InvalidInput when too long."""
    location = " ".join(location.split())
    if len(location) > LOCATION_LIMIT:
        raise InvalidInput(
            "The place is too long (at most {limit} characters).", limit=LOCATION_LIMIT
        )
    return location


async def plan_meeting(
    *, actor: User, kind: MeetingKind, title: str, starts_at: dt.datetime, location: str = ""
) -> Meeting:
    """Puts a PLANNED meeting on the calendar. Raises PermissionDenied for anyone but an
    active coordinator, InvalidInput for an empty or too long title or place, or a start
    that is not in the future. Nothing is written then."""
    if not is_active_coordinator(actor):
        raise PermissionDenied("Only the coordinator runs meetings.")
    title = checked_meeting_title(title)
    location = checked_location(location)
    if starts_at <= clock.now():
        raise InvalidInput("The meeting must start in the future.")
    return await Meeting.create(
        kind=kind,
        title=title,
        starts_at=starts_at,
        location=location,
        status=MeetingStatus.PLANNED,
        created_at=clock.now(),
    )


async def settle_agenda_item(
    item: AgendaItem, *, actor: User, accept: bool, position: int | None = None
) -> AgendaItem:
    """Accepts `item` at `position` on the agenda (last when None or beyond the end), or
    rejects it, and renumbers the accepted items from 1 without gaps or shared places. An
    accepted item may be settled again to move it. Raises what `decide_agenda_item` raises,
    and InvalidInput for a place below 1; nothing is written then."""
    if position is not None and position < 1:
        raise InvalidInput("The place on the agenda is a number from 1 to 100.")
    async with in_transaction():
        await decide_agenda_item(item, actor=actor, accept=accept, position=position)
        others = await AgendaItem.filter(
            meeting_id=item.meeting_id, status=AgendaItemStatus.ACCEPTED
        ).exclude(id=item.id)
        # Databases disagree on where NULL positions sort, so the order is made here.
        ordered = sorted(
            others,
            key=lambda other: (
                other.position is None,
                other.position or 0,
                other.created_at,
                other.id,
            ),
        )
        if accept:
            index = len(ordered) if position is None else min(position - 1, len(ordered))
            ordered.insert(index, item)
        for number, placed in enumerate(ordered, start=1):
            if placed.position != number:
                placed.position = number
                await placed.save(update_fields=["position"])
    return item
