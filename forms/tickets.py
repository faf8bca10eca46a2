"""IT fault tickets on the web: the report form, "my tickets", and (from `forms.ticket_pages`
and `forms.ticket_queue`) the ticket page and the IT queue, all under one `router`.

The report form (`/zgloszenia/nowe`) records a fault at the reporter's own school; the IT
specialist and the coordinator choose the school and may set the priority. One photo or PDF
may go with it, within the limits of `core.tickets.attachments`. Every field is checked before
anything is written, so a bad input re-shows the form with the fields kept and marked (422),
and neither a ticket nor a file is stored. A report that went through leads (303) to the new
ticket's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Final

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from core import overview
from core.config import get_settings
from core.errors import DomainError, InvalidInput
from core.models import Category, Channel, Priority, School, User
from core.tickets import (
    active_categories,
    can_work_tickets,
    checked_report_text,
    priority_label,
    status_label,
    tickets_visible_to,
)
from core.tickets.attachments import ALLOWED_CONTENT_TYPES, check_attachment
from core.tickets.report_with_file import NewFile, create_ticket_with_file
from forms import ticket_pages, ticket_queue
from forms.auth import CsrfProtected, CurrentUser
from forms.templating import render
from forms.ticket_pages import TICKETS_PATH, category_name, local_moment, ticket_path
from forms.visitors import visitor_of

NEW_TICKET_PATH: Final = TICKETS_PATH + "/nowe"
TEXT_FIELDS: Final = ("room", "title", "description")

router = APIRouter(dependencies=[CsrfProtected])


@dataclass
class Report:
    """What was typed into the report form, and what is wrong with it, by field."""

    school: str = ""
    category: str = ""
    room: str = ""
    title: str = ""
    description: str = ""
    priority: str = Priority.NORMAL.value
    errors: dict[str, DomainError] = field(default_factory=dict)


@router.get(TICKETS_PATH)
async def my_tickets(request: Request, user: CurrentUser) -> Response:
    """A teacher's own tickets, a director's school's; staff are sent on to the queue."""
    locale = visitor_of(request).locale
    rows = []
    if not can_work_tickets(user):
        tickets = (
            await tickets_visible_to(user)
            .order_by("-created_at")
            .prefetch_related("school", "category")
        )
        rows = [
            {
                "number": ticket.number,
                "path": ticket_path(ticket.number),
                "title": ticket.title,
                "school": ticket.school.name,
                "category": category_name(ticket.category, locale),
                "status": status_label(ticket.status, locale),
                "created_at": local_moment(ticket.created_at),
            }
            for ticket in tickets
        ]
    return render(
        request,
        "ticket_list.html",
        {"rows": rows, "staff": can_work_tickets(user), "new_path": NEW_TICKET_PATH},
    )


@router.get(NEW_TICKET_PATH)
async def report_form(request: Request, user: CurrentUser) -> Response:
    return await _render_form(request, user, Report())


@router.post(NEW_TICKET_PATH)
async def report_fault(
    request: Request,
    user: CurrentUser,
    school: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
    room: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    priority: Annotated[str, Form()] = Priority.NORMAL.value,
    attachment: Annotated[UploadFile | None, File()] = None,
) -> Response:
    report = Report(school, category, room, title, description, priority)
    chosen_school = await _school_of_report(user, report)
    chosen_category = await _category_of_report(report)
    texts = _checked_texts(report)
    chosen_priority = _priority_of_report(user, report)
    upload = await _checked_upload(attachment, report)
    if report.errors or chosen_school is None or chosen_category is None:
        return await _render_form(request, user, report, status_code=422)
    try:
        ticket = await create_ticket_with_file(
            school=chosen_school,
            reporter=user,
            channel=Channel.WEB,
            category=chosen_category,
            priority=chosen_priority,
            room=texts["room"],
            title=texts["title"],
            description=texts["description"],
            file=upload,
        )
    except DomainError as error:
        report.errors["form"] = error
        return await _render_form(request, user, report, status_code=422)
    return RedirectResponse(f"{ticket_path(ticket.number)}?zgloszono=1", status_code=303)


async def _school_of_report(user: User, report: Report) -> School | None:
    """The reporter's own school; staff choose one. Marks the field when there is none."""
    if not can_work_tickets(user):
        own = await School.get_or_none(id=user.school_id) if user.school_id else None
        if own is None:
            report.errors["form"] = InvalidInput(
                "Your account is not linked to a school, so you cannot report a fault here. "
                "Ask the HDR coordinator."
            )
        return own
    chosen = None
    if report.school.isdigit():
        chosen = await School.get_or_none(id=int(report.school), is_active=True)
    if chosen is None:
        report.errors["school"] = InvalidInput("Choose the school where the fault is.")
    return chosen


async def _category_of_report(report: Report) -> Category | None:
    chosen = None
    if report.category.isdigit() and int(report.category) < 2**31:
        chosen = await Category.get_or_none(id=int(report.category), is_active=True)
    if chosen is None:
        report.errors["category"] = InvalidInput("Choose what the fault concerns.")
    return chosen


def _checked_texts(report: Report) -> dict[str, str]:
    """The report's texts stripped; marks each field that is too long (or empty, for the
    description)."""
    checked = {}
    for name in TEXT_FIELDS:
        try:
            checked[name] = checked_report_text(name, getattr(report, name))
        except InvalidInput as error:
            report.errors[name] = error
    return checked


def _priority_of_report(user: User, report: Report) -> Priority:
    """The priority staff chose; everyone else's reports start as normal."""
    if not can_work_tickets(user):
        return Priority.NORMAL
    try:
        return Priority(report.priority)
    except ValueError:
        report.errors["priority"] = InvalidInput("Choose the priority from the list.")
        return Priority.NORMAL


async def _checked_upload(upload: UploadFile | None, report: Report) -> NewFile | None:
    """The attached file when it is within the limits; none when the field was left empty."""
    if upload is None or not upload.filename:
        return None
    content_type = upload.content_type or "application/octet-stream"
    try:
        # The size the server already counted, so a too big file is refused unread.
        check_attachment(
            filename=upload.filename, content_type=content_type, size_bytes=upload.size or 0
        )
    except InvalidInput as error:
        report.errors["attachment"] = error
        return None
    return NewFile(upload.filename, content_type, await upload.read())


async def _render_form(
    request: Request, user: User, report: Report, *, status_code: int = 200
) -> Response:
    locale = visitor_of(request).locale
    staff = can_work_tickets(user)
    errors = {name: error.translated(locale) for name, error in report.errors.items()}
    own_school = None if staff else await School.get_or_none(id=user.school_id or 0)
    return render(
        request,
        "ticket_new.html",
        {
            "report": report,
            "errors": errors,
            "staff": staff,
            "own_school": own_school,
            "schools": await overview.active_schools() if staff else [],
            "categories": [
                (str(category.id), category_name(category, locale))
                for category in await active_categories()
            ],
            "priorities": [(p.value, priority_label(p, locale)) for p in Priority],
            "accept": ",".join(sorted(ALLOWED_CONTENT_TYPES)),
            "limit_mb": get_settings().attachment_max_mb,
            "action": NEW_TICKET_PATH,
        },
        status_code=status_code,
    )


# The fixed paths above come before the ticket page's `/zgloszenia/{number}`.
router.include_router(ticket_pages.router)
router.include_router(ticket_queue.router)
