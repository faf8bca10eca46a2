"""`/api/v1/tickets`: the tickets the token's user may see, reporting a fault, commenting.

Visibility and every rule are those of `core.tickets`: a teacher sees the tickets they
reported, a director their school's, the IT specialist and the coordinator all.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from core.errors import InvalidInput, NotFound
from core.i18n import mark
from core.models import (
    Asset,
    Category,
    Channel,
    Priority,
    School,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
    User,
)
from core.tickets.access import can_work_tickets, tickets_visible_to
from core.tickets.intake import create_ticket
from core.tickets.service import add_comment
from forms.api.auth import ApiRoute, ApiUser
from forms.api.common import (
    ERROR_RESPONSES,
    InvalidRequest,
    Limit,
    Offset,
    Page,
    Problem,
    SchoolCode,
    StorableText,
    page_of,
)

router = APIRouter(prefix="/tickets", tags=["tickets"], route_class=ApiRoute)

TicketNumber = Annotated[
    str, Path(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9-]+$", examples=["IT-2026-0042"])
]
WRITE_RESPONSES: Final[dict[int | str, dict[str, object]]] = {
    **ERROR_RESPONSES,
    403: {"model": Problem, "description": "The token's user may not do this."},
    409: {"model": Problem, "description": "The ticket's state does not allow it."},
    422: {"model": InvalidRequest, "description": "Bad input, explained in `detail`."},
}
UNKNOWN_CATEGORY: Final = mark("There is no ticket category “{category}”.")
UNKNOWN_SCHOOL: Final = mark("There is no school with the code {code}.")
SCHOOL_NEEDED: Final = mark("Say which school the fault is at (its code).")
UNKNOWN_ASSET: Final = mark("There is no equipment with the id “{asset}”.")


class TicketSummary(BaseModel):
    number: str
    title: str
    status: TicketStatus
    priority: Priority
    category: str = Field(description="The category's code.")
    school: str = Field(description="The school's code.")
    room: str
    created_at: dt.datetime
    updated_at: dt.datetime
    first_response_due_at: dt.datetime
    resolution_due_at: dt.datetime
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None


class TicketComment(BaseModel):
    at: dt.datetime
    author: str | None = Field(description="Who wrote it; null when not known.")
    text: str
    is_public: bool = Field(description="False for an internal note (seen by staff only).")


class TicketDetail(TicketSummary):
    description: str
    reporter: str
    assignee: str | None
    asset: str | None = Field(description="The public id of the equipment, if any.")
    comments: list[TicketComment]


class NewTicket(BaseModel):
    category: StorableText = Field(description="A ticket category's code, e.g. `network`.")
    description: StorableText
    title: StorableText | None = None
    priority: Priority = Priority.NORMAL
    room: StorableText = ""
    asset: StorableText | None = Field(None, description="The public id of the equipment.")
    school: StorableText | None = Field(
        None, description="The school's code; the reporter's own school when left out."
    )


class NewComment(BaseModel):
    text: StorableText


@router.get("", response_model=Page[TicketSummary], responses=ERROR_RESPONSES)
async def list_tickets(
    user: ApiUser,
    limit: Limit = 50,
    offset: Offset = 0,
    status: Annotated[TicketStatus | None, Query()] = None,
    school: SchoolCode = None,
) -> Page[TicketSummary]:
    """The tickets the token's user may see, newest first."""
    tickets = tickets_visible_to(user)
    if status is not None:
        tickets = tickets.filter(status=status)
    if school is not None:
        tickets = tickets.filter(school__code=school)
    return await page_of(
        tickets,
        _summary,
        order=("-created_at", "-id"),
        limit=limit,
        offset=offset,
        related=("school", "category"),
    )


@router.get("/{number}", response_model=TicketDetail, responses=ERROR_RESPONSES)
async def get_ticket(user: ApiUser, number: TicketNumber) -> TicketDetail:
    """One ticket with its comments (internal notes only for the IT specialist and the
    coordinator)."""
    return await _detail(await _visible_ticket(user, number), user)


@router.post("", status_code=201, response_model=TicketDetail, responses=WRITE_RESPONSES)
async def report_fault(user: ApiUser, report: NewTicket) -> TicketDetail:
    """Reports a fault as the token's user, who is told of its progress like any reporter."""
    school = await _school_of_report(user, report.school)
    category = await Category.get_or_none(code=report.category)
    if category is None:
        raise InvalidInput(UNKNOWN_CATEGORY, category=report.category)
    asset = None
    if report.asset:
        asset = await Asset.get_or_none(public_id=report.asset)
        if asset is None:
            raise InvalidInput(UNKNOWN_ASSET, asset=report.asset)
    ticket = await create_ticket(
        school=school,
        reporter=user,
        channel=Channel.WEB,
        category=category,
        description=report.description,
        title=report.title,
        priority=report.priority,
        room=report.room,
        asset=asset,
    )
    return await _detail(ticket, user)


@router.post(
    "/{number}/comments", status_code=201, response_model=TicketDetail, responses=WRITE_RESPONSES
)
async def comment_on_ticket(
    user: ApiUser, number: TicketNumber, comment: NewComment
) -> TicketDetail:
    """Adds a public comment by the token's user; a reporter's answer to a ticket waiting on
    them puts it back in progress."""
    ticket = await add_comment(
        await _visible_ticket(user, number), author=user, text=comment.text, channel=Channel.WEB
    )
    return await _detail(ticket, user)


async def _visible_ticket(user: User, number: str) -> Ticket:
    ticket = await tickets_visible_to(user).get_or_none(number=number.upper())
    if ticket is None:
        raise NotFound("Ticket {number} was not found.", number=number)
    return ticket


async def _school_of_report(user: User, code: str | None) -> School:
    if code is None:
        if user.school_id is None:
            raise InvalidInput(SCHOOL_NEEDED)
        return await School.get(id=user.school_id)
    school = await School.get_or_none(code=code, is_active=True)
    if school is None:
        raise InvalidInput(UNKNOWN_SCHOOL, code=code)
    return school


def _summary(ticket: Ticket) -> TicketSummary:
    return TicketSummary(
        number=ticket.number,
        title=ticket.title,
        status=ticket.status,
        priority=ticket.priority,
        category=ticket.category.code,
        school=ticket.school.code,
        room=ticket.room,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        first_response_due_at=ticket.first_response_due_at,
        resolution_due_at=ticket.resolution_due_at,
        resolved_at=ticket.resolved_at,
        closed_at=ticket.closed_at,
    )


async def _detail(ticket: Ticket, viewer: User) -> TicketDetail:
    await ticket.fetch_related("school", "category", "reporter", "assignee", "asset")
    comments = TicketEvent.filter(ticket_id=ticket.id, kind=TicketEventKind.COMMENTED)
    if not can_work_tickets(viewer):
        comments = comments.filter(is_public=True)
    events = await comments.order_by("at", "id").prefetch_related("actor")
    return TicketDetail(
        **_summary(ticket).model_dump(),
        description=ticket.description,
        reporter=ticket.reporter.full_name if ticket.reporter else ticket.reporter_name,
        assignee=ticket.assignee.full_name if ticket.assignee else None,
        asset=ticket.asset.public_id if ticket.asset else None,
        comments=[
            TicketComment(
                at=event.at,
                author=event.actor.full_name if event.actor else None,
                text=event.text,
                is_public=event.is_public,
            )
            for event in events
        ],
    )
