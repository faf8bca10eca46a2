"""Ticket numbers: IT-YYYY-NNNN per year in Warsaw time, without gaps or duplicates."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import clock
from core.models import Category, Channel, Role, Ticket, TicketCounter
from core.tickets import create_ticket, next_ticket_number
from core.tickets.numbering import format_ticket_number
from tests.conftest import warsaw
from tests.core.tickets.conftest import Report
from tests.factories import make_school, make_user


async def test_the_first_ticket_of_a_year_is_number_one(report: Report) -> None:
    ticket = await report()

    assert ticket.number == "IT-2026-0001"
    counter = await TicketCounter.get(year=2026)
    assert counter.last_number == 1


async def test_each_further_ticket_takes_the_next_number(report: Report) -> None:
    await report()
    await report()

    third = await report()

    assert third.number == "IT-2026-0003"


async def test_a_ticket_a_minute_before_new_year_in_warsaw_counts_in_the_old_year(
    report: Report, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 12, 31, 23, 59))

    ticket = await report()

    assert ticket.number == "IT-2026-0001"


async def test_the_first_ticket_of_new_year_in_warsaw_starts_the_count_again(
    report: Report, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 12, 31, 23, 59))
    await report()
    await report()
    now.set(warsaw(2027, 1, 1, 0, 0))  # still 31 December in UTC

    ticket = await report()

    assert ticket.number == "IT-2027-0001"
    assert (await TicketCounter.get(year=2026)).last_number == 2


async def test_the_sequence_grows_a_fifth_digit_after_9999(report: Report) -> None:
    await TicketCounter.create(year=2026, last_number=9999)

    ticket = await report()

    assert ticket.number == "IT-2026-10000"


def test_a_number_is_the_prefix_the_year_and_four_digits() -> None:
    assert format_ticket_number(2026, 42) == "IT-2026-0042"


async def test_a_creation_that_fails_after_numbering_leaves_no_gap(
    report: Report, category: Category
) -> None:
    vanished_school = await make_school()
    specialist = await make_user(role=Role.IT)
    await vanished_school.delete()

    with pytest.raises(IntegrityError):
        await create_ticket(
            school=vanished_school,
            reporter=specialist,
            channel=Channel.WEB,
            category=category,
            description="Drukarka nie drukuje.",
        )
    ticket = await report()

    assert ticket.number == "IT-2026-0001"
    assert await Ticket.all().count() == 1


class CreationAbandoned(Exception):
    """Whatever made the transaction that numbered a ticket roll back."""


async def _number_then_abandon(at: datetime) -> None:
    async with in_transaction():
        await next_ticket_number(created_at=at)
        raise CreationAbandoned


async def test_a_number_issued_in_a_rolled_back_transaction_is_issued_again(
    database: str, now: clock.ManualClock
) -> None:
    with pytest.raises(CreationAbandoned):
        await _number_then_abandon(now.now())

    async with in_transaction():
        number = await next_ticket_number(created_at=now.now())

    assert number == "IT-2026-0001"


async def test_issuing_a_number_outside_a_transaction_is_refused(
    database: str, now: clock.ManualClock
) -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        await next_ticket_number(created_at=now.now())

    assert await TicketCounter.all().count() == 0


async def test_fifty_tickets_created_at_once_get_numbers_one_to_fifty(report: Report) -> None:
    tickets = await asyncio.gather(*(report() for _ in range(50)))

    numbers = sorted(ticket.number for ticket in tickets)
    assert numbers == [f"IT-2026-{n:04d}" for n in range(1, 51)]
    assert sorted(await Ticket.all().values_list("number", flat=True)) == numbers
    assert (await TicketCounter.get(year=2026)).last_number == 50
