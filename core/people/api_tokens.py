"""Access tokens of the JSON API: an integration calls it as one user, with that user's role
and rights (a director's token sees only their school, a teacher's only their tickets).

The token is random (API_TOKEN_BYTES), shown once when it is created and stored only as its
SHA-256, so a copy of the database calls nothing. A token stops working when it is revoked
or its user's account is deactivated; each use is noted in `last_used_at` (at most once per
USE_NOTE_INTERVAL, so that a busy integration does not write on every call).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Final

from core import clock
from core.errors import IllegalTransition, InvalidInput, NotFound
from core.models import ApiToken, User

API_TOKEN_BYTES: Final = 32
TOKEN_PREFIX: Final = "hdr_"
"""Starts every token, so that a leaked one is recognisable (e.g. by secret scanners)."""
NAME_MAX_LENGTH: Final = 100
USE_NOTE_INTERVAL: Final = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token and its secret, which exists only here: it is shown once, never stored."""

    secret: str
    token: ApiToken


async def create_api_token(*, user: User, name: str = "") -> IssuedToken:
    """A new token acting as `user`. Raises InvalidInput for an inactive user or a name
    longer than NAME_MAX_LENGTH."""
    name = name.strip()
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            "The name of a token may have at most {limit} characters.", limit=NAME_MAX_LENGTH
        )
    if not user.is_active:
        raise InvalidInput("The account of {user} is inactive.", user=user.full_name)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(API_TOKEN_BYTES)
    token = await ApiToken.create(
        token_hash=_hash(secret), user=user, name=name, created_at=clock.now()
    )
    return IssuedToken(secret=secret, token=token)


async def user_of_token(secret: str) -> User | None:
    """The active user `secret` acts for, or None when it names no token, a revoked one, or
    one of an inactive user. Notes the use."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = await ApiToken.get_or_none(token_hash=_hash(secret)).select_related("user")
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= USE_NOTE_INTERVAL:
        await ApiToken.filter(id=token.id).update(last_used_at=now)
    return token.user


async def api_tokens() -> list[ApiToken]:
    """Every token, revoked ones included, with its user loaded, oldest first."""
    return await ApiToken.all().select_related("user").order_by("id")


async def revoke_api_token(token_id: int) -> ApiToken:
    """Stops the token with `token_id` from working. Raises NotFound when there is no such
    token, IllegalTransition when it is already revoked."""
    token = await ApiToken.get_or_none(id=token_id).select_related("user")
    if token is None:
        raise NotFound("There is no API token with number {id}.", id=token_id)
    if token.revoked_at is not None:
        raise IllegalTransition("API token {id} is already revoked.", id=token_id)
    token.revoked_at = clock.now()
    await token.save(update_fields=["revoked_at"])
    return token


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
