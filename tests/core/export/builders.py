"""Test data of a monthly summary: tickets written with the times a test chooses, and an
independent way of counting what a month's figures should be (plain loops over the specs,
business time counted in quarter hours), to hold the export's figures against."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import statistics
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from core.export import Month, write_monthly_workbook
from core.models import Category, Channel, Priority, School, Ticket, TicketEvent, TicketEventKind
from core.models import TicketStatus as Status
from tests.conftest import WARSAW, warsaw

_numbers = itertools.count(1)
QUARTER = dt.timedelta(minutes=15)


@dataclass
class TicketSpec:
    """A ticket as a test describes it; times are Warsaw wall-clock moments."""

    school: School
    category: Category
    created_at: dt.datetime
    first_response_at: dt.datetime | None = None
    first_response_due_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    resolution_due_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    rating: int | None = None
    priority: Priority = Priority.NORMAL
    title: str = "Projektor nie działa"
    reporter_name: str = "Jan Kowalski"
    comments_at: list[dt.datetime] = field(default_factory=list)

    @property
    def status(self) -> Status:
        if self.closed_at is not None:
            return Status.CLOSED
        if self.resolved_at is not None:
            return Status.RESOLVED
        return Status.IN_PROGRESS if self.first_response_at is not None else Status.NEW


async def store(spec: TicketSpec) -> Ticket:
    """Writes the ticket as the services would have left it, with a comment event at each
    of `comments_at`."""
    far = spec.created_at + dt.timedelta(days=30)
    ticket = await Ticket.create(
        number=f"IT-2026-{next(_numbers):04d}",
        school=spec.school,
        reporter_name=spec.reporter_name,
        channel=Channel.WEB,
        category=spec.category,
        priority=spec.priority,
        status=spec.status,
        title=spec.title,
        description=spec.title,
        created_at=spec.created_at,
        updated_at=spec.created_at,
        first_response_due_at=spec.first_response_due_at or far,
        resolution_due_at=spec.resolution_due_at or far,
        first_response_at=spec.first_response_at,
        resolved_at=spec.resolved_at,
        closed_at=spec.closed_at,
        rating=spec.rating,
    )
    for at in spec.comments_at:
        await TicketEvent.create(
            ticket=ticket, at=at, kind=TicketEventKind.COMMENTED, channel=Channel.WEB, text="…"
        )
    return ticket


def business_hours(start: dt.datetime, end: dt.datetime) -> float:
    """Working hours between two moments, counted a quarter of an hour at a time on the
    Warsaw clock: Monday to Friday, 8:00–16:00 (the test months hold no public holiday)."""
    moment, quarters = start.astimezone(WARSAW), 0
    end = end.astimezone(WARSAW)
    while moment < end:
        if moment.weekday() < 5 and dt.time(8) <= moment.time() < dt.time(16):
            quarters += 1
        moment = (moment.replace(tzinfo=None) + QUARTER).replace(tzinfo=WARSAW)
    return quarters / 4


def p90(values: list[float]) -> float:
    """Excel's PERCENTILE.INC(values, 0.9), written out."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * 0.9
    below = int(position)
    if below + 1 >= len(ordered):
        return ordered[-1]
    return ordered[below] + (position - below) * (ordered[below + 1] - ordered[below])


def in_month(moment: dt.datetime | None, month: Month) -> bool:
    if moment is None:
        return False
    local = moment.astimezone(WARSAW)
    return (local.year, local.month) == (month.year, month.month)


def expected_figures(specs: list[TicketSpec], month: Month) -> dict[str, Any]:
    """What the summary of `month` should say of the tickets in `specs`."""
    end = dt.datetime.combine(month.next().first_day, dt.time(0), tzinfo=WARSAW)
    responded = [s for s in specs if in_month(s.first_response_at, month)]
    resolved = [s for s in specs if in_month(s.resolved_at, month)]
    response_hours = [business_hours(s.created_at, s.first_response_at) for s in responded]  # type: ignore[arg-type]
    resolution_hours = [business_hours(s.created_at, s.resolved_at) for s in resolved]  # type: ignore[arg-type]
    ratings = [s.rating for s in resolved if s.rating is not None]
    return {
        "Zgłoszenia przyjęte": sum(in_month(s.created_at, month) for s in specs),
        "Zgłoszenia rozwiązane": len(resolved),
        "Zgłoszenia otwarte na koniec miesiąca": sum(
            s.created_at < end
            and not (s.resolved_at and s.resolved_at < end)
            and not (s.closed_at and s.closed_at < end)
            for s in specs
        ),
        "Czas pierwszej reakcji — mediana [h rob.]": statistics.median(response_hours)
        if response_hours
        else None,
        "Czas pierwszej reakcji — 90. percentyl [h rob.]": p90(response_hours)
        if response_hours
        else None,
        "Czas rozwiązania — mediana [h rob.]": statistics.median(resolution_hours)
        if resolution_hours
        else None,
        "Czas rozwiązania — 90. percentyl [h rob.]": p90(resolution_hours)
        if resolution_hours
        else None,
        "Pierwsze reakcje w terminie SLA": (
            sum(s.first_response_at <= s.first_response_due_at for s in responded)  # type: ignore[operator]
            / len(responded)
            if responded
            else None
        ),
        "Rozwiązania w terminie SLA": (
            sum(s.resolved_at <= s.resolution_due_at for s in resolved) / len(resolved)  # type: ignore[operator]
            if resolved
            else None
        ),
        "Zadowolenie — średnia ocena (1–5)": sum(ratings) / len(ratings) if ratings else None,
        "Liczba ocen": len(ratings),
    }


async def exported(month: Month) -> Workbook:
    """The workbook of `month`, written to memory and opened again with openpyxl."""
    buffer = io.BytesIO()
    await write_monthly_workbook(month=month, target=buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def summary_values(workbook: Workbook) -> dict[str, tuple[Any, Any]]:
    """Podsumowanie's key figures: label → (the month, the month before)."""
    sheet = workbook["Podsumowanie"]
    values = {}
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if not row or row[0] is None:
            break
        values[row[0]] = (row[1], row[2])
    return values


def table(workbook: Workbook, sheet_name: str) -> list[dict[str, Any]]:
    """The main table of a sheet (header in row 3) as dicts by header."""
    rows = list(workbook[sheet_name].iter_rows(min_row=3, values_only=True))
    header, data = rows[0], rows[1:]
    return [dict(zip(header, row, strict=False)) for row in data if row and row[0] is not None]


def warsaw_naive(moment: dt.datetime) -> dt.datetime:
    """`moment` as the naive Warsaw wall time a spreadsheet holds."""
    return moment.astimezone(WARSAW).replace(tzinfo=None)


def sheet_time(*parts: int) -> dt.datetime:
    """A Warsaw wall time as a spreadsheet holds it, e.g. `sheet_time(2026, 10, 15)`."""
    return warsaw_naive(warsaw(*parts))
