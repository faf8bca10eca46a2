"""Which tickets a month's figures and its listing read, and how they are read.

A month runs from `start` to `end`, the local midnights that bound it, as aware moments.
Its figures count a ticket created, first answered or resolved in it (`measured_in`); its
listing also shows a ticket closed in it or with any event in it (`touched_in`).

Tickets are read in chunks of `CHUNK_SIZE` by ascending id, as plain tuples, so memory
holds a chunk or two (and the ids of the tickets with an event in the month), never every
ticket; the next chunk is already being read while the caller works through the current
one. The queries are built with Tortoise's query builder (pypika) and their rows taken as
the driver returns them: at a hundred thousand tickets, Tortoise's value-by-value
conversion of a result would take longer than the query.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import operator
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

from pypika_tortoise import Order, Table
from pypika_tortoise.functions import Count, Sum
from pypika_tortoise.queries import QueryBuilder
from pypika_tortoise.terms import Case, Criterion, Field, LiteralValue
from tortoise import BaseDBAsyncClient

from core.models import Channel, Priority, Ticket, TicketEvent, TicketStatus

CHUNK_SIZE: Final = 2000

_TICKET: Final = Table(Ticket._meta.db_table)
_EVENT: Final = Table(TicketEvent._meta.db_table)

_Row = tuple[Any, ...]


@dataclass(frozen=True)
class TicketSelection:
    """The tickets with any of the moments `stamps` in [start, end) and, `with_events`,
    those with any event in it."""

    start: dt.datetime
    end: dt.datetime
    stamps: tuple[str, ...]
    with_events: bool = False

    def stamped(self) -> Criterion:
        """The tickets selected by their own moments."""
        moments = [_within(_TICKET.field(name), self.start, self.end) for name in self.stamps]
        return functools.reduce(operator.or_, moments)

    def events(self) -> QueryBuilder:
        """The ids of the tickets with an event in [start, end), ascending."""
        return (
            _connection()
            .query_class.from_(_EVENT)
            .select(_EVENT.ticket_id)
            .distinct()
            .where(_within(_EVENT.at, self.start, self.end))
            .orderby(_EVENT.ticket_id, order=Order.asc)
        )


def measured_in(start: dt.datetime, end: dt.datetime) -> TicketSelection:
    """Tickets that count in a month's figures."""
    return TicketSelection(start, end, ("created_at", "first_response_at", "resolved_at"))


def touched_in(start: dt.datetime, end: dt.datetime) -> TicketSelection:
    """Tickets a month's listing shows: counted in it, closed in it, or with any event in it."""
    stamps = (*measured_in(start, end).stamps, "closed_at")
    return TicketSelection(start, end, stamps, with_events=True)


async def count_tickets(selection: TicketSelection) -> int:
    """How many tickets `selection` holds, counted by the database in one query."""
    condition = selection.stamped()
    if selection.with_events:
        condition |= _TICKET.id.isin(selection.events())
    query = _connection().query_class.from_(_TICKET).select(Count(_TICKET.id)).where(condition)
    rows = await _rows(query)
    return int(rows[0][0])


async def open_counts(end: dt.datetime) -> Counter[tuple[int, int]]:
    """Tickets open at `end` (created before it, neither resolved nor closed before it) per
    (school id, category id), counted by the database."""
    school, category = _TICKET.school_id, _TICKET.category_id
    open_at_end = (
        (_TICKET.created_at < end)
        & (_TICKET.resolved_at.isnull() | (_TICKET.resolved_at >= end))
        & (_TICKET.closed_at.isnull() | (_TICKET.closed_at >= end))
    )
    query = (
        _connection()
        .query_class.from_(_TICKET)
        .select(school, category, Count(_TICKET.id))
        .where(open_at_end)
        .groupby(school, category)
    )
    return Counter({(row[0], row[1]): int(row[2]) for row in await _rows(query)})


@dataclass(frozen=True)
class SlaCounts:
    """What a span's SLA compliance is made of."""

    first_responses: int
    first_responses_met: int
    resolutions: int
    resolutions_met: int


async def sla_counts(spans: Sequence[tuple[dt.datetime, dt.datetime]]) -> list[SlaCounts]:
    """For each span [start, end): the first responses given in it and how many of them by
    their due time, the resolutions made in it and how many by theirs (a target is met
    when done at or before its due time, as `core.tickets.sla` judges it). Counted by the
    database in one pass, however many spans and tickets there are."""
    if not spans:
        return []
    counted = []
    for start, end in spans:
        for done, due in (
            (_TICKET.first_response_at, _TICKET.first_response_due_at),
            (_TICKET.resolved_at, _TICKET.resolution_due_at),
        ):
            in_span = _within(done, start, end)
            counted += [_number_of(in_span), _number_of(in_span & (done <= due))]
    whole = (min(start for start, _ in spans), max(end for _, end in spans))
    query = (
        _connection()
        .query_class.from_(_TICKET)
        .select(*counted)
        .where(_within(_TICKET.first_response_at, *whole) | _within(_TICKET.resolved_at, *whole))
    )
    [row] = await _rows(query)
    numbers = [int(value or 0) for value in row]  # a sum over no ticket is NULL
    return [SlaCounts(*numbers[index : index + 4]) for index in range(0, len(numbers), 4)]


async def ticket_chunks(
    selection: TicketSelection, columns: tuple[str, ...], *, chunk_size: int = CHUNK_SIZE
) -> AsyncIterator[list[_Row]]:
    """The selected tickets' `columns` (the first must be "id"), by ascending id, in chunks
    of up to `chunk_size`.

    Moments come as aware datetimes, priorities, statuses and channels as their enums, the
    rest as stored. The read of the next chunk starts before the current one is handed
    over, so the database works while the caller does.
    """
    reader = _ChunkReader(selection, columns, await _ids_with_events(selection), chunk_size)
    pending = asyncio.ensure_future(reader.after(0))
    try:
        while True:
            rows, read_up_to = await pending
            if read_up_to is not None:
                pending = asyncio.ensure_future(reader.after(read_up_to))
                await asyncio.sleep(0)  # lets that read reach the database before we go on
            if rows:
                yield rows
            if read_up_to is None:
                return
    finally:
        if not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pending


async def _ids_with_events(selection: TicketSelection) -> array[int]:
    """The ids, ascending, of the tickets the selection takes for an event in its span:
    read once, so that each chunk's query names the few it may hold instead of searching
    every event of the month again."""
    if not selection.with_events:
        return array("q")
    return array("q", (row[0] for row in await _rows(selection.events())))


class _ChunkReader:
    """Reads a selection's tickets chunk after chunk."""

    def __init__(
        self,
        selection: TicketSelection,
        columns: tuple[str, ...],
        ids_with_events: array[int],
        chunk_size: int,
    ) -> None:
        self._selection = selection
        self._chunk_size = chunk_size
        self._columns = [_TICKET.field(name) for name in columns]
        self._ids_with_events = ids_with_events
        self._conversions = [
            (position, _CONVERSIONS[name])
            for position, name in enumerate(columns)
            if name in _CONVERSIONS
        ]

    async def after(self, after_id: int) -> tuple[list[_Row], int | None]:
        """Up to a chunk of selected tickets with an id above `after_id`, and the id up
        to which every selected ticket has now been read (None: there are no more)."""
        condition = self._selection.stamped()
        upper_bound = None
        first = bisect_right(self._ids_with_events, after_id)
        named = self._ids_with_events[first : first + self._chunk_size]
        if named:
            # Ids read from the database, written as numbers: a parameter apiece would
            # cost more to build than the query takes.
            condition |= _TICKET.id.isin(LiteralValue(f"({','.join(map(str, named))})"))
            if first + len(named) < len(self._ids_with_events):
                # The tickets with events beyond these are named by a later chunk: this
                # one must stop at the last it names.
                upper_bound = named[-1]
                condition &= _TICKET.id <= upper_bound
        query = (
            _connection()
            .query_class.from_(_TICKET)
            .select(*self._columns)
            .where(condition & (_TICKET.id > after_id))
            .orderby(_TICKET.id, order=Order.asc)
            .limit(self._chunk_size)
        )
        rows = [self._converted(row) for row in await _rows(query)]
        if len(rows) == self._chunk_size:
            return rows, rows[-1][0]
        return rows, upper_bound

    def _converted(self, row: Any) -> _Row:
        values = list(row)
        for position, convert in self._conversions:
            if values[position] is not None:
                values[position] = convert(values[position])
        return tuple(values)


def instant(value: str | dt.datetime) -> dt.datetime:
    """A stored moment as an aware datetime: SQLite gives ISO text (in UTC, as `core.db`
    writes it), PostgreSQL an aware datetime."""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _member_of(enum: type[Enum]) -> Callable[[str], Any]:
    """The member of `enum` whose value is stored; KeyError for a value it does not have."""
    members: Mapping[str, Enum] = {member.value: member for member in enum}
    return members.__getitem__


_CONVERSIONS: Final[Mapping[str, Callable[[Any], Any]]] = {
    "created_at": instant,
    "first_response_at": instant,
    "first_response_due_at": instant,
    "resolved_at": instant,
    "resolution_due_at": instant,
    "closed_at": instant,
    "priority": _member_of(Priority),
    "status": _member_of(TicketStatus),
    "channel": _member_of(Channel),
}
"""How a stored value of a column is made the value the export works with; the columns not
named here are used as stored."""


def _number_of(condition: Criterion) -> Sum:
    """How many tickets of a query meet `condition`."""
    # Literal numbers: as parameters PostgreSQL would take them for text.
    return Sum(Case().when(condition, LiteralValue(1)).else_(LiteralValue(0)))


def _within(column: Field, start: dt.datetime, end: dt.datetime) -> Criterion:
    return (column >= start) & (column < end)


def _connection() -> BaseDBAsyncClient:
    """The connection tickets are read over (a transaction's, inside one)."""
    return Ticket._meta.db


async def _rows(query: QueryBuilder) -> list[Any]:
    _, rows = await _connection().execute_query(*query.get_parameterized_sql())
    return list(rows)
