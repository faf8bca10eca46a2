"""The signed-in home page: who you are and what you can do here."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from core.models import School
from forms.auth import CsrfProtected, CurrentUser
from forms.templating import render

router = APIRouter(dependencies=[CsrfProtected])


@router.get("/panel", response_class=HTMLResponse)
async def panel(request: Request, user: CurrentUser) -> Response:
    school = await School.get_or_none(id=user.school_id) if user.school_id else None
    return render(request, "panel.html", {"user": user, "school": school})
