"""The ticket figures of the monthly workbook, read back from the file and held against a
count made here from the test's own description of the tickets."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import ManualClock
from core.export import Month
from core.models import Category, School
from tests.conftest import warsaw
from tests.core.export.builders import (
    TicketSpec,
    expected_figures,
    exported,
    store,
    summary_values,
    table,
    warsaw_naive,
)
from tests.factories import make_category, make_school

OCTOBER = Month(2026, 10)
SEPTEMBER = Month(2026, 9)


@pytest.fixture
async def tickets(database: str, now: ManualClock) -> list[TicketSpec]:
    """Tickets around October 2026: some of September, one on each side of the Warsaw
    midnight that ends October, one only commented in October."""
    north, south = await make_school(name="SP Północ"), await make_school(name="SP Południe")
    network, printer = await make_category(name_pl="Sieć"), await make_category(name_pl="Drukarka")
    specs = [
        _spec(north, network, "5 10 9:00", response="5 10 10:00", response_due="5 10 13:00",
              resolved="5 10 13:00", resolution_due="8 10 9:00", rating=5),
        _spec(north, printer, "6 10 15:00", response="7 10 9:00", response_due="7 10 10:00",
              resolved="9 10 16:00", resolution_due="8 10 16:00", rating=2),
        _spec(south, network, "9 10 15:30", response="12 10 8:30", response_due="12 10 8:00"),
        _spec(south, printer, "24 9 10:00", response="24 9 11:00", response_due="24 9 14:00",
              resolved="1 10 12:00", resolution_due="30 9 10:00", rating=4),
        _spec(south, network, "31 10 23:30"),
        _spec(south, network, "1 11 0:30"),
        _spec(south, printer, "2 9 11:00", comments=["20 10 12:00"]),
        _spec(north, network, "13 10 10:00", response="13 10 11:00", response_due="13 10 14:00",
              closed="13 10 11:00"),
    ]  # fmt: skip
    for spec in specs:
        await store(spec)
    return specs


def _moment(text: str) -> dt.datetime:
    """ "5 10 9:00" → 5 October 2026, 9:00 in Warsaw."""
    day_month, clock = text.rsplit(" ", 1)
    day, month = (int(part) for part in day_month.split())
    hour, minute = (int(part) for part in clock.split(":"))
    return warsaw(2026, month, day, hour, minute)


def _spec(
    school: School,
    category: Category,
    created: str,
    *,
    response: str | None = None,
    response_due: str | None = None,
    resolved: str | None = None,
    resolution_due: str | None = None,
    closed: str | None = None,
    rating: int | None = None,
    comments: tuple[str, ...] | list[str] = (),
) -> TicketSpec:
    def at(text: str | None) -> dt.datetime | None:
        return _moment(text) if text else None

    return TicketSpec(
        school=school,
        category=category,
        created_at=_moment(created),
        first_response_at=at(response),
        first_response_due_at=at(response_due),
        resolved_at=at(resolved),
        resolution_due_at=at(resolution_due),
        closed_at=at(closed),
        rating=rating,
        comments_at=[_moment(text) for text in comments],
    )


async def test_the_summary_states_the_months_ticket_figures(tickets: list[TicketSpec]) -> None:
    workbook = await exported(OCTOBER)

    summary = summary_values(workbook)
    expected = expected_figures(tickets, OCTOBER)
    for label, value in expected.items():
        assert summary[label][0] == pytest.approx(value), label


async def test_the_previous_month_stands_beside_it(tickets: list[TicketSpec]) -> None:
    workbook = await exported(OCTOBER)

    summary = summary_values(workbook)
    for label, value in expected_figures(tickets, SEPTEMBER).items():
        assert summary[label][1] == pytest.approx(value), label


async def test_the_hand_counted_figures_are_what_the_tickets_say(
    tickets: list[TicketSpec],
) -> None:
    expected = expected_figures(tickets, OCTOBER)

    # Five opened in October (1 November 0:30 in Warsaw is November's); four first
    # responses of 1, 2, 1 and 1 working hours; three resolutions of 4, 25 and 42 hours.
    assert expected["Zgłoszenia przyjęte"] == 5
    assert expected["Czas pierwszej reakcji — 90. percentyl [h rob.]"] == pytest.approx(1.7)
    assert expected["Czas rozwiązania — mediana [h rob.]"] == 25
    assert expected["Zgłoszenia otwarte na koniec miesiąca"] == 3


async def test_the_listing_holds_every_ticket_touched_in_the_month(
    tickets: list[TicketSpec],
) -> None:
    workbook = await exported(OCTOBER)

    listed = table(workbook, "Zgłoszenia")
    created = sorted(row["Przyjęte"] for row in listed)
    november = _moment("1 11 0:30")
    touched = [ticket for ticket in tickets if ticket.created_at != november]
    assert created == sorted(warsaw_naive(t.created_at) for t in touched)


async def test_times_are_real_dates_in_warsaw_time_with_a_date_format(
    tickets: list[TicketSpec],
) -> None:
    workbook = await exported(OCTOBER)

    sheet = workbook["Zgłoszenia"]
    late = next(row for row in sheet.iter_rows(min_row=4) if row[1].value.day == 31)
    assert late[1].value == warsaw_naive(warsaw(2026, 10, 31, 23, 30))
    assert late[1].is_date
    assert late[1].number_format == "dd.mm.yyyy hh:mm"


async def test_every_sheet_agrees_on_the_months_figures(tickets: list[TicketSpec]) -> None:
    workbook = await exported(OCTOBER)

    summary = summary_values(workbook)
    schools_total = table(workbook, "Szkoły")[-1]
    categories_total = table(workbook, "Kategorie")[-1]
    trend = list(workbook["Podsumowanie"].iter_rows(values_only=True))
    october_point = next(row for row in trend if row[0] == "październik 2026")
    assert schools_total["Szkoła"] == categories_total["Kategoria"] == "Razem"
    for total in (schools_total, categories_total):
        assert total["Przyjęte"] == summary["Zgłoszenia przyjęte"][0]
        assert (
            total["Otwarte na koniec miesiąca"]
            == (summary["Zgłoszenia otwarte na koniec miesiąca"][0])
        )
        assert total["Rozwiązania w terminie SLA"] == summary["Rozwiązania w terminie SLA"][0]
    assert october_point[1:3] == (
        summary["Pierwsze reakcje w terminie SLA"][0],
        summary["Rozwiązania w terminie SLA"][0],
    )


async def test_per_school_figures_split_the_total(tickets: list[TicketSpec]) -> None:
    workbook = await exported(OCTOBER)

    by_school = {row["Szkoła"]: row for row in table(workbook, "Szkoły")}
    assert by_school["SP Północ"]["Przyjęte"] == 3
    assert by_school["SP Północ"]["Przyjęte: Sieć"] == 2
    assert by_school["SP Południe"]["Przyjęte"] == 2
    assert by_school["SP Południe"]["Rozwiązane"] == 1
    assert by_school["SP Południe"]["Otwarte na koniec miesiąca"] == 3
