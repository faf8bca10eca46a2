"""Signed-in browsers: sessions kept in the database and named by a random cookie value.

A session is a row, not a signed cookie, so that it can end for real: logging out, a
deactivated account and an idle browser each stop it at once on every process, which a
signed cookie can only do with a revocation list in the database anyway. The browser holds a
random 256-bit key (SESSION_KEY_BYTES); the row holds its SHA-256, so a copy of the
database signs nobody in.

A session ends at logout, after SESSION_IDLE_TIMEOUT without a request (a working day with
a long break fits in it, an abandoned computer in the staff room does not stay signed in
overnight), and at the latest SESSION_MAX_AGE after it began. Ended and expired rows are
removed whenever someone signs in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Final

from tortoise.expressions import Q

from core import clock
from core.errors import NotFound
from core.models import Role, User, WebSession

SESSION_IDLE_TIMEOUT: Final = dt.timedelta(hours=12)
SESSION_MAX_AGE: Final = dt.timedelta(days=7)
TOUCH_INTERVAL: Final = dt.timedelta(minutes=5)
"""How stale `last_seen_at` may get before a request writes it again: a page view should
not cost a write, and five minutes are nothing against the idle timeout."""
SESSION_KEY_BYTES: Final = 32
_ROLE_ORDER: Final = (Role.COORDINATOR, Role.IT, Role.DIRECTOR, Role.TEACHER)


@dataclass(frozen=True)
class StartedSession:
    """A new session and the key that names it, which exists only here: it goes into the
    browser's cookie and is never stored."""

    key: str
    session: WebSession
    user: User


async def start_session(*, user: User, replacing: str | None = None) -> StartedSession:
    """A new session of `user`, who must be active. The browser's earlier session
    (`replacing`, its key) ends, so that a key known before signing in is worth nothing
    after it. Raises NotFound for an inactive user."""
    if not user.is_active:
        raise NotFound("This account is not active. Ask the HDR coordinator.")
    now = clock.now()
    if replacing:
        await end_session(replacing)
    await _remove_finished_sessions(now)
    key = secrets.token_urlsafe(SESSION_KEY_BYTES)
    session = await WebSession.create(
        key_hash=_hash(key), user=user, created_at=now, last_seen_at=now
    )
    return StartedSession(key=key, session=session, user=user)


async def active_session(key: str) -> WebSession | None:
    """The session named by `key`, with its user loaded, when it is still going and its user
    is active; None otherwise. Notes the request, so the idle timeout starts again."""
    if not key:
        return None
    session = await WebSession.get_or_none(key_hash=_hash(key)).select_related("user")
    now = clock.now()
    if session is None or not _is_going(session, now) or not session.user.is_active:
        return None
    if now - session.last_seen_at >= TOUCH_INTERVAL:
        await WebSession.filter(id=session.id).update(last_seen_at=now)
        session.last_seen_at = now
    return session


async def end_session(key: str) -> None:
    """Logs the browser with `key` out. Ending an unknown or ended session changes nothing."""
    if key:
        await WebSession.filter(key_hash=_hash(key), ended_at__isnull=True).update(
            ended_at=clock.now()
        )


async def demo_users() -> list[User]:
    """The active users of the demonstration data, the coordinator first and teachers last,
    as the login page offers them when demo login is on."""
    users = await User.filter(is_demo=True, is_active=True).select_related("school")
    return sorted(users, key=lambda user: (_ROLE_ORDER.index(user.role), user.full_name))


async def start_demo_session(*, user_id: int, replacing: str | None = None) -> StartedSession:
    """A session of the demo user `user_id`, without a sign-in link. Whether demo login is
    on at all is the web application's switch (`HDR_DEMO_LOGIN`); this refuses anyone who
    is not an active demo user, with NotFound, so no real account is ever opened this way."""
    user = await User.get_or_none(id=user_id, is_demo=True, is_active=True)
    if user is None:
        raise NotFound("There is no such demo account.")
    return await start_session(user=user, replacing=replacing)


def _is_going(session: WebSession, now: dt.datetime) -> bool:
    return (
        session.ended_at is None
        and now < session.last_seen_at + SESSION_IDLE_TIMEOUT
        and now < session.created_at + SESSION_MAX_AGE
    )


async def _remove_finished_sessions(now: dt.datetime) -> None:
    await WebSession.filter(
        Q(ended_at__isnull=False)
        | Q(last_seen_at__lte=now - SESSION_IDLE_TIMEOUT)
        | Q(created_at__lte=now - SESSION_MAX_AGE)
    ).delete()


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
