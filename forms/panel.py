"""The signed-in home page: who you are, what you can do here, and how reminders reach you."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from core.models import School
from core.people.preferences import set_reminder_digest
from forms.auth import CsrfProtected, CurrentUser
from forms.templating import render

REMINDERS_PATH: Final = "/panel/przypomnienia"

router = APIRouter(dependencies=[CsrfProtected])


@router.get("/panel", response_class=HTMLResponse)
async def panel(request: Request, user: CurrentUser) -> Response:
    school = await School.get_or_none(id=user.school_id) if user.school_id else None
    saved = request.query_params.get("zapisano") == "przypomnienia"
    return render(
        request,
        "panel.html",
        {"user": user, "school": school, "reminders_path": REMINDERS_PATH, "saved": saved},
    )


@router.post(REMINDERS_PATH)
async def choose_reminder_delivery(
    user: CurrentUser, digest: Annotated[str, Form()] = ""
) -> Response:
    """One message a reminder, or the day's reminders in one e-mail (`digest=daily`)."""
    await set_reminder_digest(user=user, daily=digest == "daily")
    return RedirectResponse("/panel?zapisano=przypomnienia", status_code=303)
