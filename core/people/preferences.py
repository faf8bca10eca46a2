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
