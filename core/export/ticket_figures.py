"""The ticket figures of one month, computed in one streaming pass over the tickets.

What each figure counts (the month runs from local midnight to local midnight in the
gmina's time zone):

- opened: tickets created in the month;
- resolved: tickets whose `resolved_at` falls in the month (a ticket closed without being
  resolved, such as a duplicate, is not resolved; a reopened ticket counts from its latest
  resolution);
- open at month end: created before the month ended and neither resolved nor closed by then;
- first response time: business hours (`core.calendar`) from creation to the first
  response, for the tickets first answered in the month; resolution time: business hours
  from creation to resolution, for the tickets resolved in the month (time spent waiting
  for the reporter or a vendor included: it is how long the fault lasted);
- SLA compliance: of the first responses given in the month, the share given by their due
  time, and of the resolutions, the share made by theirs, as `core.tickets.sla` judges a
  target (met when done at or before the due time; the due times already allow for waits);
- satisfaction: the ratings (1–5) of the tickets resolved in the month.

Tickets are read as `core.export.ticket_query` reads them: in chunks, as plain values. When
a listing is wanted, each ticket touched in the month (any of the above, closed in it, or
with any event in it) is handed to `on_row` from the same read that counts it, so a listing
agrees with the figures.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from core.calendar.configured import configured_calendar
from core.export.directory import Directory, user_names
from core.export.month import Month
from core.export.stats import Share
from core.export.ticket_kpis import Tally, TicketKpis
from core.export.ticket_query import (
    count_tickets,
    measured_in,
    open_counts,
    sla_counts,
    ticket_chunks,
    touched_in,
)
from core.models import Channel, Priority, TicketStatus

_HOUR: Final = dt.timedelta(hours=1)

Progress = Callable[[int, int], None]
"""Called with (tickets done, tickets in all) as a listing is written."""


class _Values(NamedTuple):
    """The columns a month's pass reads of each ticket."""

    id: int
    number: str
    created_at: dt.datetime
    school_id: int
    category_id: int
    priority: Priority
    status: TicketStatus
    channel: Channel
    title: str
    reporter_id: int | None
    reporter_name: str
    assignee_id: int | None
    first_response_at: dt.datetime | None
    first_response_due_at: dt.datetime
    resolved_at: dt.datetime | None
    resolution_due_at: dt.datetime
    closed_at: dt.datetime | None
    rating: int | None


class TicketRow(NamedTuple):
    """One line of the month's ticket listing; times are aware, hours are business hours."""

    number: str
    created_at: dt.datetime
    school: str
    category: str
    priority: Priority
    status: TicketStatus
    channel: Channel
    title: str
    reporter: str
    assignee: str
    first_response_at: dt.datetime | None
    first_response_hours: float | None
    first_response_met: bool | None
    resolved_at: dt.datetime | None
    resolution_hours: float | None
    resolution_met: bool | None
    closed_at: dt.datetime | None
    rating: int | None


@dataclass(frozen=True)
class TicketFigures:
    month: Month
    total: TicketKpis
    by_school: Mapping[int, TicketKpis]
    """Every school with a ticket counted in the month."""
    by_category: Mapping[int, TicketKpis]
    """Every category with a ticket counted in the month."""
    opened_by_school_and_category: Mapping[tuple[int, int], int]
    opened_by_category_and_priority: Mapping[tuple[int, Priority], int]
    listed: int
    """Tickets handed to the listing (0 when none was asked for)."""


class _MonthPass:
    """Counts a month's tickets one by one and makes each one's listing row.

    Hours are computed for the first responses and resolutions the month counts, and for
    every one when the ticket is listed. One tally is kept per (school, category): each
    ticket is added once, and the school, category and gmina figures are these put
    together at the end.
    """

    def __init__(
        self, start: dt.datetime, end: dt.datetime, *, listing: bool, directory: Directory
    ) -> None:
        self.start, self.end = start, end
        self.listing = listing
        self.directory = directory
        self.calendar = configured_calendar()
        self.tallies: defaultdict[tuple[int, int], Tally] = defaultdict(Tally)
        self.opened_by_priority: Counter[tuple[int, Priority]] = Counter()

    def take(self, ticket: _Values, names: Mapping[int | None, str]) -> TicketRow | None:
        """Counts `ticket`; returns its listing row when a listing is made."""
        start, end, created_at = self.start, self.end, ticket.created_at
        tally = self.tallies[ticket.school_id, ticket.category_id]
        if start <= created_at < end:
            tally.opened += 1
            self.opened_by_priority[ticket.category_id, ticket.priority] += 1

        responded_at, response_hours, response_met = ticket.first_response_at, None, None
        if responded_at is not None:
            response_met = _met(responded_at, ticket.first_response_due_at)
            counted = start <= responded_at < end
            if counted or self.listing:
                response_hours = self._hours(created_at, responded_at)
                if counted:
                    tally.add_first_response(response_hours, met=response_met)

        resolved_at, resolution_hours, resolution_met = ticket.resolved_at, None, None
        if resolved_at is not None:
            resolution_met = _met(resolved_at, ticket.resolution_due_at)
            counted = start <= resolved_at < end
            if counted or self.listing:
                resolution_hours = self._hours(created_at, resolved_at)
                if counted:
                    tally.add_resolution(resolution_hours, met=resolution_met, rating=ticket.rating)

        if not self.listing:
            return None
        return TicketRow(
            ticket.number,
            created_at,
            self.directory.school_name(ticket.school_id),
            self.directory.category_name(ticket.category_id),
            ticket.priority,
            ticket.status,
            ticket.channel,
            ticket.title,
            names.get(ticket.reporter_id, ticket.reporter_name),
            names.get(ticket.assignee_id, ""),
            responded_at,
            response_hours,
            response_met,
            resolved_at,
            resolution_hours,
            resolution_met,
            ticket.closed_at,
            ticket.rating,
        )

    def _hours(self, start: dt.datetime, end: dt.datetime) -> float:
        return self.calendar.business_time_between(start, end) / _HOUR

    def figures(
        self, month: Month, open_at_end: Counter[tuple[int, int]], listed: int
    ) -> TicketFigures:
        """The figures of what was taken, with the tickets open at the month's end as
        `open_counts` counts them."""
        tallies = self.tallies
        return TicketFigures(
            month=month,
            total=Tally.combined(tallies.values()).kpis(sum(open_at_end.values())),
            by_school=_kpis_by(tallies, open_at_end, key=0),
            by_category=_kpis_by(tallies, open_at_end, key=1),
            opened_by_school_and_category={
                pair: tally.opened for pair, tally in tallies.items() if tally.opened
            },
            opened_by_category_and_priority=dict(self.opened_by_priority),
            listed=listed,
        )


def _met(done_at: dt.datetime, due_at: dt.datetime) -> bool:
    """A target is met when done at or before its due time (`core.tickets.sla`)."""
    return done_at <= due_at


async def ticket_figures(
    month: Month,
    *,
    zone: ZoneInfo,
    directory: Directory,
    on_row: Callable[[TicketRow], None] | None = None,
    progress: Progress | None = None,
) -> TicketFigures:
    """The figures of `month`; with `on_row`, each ticket touched in the month is handed to
    it, in ascending id order, from the same read that counts it."""
    start, end = month.bounds(zone)
    selection = touched_in(start, end) if on_row is not None else measured_in(start, end)
    in_all = await count_tickets(selection) if progress is not None else 0
    # Counted by the database while the tickets are read.
    open_at_end = asyncio.ensure_future(open_counts(end))
    month_pass = _MonthPass(start, end, listing=on_row is not None, directory=directory)
    listed = 0
    try:
        async for rows in ticket_chunks(selection, _Values._fields):
            tickets = [_Values._make(row) for row in rows]
            names = {}
            if on_row is not None:
                names = await user_names(
                    id for t in tickets for id in (t.reporter_id, t.assignee_id)
                )
            for ticket in tickets:
                row = month_pass.take(ticket, names)
                if on_row is not None and row is not None:
                    on_row(row)
                    listed += 1
            if progress is not None:
                progress(listed, in_all)
        return month_pass.figures(month, await open_at_end, listed)
    finally:
        if not open_at_end.done():
            open_at_end.cancel()


def _kpis_by(
    tallies: Mapping[tuple[int, int], Tally], open_at_end: Counter[tuple[int, int]], *, key: int
) -> dict[int, TicketKpis]:
    """The KPIs per school (`key` 0) or per category (`key` 1), open counts included."""
    grouped: defaultdict[int, list[Tally]] = defaultdict(list)
    for pair, tally in tallies.items():
        grouped[pair[key]].append(tally)
    open_by_key: Counter[int] = Counter()
    for pair, count in open_at_end.items():
        open_by_key[pair[key]] += count
    return {
        group: Tally.combined(grouped.get(group, ())).kpis(open_by_key[group])
        for group in grouped.keys() | open_by_key.keys()
    }


async def sla_shares_by_month(
    months: Sequence[Month], *, zone: ZoneInfo
) -> dict[Month, tuple[Share, Share]]:
    """The first-response and resolution SLA compliance of each of `months` alone (for the
    months of a trend that need no other figure), counted as `ticket_figures` counts them."""
    counts = await sla_counts([month.bounds(zone) for month in months])
    return {
        month: (
            Share(counted.first_responses_met, counted.first_responses),
            Share(counted.resolutions_met, counted.resolutions),
        )
        for month, counted in zip(months, counts, strict=True)
    }
