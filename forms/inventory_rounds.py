"""Inventory rounds on the web: the coordinator opens a round with a deadline, follows which
schools submitted their sheet, and closes it; a director sees the open rounds, gets the
school's sheet and submits it; the IT specialist sees the rounds without changing them.
Teachers get 403.

The rules are `core.inventory.rounds`'. A refused step re-shows the page with what was typed
and why (422; 409 for a step the round's state no longer allows), and nothing is written; a
step that went through leads (303) back to the page with a message.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from core.i18n import mark
from core.inventory.round_progress import (
    RoundProgress,
    round_by_id,
    rounds_with_progress,
)
from core.inventory.rounds import close_inventory_round, open_inventory_round, submit_inventory
from core.models import Channel, InventoryRound, Role, School, User
from forms.admin import Coordinator
from forms.auth import CsrfProtected, PageError, require_role
from forms.inventory_sheet import DOWNLOAD_PATH, ROUNDS_PATH, SHEET_PATH
from forms.templating import render
from forms.ticket_pages import local_moment
from forms.visitors import visitor_of

NEW_ROUND_PATH: Final = ROUNDS_PATH + "/nowa"
DONE_NOTICES: Final = {
    "otwarto": mark("The inventory round is open; each school's director has it to do."),
    "zamknieto": mark("The inventory round is closed."),
    "zlozono": mark("The school's sheet is submitted for this round."),
}

RoundViewer = Annotated[User, Depends(require_role(Role.COORDINATOR, Role.IT, Role.DIRECTOR))]
Director = Annotated[User, Depends(require_role(Role.DIRECTOR))]

router = APIRouter(dependencies=[CsrfProtected])


@router.get(ROUNDS_PATH)
async def rounds_page(request: Request, user: RoundViewer, zapisano: str = "") -> Response:
    return await _render(request, user, notice=DONE_NOTICES.get(zapisano, ""))


@router.post(NEW_ROUND_PATH)
async def new_round(
    request: Request,
    user: Coordinator,
    name: Annotated[str, Form()] = "",
    deadline: Annotated[str, Form()] = "",
) -> Response:
    typed = {"name": name, "deadline": deadline}
    try:
        await open_inventory_round(name=name, deadline=_date_of(deadline), opened_by=user)
    except InvalidInput as error:
        return await _render(request, user, typed=typed, error=error, status_code=422)
    return _done("otwarto")


@router.post(ROUNDS_PATH + "/{round_id}/zamknij")
async def close(
    request: Request,
    user: Coordinator,
    round_id: int,
    potwierdzam: Annotated[str, Form()] = "",
) -> Response:
    """Closes the round once the confirmation box is ticked."""
    inventory_round = await _round(round_id)
    try:
        if potwierdzam != "1":
            raise InvalidInput("Tick the box to confirm that the round ends for every school.")
        await close_inventory_round(inventory_round, closed_by=user)
    except DomainError as error:
        return await _render(
            request, user, error=error, error_round=round_id, status_code=_status_of(error)
        )
    return _done("zamknieto")


@router.post(ROUNDS_PATH + "/{round_id}/zloz")
async def submit(request: Request, user: Director, round_id: int) -> Response:
    """Submits the director's school's sheet for the round."""
    inventory_round = await _round(round_id)
    school = await School.get_or_none(id=user.school_id or 0)
    if school is None:
        raise PageError(404, mark("Not found"), mark("There is no school with this code."))
    try:
        await submit_inventory(
            inventory_round=inventory_round, school=school, submitted_by=user, channel=Channel.WEB
        )
    except DomainError as error:
        return await _render(
            request, user, error=error, error_round=round_id, status_code=_status_of(error)
        )
    return _done("zlozono")


async def _round(round_id: int) -> InventoryRound:
    try:
        return await round_by_id(round_id)
    except NotFound:
        raise PageError(404, mark("Not found"), mark("There is no such inventory round.")) from None


def _date_of(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            "Enter the deadline as a date, e.g. {example}.", example="2026-11-30"
        ) from None


def _status_of(error: DomainError) -> int:
    return 409 if isinstance(error, IllegalTransition) else 422


def _done(notice: str) -> Response:
    return RedirectResponse(f"{ROUNDS_PATH}?zapisano={notice}", status_code=303)


async def _render(
    request: Request,
    user: User,
    *,
    notice: str = "",
    typed: dict[str, str] | None = None,
    error: DomainError | None = None,
    error_round: int | None = None,
    status_code: int = 200,
) -> Response:
    locale = visitor_of(request).locale
    own_school = await School.get_or_none(id=user.school_id) if user.role == Role.DIRECTOR else None
    rounds = await rounds_with_progress(school=own_school)
    return render(
        request,
        "inventory_rounds.html",
        {
            "role": user.role.value,
            "school": own_school,
            "rounds": [_round_view(progress) for progress in rounds],
            "notice": notice,
            "typed": typed or {"name": "", "deadline": ""},
            "error": error.translated(locale) if error else "",
            "error_round": error_round,
            "new_round_path": NEW_ROUND_PATH,
            "rounds_path": ROUNDS_PATH,
            "download_path": f"{DOWNLOAD_PATH}?szkola={own_school.code}" if own_school else "",
            "upload_path": f"{SHEET_PATH}?szkola={own_school.code}" if own_school else "",
        },
        status_code=status_code,
    )


def _round_view(progress: RoundProgress) -> dict[str, Any]:
    inventory_round = progress.round
    return {
        "id": inventory_round.id,
        "name": inventory_round.name,
        "deadline": f"{inventory_round.deadline:%d.%m.%Y}",
        "open": progress.is_open,
        "submitted": progress.submitted,
        "schools": [
            {
                "name": each.school.name,
                "submitted_at": local_moment(each.submission.submitted_at)
                if each.submission
                else "",
                "submitted_by": (
                    each.submission.submitted_by.full_name
                    if each.submission and each.submission.submitted_by
                    else ""
                ),
                "overdue": each.overdue,
            }
            for each in progress.schools
        ],
    }
