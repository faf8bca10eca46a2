"""The language switch in every page's header: Polish or English.

A signed-in user's choice is kept on their account (`User.locale`), so their e-mails and
Telegram messages follow it too; every visitor's choice is also kept in a cookie, so the
pages keep it after logging out.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.config import Settings
from core.errors import InvalidInput
from core.i18n import mark
from core.people.preferences import set_locale
from core.people.users import normalise_locale
from forms.auth import CsrfProtected, PageError, safe_next_path
from forms.visitors import (
    LANGUAGE_COOKIE,
    LANGUAGE_COOKIE_MAX_AGE,
    set_cookie,
    uses_secure_cookies,
    visitor_of,
)

LANGUAGE_PATH: Final = "/jezyk"
UNKNOWN_LANGUAGE_TITLE: Final = mark("Unknown language")


def language_router(settings: Settings) -> APIRouter:
    """The route of the language switch."""
    router = APIRouter(dependencies=[CsrfProtected])
    secure = uses_secure_cookies(settings)

    @router.post(LANGUAGE_PATH)
    async def switch_language(
        request: Request,
        locale: Annotated[str, Form()] = "",
        dalej: Annotated[str, Form()] = "",
    ) -> Response:
        user = visitor_of(request).user
        try:
            language = normalise_locale(locale)
            if user is not None:
                await set_locale(user=user, locale=language)
        except InvalidInput as error:
            raise PageError(400, UNKNOWN_LANGUAGE_TITLE, error.message, **error.params) from None
        response = RedirectResponse(safe_next_path(dalej) or "/", status_code=303)
        set_cookie(
            response.headers,
            LANGUAGE_COOKIE,
            language,
            max_age=LANGUAGE_COOKIE_MAX_AGE,
            secure=secure,
        )
        return response

    return router
