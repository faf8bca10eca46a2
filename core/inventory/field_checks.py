"""Checks of one field's value, shared by the equipment's forms and sheets: each builds a
`Validator` that returns the value to store or raises InvalidInput naming the field."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from core.errors import InvalidInput

Validator = Callable[[str, object], object]
"""Takes a field's name and the value given; returns the value to store or raises
InvalidInput naming the field in its `field` parameter, so a form can mark it."""


def text(max_length: int, *, required: bool = False) -> Validator:
    """Text stripped of surrounding spaces, at most `max_length` characters."""

    def clean(field: str, value: object) -> str:
        if not isinstance(value, str):
            raise InvalidInput("Expected text, got {value}", field=field, value=value)
        stripped = value.strip()
        if required and not stripped:
            raise InvalidInput("This field must not be empty", field=field)
        if len(stripped) > max_length:
            raise InvalidInput(
                "At most {max_length} characters allowed, got {length}",
                field=field,
                max_length=max_length,
                length=len(stripped),
            )
        return stripped

    return clean


def choice(enum: type[StrEnum], *, nullable: bool = False) -> Validator:
    """One of `enum`'s values; with `nullable`, None for "not recorded" too."""

    def clean(field: str, value: object) -> StrEnum | None:
        if value is None:
            if nullable:
                return None
            raise InvalidInput("This field is required", field=field)
        if isinstance(value, str) and value in tuple(enum):
            return enum(value)
        raise InvalidInput(
            "Unknown value {value}; allowed: {allowed}",
            field=field,
            value=value,
            allowed=", ".join(enum),
        )

    return clean


def whole_number(low: int, high: int) -> Validator:
    """A whole number from `low` to `high`, or None for "not recorded"."""

    def clean(field: str, value: object) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(
                "Expected a whole number from {low} to {high}, got {value}",
                field=field,
                low=low,
                high=high,
                value=value,
            )
        return value

    return clean


def flag(*, nullable: bool) -> Validator:
    """Yes or no; with `nullable`, None for "not recorded" too."""

    def clean(field: str, value: object) -> bool | None:
        if value is None and nullable:
            return None
        if not isinstance(value, bool):
            raise InvalidInput("Expected yes or no, got {value}", field=field, value=value)
        return value

    return clean
