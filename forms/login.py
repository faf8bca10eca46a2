"""Signing in and out: the login page, the sign-in link's page, logout, and (only with
`HDR_DEMO_LOGIN`) one-click sign-in as a demo user.

The rules are in `core.people.login_links` and `core.people.web_sessions`; these routes
read the form, call them and answer with a page or a redirect.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from core.config import Settings
from core.errors import InvalidInput, NotFound
from core.i18n import mark
from core.people.login_links import (
    LINK_VALIDITY,
    LoginLinkError,
    TooManyLoginRequests,
    check_login_link,
    request_login_link,
    sign_in_with_link,
)
from core.people.web_sessions import StartedSession, demo_users, end_session, start_demo_session
from forms.auth import LOGIN_PAGE, NEXT_PARAMETER, CsrfProtected, PageError, safe_next_path
from forms.templating import render
from forms.visitors import (
    SESSION_COOKIE,
    SESSION_COOKIE_MAX_AGE,
    clear_cookie,
    set_cookie,
    uses_secure_cookies,
    visitor_of,
)

HOME_PAGE: Final = "/panel"
DEMO_LOGIN_PATH: Final = "/logowanie-demo"
SIGNED_OUT_PARAMETER: Final = "wylogowano"
LINK_PAGE_HEADERS: Final = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
"""The page of a sign-in link has the link in its address: it is kept from caches, and from
the Referer of whatever the page loads."""
MAX_ROW_ID: Final = 2**31 - 1
NO_DEMO_ACCOUNT_TITLE: Final = mark("Not found")
NO_DEMO_ACCOUNT: Final = mark("There is no such demo account.")


def login_router(settings: Settings) -> APIRouter:
    """The routes of signing in and out. The demo sign-in route exists only when
    `settings.demo_login` is on; otherwise its address is not found (404)."""
    router = APIRouter(dependencies=[CsrfProtected])
    secure = uses_secure_cookies(settings)

    def signed_in(started: StartedSession, next_path: str) -> Response:
        response = RedirectResponse(safe_next_path(next_path) or HOME_PAGE, status_code=303)
        set_cookie(
            response.headers,
            SESSION_COOKIE,
            started.key,
            max_age=SESSION_COOKIE_MAX_AGE,
            secure=secure,
        )
        return response

    async def login_page(
        request: Request,
        *,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> Response:
        context.setdefault("email", "")
        context.setdefault("next_path", "")
        context["demo_users"] = await demo_users() if settings.demo_login else []
        context["demo_login_path"] = DEMO_LOGIN_PATH
        return render(request, "login.html", context, status_code=status_code, headers=headers)

    @router.get(LOGIN_PAGE, response_class=HTMLResponse)
    async def show_login(request: Request) -> Response:
        return await login_page(
            request,
            next_path=safe_next_path(request.query_params.get(NEXT_PARAMETER, "")),
            signed_out=SIGNED_OUT_PARAMETER in request.query_params,
        )

    @router.post(LOGIN_PAGE, response_class=HTMLResponse)
    async def ask_for_link(
        request: Request,
        email: Annotated[str, Form()] = "",
        dalej: Annotated[str, Form()] = "",
    ) -> Response:
        next_path = safe_next_path(dalej)
        try:
            await request_login_link(
                email=email, client=_client_address(request), next_path=next_path
            )
        except InvalidInput as error:
            return await login_page(
                request,
                status_code=400,
                email=email,
                next_path=next_path,
                email_error=error.translated(_locale(request)),
            )
        except TooManyLoginRequests as error:
            return await login_page(
                request,
                status_code=429,
                headers={"Retry-After": str(math.ceil(error.retry_after.total_seconds()))},
                email=email,
                next_path=next_path,
                form_error=error.translated(_locale(request)),
            )
        minutes = int(LINK_VALIDITY.total_seconds() // 60)
        return render(request, "login_sent.html", {"email": email.strip(), "minutes": minutes})

    if settings.demo_login:

        @router.post(DEMO_LOGIN_PATH)
        async def sign_in_as_demo_user(
            request: Request,
            user_id: Annotated[str, Form()] = "",
            dalej: Annotated[str, Form()] = "",
        ) -> Response:
            if not _is_row_id(user_id):
                raise _no_demo_account()
            try:
                started = await start_demo_session(
                    user_id=int(user_id), replacing=request.cookies.get(SESSION_COOKIE)
                )
            except NotFound:
                raise _no_demo_account() from None
            return signed_in(started, dalej)

    @router.get(LOGIN_PAGE + "/{token}", response_class=HTMLResponse)
    async def confirm_link(request: Request, token: str) -> Response:
        try:
            link = await check_login_link(token)
        except LoginLinkError as error:
            return await login_page(
                request, status_code=400, form_error=error.translated(_locale(request))
            )
        return render(
            request, "login_confirm.html", {"person": link.user}, headers=LINK_PAGE_HEADERS
        )

    @router.post(LOGIN_PAGE + "/{token}")
    async def use_link(request: Request, token: str) -> Response:
        try:
            outcome = await sign_in_with_link(token, replacing=request.cookies.get(SESSION_COOKIE))
        except LoginLinkError as error:
            return await login_page(
                request, status_code=400, form_error=error.translated(_locale(request))
            )
        return signed_in(outcome.started, outcome.next_path)

    @router.post("/wyloguj")
    async def log_out(request: Request) -> Response:
        await end_session(request.cookies.get(SESSION_COOKIE, ""))
        response = RedirectResponse(f"{LOGIN_PAGE}?{SIGNED_OUT_PARAMETER}=1", status_code=303)
        clear_cookie(response.headers, SESSION_COOKIE, secure=secure)
        return response

    return router


def _client_address(request: Request) -> str:
    """The client's IP address, as the server saw it (behind a trusted proxy, uvicorn's
    proxy headers make it the browser's own)."""
    return request.client.host if request.client else ""


def _is_row_id(value: str) -> bool:
    """Whether `value` is a number the database can hold as an id (a 32-bit integer)."""
    return value.isascii() and value.isdigit() and int(value) <= MAX_ROW_ID


def _locale(request: Request) -> str:
    return visitor_of(request).locale


def _no_demo_account() -> PageError:
    return PageError(404, NO_DEMO_ACCOUNT_TITLE, NO_DEMO_ACCOUNT)
