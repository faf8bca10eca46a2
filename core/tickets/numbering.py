"""Ticket numbers: `IT-YYYY-NNNN`, counted per year of creation in the deployment's time zone.

Each year has one `TicketCounter` row. A number is issued by an atomic
`UPDATE … SET last_number = last_number + 1 … RETURNING last_number` in the transaction that
inserts the ticket. The update row-locks the counter on PostgreSQL (on SQLite it
takes the database's write lock), so concurrent creators queue on it and each reads its own
value; and when the ticket insert fails, the increment rolls back with it. Numbers therefore
have neither gaps nor duplicates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import TransactionalDBClient

from core.calendar.configured import configured_calendar
from core.models import TicketCounter

TICKET_NUMBER_PREFIX: Final = "IT"


async def next_ticket_number(*, created_at: datetime) -> str:
    """Issues the next number of the year in which `created_at` falls (local time).

    Must be awaited inside the transaction that inserts the ticket (RuntimeError otherwise):
    that transaction's rollback is what takes the number back.
    """
    if not isinstance(TicketCounter._meta.db, TransactionalDBClient):
        raise RuntimeError("next_ticket_number must run in the transaction that saves the ticket")
    year = created_at.astimezone(ZoneInfo(configured_calendar().timezone)).year
    number = await _increment_counter(year)
    if number is None:
        # The year's first ticket. A concurrent creator may be inserting the row right now:
        # ignoring the conflict lets both go on to increment the one row.
        await TicketCounter.bulk_create([TicketCounter(year=year)], ignore_conflicts=True)
        number = await _increment_counter(year)
    if number is None:
        raise RuntimeError(f"the ticket counter of {year} could not be created")
    return format_ticket_number(year, number)


def format_ticket_number(year: int, sequence: int) -> str:
    """E.g. `IT-2026-0042`; past 9999 the sequence simply grows a digit."""
    return f"{TICKET_NUMBER_PREFIX}-{year}-{sequence:04d}"


async def _increment_counter(year: int) -> int | None:
    """Adds one to the year's counter and returns its new value, in one round trip (the
    counter stays locked until the ticket is stored, so every round trip counts); None when
    the year has no counter row yet. Both SQLite (from 3.35) and PostgreSQL know RETURNING."""
    connection = TicketCounter._meta.db
    placeholder = "$1" if connection.capabilities.dialect == "postgres" else "?"
    rows = await connection.execute_query_dict(
        f'UPDATE "{TicketCounter._meta.db_table}" SET "last_number" = "last_number" + 1 '
        f'WHERE "year" = {placeholder} RETURNING "last_number"',
        [year],
    )
    return int(rows[0]["last_number"]) if rows else None
