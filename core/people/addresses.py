"""Where a person can be reached: the channel they prefer while it works, else the other."""

from __future__ import annotations

from core.models import Channel, User


def reachable_address(user: User) -> tuple[Channel, str] | None:
    """The person's preferred channel and address when it can reach them, else the other
    one, else None (no address, or every address has failed permanently)."""
    telegram = user.telegram_chat_id if user.telegram_unreachable_at is None else None
    email = user.email if user.email_unreachable_at is None else None
    if user.preferred_channel is Channel.TELEGRAM and telegram is not None:
        return Channel.TELEGRAM, str(telegram)
    if email:
        return Channel.EMAIL, email
    if telegram is not None:
        return Channel.TELEGRAM, str(telegram)
    return None
