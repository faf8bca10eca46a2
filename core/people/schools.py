"""Schools as the coordinator adds and keeps them by hand: adding, changing, deactivating and
reactivating one.

The fields obey the rules of the XLSX import of schools (`core.people.xlsx_import`, with the
limits of `core.people.xlsx_templates`), and every refused field is reported at once
(`FieldsRefused`). The code is the school's key in import files and in its page's address,
so it is given once and never changes.

A deactivated school gets no new obligations, inventory rounds or people and is left out of
the gmina's figures; its history stays. It can be deactivated only once none of its people
is active, so that nobody is left working for a school hdr-desk no longer follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from tortoise.exceptions import IntegrityError

from core.errors import IllegalTransition, InvalidInput, NotFound
from core.models import School, User
from core.people import xlsx_templates as layout
from core.people.accounts import FieldChecks, FieldsRefused

CODE: Final = "code"
NAME: Final = "name"
SHORT_NAME: Final = "short_name"
ADDRESS: Final = "address"
PUPILS: Final = "pupils"
CODE_PATTERN: Final = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
MOST_PUPILS: Final = 100_000
"""More than any school has, and well within the column's range."""


@dataclass(frozen=True)
class _Details:
    """A school's fields, other than its code, once every rule has accepted them."""

    name: str
    short_name: str
    address: str
    pupils: int | None


def normalise_school_code(text: str) -> str:
    """`text` stripped and in lower case. Raises InvalidInput unless it is made of letters
    a–z, digits, "-" and "_", and fits the column."""
    code = text.strip().lower()
    if not code:
        raise InvalidInput("a value is required")
    limit = layout.SCHOOL_CODE.max_length
    if limit is not None and len(code) > limit:
        raise InvalidInput("too long: at most {limit} characters", limit=limit)
    if not CODE_PATTERN.fullmatch(code):
        raise InvalidInput(
            "invalid school code “{code}”: use only letters a–z, digits, “-” and “_”",
            code=text.strip(),
        )
    return code


def normalise_pupils(text: str) -> int | None:
    """The number of pupils typed as `text`; None when blank. Raises InvalidInput unless it
    is a whole number from 0 to MOST_PUPILS."""
    stripped = text.strip()
    if not stripped:
        return None
    if not stripped.isascii() or not stripped.isdigit():
        raise InvalidInput("“{value}” is not a whole number of at least 0", value=stripped)
    if int(stripped) > MOST_PUPILS:
        raise InvalidInput("at most {limit} pupils", limit=MOST_PUPILS)
    return int(stripped)


async def school_with_code(code: str) -> School:
    """The school with `code`, active or not. Raises NotFound when there is none."""
    school = await School.get_or_none(code=code.strip().lower()) if code.strip() else None
    if school is None:
        raise NotFound("There is no school with the code “{code}”.", code=code.strip())
    return school


async def schools() -> list[School]:
    """Every school, active or not, by name."""
    return await School.all().order_by("name", "id")


async def create_school(
    *, code: str, name: str, short_name: str = "", address: str = "", pupils: str = ""
) -> School:
    """A new active school. An empty `short_name` takes the full name, which then must fit a
    short name; `pupils` is the number as typed, empty when not known.

    Raises FieldsRefused naming every refused field, the code among them when another
    school has it; nothing is written then.
    """
    found = FieldChecks()
    checked_code = found.take(CODE, lambda: normalise_school_code(code))
    details = _checked_details(
        found, name=name, short_name=short_name, address=address, pupils=pupils
    )
    if checked_code is not None and await School.filter(code=checked_code).exists():
        found.refuse(CODE, _code_taken(checked_code))
    if found.errors or checked_code is None or details is None:
        raise FieldsRefused(found.errors)
    try:
        return await School.create(
            code=checked_code,
            name=details.name,
            short_name=details.short_name,
            address=details.address,
            pupils=details.pupils,
        )
    except IntegrityError:
        # Another request added the code between the check and the insert.
        raise FieldsRefused({CODE: _code_taken(checked_code)}) from None


async def change_school(
    school: School, *, name: str, short_name: str, address: str, pupils: str
) -> School:
    """`school` with the fields typed, under the rules of `create_school`; its code stays.

    Raises FieldsRefused naming every refused field; nothing is written then.
    """
    found = FieldChecks()
    details = _checked_details(
        found, name=name, short_name=short_name, address=address, pupils=pupils
    )
    if found.errors or details is None:
        raise FieldsRefused(found.errors)
    await School.filter(id=school.id).update(
        name=details.name,
        short_name=details.short_name,
        address=details.address,
        pupils=details.pupils,
    )
    await school.refresh_from_db()
    return school


async def deactivate_school(school: School) -> School:
    """`school`, no longer active. Raises IllegalTransition while any of its people is
    active (move them to another school or deactivate them first); nothing is changed then.
    Deactivating an inactive school changes nothing."""
    staying = await User.filter(school_id=school.id, is_active=True).count()
    if staying:
        raise IllegalTransition(
            "{school} still has active people ({count}): move them to another school or "
            "deactivate them first.",
            school=school.name,
            count=staying,
        )
    await School.filter(id=school.id).update(is_active=False)
    await school.refresh_from_db(fields=["is_active"])
    return school


async def reactivate_school(school: School) -> School:
    """`school`, active again: it takes people, obligations and inventory rounds. Its people
    who were deactivated stay so until each is reactivated."""
    await School.filter(id=school.id).update(is_active=True)
    await school.refresh_from_db(fields=["is_active"])
    return school


def _checked_details(
    found: FieldChecks, *, name: str, short_name: str, address: str, pupils: str
) -> _Details | None:
    """The fields other than the code, each refusal recorded in `found`; None if any."""
    checked_name = found.take(
        NAME, lambda: _text(name, layout.SCHOOL_NAME.max_length, required=True)
    )
    checked_short = found.take(
        SHORT_NAME, lambda: _text(short_name, layout.SCHOOL_SHORT_NAME.max_length)
    )
    checked_address = found.take(ADDRESS, lambda: _text(address, layout.SCHOOL_ADDRESS.max_length))
    checked_pupils = found.take(PUPILS, lambda: normalise_pupils(pupils))
    if checked_name is not None and checked_short == "":
        checked_short = found.take(SHORT_NAME, lambda: _name_as_short_name(checked_name))
    if found.errors or checked_name is None or checked_short is None or checked_address is None:
        return None
    return _Details(checked_name, checked_short, checked_address, checked_pupils)


def _text(text: str, limit: int | None, *, required: bool = False) -> str:
    stripped = text.strip()
    if required and not stripped:
        raise InvalidInput("a value is required")
    if limit is not None and len(stripped) > limit:
        raise InvalidInput("too long: at most {limit} characters", limit=limit)
    return stripped


def _name_as_short_name(name: str) -> str:
    limit = layout.SCHOOL_SHORT_NAME.max_length
    if limit is not None and len(name) > limit:
        raise InvalidInput("required when the name is longer than {limit} characters", limit=limit)
    return name


def _code_taken(code: str) -> InvalidInput:
    return InvalidInput("a school with the code “{code}” already exists", code=code)
