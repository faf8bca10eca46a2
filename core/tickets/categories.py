"""The coordinator's list of fault categories: adding one, renaming it or changing its order
and data-protection flag, and taking it out of use or back.

A category's code is its name in data (the e-mail intake files mail under "other", the
Telegram buttons carry it), so it is set once and never changed. A category is never
deleted: old tickets keep pointing at it. One taken out of use (`is_active` false) is no
longer offered to new reports on any channel (`active_categories`), and at least one must
stay in use, or nobody could report a fault.

The field checks (`checked_category_field`) are public so a form can mark every bad field at
once; the services run them again and raise InvalidInput for the first bad one, carrying the
field's name in its `field` parameter. Nothing is written when a check fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.errors import IllegalTransition, InvalidInput, NotFound
from core.models import Category

CODE_MAX_LENGTH: Final = 32
NAME_MAX_LENGTH: Final = 100
HIGHEST_SORT_ORDER: Final = 9999
SORT_ORDER_STEP: Final = 10
"""A new category goes this far after the last one, leaving room to put others between."""

_CODE = re.compile(r"[a-z][a-z0-9_]*")


def _code(field: str, value: object) -> str:
    code = _text(CODE_MAX_LENGTH)(field, value)
    if not _CODE.fullmatch(code):
        raise InvalidInput(
            "Use small letters a–z, digits and _ only, starting with a letter (e.g. {example})",
            field=field,
            example="network_printers",
        )
    return code


def _text(max_length: int) -> Callable[[str, object], str]:
    def clean(field: str, value: object) -> str:
        if not isinstance(value, str):
            raise InvalidInput("Expected text, got {value}", field=field, value=value)
        text = value.strip()
        if not text:
            raise InvalidInput("This field must not be empty", field=field)
        if len(text) > max_length:
            raise InvalidInput(
                "At most {max_length} characters allowed, got {length}",
                field=field,
                max_length=max_length,
                length=len(text),
            )
        return text

    return clean


def _sort_order(field: str, value: object) -> int:
    """A whole number from 0 to HIGHEST_SORT_ORDER, given as a number or as typed text."""
    number: object = value
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,9}\s*", value):
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int):
        number = None
    if number is None or not 0 <= number <= HIGHEST_SORT_ORDER:
        raise InvalidInput(
            "Expected a whole number from {low} to {high}, got {value}",
            field=field,
            low=0,
            high=HIGHEST_SORT_ORDER,
            value=value,
        )
    return number


def _flag(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput("Expected yes or no, got {value}", field=field, value=value)
    return value


_CHECKS: Final[Mapping[str, Callable[[str, object], object]]] = {
    "code": _code,
    "name_pl": _text(NAME_MAX_LENGTH),
    "name_en": _text(NAME_MAX_LENGTH),
    "notifies_data_protection_officer": _flag,
    "sort_order": _sort_order,
}
CATEGORY_FIELDS: Final = tuple(_CHECKS)


def checked_category_field(field: str, value: object) -> object:
    """`value` of the category's `field` as it would be stored: texts stripped, the sort
    order as a number (typed text such as "30" is read). Raises InvalidInput naming `field`."""
    return _CHECKS[field](field, value)


async def all_categories() -> list[Category]:
    """Every category, in use or not, in display order."""
    return await Category.all().order_by("sort_order", "code")


async def category_by_code(code: str) -> Category:
    """The category with `code`; raises NotFound when there is none."""
    category = await Category.get_or_none(code=code)
    if category is None:
        raise NotFound("There is no category with the code {code}.", code=code)
    return category


async def next_sort_order() -> int:
    """Where a new category goes by default: after the last one."""
    last = await Category.all().order_by("-sort_order").first()
    if last is None:
        return SORT_ORDER_STEP
    return min(last.sort_order + SORT_ORDER_STEP, HIGHEST_SORT_ORDER)


async def create_category(
    *,
    code: str,
    name_pl: str,
    name_en: str,
    notifies_data_protection_officer: bool = False,
    sort_order: int | str | None = None,
) -> Category:
    """Adds a category in use, by default after the last one (`sort_order` may be given as
    typed text). Raises InvalidInput for a bad
    field or a code already taken (by a category in use or not)."""
    fields = {
        "code": code,
        "name_pl": name_pl,
        "name_en": name_en,
        "notifies_data_protection_officer": notifies_data_protection_officer,
    }
    checked = {field: checked_category_field(field, value) for field, value in fields.items()}
    checked["sort_order"] = (
        await next_sort_order()
        if sort_order is None
        else checked_category_field("sort_order", sort_order)
    )
    taken = InvalidInput(
        "The code {code} is already used by another category.", field="code", code=checked["code"]
    )
    if await Category.exists(code=checked["code"]):
        raise taken
    category = Category(**checked)
    try:
        await category.save()
    except IntegrityError:
        # Someone added the same code between the check and the insert.
        raise taken from None
    return category


async def change_category(
    category: Category,
    *,
    name_pl: str,
    name_en: str,
    notifies_data_protection_officer: bool,
    sort_order: int | str,
) -> Category:
    """Renames the category, sets whether its tickets notify the data protection officer and
    where it is listed. Raises InvalidInput for a bad field."""
    fields = {
        "name_pl": name_pl,
        "name_en": name_en,
        "notifies_data_protection_officer": notifies_data_protection_officer,
        "sort_order": sort_order,
    }
    checked = {field: checked_category_field(field, value) for field, value in fields.items()}
    await Category.filter(id=category.id).update(**checked)
    await category.refresh_from_db()
    return category


async def deactivate_category(category: Category) -> Category:
    """Takes the category out of use: new reports no longer offer it; its tickets keep it.
    Raises IllegalTransition when it is out of use already or is the last one in use."""
    async with in_transaction():
        # Locking every category in use keeps two deactivations at once from both
        # seeing the other category still in use.
        in_use = await Category.filter(is_active=True).select_for_update()
        if category.id not in {each.id for each in in_use}:
            raise IllegalTransition(
                "The category “{category}” is already out of use.", category=category.name_pl
            )
        if len(in_use) == 1:
            raise IllegalTransition(
                "The category “{category}” is the last one in use; a fault report needs at "
                "least one category.",
                category=category.name_pl,
            )
        await Category.filter(id=category.id).update(is_active=False)
    await category.refresh_from_db()
    return category


async def reactivate_category(category: Category) -> Category:
    """Puts the category back in use for new reports. Raises IllegalTransition when it is
    in use already."""
    updated = await Category.filter(id=category.id, is_active=False).update(is_active=True)
    await category.refresh_from_db()
    if not updated:
        raise IllegalTransition(
            "The category “{category}” is already in use.", category=category.name_pl
        )
    return category
