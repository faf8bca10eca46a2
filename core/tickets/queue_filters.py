"""The IT queue as staff narrow it down: open tickets across schools filtered by school,
category, status, priority and SLA breach, soonest due first; and who can be given a ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.models import Priority, Ticket, TicketStatus, User
from core.tickets.access import STAFF_ROLES, require_ticket_worker
from core.tickets.queues import OPEN_STATUSES
from core.tickets.sla import SlaState, SlaStatus, sla_state


@dataclass(frozen=True, kw_only=True)
class QueueFilters:
    """What the queue is narrowed to; None (or False) lets everything through."""

    school_id: int | None = None
    category_id: int | None = None
    status: TicketStatus | None = None
    priority: Priority | None = None
    sla_breached_only: bool = False


@dataclass(frozen=True, kw_only=True)
class QueueRow:
    ticket: Ticket
    sla: SlaState

    @property
    def breached(self) -> bool:
        """Whether either target, first response or resolution, is past its due time."""
        return SlaStatus.BREACHED in (self.sla.first_response.status, self.sla.resolution.status)

    @property
    def status(self) -> SlaStatus:
        """Breached when either target is; otherwise where the target measured now stands."""
        if self.breached:
            return SlaStatus.BREACHED
        if self.sla.first_response.status == SlaStatus.MET:
            return self.sla.resolution.status
        return self.sla.first_response.status

    @property
    def next_due_at(self) -> datetime:
        """The due time the ticket is measured against now: its first response while none was
        given, its resolution afterwards."""
        if self.sla.first_response.status in (SlaStatus.MET, SlaStatus.BREACHED):
            return self.sla.resolution.due_at
        return min(self.sla.first_response.due_at, self.sla.resolution.due_at)


async def filtered_queue(worker: User, filters: QueueFilters, *, at: datetime) -> list[QueueRow]:
    """The open tickets that pass `filters`, with their SLA state at `at`, soonest due first
    (ties by number, so the order is stable).

    Raises PermissionDenied unless `worker` is the IT specialist or the coordinator."""
    require_ticket_worker(worker)
    query = Ticket.filter(status__in=OPEN_STATUSES)
    if filters.school_id is not None:
        query = query.filter(school_id=filters.school_id)
    if filters.category_id is not None:
        query = query.filter(category_id=filters.category_id)
    if filters.status is not None:
        query = query.filter(status=filters.status)
    if filters.priority is not None:
        query = query.filter(priority=filters.priority)
    tickets = await query.prefetch_related("school", "category", "assignee")
    rows = [QueueRow(ticket=ticket, sla=await sla_state(ticket, at)) for ticket in tickets]
    if filters.sla_breached_only:
        rows = [row for row in rows if row.breached]
    return sorted(rows, key=lambda row: (row.next_due_at, row.ticket.number))


async def ticket_workers() -> list[User]:
    """The active people a ticket can be assigned to (IT specialists and coordinators), by name."""
    return await User.filter(role__in=tuple(STAFF_ROLES), is_active=True).order_by("full_name")
