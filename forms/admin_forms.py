"""What the administration's forms share: checkboxes as sent, yes and no, and the refusals
as the visitor reads them."""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from starlette.datastructures import FormData

from core.errors import DomainError
from core.i18n import mark, translate_label

Errors = dict[str, DomainError]
"""What is wrong with a form, by field."""

CHECKED: Final = "1"
"""The value a ticked checkbox sends."""


def flag_sent(form: FormData, name: str) -> object:
    """A ticked checkbox is True and a missing one False; anything else is passed on as
    sent, for the core's check to refuse."""
    value = str(form.get(name, ""))
    if value in ("", CHECKED):
        return value == CHECKED
    return value


def form_flag(value: object) -> str:
    """A stored yes or no as the checkbox shows it."""
    return CHECKED if value is True else ""


def yes_and_no(locale: str) -> dict[str, str]:
    return {
        "yes": translate_label(mark("flag|yes"), locale),
        "no": translate_label(mark("flag|no"), locale),
    }


def messages_of(errors: Errors, locale: str) -> dict[str, str]:
    """Each refusal in `locale`."""
    return {name: error.translated(locale) for name, error in errors.items()}


def field_of(error: DomainError, fields: Collection[str] | None = None) -> str:
    """The field a refusal names, or "form" for the form as a whole (also when it names
    none of `fields`, given the form's fields)."""
    named = str(error.params.get("field", "form"))
    return named if fields is None or named in fields else "form"
