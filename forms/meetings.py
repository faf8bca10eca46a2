"""Meetings on the web: the list, a meeting's page with its agenda, and the coordinator's
steps (plan a meeting, open the call for items, decide and order items, publish, record the
minutes with their action items). Directors propose items while the call is open.

The rules are `core.meetings`'; this module reads the forms and shows the outcome. A meeting
the visitor may not see answers 404 as if it did not exist; a step of another role answers
403. A refused step re-shows the page with what was typed and the reason (422), and nothing
is written; a step that went through leads (303) back to the meeting's page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Final
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core import clock
from core.calendar.configured import configured_calendar
from core.errors import DomainError, InvalidInput
from core.i18n import mark
from core.meetings import call_is_open, item_status_label, may_propose, propose_agenda_item
from core.meetings.changes import cancel_meeting, move_meeting
from core.meetings.lifecycle import (
    ActionItemDraft,
    in_gmina_time,
    open_agenda_call,
    publish_agenda,
    record_minutes,
)
from core.meetings.planning import (
    meeting_kind_label,
    meeting_status_label,
    plan_meeting,
    settle_agenda_item,
)
from core.meetings.visibility import agenda_visible_to, meetings_visible_to
from core.models import (
    ActionItem,
    AgendaItem,
    AgendaItemStatus,
    Channel,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Role,
    User,
)
from forms.auth import CsrfProtected, CurrentUser, Forbidden, PageError
from forms.templating import render
from forms.ticket_pages import local_moment
from forms.visitors import visitor_of

MEETINGS_PATH: Final = "/spotkania"
NEW_MEETING_PATH: Final = MEETINGS_PATH + "/nowe"
ACTION_ROWS: Final = 5
"""Empty action-item rows in the minutes form: enough for a meeting, and no script needed."""
DONE_NOTICES: Final = {
    "nowe": mark("The meeting is on the calendar."),
    "nabor": mark("The call for agenda items is open."),
    "zgloszono": mark("Your item is proposed. The coordinator decides on the agenda."),
    "decyzja": mark("The decision is saved."),
    "opublikowano": mark("The agenda is published and sent to the directors."),
    "protokol": mark("The minutes are recorded."),
    "odwolano": mark("The meeting is cancelled."),
    "termin": mark("The new date and place are saved."),
}

router = APIRouter(dependencies=[CsrfProtected])


@dataclass
class Typed:
    """What was typed into the form that was refused (`form` names it), and why."""

    form: str = ""
    values: dict[str, str] = field(default_factory=dict)
    error: str = ""


def meeting_path(meeting_id: int) -> str:
    return f"{MEETINGS_PATH}/{meeting_id}"


@router.get(MEETINGS_PATH)
async def meeting_list(request: Request, user: CurrentUser) -> Response:
    return await _render_list(request, user, Typed())


@router.post(NEW_MEETING_PATH)
async def new_meeting(
    request: Request,
    user: CurrentUser,
    title: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    starts_at: Annotated[str, Form()] = "",
    location: Annotated[str, Form()] = "",
) -> Response:
    _require_coordinator(user)
    typed = Typed(
        "new", {"title": title, "kind": kind, "starts_at": starts_at, "location": location}
    )
    try:
        meeting = await plan_meeting(
            actor=user,
            kind=_meeting_kind(kind),
            title=title,
            starts_at=_local_moment_of(starts_at),
            location=location,
        )
    except DomainError as error:
        typed.error = error.translated(visitor_of(request).locale)
        return await _render_list(request, user, typed, status_code=422)
    return _done(meeting.id, "nowe")


@router.get(MEETINGS_PATH + "/{meeting_id}")
async def meeting_page(request: Request, user: CurrentUser, meeting_id: int) -> Response:
    meeting = await _visible_meeting(user, meeting_id)
    return await _render_meeting(request, user, meeting, Typed())


@router.post(MEETINGS_PATH + "/{meeting_id}/punkty")
async def propose_item(
    request: Request,
    user: CurrentUser,
    meeting_id: int,
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> Response:
    meeting = await _visible_meeting(user, meeting_id)
    if not may_propose(user):
        raise Forbidden()
    typed = Typed("propose", {"title": title, "description": description})
    try:
        await propose_agenda_item(
            meeting=meeting,
            proposer=user,
            title=title,
            description=description,
            channel=Channel.WEB,
        )
    except DomainError as error:
        return await _refused(request, user, meeting, typed, error)
    return _done(meeting.id, "zgloszono")


@router.post(MEETINGS_PATH + "/{meeting_id}/nabor")
async def open_call(
    request: Request, user: CurrentUser, meeting_id: int, closes_at: Annotated[str, Form()] = ""
) -> Response:
    meeting = await _visible_meeting(user, meeting_id)
    _require_coordinator(user)
    typed = Typed("call", {"closes_at": closes_at})
    try:
        await open_agenda_call(meeting, actor=user, closes_at=_local_moment_of(closes_at))
    except DomainError as error:
        return await _refused(request, user, meeting, typed, error)
    return _done(meeting.id, "nabor")


@router.post(MEETINGS_PATH + "/{meeting_id}/punkty/{item_id}")
async def decide_item(
    request: Request,
    user: CurrentUser,
    meeting_id: int,
    item_id: int,
    decision: Annotated[str, Form()] = "",
    position: Annotated[str, Form()] = "",
) -> Response:
    meeting = await _visible_meeting(user, meeting_id)
    _require_coordinator(user)
    item = (
        await AgendaItem.get_or_none(id=item_id, meeting_id=meeting.id) if item_id < 2**31 else None
    )
    if item is None:
        raise PageError(404, mark("Not found"), mark("This agenda item was not found."))
    typed = Typed(f"item-{item.id}", {"position": position})
    try:
        accept = _decision(decision)
        await settle_agenda_item(item, actor=user, accept=accept, position=_position(position))
    except DomainError as error:
        return await _refused(request, user, meeting, typed, error)
    return _done(meeting.id, "decyzja")


@router.post(MEETINGS_PATH + "/{meeting_id}/publikacja")
async def publish(request: Request, user: CurrentUser, meeting_id: int) -> Response:
    meeting = await _visible_meeting(user, meeting_id)
    _require_coordinator(user)
    try:
        await publish_agenda(meeting, actor=user)
    except DomainError as error:
        return await _refused(request, user, meeting, Typed("publish"), error)
    return _done(meeting.id, "opublikowano")


@router.post(MEETINGS_PATH + "/{meeting_id}/protokol")
async def minutes(request: Request, user: CurrentUser, meeting_id: int) -> Response:
    meeting = await _visible_meeting(user, meeting_id)
    _require_coordinator(user)
    form = await request.form()
    values = {name: str(value) for name, value in form.items() if name != "csrf_token"}
    typed = Typed("minutes", values)
    try:
        drafts = [_draft(values, row) for row in range(ACTION_ROWS) if _row_is_filled(values, row)]
        await record_minutes(
            meeting, actor=user, minutes=values.get("minutes", ""), action_items=drafts
        )
    except DomainError as error:
        return await _refused(request, user, meeting, typed, error)
    return _done(meeting.id, "protokol")


@router.post(MEETINGS_PATH + "/{meeting_id}/termin")
async def move(
    request: Request,
    user: CurrentUser,
    meeting_id: int,
    starts_at: Annotated[str, Form()] = "",
    location: Annotated[str, Form()] = "",
) -> Response:
    meeting = await _visible_meeting(user, meeting_id)
    _require_coordinator(user)
    typed = Typed("move", {"starts_at": starts_at, "location": location})
    try:
        await move_meeting(
            meeting, actor=user, starts_at=_local_moment_of(starts_at), location=location
        )
    except DomainError as error:
        return await _refused(request, user, meeting, typed, error)
    return _done(meeting.id, "termin")


@router.post(MEETINGS_PATH + "/{meeting_id}/odwolanie")
async def cancel(
    request: Request, user: CurrentUser, meeting_id: int, reason: Annotated[str, Form()] = ""
) -> Response:
    meeting = await _visible_meeting(user, meeting_id)
    _require_coordinator(user)
    try:
        await cancel_meeting(meeting, actor=user, reason=reason)
    except DomainError as error:
        return await _refused(request, user, meeting, Typed("cancel", {"reason": reason}), error)
    return _done(meeting.id, "odwolano")


def _require_coordinator(user: User) -> None:
    if user.role is not Role.COORDINATOR:
        raise Forbidden()


async def _visible_meeting(user: User, meeting_id: int) -> Meeting:
    """The meeting when `user` may see it; 404 otherwise, as for one that does not exist."""
    meeting = None
    if 0 < meeting_id < 2**31:
        meeting = await (await meetings_visible_to(user)).get_or_none(id=meeting_id)
    if meeting is None:
        raise PageError(404, mark("Not found"), mark("Meeting {id} was not found."), id=meeting_id)
    return meeting


def _done(meeting_id: int, notice: str) -> Response:
    return RedirectResponse(f"{meeting_path(meeting_id)}?zapisano={notice}", status_code=303)


async def _refused(
    request: Request, user: User, meeting: Meeting, typed: Typed, error: DomainError
) -> Response:
    typed.error = error.translated(visitor_of(request).locale)
    # The stored meeting: a refused step may have been refused because it changed meanwhile.
    current = await Meeting.get_or_none(id=meeting.id) or meeting
    return await _render_meeting(request, user, current, typed, status_code=422)


def _local_moment_of(value: str) -> dt.datetime:
    """A moment typed into a date-and-time field (`2026-12-08T10:00`), on the gmina's
    clock. Raises InvalidInput when it is not one."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput("Give the date and time, e.g. 08.12.2026 10:00.") from None
    if moment.tzinfo is not None:
        raise InvalidInput("Give the date and time, e.g. 08.12.2026 10:00.")
    return moment.replace(tzinfo=ZoneInfo(configured_calendar().timezone))


def _meeting_kind(value: str) -> MeetingKind:
    try:
        return MeetingKind(value)
    except ValueError:
        raise InvalidInput("Choose the kind of meeting from the list.") from None


def _decision(value: str) -> bool:
    if value not in ("accept", "reject"):
        raise InvalidInput("Choose to accept or reject the item.")
    return value == "accept"


def _position(value: str) -> int | None:
    """The place on the agenda typed for an item; None (last) when left empty."""
    if not value.strip():
        return None
    if not value.strip().isdigit() or not 0 < int(value) <= 100:
        raise InvalidInput("The place on the agenda is a number from 1 to 100.")
    return int(value)


def _row_is_filled(values: dict[str, str], row: int) -> bool:
    return any(values.get(f"{name}-{row}", "").strip() for name in ("action", "owner", "due"))


def _draft(values: dict[str, str], row: int) -> ActionItemDraft:
    """The action item of row `row`; raises InvalidInput when its owner or date is missing."""
    title = values.get(f"action-{row}", "")
    owner = values.get(f"owner-{row}", "")
    try:
        due_date = dt.date.fromisoformat(values.get(f"due-{row}", ""))
    except ValueError:
        raise InvalidInput("Action item {row}: give its deadline.", row=row + 1) from None
    if not owner.isdigit() or int(owner) >= 2**31:
        raise InvalidInput("Action item {row}: choose who does it.", row=row + 1)
    return ActionItemDraft(title=title, owner_id=int(owner), due_date=due_date)


async def _render_list(
    request: Request, user: User, typed: Typed, *, status_code: int = 200
) -> Response:
    locale = visitor_of(request).locale
    meetings = await (await meetings_visible_to(user)).order_by("starts_at", "id")
    moment = clock.now()
    # Upcoming first (the soonest at the top), then the past ones, the latest first.
    upcoming = [meeting for meeting in meetings if meeting.starts_at >= moment]
    past = [meeting for meeting in reversed(meetings) if meeting.starts_at < moment]
    rows = [
        {
            "path": meeting_path(meeting.id),
            "title": meeting.title,
            "kind": meeting_kind_label(meeting.kind, locale),
            "starts_at": local_moment(meeting.starts_at),
            "location": meeting.location,
            "status": meeting_status_label(meeting.status, locale),
            "call_closes": _call_closes(meeting),
        }
        for meeting in [*upcoming, *past]
    ]
    return render(
        request,
        "meeting_list.html",
        {
            "rows": rows,
            "coordinator": user.role is Role.COORDINATOR,
            "kinds": [(kind.value, meeting_kind_label(kind, locale)) for kind in MeetingKind],
            "typed": typed,
            "action": NEW_MEETING_PATH,
        },
        status_code=status_code,
    )


def _call_closes(meeting: Meeting) -> str:
    """When the call for items closes, for a meeting taking them now; "" otherwise."""
    if not call_is_open(meeting) or meeting.agenda_call_deadline is None:
        return ""
    return local_moment(min(meeting.agenda_call_deadline, meeting.starts_at))


async def _render_meeting(
    request: Request, user: User, meeting: Meeting, typed: Typed, *, status_code: int = 200
) -> Response:
    locale = visitor_of(request).locale
    coordinator = user.role is Role.COORDINATOR
    items = await agenda_visible_to(user, meeting)
    accepted = [item for item in items if item.status is AgendaItemStatus.ACCEPTED]
    others = [item for item in items if item.status is not AgendaItemStatus.ACCEPTED]
    notice = DONE_NOTICES.get(request.query_params.get("zapisano", ""))
    can_decide = coordinator and meeting.status is MeetingStatus.AGENDA_OPEN
    can_record = (
        coordinator
        and meeting.status not in (MeetingStatus.HELD, MeetingStatus.CANCELLED)
        and clock.now() >= meeting.starts_at
    )
    # A refused item stays on screen with its reason even when the call closed meanwhile,
    # so that what the director typed is not lost.
    can_propose = may_propose(user) and (call_is_open(meeting) or typed.form == "propose")
    shown = {
        "propose": can_propose,
        "call": coordinator and meeting.status is MeetingStatus.PLANNED,
        "publish": can_decide,
        "minutes": can_record,
        "cancel": coordinator
        and meeting.status not in (MeetingStatus.HELD, MeetingStatus.CANCELLED),
    }
    shown["move"] = shown["cancel"]
    # The reason for a refusal whose form the meeting's new state no longer offers.
    unplaced_error = "" if shown.get(typed.form, can_decide) else typed.error
    return render(
        request,
        "meeting_page.html",
        {
            "meeting": meeting,
            "path": meeting_path(meeting.id),
            "kind": meeting_kind_label(meeting.kind, locale),
            "status": meeting_status_label(meeting.status, locale),
            "starts_at": local_moment(meeting.starts_at),
            "call_closes": _call_closes(meeting),
            "coordinator": coordinator,
            "accepted": accepted,
            # Others see only their own items that are not (or not yet) on the agenda.
            "others": others if coordinator else [],
            "own": [] if coordinator else others,
            "status_label": lambda status: item_status_label(status, locale),
            "can_propose": can_propose,
            "can_open_call": shown["call"],
            "can_decide": can_decide,
            "can_record": can_record,
            "can_cancel": shown["cancel"],
            "can_move": shown["move"],
            "move_values": typed.values
            if typed.form == "move"
            else {
                "starts_at": f"{in_gmina_time(meeting.starts_at):%Y-%m-%dT%H:%M}",
                "location": meeting.location,
            },
            "unplaced_error": unplaced_error,
            "action_items": await ActionItem.filter(meeting_id=meeting.id)
            .order_by("due_date", "id")
            .prefetch_related("owner"),
            "owners": await User.filter(is_active=True).order_by("full_name", "id")
            if coordinator
            else [],
            "rows": range(ACTION_ROWS),
            "typed": typed,
            "notice": notice,
        },
        status_code=status_code,
    )
