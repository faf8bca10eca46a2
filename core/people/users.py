"""User accounts and the rules every account obeys, whichever way it is created.

The field rules are public functions so that the XLSX import applies the same rules to each
row and reports each broken rule against its own column.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from tortoise.exceptions import IntegrityError

from core.errors import InvalidInput, NotFound
from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from core.models import Channel, Role, School, User

FULL_NAME_MAX_LENGTH = 200  # the length of the `user.full_name` column
ROLES_IN_A_SCHOOL = frozenset({Role.TEACHER, Role.DIRECTOR})


def normalise_full_name(full_name: str) -> str:
    """`full_name` with surrounding and repeated whitespace removed.

    Raises InvalidInput when nothing is left or it is longer than the column allows.
    """
    normalised = " ".join(full_name.split())
    if not normalised:
        raise InvalidInput("the full name is empty")
    if len(normalised) > FULL_NAME_MAX_LENGTH:
        raise InvalidInput(
            "the full name is too long: at most {limit} characters", limit=FULL_NAME_MAX_LENGTH
        )
    return normalised


def normalise_email(email: str | None) -> str | None:
    """The address stripped, with its domain in lower case; None when blank.

    The local part keeps its case: mail servers may treat it as case-sensitive.
    Raises InvalidInput when the address is malformed (deliverability is not checked).
    """
    stripped = (email or "").strip()
    if not stripped:
        return None
    try:
        return validate_email(stripped, check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidInput("invalid e-mail address “{email}”", email=stripped) from None


def normalise_locale(locale: str) -> str:
    """`locale` in lower case; raises InvalidInput unless it is a supported locale."""
    normalised = locale.strip().lower()
    if normalised not in SUPPORTED_LOCALES:
        raise InvalidInput(
            "unsupported language “{language}”; choose one of: {choices}",
            language=locale,
            choices=", ".join(SUPPORTED_LOCALES),
        )
    return normalised


def check_school_matches_role(*, role: Role, school: School | None) -> None:
    """Raises InvalidInput when a teacher or director has no school, or when the IT
    specialist or the coordinator, who work for the whole gmina, has one."""
    if role in ROLES_IN_A_SCHOOL and school is None:
        raise InvalidInput("a teacher or a director must belong to a school")
    if role not in ROLES_IN_A_SCHOOL and school is not None:
        raise InvalidInput(
            "the IT specialist and the coordinator work for the whole gmina and belong to no school"
        )


def check_channel_is_reachable(*, channel: Channel, email: str | None) -> None:
    """Raises InvalidInput when e-mail is the preferred channel of someone without an address.

    Telegram may be preferred before the account is linked: the invite code links it later.
    """
    if channel is Channel.EMAIL and email is None:
        raise InvalidInput("e-mail is the preferred channel, but no e-mail address was given")


async def create_user(
    *,
    full_name: str,
    role: Role,
    email: str | None,
    school: School | None,
    preferred_channel: Channel = Channel.EMAIL,
    locale: str = DEFAULT_LOCALE,
) -> User:
    """A new active user, after applying every field rule above.

    Raises InvalidInput for the first rule broken, or when another user has the address;
    nothing is written then.
    """
    name = normalise_full_name(full_name)
    address = normalise_email(email)
    language = normalise_locale(locale)
    check_school_matches_role(role=role, school=school)
    check_channel_is_reachable(channel=preferred_channel, email=address)
    if address is not None and await User.filter(email=address).exists():
        raise _email_taken(address)
    try:
        return await User.create(
            full_name=name,
            role=role,
            email=address,
            school=school,
            preferred_channel=preferred_channel,
            locale=language,
        )
    except IntegrityError:
        # Another request took the address between the check above and this insert.
        raise _email_taken(address) from None


async def user_with_email(email: str) -> User:
    """The user with `email`, compared after the same normalisation as on creation.

    Raises InvalidInput when `email` is malformed, NotFound when no user has it.
    """
    address = normalise_email(email)
    user = await User.get_or_none(email=address) if address else None
    if user is None:
        raise NotFound("There is no user with the e-mail address “{email}”.", email=email.strip())
    return user


async def deactivate_user(*, user: User) -> User:
    """`user`, no longer active: they receive nothing and cannot redeem invite codes.

    Their history and linked accounts stay. Deactivating an inactive user changes nothing.
    """
    await User.filter(id=user.id).update(is_active=False)
    await user.refresh_from_db(fields=["is_active"])
    return user


def _email_taken(address: str | None) -> InvalidInput:
    return InvalidInput("a user with the e-mail address “{email}” already exists", email=address)


async def user_with_telegram_id(telegram_user_id: int) -> User | None:
    """The active user whose Telegram account this is, or None for a stranger."""
    return await User.get_or_none(telegram_user_id=telegram_user_id, is_active=True)
