"""Who is asking: every request to a page is told its visitor — the signed-in user, if any,
the language to answer in, and the CSRF token its forms carry.

`VisitorMiddleware` reads the cookies, finds the session (`core.people.web_sessions`) and
puts a `Visitor` on `request.state.visitor`; on the way out it sets the cookies the request
called for. Every cookie is HttpOnly (no script needs one), SameSite=Lax (a form posted from
another site arrives without them), on the whole site, and Secure when `HDR_BASE_URL` is
https.

CSRF tokens. A form's token is a keyed hash (HMAC with `HDR_SECRET_KEY`) of a cookie only
this browser holds: the session cookie when signed in, so each session has its own token and
logging out voids it; otherwise an anonymous cookie made for the purpose the first time a
form is shown (the login form, the language switch). A token is accepted when it matches
either cookie the request carries. The token never reveals the cookie, so a page that leaks
(a cache, a screenshot) does not leak the session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.config import Settings
from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from core.models import User
from core.people.web_sessions import SESSION_MAX_AGE, active_session

SESSION_COOKIE: Final = "hdr_session"
ANONYMOUS_COOKIE: Final = "hdr_csrf"
LANGUAGE_COOKIE: Final = "hdr_lang"
CSRF_FIELD: Final = "csrf_token"

SESSION_COOKIE_MAX_AGE: Final = int(SESSION_MAX_AGE.total_seconds())
ANONYMOUS_COOKIE_MAX_AGE: Final = 30 * 24 * 3600
LANGUAGE_COOKIE_MAX_AGE: Final = 365 * 24 * 3600
_ANONYMOUS_KEY_BYTES: Final = 32
# Static files need no visitor, and the health check must answer without the database
# that finding a session needs.
_UNTOUCHED_PATHS: Final = ("/static/", "/healthz")
PRIVATE_PAGE_HEADERS: Final = {"cache-control": "no-store"}
"""What every response to a signed-in visitor carries: a shared computer's browser must not
show their pages again from its cache, with Back, after they log out."""


@dataclass
class Visitor:
    """The person behind one request: `user` when signed in (their session's key is
    `session_key`), the language to answer in, and the anonymous CSRF cookie's value."""

    user: User | None
    locale: str
    session_key: str
    anonymous_key: str
    secret_key: str
    made_anonymous_key: bool = False

    def csrf_token(self) -> str:
        """The token this visitor's forms carry. Makes the anonymous cookie when a visitor
        who is not signed in has none yet; the middleware sets it on the response."""
        if self.user is not None:
            return csrf_digest(self.secret_key, "session", self.session_key)
        if not self.anonymous_key:
            self.anonymous_key = secrets.token_urlsafe(_ANONYMOUS_KEY_BYTES)
            self.made_anonymous_key = True
        return csrf_digest(self.secret_key, "anonymous", self.anonymous_key)


def csrf_digest(secret_key: str, kind: str, cookie_value: str) -> str:
    key = f"csrf:{secret_key}".encode()
    return hmac.new(key, f"{kind}:{cookie_value}".encode(), hashlib.sha256).hexdigest()


def csrf_token_is_valid(request: Request, token: str) -> bool:
    """Whether `token` was made for a cookie that `request` carries."""
    settings: Settings = request.app.state.settings
    candidates = (
        ("session", request.cookies.get(SESSION_COOKIE, "")),
        ("anonymous", request.cookies.get(ANONYMOUS_COOKIE, "")),
    )
    return any(
        cookie and hmac.compare_digest(token, csrf_digest(settings.secret_key, kind, cookie))
        for kind, cookie in candidates
    )


def visitor_of(request: Request) -> Visitor:
    """The visitor `VisitorMiddleware` found for `request`; an anonymous one in the default
    language for a request it did not see (a static file)."""
    visitor = getattr(request.state, "visitor", None)
    if isinstance(visitor, Visitor):
        return visitor
    settings: Settings = request.app.state.settings
    return Visitor(
        user=None,
        locale=_default_locale(settings),
        session_key="",
        anonymous_key=request.cookies.get(ANONYMOUS_COOKIE, ""),
        secret_key=settings.secret_key,
    )


def uses_secure_cookies(settings: Settings) -> bool:
    """Cookies are sent over HTTPS only when the application is served over HTTPS."""
    return settings.base_url.lower().startswith("https://")


def set_cookie(
    headers: MutableHeaders, name: str, value: str, *, max_age: int, secure: bool
) -> None:
    """Adds a Set-Cookie for `name` to `headers`, with the flags every cookie here has."""
    cookie: SimpleCookie = SimpleCookie()
    cookie[name] = value
    morsel = cookie[name]
    morsel["path"] = "/"
    morsel["max-age"] = max_age
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    if secure:
        morsel["secure"] = True
    headers.append("set-cookie", morsel.OutputString())


def clear_cookie(headers: MutableHeaders, name: str, *, secure: bool) -> None:
    """Tells the browser to forget the cookie `name`."""
    set_cookie(headers, name, "", max_age=0, secure=secure)


class VisitorMiddleware:
    """Puts the `Visitor` on every request but those for static files and the health check,
    and sets the cookies it calls for: the anonymous CSRF cookie once a form needs it, and
    the removal of a session cookie that names no going session (logged out elsewhere,
    expired). Responses to a signed-in visitor are not to be cached."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.secure = uses_secure_cookies(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_UNTOUCHED_PATHS):
            await self.app(scope, receive, send)
            return
        cookies = HTTPConnection(scope).cookies
        session_key = cookies.get(SESSION_COOKIE, "")
        session = await active_session(session_key) if session_key else None
        user = session.user if session is not None else None
        visitor = Visitor(
            user=user,
            locale=self._locale(user, cookies.get(LANGUAGE_COOKIE, "")),
            session_key=session_key if session is not None else "",
            anonymous_key=cookies.get(ANONYMOUS_COOKIE, ""),
            secret_key=self.settings.secret_key,
        )
        scope.setdefault("state", {})["visitor"] = visitor
        stale_session_cookie = bool(session_key) and session is None

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if visitor.made_anonymous_key:
                    set_cookie(
                        headers,
                        ANONYMOUS_COOKIE,
                        visitor.anonymous_key,
                        max_age=ANONYMOUS_COOKIE_MAX_AGE,
                        secure=self.secure,
                    )
                if stale_session_cookie and not _sets_cookie(headers, SESSION_COOKIE):
                    clear_cookie(headers, SESSION_COOKIE, secure=self.secure)
                if visitor.user is not None:
                    for name, value in PRIVATE_PAGE_HEADERS.items():
                        headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_cookies)

    def _locale(self, user: User | None, chosen: str) -> str:
        """The user's own language; else the one chosen in this browser; else the default."""
        if user is not None and user.locale in SUPPORTED_LOCALES:
            return user.locale
        if chosen in SUPPORTED_LOCALES:
            return chosen
        return _default_locale(self.settings)


def _default_locale(settings: Settings) -> str:
    return settings.locale if settings.locale in SUPPORTED_LOCALES else DEFAULT_LOCALE


def _sets_cookie(headers: MutableHeaders, name: str) -> bool:
    return any(value.startswith(f"{name}=") for value in headers.getlist("set-cookie"))
