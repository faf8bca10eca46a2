"""The HDR side of a monthly summary: the actions and where they stand, the indicators
against their targets, and the month's meetings with their agendas and action items.
These are small tables (30 actions, a dozen indicators, a few meetings a month)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from core import clock
from core.export.directory import Directory, user_names
from core.export.month import Month
from core.hdr.indicators import IndicatorValue, compute_indicators
from core.models import (
    ActionItem,
    AgendaItem,
    AgendaItemStatus,
    HdrAction,
    HdrActionStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
)

FINISHED_ACTION_STATUSES = frozenset({HdrActionStatus.DONE, HdrActionStatus.CANCELLED})


@dataclass(frozen=True)
class HdrActionRow:
    id: int
    number: int
    title: str
    period_text: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    responsible: str
    status: HdrActionStatus
    past_end: bool
    """Its period ended by the month's end and it is neither done nor cancelled."""
    notes: str


@dataclass(frozen=True)
class AgendaRow:
    position: int | None
    title: str
    status: AgendaItemStatus
    proposed_by: str
    school: str


@dataclass(frozen=True)
class ActionItemRow:
    title: str
    owner: str
    due_date: dt.date
    done_at: dt.datetime | None


@dataclass(frozen=True)
class MeetingRow:
    starts_at: dt.datetime
    kind: MeetingKind
    title: str
    location: str
    status: MeetingStatus
    agenda: tuple[AgendaRow, ...]
    action_items: tuple[ActionItemRow, ...]


async def hdr_action_rows(month: Month) -> tuple[HdrActionRow, ...]:
    actions = await HdrAction.all().order_by("number").prefetch_related("responsible_user")
    return tuple(
        HdrActionRow(
            id=action.id,
            number=action.number,
            title=action.title,
            period_text=action.period_text,
            starts_on=action.starts_on,
            ends_on=action.ends_on,
            responsible=action.responsible
            or (action.responsible_user.full_name if action.responsible_user else ""),
            status=action.status,
            past_end=(
                action.ends_on is not None
                and action.ends_on <= month.last_day
                and action.status not in FINISHED_ACTION_STATUSES
            ),
            notes=action.notes,
        )
        for action in actions
    )


async def indicator_values(month: Month) -> list[IndicatorValue]:
    """The indicators as `core.hdr.indicators` counts them, with the schools' start dates
    taken at the month's end (or today, for the current month)."""
    return await compute_indicators(today=min(month.last_day, clock.today()))


async def meeting_rows(
    month: Month, *, zone: ZoneInfo, directory: Directory
) -> tuple[MeetingRow, ...]:
    """The meetings that start in the month, in time order, each with its agenda items (in
    agenda order, unplaced proposals last) and its action items (by due date)."""
    start, end = month.bounds(zone)
    meetings = await Meeting.filter(starts_at__gte=start, starts_at__lt=end).order_by(
        "starts_at", "id"
    )
    meeting_ids = [meeting.id for meeting in meetings]
    agenda_items = await AgendaItem.filter(meeting_id__in=meeting_ids)
    action_items = await ActionItem.filter(meeting_id__in=meeting_ids).order_by("due_date", "id")
    names = await user_names(
        [item.proposed_by_id for item in agenda_items]  # type: ignore[attr-defined]
        + [item.owner_id for item in action_items]
    )
    agenda_items.sort(key=lambda item: (item.position is None, item.position or 0, item.created_at))
    return tuple(
        MeetingRow(
            starts_at=meeting.starts_at,
            kind=meeting.kind,
            title=meeting.title,
            location=meeting.location,
            status=meeting.status,
            agenda=tuple(
                AgendaRow(
                    position=item.position,
                    title=item.title,
                    status=item.status,
                    proposed_by=names.get(item.proposed_by_id, ""),  # type: ignore[attr-defined]
                    school=directory.school_name(item.school_id),
                )
                for item in agenda_items
                if item.meeting_id == meeting.id
            ),
            action_items=tuple(
                ActionItemRow(
                    title=item.title,
                    owner=names.get(item.owner_id, ""),
                    due_date=item.due_date,
                    done_at=item.done_at,
                )
                for item in action_items
                if item.meeting_id == meeting.id
            ),
        )
        for meeting in meetings
    )
