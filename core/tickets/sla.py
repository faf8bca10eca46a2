"""Service-level targets of tickets, counted in business time of the configured calendar
(Mon–Fri working hours in Europe/Warsaw, Polish public holidays excluded).

Each priority has two targets, the first response and the resolution (`SlaPolicy` rows, or
`DEFAULT_SLA_POLICIES` for a priority without one). How the clock runs:

- At creation both due times are stored: creation plus the priority's targets.
- The first response is the first public action by staff (assignment, status change, public
  comment); the services stamp it with `record_first_response`.
- The clock stands still while the ticket waits on the reporter or a vendor. Entering a
  waiting status stores `sla_paused_at`; leaving it pushes the still-open due times forward
  by the business time spent waiting and clears `sla_paused_at`.
- Resolving stamps `resolved_at`, closing `closed_at`; either ends the resolution clock.
  Reopening clears both and pushes the resolution due time by the business time the ticket
  spent finished, so the clock continues from what was left (or stays breached).
- A new priority recomputes the still-open due times from creation: the new targets plus all
  the business time the clock has stood still so far, read from the ticket's status history.
  A target already met keeps its due time; it is history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from core.calendar.configured import configured_calendar
from core.models import Priority, SlaPolicy, Ticket, TicketEvent, TicketStatus
from core.tickets.defaults import DEFAULT_SLA_POLICIES, SlaTargets
from core.tickets.states import DONE_STATUSES, WAITING_STATUSES, is_reopening

_CLOCK_STOPPED = WAITING_STATUSES | DONE_STATUSES


class SlaStatus(StrEnum):
    MET = "met"
    RUNNING = "running"
    NEAR_BREACH = "near_breach"
    BREACHED = "breached"


@dataclass(frozen=True, kw_only=True)
class TargetState:
    """Where one target stands. `remaining` is the business time from the moment measured
    (when the target was met, when the clock stopped, or the moment asked about) to `due_at`;
    negative past it. A target met late is BREACHED."""

    status: SlaStatus
    due_at: datetime
    remaining: timedelta


@dataclass(frozen=True, kw_only=True)
class SlaState:
    first_response: TargetState
    resolution: TargetState


async def sla_targets(priority: Priority) -> SlaTargets:
    """The targets of `priority`: its `SlaPolicy` row, else the default."""
    policy = await SlaPolicy.get_or_none(priority=priority)
    if policy is None:
        return DEFAULT_SLA_POLICIES[priority]
    return SlaTargets(
        first_response=timedelta(minutes=policy.first_response_minutes),
        resolution=timedelta(minutes=policy.resolution_minutes),
        near_breach_percent=policy.near_breach_percent,
    )


def start_clock(ticket: Ticket, targets: SlaTargets) -> None:
    """Sets both due times of a ticket being created, counted from its `created_at`."""
    calendar = configured_calendar()
    ticket.first_response_due_at = calendar.add_business_time(
        ticket.created_at, targets.first_response
    )
    ticket.resolution_due_at = calendar.add_business_time(ticket.created_at, targets.resolution)


def record_first_response(ticket: Ticket, at: datetime) -> None:
    """Stamps the first response at `at`, unless there was one already."""
    if ticket.first_response_at is None:
        ticket.first_response_at = at


def move_clock(ticket: Ticket, *, to: TicketStatus, at: datetime) -> None:
    """Keeps the clock's stamps and due times right for `ticket` moving at `at` from its
    current status to `to`. Call it before setting the new status."""
    current = ticket.status
    if current in WAITING_STATUSES and to not in WAITING_STATUSES:
        _push_open_due_times(ticket, stopped_since=ticket.sla_paused_at, until=at)
        ticket.sla_paused_at = None
    if to in WAITING_STATUSES and current not in WAITING_STATUSES:
        ticket.sla_paused_at = at
    if is_reopening(current, to):
        finished_at = ticket.resolved_at or ticket.closed_at
        ticket.resolved_at = ticket.closed_at = None
        _push_open_due_times(ticket, stopped_since=finished_at, until=at)
    if to == TicketStatus.RESOLVED:
        ticket.resolved_at = at
    if to == TicketStatus.CLOSED:
        ticket.closed_at = at


async def recompute_due_times(ticket: Ticket) -> None:
    """Sets the still-open due times for the ticket's (new) priority; see the module docstring."""
    targets = await sla_targets(ticket.priority)
    stood_still = await _business_time_stood_still(ticket)
    calendar = configured_calendar()
    if ticket.first_response_at is None:
        ticket.first_response_due_at = calendar.add_business_time(
            ticket.created_at, targets.first_response + stood_still
        )
    if _resolution_ended_at(ticket) is None:
        ticket.resolution_due_at = calendar.add_business_time(
            ticket.created_at, targets.resolution + stood_still
        )


async def sla_state(ticket: Ticket, at: datetime) -> SlaState:
    """Where both targets of `ticket`, as stored, stand at `at` (normally now).

    While the ticket waits, its clock is read at the moment it stopped. A running target is
    NEAR_BREACH once `near_breach_percent` of its budget is used.
    """
    targets = await sla_targets(ticket.priority)
    clock_at = at if ticket.sla_paused_at is None else min(at, ticket.sla_paused_at)
    return SlaState(
        first_response=_target_state(
            due_at=ticket.first_response_due_at,
            met_at=ticket.first_response_at,
            clock_at=clock_at,
            budget=targets.first_response,
            near_breach_percent=targets.near_breach_percent,
        ),
        resolution=_target_state(
            due_at=ticket.resolution_due_at,
            met_at=_resolution_ended_at(ticket),
            clock_at=clock_at,
            budget=targets.resolution,
            near_breach_percent=targets.near_breach_percent,
        ),
    )


def _target_state(
    *,
    due_at: datetime,
    met_at: datetime | None,
    clock_at: datetime,
    budget: timedelta,
    near_breach_percent: int,
) -> TargetState:
    measured_at = clock_at if met_at is None else met_at
    remaining = _signed_business_time(measured_at, due_at)
    if measured_at > due_at:
        status = SlaStatus.BREACHED
    elif met_at is not None:
        status = SlaStatus.MET
    elif (budget - remaining) * 100 >= budget * near_breach_percent:
        status = SlaStatus.NEAR_BREACH
    else:
        status = SlaStatus.RUNNING
    return TargetState(status=status, due_at=due_at, remaining=remaining)


def _signed_business_time(start: datetime, end: datetime) -> timedelta:
    calendar = configured_calendar()
    return calendar.business_time_between(start, end) - calendar.business_time_between(end, start)


def _resolution_ended_at(ticket: Ticket) -> datetime | None:
    # A ticket closed without being resolved (a duplicate) has nothing left to resolve.
    return ticket.resolved_at or ticket.closed_at


def _push_open_due_times(
    ticket: Ticket, *, stopped_since: datetime | None, until: datetime
) -> None:
    """Moves the due times of the targets not yet met by the business time in
    [stopped_since, until); nothing when the clock was not stopped."""
    if stopped_since is None:
        return
    calendar = configured_calendar()
    stopped = calendar.business_time_between(stopped_since, until)
    # Adding zero would still move a due time lying at the end of a working day to the
    # next morning: equal in business time, but a needless change of the stored value.
    if not stopped:
        return
    if ticket.first_response_at is None:
        ticket.first_response_due_at = calendar.add_business_time(
            ticket.first_response_due_at, stopped
        )
    if _resolution_ended_at(ticket) is None:
        ticket.resolution_due_at = calendar.add_business_time(ticket.resolution_due_at, stopped)


async def _business_time_stood_still(ticket: Ticket) -> timedelta:
    """The business time the ticket has spent waiting or finished, over its whole history;
    a stop still going on is not counted (leaving it will push the due times)."""
    calendar = configured_calendar()
    status_changes = await TicketEvent.filter(
        ticket_id=ticket.id, to_status__isnull=False
    ).order_by("at", "id")
    total = timedelta(0)
    stopped_since: datetime | None = None
    for event in status_changes:
        stopped = event.to_status in _CLOCK_STOPPED
        if stopped and stopped_since is None:
            stopped_since = event.at
        elif not stopped and stopped_since is not None:
            total += calendar.business_time_between(stopped_since, event.at)
            stopped_since = None
    return total
