"""The HDR pages: the development actions as a board or a timeline, the indicators against
their targets, and the obligations with their due dates and the answers given.

The schedule and the indicators are public within the gmina, so every signed-in person may
read them; the obligations are shown as `core.obligations.listing` allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from core import overview
from core.hdr.board import board_actions, by_start, by_status
from core.hdr.indicators import compute_indicators
from core.i18n import mark
from core.models import AnswerKind, HdrActionStatus, ObligationKind, ObligationStatus, Role
from core.obligations.listing import (
    PAGE_SIZE,
    ObligationFilter,
    may_see_obligations,
    obligations_for,
)
from core.obligations.reminder_messages import local_time
from forms.auth import CsrfProtected, CurrentUser, Forbidden
from forms.dashboard import router as dashboard_router
from forms.templating import render

router = APIRouter(dependencies=[CsrfProtected])
"""The HDR pages and, with them, the coordinator's dashboard (`forms.dashboard`)."""

TIMELINE_VIEW: Final = "os-czasu"

ACTION_STATUS_LABELS: Final = {
    HdrActionStatus.PLANNED: mark("planned"),
    HdrActionStatus.IN_PROGRESS: mark("in progress"),
    HdrActionStatus.DONE: mark("carried out"),
    HdrActionStatus.DELAYED: mark("delayed"),
    HdrActionStatus.CANCELLED: mark("cancelled"),
}
OBLIGATION_KIND_LABELS: Final = {
    ObligationKind.HDR_ACTION_END: mark("end of an HDR action"),
    ObligationKind.INVENTORY_ROUND: mark("inventory"),
    ObligationKind.ORGANISATION_SHEET: mark("organisation sheet"),
    ObligationKind.YEARLY_DEADLINE: mark("yearly deadline"),
    ObligationKind.AGENDA_CALL: mark("call for agenda items"),
    ObligationKind.AGENDA_PUBLISHED: mark("agenda publication"),
    ObligationKind.ACTION_ITEM: mark("task from a meeting"),
    ObligationKind.MANUAL: mark("other"),
}
OBLIGATION_STATUS_LABELS: Final = {
    ObligationStatus.OPEN: mark("open"),
    ObligationStatus.SNOOZED: mark("postponed"),
    ObligationStatus.PROBLEM: mark("problem reported"),
    ObligationStatus.DONE: mark("done"),
    ObligationStatus.CANCELLED: mark("cancelled"),
}
ANSWER_LABELS: Final = {
    AnswerKind.DONE: mark("Done"),
    AnswerKind.SNOOZE: mark("Postponed"),
    AnswerKind.PROBLEM: mark("Problem"),
}


@router.get("/hdr", response_class=HTMLResponse)
async def hdr_board(request: Request, user: CurrentUser) -> Response:
    """The 30 actions by status (the board) or, with `?widok=os-czasu`, by start date."""
    actions = await board_actions()
    timeline = request.query_params.get("widok") == TIMELINE_VIEW
    return render(
        request,
        "hdr_board.html",
        {
            "timeline": timeline,
            "columns": [] if timeline else by_status(actions),
            "actions": by_start(actions) if timeline else [],
            "overdue_count": sum(action.is_overdue for action in actions),
            "status_labels": ACTION_STATUS_LABELS,
            "timeline_view": TIMELINE_VIEW,
        },
    )


@router.get("/hdr/wskazniki", response_class=HTMLResponse)
async def hdr_indicators(request: Request, user: CurrentUser) -> Response:
    return render(request, "hdr_indicators.html", {"indicators": await compute_indicators()})


@dataclass(frozen=True)
class FilterError:
    field: str
    message: str
    params: dict[str, str]


def _read_filter(
    request: Request, school_ids: set[int] | None
) -> tuple[ObligationFilter, FilterError | None]:
    """The filter the query string asks for, or the first value that makes no sense.
    `school_ids` are the schools one may choose; None for anyone but the coordinator, whose
    school choice is then ignored."""
    query = request.query_params
    school_text, kind_text = query.get("szkola", ""), query.get("rodzaj", "")
    status_text = query.get("status", "")
    school_id = None
    if school_text and school_ids is not None:
        if not school_text.isdigit() or int(school_text) not in school_ids:
            return ObligationFilter(), FilterError(
                "szkola",
                mark("There is no school “{value}”; choose one from the list."),
                {"value": school_text},
            )
        school_id = int(school_text)
    try:
        kind = ObligationKind(kind_text) if kind_text else None
    except ValueError:
        return ObligationFilter(), FilterError(
            "rodzaj",
            mark("There is no kind of obligation “{value}”; choose one from the list."),
            {"value": kind_text},
        )
    try:
        status = ObligationStatus(status_text) if status_text else None
    except ValueError:
        return ObligationFilter(), FilterError(
            "status",
            mark("There is no status “{value}”; choose one from the list."),
            {"value": status_text},
        )
    wanted = ObligationFilter(
        school_id=school_id, kind=kind, status=status, overdue_only=query.get("zalegle") == "1"
    )
    return wanted, None


@router.get("/terminy", response_class=HTMLResponse)
async def obligations_page(request: Request, user: CurrentUser) -> Response:
    """Obligations with their due dates; a teacher is refused (see core.obligations.listing)."""
    if not may_see_obligations(user):
        raise Forbidden()
    is_coordinator = user.role == Role.COORDINATOR
    schools = await overview.active_schools() if is_coordinator else []
    wanted, error = _read_filter(
        request, {school.id for school in schools} if is_coordinator else None
    )
    page = None if error else await obligations_for(user=user, wanted=wanted)
    return render(
        request,
        "hdr_obligations.html",
        {
            "page": page,
            "page_size": PAGE_SIZE,
            "wanted": wanted,
            "error": error,
            "is_coordinator": is_coordinator,
            "schools": schools,
            "kind_labels": OBLIGATION_KIND_LABELS,
            "status_labels": OBLIGATION_STATUS_LABELS,
            "answer_labels": ANSWER_LABELS,
            "local_time": local_time,
        },
        status_code=400 if error else 200,
    )


router.include_router(dashboard_router)
