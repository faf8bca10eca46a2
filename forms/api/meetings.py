"""`/api/v1/meetings`: meetings with their agendas, as `core.meetings.visibility` lets the
token's user see them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from core.errors import NotFound
from core.i18n import mark
from core.meetings.visibility import agenda_visible_to, meetings_visible_to
from core.models import AgendaItemStatus, Meeting, MeetingKind, MeetingStatus
from forms.api.auth import ApiRoute, ApiUser
from forms.api.common import ERROR_RESPONSES, Limit, ObjectId, Offset, Page, page_of

router = APIRouter(prefix="/meetings", tags=["meetings"], route_class=ApiRoute)

MEETING_NOT_FOUND: Final = mark("Meeting {id} was not found.")


class MeetingSummary(BaseModel):
    id: int
    kind: MeetingKind
    title: str
    starts_at: dt.datetime
    location: str
    status: MeetingStatus
    agenda_call_deadline: dt.datetime | None = Field(
        description="Until when agenda items may be proposed."
    )
    agenda_published_at: dt.datetime | None


class AgendaItemOut(BaseModel):
    id: int
    title: str
    description: str
    status: AgendaItemStatus
    position: int | None = Field(description="Its place on the published agenda.")
    school: str | None = Field(description="The code of the school it came from.")
    proposed_by: str | None


class MeetingDetail(MeetingSummary):
    minutes: str
    agenda_items: list[AgendaItemOut]


@router.get("", response_model=Page[MeetingSummary], responses=ERROR_RESPONSES)
async def list_meetings(
    user: ApiUser,
    limit: Limit = 50,
    offset: Offset = 0,
    status: Annotated[MeetingStatus | None, Query()] = None,
    kind: Annotated[MeetingKind | None, Query()] = None,
) -> Page[MeetingSummary]:
    """The meetings the token's user may see, in the order they take place."""
    meetings = await meetings_visible_to(user)
    if status is not None:
        meetings = meetings.filter(status=status)
    if kind is not None:
        meetings = meetings.filter(kind=kind)
    return await page_of(meetings, _summary, order=("starts_at", "id"), limit=limit, offset=offset)


@router.get("/{meeting_id}", response_model=MeetingDetail, responses=ERROR_RESPONSES)
async def get_meeting(user: ApiUser, meeting_id: ObjectId) -> MeetingDetail:
    """One meeting with the agenda items the token's user may see, in agenda order."""
    meeting = await (await meetings_visible_to(user)).get_or_none(id=meeting_id)
    if meeting is None:
        raise NotFound(MEETING_NOT_FOUND, id=meeting_id)
    agenda = await agenda_visible_to(user, meeting)
    return MeetingDetail(
        **_summary(meeting).model_dump(),
        minutes=meeting.minutes,
        agenda_items=[
            AgendaItemOut(
                id=item.id,
                title=item.title,
                description=item.description,
                status=item.status,
                position=item.position,
                school=item.school.code if item.school else None,
                proposed_by=item.proposed_by.full_name if item.proposed_by else None,
            )
            for item in agenda
        ],
    )


def _summary(meeting: Meeting) -> MeetingSummary:
    return MeetingSummary(
        id=meeting.id,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        location=meeting.location,
        status=meeting.status,
        agenda_call_deadline=meeting.agenda_call_deadline,
        agenda_published_at=meeting.agenda_published_at,
    )
