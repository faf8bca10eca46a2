"""Who calls the API: the user of the bearer token, and domain errors answered as JSON.

Every endpoint depends on `ApiUser`; a request without a token, with an unknown or revoked
one, or one whose user is inactive gets 401 and nothing else. The route class `ApiRoute`
answers a refused domain rule with `{"detail": "..."}` in the user's language: 404 for
what does not exist or may not be seen, 403 for what the user may not do, 409 for a change
the object's state forbids, 422 for bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Final

from fastapi import Depends, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound, PermissionDenied
from core.i18n import DEFAULT_LOCALE, mark, translate
from core.models import User
from core.people.api_tokens import user_of_token

bearer = HTTPBearer(
    auto_error=False,
    description="An API token from `hdr-desk api-token create`; it acts as its user.",
)
TOKEN_REFUSED: Final = mark("A valid API token is required (Authorization: Bearer …).")
_STATUS_OF: Final[tuple[tuple[type[DomainError], int], ...]] = (
    (NotFound, 404),
    (PermissionDenied, 403),
    (IllegalTransition, 409),
    (InvalidInput, 422),
)


def _default_locale(request: Request) -> str:
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "locale", DEFAULT_LOCALE)


async def api_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The active user whose token the request carries; 401 for anyone else."""
    user = await user_of_token(credentials.credentials) if credentials else None
    if user is None:
        raise HTTPException(
            status_code=401,
            detail=translate(TOKEN_REFUSED, _default_locale(request)),
            headers={"WWW-Authenticate": "Bearer"},
        )
    request.state.api_locale = user.locale
    return user


ApiUser = Annotated[User, Depends(api_user)]


def status_of(error: DomainError) -> int:
    """The HTTP status answering `error`."""
    for kind, status in _STATUS_OF:
        if isinstance(error, kind):
            return status
    return 422


class ApiRoute(APIRoute):
    """A route answering a DomainError with its status and translated message as JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_domain_errors(request: Request) -> Response:
            try:
                return await handle(request)
            except DomainError as error:
                locale = getattr(request.state, "api_locale", None) or _default_locale(request)
                return JSONResponse(
                    {"detail": error.translated(locale)}, status_code=status_of(error)
                )

        return handle_domain_errors
