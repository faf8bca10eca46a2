"""Lists of open tickets: a person's own, and the IT specialist's queue."""

from __future__ import annotations

from core.models import Priority, Ticket, TicketStatus, User
from core.tickets.access import require_ticket_worker

OPEN_STATUSES = (
    TicketStatus.NEW,
    TicketStatus.ASSIGNED,
    TicketStatus.IN_PROGRESS,
    TicketStatus.WAITING_REPORTER,
    TicketStatus.WAITING_VENDOR,
)
URGENCY = (Priority.CRITICAL, Priority.HIGH, Priority.NORMAL, Priority.LOW)


async def open_tickets_reported_by(user: User) -> list[Ticket]:
    """The tickets `user` reported that are not resolved or closed, newest first."""
    return await Ticket.filter(reporter=user, status__in=OPEN_STATUSES).order_by("-created_at")


async def open_queue(worker: User) -> list[Ticket]:
    """Every open ticket, most urgent first, then by resolution due time.

    Raises PermissionDenied unless `worker` is the IT specialist or the coordinator."""
    require_ticket_worker(worker)
    tickets = await Ticket.filter(status__in=OPEN_STATUSES).prefetch_related("school")
    return sorted(tickets, key=lambda t: (URGENCY.index(t.priority), t.resolution_due_at))
