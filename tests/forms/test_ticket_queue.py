"""The IT queue, `/kolejka`: every school's open tickets for the IT specialist and the
coordinator, filtered by a plain GET form and sorted by the SLA due time that comes first."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from core.clock import ManualClock
from core.config import get_settings
from core.models import Category, Channel, Priority, School, Ticket, TicketStatus, User
from core.tickets import change_status, create_ticket
from forms.app import create_app
from tests.conftest import warsaw
from tests.factories import make_category, make_school
from tests.forms.browsing import browser, sign_in

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
async def category(database: str) -> Category:
    return await make_category(name_pl="Sieć i Wi-Fi")


@pytest.fixture
async def as_specialist(
    database: str, now: ManualClock, specialist: User
) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(get_settings(), manage_database=False)
    async with browser(app) as client:
        await sign_in(client, specialist)
        yield client


async def _report(school: School, category: Category, **fields: Any) -> Ticket:
    defaults: dict[str, Any] = {
        "school": school,
        "reporter": None,
        "reporter_name": "Jan Nowak",
        "channel": Channel.EMAIL,
        "category": category,
        "description": "Nie działa Wi-Fi w sali gimnastycznej.",
    }
    return await create_ticket(**(defaults | fields))


def _numbers_in_order(page: str, tickets: list[Ticket]) -> list[str]:
    found = [(page.find(f">{ticket.number}</a>"), ticket.number) for ticket in tickets]
    return [number for position, number in sorted(found) if position >= 0]


async def test_the_queue_lists_open_tickets_of_all_schools_soonest_due_first(
    as_specialist: httpx.AsyncClient, school: School, category: Category, specialist: User
) -> None:
    normal = await _report(school, category)
    critical = await _report(await make_school(), category, priority=Priority.CRITICAL)
    resolved = await change_status(
        await _report(school, category),
        to=TicketStatus.RESOLVED,
        actor=specialist,
        channel=Channel.WEB,
    )

    page = (await as_specialist.get("/kolejka")).text

    assert _numbers_in_order(page, [normal, critical, resolved]) == [
        critical.number,
        normal.number,
    ]
    assert f'href="/zgloszenia/{critical.number}"' in page


async def test_the_queue_filters_by_school(
    as_specialist: httpx.AsyncClient, school: School, category: Category
) -> None:
    here = await _report(school, category)
    elsewhere = await _report(await make_school(), category)

    page = (await as_specialist.get("/kolejka", params={"szkola": school.id})).text

    assert _numbers_in_order(page, [here, elsewhere]) == [here.number]
    assert f'<option value="{school.id}" selected>' in page


async def test_the_queue_filters_by_category(
    as_specialist: httpx.AsyncClient, school: School, category: Category
) -> None:
    printers = await make_category(name_pl="Drukarki")
    wifi = await _report(school, category)
    printer = await _report(school, printers)

    page = (await as_specialist.get("/kolejka", params={"kategoria": printers.id})).text

    assert _numbers_in_order(page, [wifi, printer]) == [printer.number]


async def test_the_queue_filters_by_status(
    as_specialist: httpx.AsyncClient, school: School, category: Category, specialist: User
) -> None:
    new = await _report(school, category)
    in_work = await change_status(
        await _report(school, category),
        to=TicketStatus.IN_PROGRESS,
        actor=specialist,
        channel=Channel.WEB,
    )

    page = (await as_specialist.get("/kolejka", params={"status": "in_progress"})).text

    assert _numbers_in_order(page, [new, in_work]) == [in_work.number]


async def test_the_queue_filters_by_priority(
    as_specialist: httpx.AsyncClient, school: School, category: Category
) -> None:
    normal = await _report(school, category)
    high = await _report(school, category, priority=Priority.HIGH)

    page = (await as_specialist.get("/kolejka", params={"priorytet": "high"})).text

    assert _numbers_in_order(page, [normal, high]) == [high.number]


async def test_the_queue_shows_only_tickets_past_their_sla_time_when_asked(
    as_specialist: httpx.AsyncClient, school: School, category: Category, now: ManualClock
) -> None:
    now.set(warsaw(2026, 11, 9, 10, 0))
    late = await _report(school, category)
    now.set(warsaw(2026, 11, 17, 10, 0))
    fresh = await _report(school, category)

    everything = (await as_specialist.get("/kolejka")).text
    breached = (await as_specialist.get("/kolejka", params={"naruszone": "1"})).text

    assert _numbers_in_order(everything, [late, fresh]) == [late.number, fresh.number]
    assert _numbers_in_order(breached, [late, fresh]) == [late.number]
    assert "przekroczony" in breached


async def test_a_filter_value_that_is_not_a_choice_lets_everything_through(
    as_specialist: httpx.AsyncClient, school: School, category: Category
) -> None:
    ticket = await _report(school, category)

    answer = await as_specialist.get(
        "/kolejka", params={"szkola": "x", "status": "closed", "priorytet": "urgent"}
    )

    assert answer.status_code == 200
    assert _numbers_in_order(answer.text, [ticket]) == [ticket.number]


async def test_an_empty_queue_says_so(as_specialist: httpx.AsyncClient) -> None:
    page = (await as_specialist.get("/kolejka")).text

    assert "Żadne otwarte zgłoszenie nie pasuje." in page
