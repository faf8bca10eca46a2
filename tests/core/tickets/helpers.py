"""Steps that tickets tests share: bringing a ticket to a status, making equipment,
counting what was written."""

from __future__ import annotations

from collections.abc import Sequence

from core import clock
from core.models import (
    Asset,
    AssetKind,
    Channel,
    School,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketStatus,
    User,
)
from core.tickets import change_status

PATHS: dict[TicketStatus, Sequence[TicketStatus]] = {
    TicketStatus.NEW: (),
    TicketStatus.ASSIGNED: (TicketStatus.ASSIGNED,),
    TicketStatus.IN_PROGRESS: (TicketStatus.IN_PROGRESS,),
    TicketStatus.WAITING_REPORTER: (TicketStatus.IN_PROGRESS, TicketStatus.WAITING_REPORTER),
    TicketStatus.WAITING_VENDOR: (TicketStatus.IN_PROGRESS, TicketStatus.WAITING_VENDOR),
    TicketStatus.RESOLVED: (TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED),
    TicketStatus.CLOSED: (TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, TicketStatus.CLOSED),
}
"""How staff bring a new ticket to each status."""


async def bring_to(ticket: Ticket, status: TicketStatus, *, actor: User) -> Ticket:
    """`ticket` moved by `actor` along `PATHS` to `status`."""
    for step in PATHS[status]:
        ticket = await change_status(ticket, to=step, actor=actor, channel=Channel.WEB)
    return ticket


async def make_asset(school: School, *, inventory_number: str = "PRJ-1") -> Asset:
    at = clock.now()
    return await Asset.create(
        public_id=f"{school.code}-{inventory_number}",
        school=school,
        kind=AssetKind.PROJECTOR,
        inventory_number=inventory_number,
        created_at=at,
        updated_at=at,
    )


async def stored_row_counts() -> tuple[int, int, int]:
    """How many tickets, ticket events and ticket counters the database holds."""
    return (
        await Ticket.all().count(),
        await TicketEvent.all().count(),
        await TicketCounter.all().count(),
    )
