"""What a person chooses for themselves."""

from __future__ import annotations

from core.models import User
from core.people.users import normalise_locale


async def set_locale(*, user: User, locale: str) -> User:
    """`user`, who from now on reads hdr-desk (pages, messages, e-mails) in `locale`.

    Raises InvalidInput for a language hdr-desk does not speak; nothing is changed then.
    """
    language = normalise_locale(locale)
    await User.filter(id=user.id).update(locale=language)
    user.locale = language
    return user


async def set_reminder_digest(*, user: User, daily: bool) -> User:
    """`user`, whose reminders from now on come as one e-mail a day (`daily`) or one message
    each (see `core.obligations.reminder_digest`)."""
    await User.filter(id=user.id).update(reminder_digest=daily)
    user.reminder_digest = daily
    return user
