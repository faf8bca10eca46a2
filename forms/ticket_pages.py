"""The page of one ticket, `/zgloszenia/{number}`: its status, SLA state (staff), history with
comments, attachments, and the forms that work it.

Who sees what is `core.tickets.access`'s rule: anyone who may not see a ticket gets 404, so a
ticket's existence is not given away. Every form posts to its own address under the ticket's;
the core service it calls decides whether the change is allowed. A refused change re-shows the
page with the error at the form that was sent (and what was typed kept): 422 for bad input,
409 when the ticket's status does not allow it, 403 when the person may not do it. Nothing is
changed then. A change that went through is answered with a redirect back to the page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Final, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from core import clock
from core.config import get_settings
from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound, PermissionDenied
from core.i18n import mark, translate, translate_label
from core.models import (
    Category,
    Channel,
    Priority,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
    User,
)
from core.obligations.reminder_messages import local_time
from core.tickets import (
    add_comment,
    assign_ticket,
    can_work_tickets,
    change_priority,
    change_status,
    priority_label,
    rate_ticket,
    reopen_ticket,
    sla_state,
    status_label,
    tickets_visible_to,
)
from core.tickets.queue_filters import ticket_workers
from core.tickets.service import RATINGS, take_ticket
from core.tickets.sla import SlaStatus, TargetState
from core.tickets.states import DONE_STATUSES, TRANSITIONS
from forms.auth import CsrfProtected, CurrentUser, PageError
from forms.templating import render
from forms.visitors import visitor_of

TICKETS_PATH: Final = "/zgloszenia"

SLA_LABELS: Final = {
    SlaStatus.MET: mark("SLA|met"),
    SlaStatus.RUNNING: mark("SLA|on time"),
    SlaStatus.NEAR_BREACH: mark("SLA|close to the limit"),
    SlaStatus.BREACHED: mark("SLA|breached"),
}

ERROR_STATUS: Final[list[tuple[type[DomainError], int]]] = [
    (NotFound, 404),
    (PermissionDenied, 403),
    (IllegalTransition, 409),
    (InvalidInput, 422),
]

router = APIRouter(dependencies=[CsrfProtected])


def ticket_path(number: str) -> str:
    return f"{TICKETS_PATH}/{number}"


def local_moment(moment: datetime) -> str:
    """`moment` on the gmina's clock as Poles write it: 17.11.2026 10:00."""
    return f"{local_time(moment):%d.%m.%Y %H:%M}"


def category_name(category: Category, locale: str) -> str:
    return category.name_pl if locale == "pl" else category.name_en


def sla_label(status: SlaStatus, locale: str) -> str:
    return translate_label(SLA_LABELS[status], locale)


def status_code_of(error: DomainError) -> int:
    """The HTTP status a refused change is answered with."""
    return next((code for kind, code in ERROR_STATUS if isinstance(error, kind)), 400)


async def visible_ticket(user: User, number: str) -> Ticket:
    """The ticket `number` when `user` may see it; the 404 page otherwise."""
    ticket = await tickets_visible_to(user).get_or_none(number=number)
    if ticket is None:
        raise PageError(
            404, mark("Not found"), mark("Ticket {number} was not found."), number=number
        )
    return ticket


@dataclass(frozen=True)
class Refusal:
    """A change that was refused: which form, the error, and what was typed in it."""

    form: str
    message: str
    sent: dict[str, str]


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    actor: str
    what: str
    text: str
    is_note: bool


@router.get(TICKETS_PATH + "/{number}")
async def ticket_page(request: Request, number: str, user: CurrentUser) -> Response:
    ticket = await visible_ticket(user, number)
    return await _render_ticket(request, user, ticket)


@router.get(TICKETS_PATH + "/{number}/zalaczniki/{attachment_id}")
async def download_attachment(number: str, attachment_id: int, user: CurrentUser) -> Response:
    """The file as it was sent, always as a download: it is never shown inside our pages."""
    ticket = await visible_ticket(user, number)
    attachment = await TicketAttachment.get_or_none(id=attachment_id, ticket_id=ticket.id)
    path = get_settings().attachments_dir / attachment.storage_path if attachment else None
    if attachment is None or path is None or not path.is_file():
        raise PageError(404, mark("Not found"), mark("This file was not found."))
    return FileResponse(
        path,
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.filename)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


async def _render_ticket(
    request: Request,
    user: User,
    ticket: Ticket,
    *,
    refusal: Refusal | None = None,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    await ticket.fetch_related("school", "category", "reporter", "assignee")
    staff = can_work_tickets(user)
    done = ticket.status in DONE_STATUSES
    is_reporter = ticket.reporter_id == user.id
    context: dict[str, Any] = {
        "ticket": ticket,
        "ticket_path": ticket_path(ticket.number),
        "category": category_name(ticket.category, locale),
        "status": status_label(ticket.status, locale),
        "priority": priority_label(ticket.priority, locale),
        "created_at": local_moment(ticket.created_at),
        "reporter": _reporter_name(ticket),
        "history": await _history(ticket, staff=staff, locale=locale),
        "attachments": await TicketAttachment.filter(ticket_id=ticket.id).order_by("id"),
        "staff": staff,
        "may_comment": ticket.status != TicketStatus.CLOSED,
        "may_rate": is_reporter and done and ticket.rating is None,
        "may_reopen": is_reporter and done and not staff,
        "ratings": list(RATINGS),
        "refusal": refusal,
        "sent": refusal.sent if refusal else {},
        "notice": _notice(request),
    }
    if staff:
        context |= await _staff_context(ticket, user, locale)
    return render(request, "ticket_page.html", context, status_code=status_code)


def _notice(request: Request) -> str:
    if "zgloszono" in request.query_params:
        return mark("Your report has been recorded as ticket {number}.")
    if "zapisano" in request.query_params:
        return mark("Saved.")
    return ""


def _reporter_name(ticket: Ticket) -> str:
    if ticket.reporter is not None:
        return ticket.reporter.full_name
    return ticket.reporter_name or ticket.reporter_email


async def _staff_context(ticket: Ticket, user: User, locale: str) -> dict[str, Any]:
    state = await sla_state(ticket, clock.now())
    open_ticket = ticket.status not in DONE_STATUSES

    def target(label: str, target: TargetState) -> dict[str, Any]:
        return {
            "label": label,
            "state": sla_label(target.status, locale),
            "breached": target.status == SlaStatus.BREACHED,
            "due_at": local_moment(target.due_at),
        }

    return {
        "sla": [
            target(mark("First response"), state.first_response),
            target(mark("Resolution"), state.resolution),
        ],
        "may_take": open_ticket and ticket.assignee_id != user.id,
        "workers": await ticket_workers() if open_ticket else [],
        "next_statuses": [
            (status.value, status_label(status, locale))
            for status in TicketStatus
            if status in TRANSITIONS[ticket.status]
        ],
        "priorities": [(p.value, priority_label(p, locale)) for p in Priority]
        if open_ticket
        else [],
    }


async def _history(ticket: Ticket, *, staff: bool, locale: str) -> list[HistoryEntry]:
    """The ticket's events, oldest first; internal notes only for staff."""
    events = TicketEvent.filter(ticket_id=ticket.id)
    if not staff:
        events = events.filter(is_public=True)
    entries = []
    for event in await events.order_by("at", "id").prefetch_related("actor"):
        entries.append(
            HistoryEntry(
                at=local_moment(event.at),
                actor=event.actor.full_name if event.actor else _reporter_name(ticket),
                what=_event_summary(event, ticket, locale),
                text=event.text if event.kind == TicketEventKind.COMMENTED else "",
                is_note=not event.is_public,
            )
        )
    return entries


def _event_summary(event: TicketEvent, ticket: Ticket, locale: str) -> str:
    """What an event did, in words; the text of a comment is shown apart."""
    kind = event.kind
    if kind == TicketEventKind.CREATED:
        return translate("Reported", locale)
    if kind == TicketEventKind.STATUS_CHANGED and event.from_status and event.to_status:
        return translate(
            "Status changed from “{old}” to “{new}”",
            locale,
            old=status_label(event.from_status, locale),
            new=status_label(event.to_status, locale),
        )
    if kind == TicketEventKind.ASSIGNED:
        return translate("Assigned to {name}", locale, name=event.text)
    if kind == TicketEventKind.COMMENTED and not event.is_public:
        return translate("Internal note", locale)
    if kind == TicketEventKind.COMMENTED:
        return translate("Comment", locale)
    if kind == TicketEventKind.PRIORITY_CHANGED:
        old, _, new = event.text.partition(" → ")
        return translate(
            "Priority changed from “{old}” to “{new}”",
            locale,
            old=_priority_or_code(old, locale),
            new=_priority_or_code(new, locale),
        )
    if kind == TicketEventKind.ATTACHMENT_ADDED:
        return translate("File attached: {name}", locale, name=event.text)
    return translate("Rated: {rating} of 5", locale, rating=ticket.rating or "?")


def _priority_or_code(code: str, locale: str) -> str:
    return priority_label(Priority(code), locale) if code in set(Priority) else code


Change = Callable[[Ticket], Awaitable[object]]
T = TypeVar("T")


async def _apply(
    request: Request, user: User, number: str, form: str, sent: dict[str, str], change: Change
) -> Response:
    """Runs `change` on the visible ticket `number`; back to its page when it went through,
    the page with the refusal at `form` when a rule refused it."""
    ticket = await visible_ticket(user, number)
    try:
        await change(ticket)
    except DomainError as error:
        refusal = Refusal(form, error.translated(visitor_of(request).locale), sent)
        current = await Ticket.get(id=ticket.id)
        return await _render_ticket(
            request, user, current, refusal=refusal, status_code=status_code_of(error)
        )
    return RedirectResponse(f"{ticket_path(number)}?zapisano=1#top", status_code=303)


def _choice(kind: Callable[[str], T], value: str, message: str) -> T:
    """`value` as one of the choices of a select; InvalidInput with `message` otherwise."""
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(message) from None


@router.post(TICKETS_PATH + "/{number}/komentarz")
async def comment(
    request: Request,
    number: str,
    user: CurrentUser,
    text: Annotated[str, Form()] = "",
    internal: Annotated[str, Form()] = "",
) -> Response:
    async def change(ticket: Ticket) -> object:
        return await add_comment(
            ticket, author=user, text=text, channel=Channel.WEB, is_public=not internal
        )

    return await _apply(
        request, user, number, "comment", {"text": text, "internal": internal}, change
    )


@router.post(TICKETS_PATH + "/{number}/przejmij")
async def take(request: Request, number: str, user: CurrentUser) -> Response:
    async def change(ticket: Ticket) -> object:
        return await take_ticket(ticket, actor=user, channel=Channel.WEB)

    return await _apply(request, user, number, "assign", {}, change)


@router.post(TICKETS_PATH + "/{number}/przypisz")
async def assign(
    request: Request, number: str, user: CurrentUser, assignee: Annotated[str, Form()] = ""
) -> Response:
    async def change(ticket: Ticket) -> object:
        person_id = _choice(int, assignee, mark("Choose the person to assign the ticket to."))
        person = await User.get_or_none(id=person_id)
        if person is None:
            raise InvalidInput("Choose the person to assign the ticket to.")
        return await assign_ticket(ticket, assignee=person, actor=user, channel=Channel.WEB)

    return await _apply(request, user, number, "assign", {"assignee": assignee}, change)


@router.post(TICKETS_PATH + "/{number}/status")
async def move(
    request: Request,
    number: str,
    user: CurrentUser,
    status: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
) -> Response:
    async def change(ticket: Ticket) -> object:
        to = _choice(TicketStatus, status, mark("Choose the new status from the list."))
        return await change_status(ticket, to=to, actor=user, channel=Channel.WEB, comment=text)

    return await _apply(request, user, number, "status", {"status": status, "text": text}, change)


@router.post(TICKETS_PATH + "/{number}/priorytet")
async def reprioritise(
    request: Request, number: str, user: CurrentUser, priority: Annotated[str, Form()] = ""
) -> Response:
    async def change(ticket: Ticket) -> object:
        chosen = _choice(Priority, priority, mark("Choose the priority from the list."))
        return await change_priority(ticket, priority=chosen, actor=user, channel=Channel.WEB)

    return await _apply(request, user, number, "priority", {"priority": priority}, change)


@router.post(TICKETS_PATH + "/{number}/ocena")
async def rate(
    request: Request,
    number: str,
    user: CurrentUser,
    rating: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
) -> Response:
    async def change(ticket: Ticket) -> object:
        stars = _choice(int, rating, mark("Choose a rating from 1 to 5."))
        return await rate_ticket(
            ticket, rater=user, rating=stars, comment=text, channel=Channel.WEB
        )

    return await _apply(request, user, number, "rate", {"rating": rating, "text": text}, change)


@router.post(TICKETS_PATH + "/{number}/otworz")
async def reopen(
    request: Request, number: str, user: CurrentUser, text: Annotated[str, Form()] = ""
) -> Response:
    async def change(ticket: Ticket) -> object:
        return await reopen_ticket(ticket, actor=user, channel=Channel.WEB, comment=text)

    return await _apply(request, user, number, "reopen", {"text": text}, change)
