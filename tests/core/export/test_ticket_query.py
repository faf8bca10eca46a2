"""Which tickets a month reads, read in chunks small enough that every boundary case (a
chunk ending among the tickets taken for an event, a chunk of nothing but them) happens
with a handful of tickets."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import ManualClock
from core.export import Month
from core.export.ticket_query import (
    TicketSelection,
    count_tickets,
    measured_in,
    ticket_chunks,
    touched_in,
)
from core.models import Channel, Priority, TicketStatus
from tests.conftest import WARSAW, warsaw
from tests.core.export.builders import TicketSpec, store
from tests.factories import make_category, make_school

OCTOBER = Month(2026, 10)
START, END = OCTOBER.bounds(WARSAW)
_COLUMNS = ("id", "number", "created_at", "priority", "status", "channel", "closed_at")


async def _listed(selection: TicketSelection, chunk_size: int) -> list[list[tuple]]:
    return [chunk async for chunk in ticket_chunks(selection, _COLUMNS, chunk_size=chunk_size)]


async def _store_tickets(kinds: str) -> dict[str, list[int]]:
    """One ticket per letter of `kinds`, in id order: "c" created in October, "e" created
    in August and only commented in October, "k" created in August and closed in October,
    "n" created in August and untouched since; returns the ids of each kind."""
    school, category = await make_school(), await make_category()
    august = warsaw(2026, 8, 3, 9)
    ids: dict[str, list[int]] = {kind: [] for kind in "cekn"}
    for position, kind in enumerate(kinds):
        spec = TicketSpec(
            school=school,
            category=category,
            created_at=warsaw(2026, 10, 5, 9) if kind == "c" else august,
            closed_at=warsaw(2026, 10, 20, 12, position) if kind == "k" else None,
            comments_at=[warsaw(2026, 10, 12, 12, position)] if kind == "e" else [],
        )
        ids[kind].append((await store(spec)).id)
    return ids


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 50])
async def test_the_listing_reads_every_touched_ticket_once_in_id_order(
    database: str, now: ManualClock, chunk_size: int
) -> None:
    ids = await _store_tickets("ceecneeekecnee")

    chunks = await _listed(touched_in(START, END), chunk_size)

    read = [row[0] for chunk in chunks for row in chunk]
    assert read == sorted(ids["c"] + ids["e"] + ids["k"])
    assert all(0 < len(chunk) <= chunk_size for chunk in chunks)


async def test_a_month_of_tickets_touched_only_by_events_is_read_whole(
    database: str, now: ManualClock
) -> None:
    ids = await _store_tickets("eneeneee")

    chunks = await _listed(touched_in(START, END), chunk_size=2)

    assert [row[0] for chunk in chunks for row in chunk] == ids["e"]


async def test_the_figures_read_no_ticket_that_was_only_commented_or_closed(
    database: str, now: ManualClock
) -> None:
    ids = await _store_tickets("cekncek")

    chunks = await _listed(measured_in(START, END), chunk_size=2)

    assert [row[0] for chunk in chunks for row in chunk] == ids["c"]


async def test_the_count_of_a_listing_is_the_number_of_tickets_it_reads(
    database: str, now: ManualClock
) -> None:
    await _store_tickets("ceeknecnk")

    chunks = await _listed(touched_in(START, END), chunk_size=2)

    assert await count_tickets(touched_in(START, END)) == sum(map(len, chunks)) == 7


async def test_values_come_as_the_export_works_with_them(database: str, now: ManualClock) -> None:
    ids = await _store_tickets("k")

    [[row]] = await _listed(touched_in(START, END), chunk_size=5)

    assert row[0] == ids["k"][0]
    assert isinstance(row[1], str)
    assert row[2] == warsaw(2026, 8, 3, 9)
    assert row[2].utcoffset() == dt.timedelta(0)
    assert (row[3], row[4], row[5]) == (Priority.NORMAL, TicketStatus.CLOSED, Channel.WEB)
    assert row[6] == warsaw(2026, 10, 20, 12)
