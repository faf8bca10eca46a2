"""The coordinator's administration: the index of what can be set up, and the sections'
routers (people and schools, ticket categories and SLA targets, the requirement profile,
obligations and reminder policies), each in a module of its own."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from core.models import Role, User
from forms.auth import CsrfProtected, require_role
from forms.templating import render

ADMIN_PATH: Final = "/admin"

Coordinator = Annotated[User, Depends(require_role(Role.COORDINATOR))]
"""The signed-in coordinator; everyone else gets the 403 page."""

router = APIRouter(dependencies=[CsrfProtected])


@router.get(ADMIN_PATH, response_class=HTMLResponse)
async def administration(request: Request, user: Coordinator) -> Response:
    return render(request, "admin_index.html", {"user": user})
