"""Who may see a page, and the CSRF check of every form.

How a page uses it:

    from typing import Annotated
    from fastapi import APIRouter, Depends, Form, Request
    from forms.auth import CsrfProtected, CurrentUser, require_role

    router = APIRouter(dependencies=[CsrfProtected])  # each POST must carry the token

    @router.get("/zgloszenia")
    async def my_tickets(request: Request, user: CurrentUser) -> HTMLResponse:
        ...  # anyone signed in

    @router.post("/zestawienia")
    async def export(
        request: Request,
        user: Annotated[User, Depends(require_role(Role.COORDINATOR))],
        month: Annotated[str, Form()] = "",
    ) -> Response: ...

and in the template, inside each `<form method="post">`: `{{ csrf_field() }}`.

Someone not signed in who opens a page is sent to the login page, and comes back to it after
signing in; a form sent without a session (it ended meanwhile) is answered 401 with a link to
sign in, since a redirect would lose what was typed. A signed-in user whose role may not see
the page gets 403, and so does a form without a valid CSRF token; nothing is changed then.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Final
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from core.config import Settings
from core.i18n import mark
from core.models import Role, User
from forms.templating import render, translated
from forms.visitors import CSRF_FIELD, VisitorMiddleware, csrf_token_is_valid, visitor_of

LOGIN_PAGE: Final = "/logowanie"
NEXT_PARAMETER: Final = "dalej"
"""The query parameter (and form field) that says where to go after signing in."""
SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})


class PageError(Exception):
    """Answered with the error page: `status_code`, a title and a message (English msgids,
    translated for the visitor; `params` fill the message's placeholders)."""

    def __init__(self, status_code: int, title: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.title = title
        self.message = message
        self.params = params


class SignInRequired(Exception):
    """The page needs a signed-in user; `next_path` is where to come back to."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class Forbidden(PageError):
    """The signed-in user's role does not give access to the page."""

    def __init__(self) -> None:
        super().__init__(
            403,
            mark("No access"),
            mark(
                "Your role does not give access to this page. "
                "If you need it, ask the HDR coordinator."
            ),
        )


class CsrfRejected(PageError):
    """A form arrived without the CSRF token of this browser: it may come from another site."""

    def __init__(self) -> None:
        super().__init__(
            403,
            mark("The form could not be accepted"),
            mark(
                "The form has expired or did not come from this site, so nothing was changed. "
                "Go back, reload the page and send the form again."
            ),
        )


SIGN_IN_AGAIN_TITLE: Final = mark("Please sign in")
SIGN_IN_AGAIN: Final = mark(
    "You are not signed in (or your session has ended), so nothing was changed. "
    "Sign in and send the form again."
)


async def current_user(request: Request) -> User:
    """The signed-in user. Raises SignInRequired for anyone else."""
    user = visitor_of(request).user
    if user is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(path)
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_role(*roles: Role) -> Callable[[User], Awaitable[User]]:
    """A dependency giving the signed-in user when their role is one of `roles`; others get
    the 403 page (and anyone not signed in is sent to sign in first)."""
    allowed = frozenset(roles)

    async def user_with_role(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden()
        return user

    return user_with_role


async def check_csrf(request: Request) -> None:
    """Refuses (403) a request that changes something without the form's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not isinstance(token, str) or not csrf_token_is_valid(request, token):
        raise CsrfRejected()


CsrfProtected = Depends(check_csrf)


def safe_next_path(value: str) -> str:
    """`value` when it is a path of this site to go to after signing in; "" for anything
    else (another site's address, `//host`, a backslash trick), so that a crafted login link
    cannot send people elsewhere."""
    parts = urlsplit(value)
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or parts.scheme
        or parts.netloc
        or any(ord(char) < 32 or char == "\\" for char in value)
    ):
        return ""
    return value


def login_url(next_path: str = "") -> str:
    """The login page, coming back to `next_path` afterwards."""
    safe = safe_next_path(next_path)
    return f"{LOGIN_PAGE}?{NEXT_PARAMETER}={quote(safe, safe='/')}" if safe else LOGIN_PAGE


def install_access(app: FastAPI, settings: Settings) -> None:
    """Makes `app` know its visitors and answer access errors with pages."""
    app.add_middleware(VisitorMiddleware, settings=settings)
    app.add_exception_handler(PageError, _page_error)  # type: ignore[arg-type]
    app.add_exception_handler(SignInRequired, _sign_in_required)  # type: ignore[arg-type]


async def _page_error(request: Request, error: PageError) -> Response:
    return render(
        request,
        "error.html",
        {
            "title": translated(request, error.title),
            "message": translated(request, error.message, **error.params),
        },
        status_code=error.status_code,
    )


async def _sign_in_required(request: Request, error: SignInRequired) -> Response:
    if request.method in SAFE_METHODS:
        return RedirectResponse(login_url(error.next_path), status_code=303)
    return render(
        request,
        "error.html",
        {
            "title": translated(request, SIGN_IN_AGAIN_TITLE),
            "message": translated(request, SIGN_IN_AGAIN),
            "sign_in_url": LOGIN_PAGE,
        },
        status_code=401,
    )
