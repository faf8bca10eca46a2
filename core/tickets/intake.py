"""Reporting a fault: the service that records a new ticket, and the checks of its input.

The ticket, its "created" `TicketEvent` and the messages telling the IT specialists of it
are written in one transaction, which also gives the ticket its number. Everything else is
read before the number is taken, since taking it locks the year's counter until the ticket
is stored, and every other report waits for that lock. Bad input raises a DomainError and
changes nothing.
"""

from __future__ import annotations

from typing import Final

from tortoise.transactions import in_transaction

from core import clock
from core.errors import InvalidInput
from core.models import (
    Asset,
    Category,
    Channel,
    Priority,
    School,
    Ticket,
    TicketEventKind,
    TicketStatus,
    User,
)
from core.tickets._common import checked_text, record
from core.tickets.access import require_may_report
from core.tickets.notifications import new_ticket_audience, notify_new_ticket
from core.tickets.numbering import next_ticket_number
from core.tickets.sla import sla_targets, start_clock

DERIVED_TITLE_LENGTH: Final = 80
"""The longest title cut from a description's first line, ellipsis included."""


async def create_ticket(
    *,
    school: School,
    reporter: User | None,
    channel: Channel,
    category: Category,
    description: str,
    title: str | None = None,
    priority: Priority = Priority.NORMAL,
    room: str = "",
    asset: Asset | None = None,
    reporter_name: str = "",
    reporter_email: str = "",
) -> Ticket:
    """Records a fault reported at `school`, numbers it and starts its SLA clock.

    `reporter` is None for someone without an account (e.g. an unknown e-mail sender), who is
    then known by `reporter_name` and/or `reporter_email`. Texts are stripped; a missing
    title is the description's first line, cut at a word boundary.

    Raises InvalidInput when the description is empty, a text is too long, the category is
    no longer in use, the asset belongs to another school, the reporter belongs to another
    school (IT specialists and coordinators report for any school), or there is no reporter
    and neither name nor e-mail; PermissionDenied when the reporter's account is inactive.
    """
    description = checked_text("description", description)
    if not description:
        raise InvalidInput("The description of the fault must not be empty.")
    title = checked_text("title", title or "") or _title_from(description)
    room = checked_text("room", room)
    reporter_name = checked_text("reporter_name", reporter_name)
    reporter_email = checked_text("reporter_email", reporter_email)
    _check_category_and_asset(school=school, category=category, asset=asset)
    if reporter is not None:
        require_may_report(reporter, school)
    elif not (reporter_name or reporter_email):
        raise InvalidInput(
            "A ticket without a registered reporter needs the reporter's name or e-mail."
        )
    at = clock.now()
    targets = await sla_targets(priority)
    ticket = Ticket(
        school=school,
        reporter=reporter,
        reporter_name=reporter_name,
        reporter_email=reporter_email,
        channel=channel,
        category=category,
        priority=priority,
        room=room,
        asset=asset,
        title=title,
        description=description,
        created_at=at,
    )
    start_clock(ticket, targets)
    audience = await new_ticket_audience(school=school, reporter=reporter)
    async with in_transaction():
        ticket.number = await next_ticket_number(created_at=at)
        await record(
            ticket,
            kind=TicketEventKind.CREATED,
            actor=reporter,
            channel=channel,
            at=at,
            to_status=TicketStatus.NEW,
        )
        await notify_new_ticket(ticket, audience)
    return ticket


def _title_from(description: str) -> str:
    """The first line of a stripped, non-empty `description`, cut at a word boundary."""
    first_line = description.splitlines()[0].strip()
    if len(first_line) <= DERIVED_TITLE_LENGTH:
        return first_line
    cut = first_line[: DERIVED_TITLE_LENGTH - 1]
    head, space, _ = cut.rpartition(" ")
    return (head if space else cut).rstrip(" ,.;:-") + "…"


def _check_category_and_asset(*, school: School, category: Category, asset: Asset | None) -> None:
    if not category.is_active:
        raise InvalidInput(
            "The category “{category}” is no longer in use; choose another one.",
            category=category.name_pl,
        )
    if asset is not None and asset.school_id != school.id:
        raise InvalidInput(
            "The equipment {asset} belongs to another school.", asset=asset.inventory_number
        )


async def active_categories() -> list[Category]:
    """The categories a new report may choose from, in their display order."""
    return await Category.filter(is_active=True).order_by("sort_order", "code")


def checked_report_text(field: str, value: str) -> str:
    """`value` of a report's `field` ("room", "description", …) stripped and checked as
    `create_ticket` will, so a channel can refuse it at the step where it was typed.
    Raises InvalidInput when it is too long, or when the description is empty."""
    value = checked_text(field, value)
    if field == "description" and not value:
        raise InvalidInput("The description of the fault must not be empty.")
    return value
