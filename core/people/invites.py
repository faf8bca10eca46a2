"""Single-use invite codes that link a person's Telegram account to their hdr-desk user.

The coordinator issues a code; the person opens `https://t.me/<bot>?start=<code>` (or sends
`/start <code>` to the bot), and the bot redeems it. Only the SHA-256 of a code is stored, so
a copy of the database cannot be used to take over accounts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import clock
from core.config import get_settings
from core.errors import IllegalTransition, InvalidInput, NotFound, PermissionDenied
from core.inventory.lookup import ASSET_LINK_PREFIX
from core.models import Channel, InviteCode, User
from core.people.roles import is_active_coordinator

# 16 random bytes are 128 bits; URL-safe base64 makes them 22 characters of [A-Za-z0-9_-],
# all of which Telegram accepts in a deep-link `start` payload (at most 64 characters).
CODE_BYTES = 16


@dataclass(frozen=True)
class IssuedInvite:
    """A stored invite and its plaintext code, which exists only here: show it once."""

    code: str
    invite: InviteCode


async def create_invite(
    *, user: User, created_by: User | None, valid_for: dt.timedelta | None = None
) -> IssuedInvite:
    """A new code for `user`, valid for `valid_for` (default: the `invite_valid_days` setting).

    Earlier unused codes of `user` expire now, so only the latest code handed out works.
    `created_by` is None when the code is issued from the command line.
    Raises DomainError when `created_by` is not an active coordinator, IllegalTransition when
    `user` is deactivated, and InvalidInput when `valid_for` is not positive.
    """
    if created_by is not None and not is_active_coordinator(created_by):
        raise PermissionDenied("Only the coordinator can issue invite codes.")
    if not user.is_active:
        raise IllegalTransition("{user} is deactivated and cannot be invited.", user=user.full_name)
    if valid_for is None:
        valid_for = dt.timedelta(days=get_settings().invite_valid_days)
    if valid_for <= dt.timedelta(0):
        raise InvalidInput("An invite code must be valid for some time.")
    code = _new_code()
    issued_at = clock.now()
    async with in_transaction():
        await InviteCode.filter(user_id=user.id, used_at__isnull=True).update(expires_at=issued_at)
        invite = await InviteCode.create(
            code_hash=_hash(code),
            user=user,
            created_by=created_by,
            created_at=issued_at,
            expires_at=issued_at + valid_for,
        )
    return IssuedInvite(code=code, invite=invite)


def _new_code() -> str:
    """A random code that never reads as a QR label's link (`/start a_...`)."""
    while (code := secrets.token_urlsafe(CODE_BYTES)).startswith(ASSET_LINK_PREFIX):
        pass
    return code


def invite_deep_link(code: str, bot_username: str) -> str:
    """The link that opens the chat with the bot and sends it `/start <code>`."""
    return f"https://t.me/{bot_username.removeprefix('@')}?start={code}"


async def redeem_invite(*, code: str, telegram_user_id: int, telegram_chat_id: int) -> User:
    """Links the Telegram account to the user the code was issued for; returns that user.

    The code is used up and the user's Telegram ids are set in one transaction; Telegram
    becomes the user's preferred channel. Raises
    NotFound for an unknown code; IllegalTransition when the code was used or has expired,
    when its user is deactivated, or when the Telegram account is linked to someone else;
    nothing is changed then. Of concurrent redemptions of one code exactly one succeeds.
    """
    try:
        async with in_transaction():
            invite = await _usable_invite(code)
            user = await invite.user
            await _check_can_link(user, telegram_user_id)
            claimed = await InviteCode.filter(id=invite.id, used_at__isnull=True).update(
                used_at=clock.now(), used_by_telegram_id=telegram_user_id
            )
            if claimed == 0:
                # A concurrent redemption of this code committed after the check above.
                raise _already_used()
            # Linking Telegram is asking to be reached there; the person may switch back.
            await User.filter(id=user.id).update(
                telegram_user_id=telegram_user_id,
                telegram_chat_id=telegram_chat_id,
                telegram_unreachable_at=None,
                preferred_channel=Channel.TELEGRAM,
            )
    except IntegrityError:
        # A concurrent redemption linked this Telegram account to another user first.
        raise _linked_elsewhere() from None
    await user.refresh_from_db()
    return user


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def _usable_invite(code: str) -> InviteCode:
    invite = await InviteCode.get_or_none(code_hash=_hash(code.strip()))
    if invite is None:
        raise NotFound("This invite code is not valid. Ask the coordinator for a new one.")
    if invite.used_at is not None:
        raise _already_used()
    if clock.now() >= invite.expires_at:
        raise IllegalTransition("This invite code has expired. Ask the coordinator for a new one.")
    return invite


async def _check_can_link(user: User, telegram_user_id: int) -> None:
    if not user.is_active:
        raise IllegalTransition("This account has been deactivated. Ask the coordinator.")
    linked_to_other = (
        await User.filter(telegram_user_id=telegram_user_id).exclude(id=user.id).exists()
    )
    if linked_to_other:
        raise _linked_elsewhere()


def _already_used() -> IllegalTransition:
    return IllegalTransition(
        "This invite code has already been used. Ask the coordinator for a new one."
    )


def _linked_elsewhere() -> IllegalTransition:
    return IllegalTransition("This Telegram account is already linked to another user.")
