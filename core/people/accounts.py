"""The coordinator's work on people's accounts: adding a user, changing one, deactivating and
reactivating them, and the list of people to choose from.

Every field is checked before anything is written and every refused field is reported at
once (`FieldsRefused`), so a form can mark each of them. The field rules are those of
`core.people.users`; a change can break two more: the gmina always keeps an active
coordinator, and a deactivated school takes no new people (the people it has keep it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Final, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import clock
from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from core.i18n import DEFAULT_LOCALE, mark
from core.models import Channel, Role, School, User, WebSession
from core.people.users import (
    check_channel_is_reachable,
    check_school_matches_role,
    create_user,
    deactivate_user,
    normalise_email,
    normalise_full_name,
    normalise_locale,
)

FULL_NAME: Final = "full_name"
EMAIL: Final = "email"
ROLE: Final = "role"
SCHOOL: Final = "school"
LOCALE: Final = "locale"
T = TypeVar("T")
FIELDS_REFUSED: Final = mark("Nothing was saved: correct the marked fields.")


class FieldsRefused(InvalidInput):
    """A form was refused and nothing was written; `errors` gives each refused field, by
    name, the reason."""

    def __init__(self, errors: Mapping[str, DomainError]) -> None:
        super().__init__(FIELDS_REFUSED)
        self.errors = dict(errors)

    def details(self) -> list[str]:
        return [error.translated() for error in self.errors.values()]


class FieldChecks:
    """The checks of a form's fields, keeping the first reason each field was refused for;
    a field already refused is not checked again, since a later rule would only repeat the
    problem in other words."""

    def __init__(self) -> None:
        self.errors: dict[str, DomainError] = {}

    def take(self, field: str, rule: Callable[[], T]) -> T | None:
        """What `rule` returns; None when it, or an earlier rule of `field`, refused."""
        if field in self.errors:
            return None
        try:
            return rule()
        except DomainError as error:
            self.refuse(field, error)
            return None

    async def awaited(self, field: str, rule: Awaitable[T]) -> T | None:
        """What `rule` gives once awaited, as `take`; it is awaited even for a refused field."""
        try:
            outcome = await rule
        except DomainError as error:
            self.refuse(field, error)
            return None
        return None if field in self.errors else outcome

    def refuse(self, field: str, error: DomainError) -> None:
        self.errors.setdefault(field, error)


@dataclass(frozen=True)
class _Account:
    """An account's fields once every rule has accepted them."""

    full_name: str
    email: str | None
    role: Role
    school: School | None
    locale: str


async def add_user(
    *, full_name: str, email: str, role: str, school_code: str, locale: str = DEFAULT_LOCALE
) -> User:
    """A new active user from what the coordinator typed; `school_code` is "" for none.

    Someone without an e-mail address is reached on Telegram once they use an invite code.
    Raises FieldsRefused naming every refused field; nothing is written then.
    """
    account = await _checked(
        None, full_name=full_name, email=email, role=role, school_code=school_code, locale=locale
    )
    try:
        return await create_user(
            full_name=account.full_name,
            role=account.role,
            email=account.email,
            school=account.school,
            preferred_channel=Channel.EMAIL if account.email else Channel.TELEGRAM,
            locale=account.locale,
        )
    except InvalidInput as error:
        # Another request took the address between the check and the insert.
        raise FieldsRefused({EMAIL: error}) from None


async def change_user(
    user: User, *, full_name: str, email: str, role: str, school_code: str, locale: str
) -> User:
    """`user` with the fields the coordinator typed, under the rules of `add_user`.

    The address stays free for `user` themselves, and a new one is no longer taken for
    unreachable; a school that is deactivated may stay theirs, but nobody moves into it.
    Raises FieldsRefused naming every refused field, the role among them when it would
    demote the last active coordinator; nothing is written then.
    """
    account = await _checked(
        user, full_name=full_name, email=email, role=role, school_code=school_code, locale=locale
    )
    changes: dict[str, object] = {
        "full_name": account.full_name,
        "email": account.email,
        "role": account.role,
        "school_id": account.school.id if account.school else None,
        "locale": account.locale,
    }
    if account.email != user.email:
        # A new address is worth trying, whatever became of mail to the old one.
        changes["email_unreachable_at"] = None
    try:
        async with in_transaction():
            if account.role is not Role.COORDINATOR and await _is_last_coordinator(user):
                # Checked again under the lock: another coordinator may be leaving meanwhile.
                raise FieldsRefused({ROLE: _last_coordinator(user)})
            await User.filter(id=user.id).update(**changes)
    except IntegrityError:
        # Another request took the address between the check and the update.
        raise FieldsRefused({EMAIL: _email_taken(account.email)}) from None
    await user.refresh_from_db()
    return user


async def deactivate_account(user: User) -> User:
    """`user`, deactivated (see `core.people.users.deactivate_user`), with every web session
    of theirs ended: a browser they left signed in is signed out at once and stays so if
    they are reactivated.

    Raises IllegalTransition when `user` is the last active coordinator, since nobody could
    then administer hdr-desk; nothing is changed then.
    """
    async with in_transaction():
        if await _is_last_coordinator(user):
            raise _last_coordinator(user)
        await deactivate_user(user=user)
        await WebSession.filter(user_id=user.id, ended_at__isnull=True).update(ended_at=clock.now())
    return user


async def reactivate_account(user: User) -> User:
    """`user`, active again: they receive messages, may sign in and may be invited.

    Raises IllegalTransition when their school is deactivated: move them to an active school
    or reactivate it first. Reactivating an active user changes nothing.
    """
    school = await School.get_or_none(id=user.school_id) if user.school_id else None
    if school is not None and not school.is_active:
        raise IllegalTransition(
            "{school} is deactivated: reactivate the school first, or move {user} to an "
            "active school.",
            school=school.name,
            user=user.full_name,
        )
    await User.filter(id=user.id).update(is_active=True)
    await user.refresh_from_db(fields=["is_active"])
    return user


async def people(
    *, role: Role | None = None, school: School | None = None, active: bool | None = None
) -> list[User]:
    """The users with `role`, of `school`, active or not (each filter None: any), by name,
    with their schools."""
    found = User.all()
    if role is not None:
        found = found.filter(role=role)
    if school is not None:
        found = found.filter(school_id=school.id)
    if active is not None:
        found = found.filter(is_active=active)
    return await found.order_by("full_name", "id").select_related("school")


async def user_with_id(user_id: int) -> User:
    """The user with `user_id`, active or not, with their school. Raises NotFound when there
    is none (an id beyond the column's range included)."""
    user = None
    if 0 < user_id < 2**31:
        user = await User.get_or_none(id=user_id).select_related("school")
    if user is None:
        raise NotFound("There is no such user.")
    return user


def parse_role(value: str) -> Role:
    """The role named by its value (`teacher`, `director`, `it`, `coordinator`).

    Raises InvalidInput for anything else.
    """
    try:
        return Role(value.strip())
    except ValueError:
        raise InvalidInput("Choose a role from the list.") from None


async def _checked(
    current: User | None,
    *,
    full_name: str,
    email: str,
    role: str,
    school_code: str,
    locale: str,
) -> _Account:
    """The account's fields, each by its rule; `current` is the user being changed, None
    for a new one. Raises FieldsRefused for every field a rule refused."""
    found = FieldChecks()
    name = found.take(FULL_NAME, lambda: normalise_full_name(full_name))
    address = found.take(EMAIL, lambda: normalise_email(email))
    language = found.take(LOCALE, lambda: normalise_locale(locale))
    chosen_role = found.take(ROLE, lambda: parse_role(role))
    school = await found.awaited(SCHOOL, _school_for(school_code, current))
    if address is not None:
        await found.awaited(EMAIL, _require_free_address(address, current))
    if current is not None:
        channel = current.preferred_channel
        found.take(EMAIL, lambda: check_channel_is_reachable(channel=channel, email=address))
    if chosen_role is not None:
        found.take(SCHOOL, lambda: check_school_matches_role(role=chosen_role, school=school))
        if (
            current is not None
            and chosen_role is not Role.COORDINATOR
            and await _is_last_coordinator(current)
        ):
            found.refuse(ROLE, _last_coordinator(current))
    if found.errors or name is None or language is None or chosen_role is None:
        raise FieldsRefused(found.errors)
    return _Account(name, address, chosen_role, school, language)


async def _school_for(code: str, current: User | None) -> School | None:
    """The school with `code`, None for "". Raises InvalidInput for an unknown code and for
    a deactivated school that is not `current`'s already."""
    wanted = code.strip().lower()
    if not wanted:
        return None
    school = await School.get_or_none(code=wanted)
    if school is None:
        raise InvalidInput("There is no school with the code “{code}”.", code=code.strip())
    if not school.is_active and (current is None or current.school_id != school.id):
        raise InvalidInput("{school} is deactivated and takes no new people.", school=school.name)
    return school


async def _require_free_address(address: str, current: User | None) -> None:
    """Raises InvalidInput when a user other than `current` has `address`."""
    others = User.filter(email=address)
    if current is not None:
        others = others.exclude(id=current.id)
    if await others.exists():
        raise _email_taken(address)


async def _is_last_coordinator(user: User) -> bool:
    """Whether `user` is, as stored, the only active coordinator. Inside a transaction the
    active coordinators' rows stay locked until it ends, so that two coordinators cannot
    each demote the other at the same moment."""
    coordinators = await User.filter(role=Role.COORDINATOR, is_active=True).select_for_update()
    return [coordinator.id for coordinator in coordinators] == [user.id]


def _last_coordinator(user: User) -> IllegalTransition:
    return IllegalTransition(
        "{user} is the only active coordinator: make someone else coordinator first.",
        user=user.full_name,
    )


def _email_taken(address: str | None) -> InvalidInput:
    return InvalidInput("a user with the e-mail address “{email}” already exists", email=address)
