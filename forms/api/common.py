"""What every API endpoint shares: pagination, bounded identifiers and clean text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Final, Generic, TypeVar

from fastapi import Path, Query
from pydantic import AfterValidator, BaseModel, Field
from tortoise.models import Model
from tortoise.queryset import QuerySet

MAX_ID: Final = 2**31 - 1
"""The largest value of an integer key in every supported database."""
MAX_PAGE: Final = 100
DEFAULT_PAGE: Final = 50
NO_CONTROL_CHARACTERS: Final = r"^[^\x00-\x1f\x7f]*$"
"""Identifiers and filters never contain control characters (PostgreSQL refuses NUL)."""

T = TypeVar("T")
M = TypeVar("M", bound=Model)


class Page(BaseModel, Generic[T]):
    """One page of a list: `items` from `offset` on, of `total` in all."""

    items: list[T]
    total: int = Field(ge=0)
    limit: int = Field(ge=1, le=MAX_PAGE)
    offset: int = Field(ge=0)


async def page_of(
    rows: QuerySet[M],
    to_item: Callable[[M], T],
    *,
    order: Sequence[str],
    limit: int,
    offset: int,
    related: Sequence[str] = (),
) -> Page[T]:
    """The page of `rows` from `offset`, in `order`, each made an item by `to_item`."""
    total = await rows.count()
    chosen = rows.order_by(*order).offset(offset).limit(limit)
    if related:
        chosen = chosen.prefetch_related(*related)
    return Page(
        items=[to_item(row) for row in await chosen], total=total, limit=limit, offset=offset
    )


class Problem(BaseModel):
    """An error: what went wrong, in the caller's language."""

    detail: str


class InvalidRequest(BaseModel):
    """Bad input: the domain's message, or the list of fields that failed validation."""

    detail: str | list[dict[str, Any]]


ERROR_RESPONSES: Final[dict[int | str, dict[str, object]]] = {
    401: {"model": Problem, "description": "No token, or one that is unknown or revoked."},
    404: {"model": Problem, "description": "Not found, or not visible to the token's user."},
}

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Items to skip.")]
SchoolCode = Annotated[
    str | None,
    Query(min_length=1, max_length=32, pattern=NO_CONTROL_CHARACTERS, description="School code."),
]
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _storable(text: str) -> str:
    """`text` when a database can store it: no NUL character, no lone surrogate."""
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("must be valid Unicode") from error
    return text


StorableText = Annotated[str, AfterValidator(_storable)]
"""Free text from a request body, checked only for what no database accepts; its length
and content are the domain's to judge (with a translated message)."""
