"""What the ticket services share: the limits of free-text inputs, saving a change together
with the `TicketEvent` that records it, and re-reading the ticket as stored."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from core.errors import InvalidInput
from core.i18n import mark
from core.models import Ticket, TicketEvent

TEXT_LIMITS: Final[Mapping[str, tuple[int, str]]] = MappingProxyType(
    {
        "description": (5000, mark("The description is too long (at most {limit} characters).")),
        "title": (200, mark("The title is too long (at most {limit} characters).")),
        "room": (100, mark("The room name is too long (at most {limit} characters).")),
        "reporter_name": (
            200,
            mark("The reporter's name is too long (at most {limit} characters)."),
        ),
        "reporter_email": (
            254,
            mark("The reporter's e-mail address is too long (at most {limit} characters)."),
        ),
        "comment": (5000, mark("The comment is too long (at most {limit} characters).")),
    }
)
"""For each free-text input: its longest allowed length, and the error when it is longer."""


def checked_text(field: str, value: str) -> str:
    """`value` stripped; raises InvalidInput when it is longer than `TEXT_LIMITS[field]`."""
    value = value.strip()
    limit, too_long = TEXT_LIMITS[field]
    if len(value) > limit:
        raise InvalidInput(too_long, limit=limit)
    return value


async def reloaded(ticket: Ticket) -> Ticket:
    return await Ticket.get(id=ticket.id)


async def record(ticket: Ticket, *, at: datetime, **event: Any) -> None:
    """Saves the changed `ticket` as of `at` and adds the `TicketEvent` (given by its
    fields) that says what changed."""
    ticket.updated_at = at
    await ticket.save()
    await TicketEvent.create(ticket=ticket, at=at, **event)
