"""The coordinator's dashboard: the month's figures exactly as the monthly summary counts
them, the charts, the month chooser and its errors, and the workbook download."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import httpx
import pytest
from openpyxl import load_workbook

from core.clock import ManualClock
from core.config import get_settings
from core.export import Month, compute_monthly_figures
from core.inventory.profiles import install_requirement_profiles
from core.models import AssetKind, Category, School, User
from forms.app import create_app
from tests.conftest import warsaw
from tests.core.export.builders import TicketSpec, store, summary_values
from tests.core.inventory.builders import (
    FAILS_2024_PUPIL_RULE,
    MEETS_2024_PUPIL_RULE,
    make_asset,
    make_assets,
)
from tests.factories import make_category, make_school
from tests.forms.browsing import browser, sign_in

OCTOBER = Month(2026, 10)


@pytest.fixture
async def coordinator_browser(
    database: str, now: ManualClock, coordinator: User
) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(create_app(get_settings(), manage_database=False)) as client:
        await sign_in(client, coordinator)
        yield client


@pytest.fixture
async def schools(database: str) -> tuple[School, School]:
    return (
        await make_school(name="Szkoła Podstawowa w Annobergu"),
        await make_school(name="Szkoła Podstawowa w Brzeziu"),
    )


@pytest.fixture
async def categories(database: str) -> tuple[Category, Category]:
    return await make_category(name_pl="Sieć i Wi-Fi"), await make_category(name_pl="Drukarki")


@pytest.fixture
async def october_tickets(
    schools: tuple[School, School], categories: tuple[Category, Category]
) -> None:
    """Three tickets opened in October: two at the first school (one network, one printer),
    one at the second; first responses after 1.5 and 2.5 business hours (the second late),
    two resolutions rated 4 and 5; one more opened in November."""
    first, second = schools
    network, printers = categories
    await store(
        TicketSpec(
            first,
            network,
            created_at=warsaw(2026, 10, 13, 9, 0),
            first_response_at=warsaw(2026, 10, 13, 10, 30),
            first_response_due_at=warsaw(2026, 10, 13, 11, 0),
            resolved_at=warsaw(2026, 10, 13, 13, 0),
            resolution_due_at=warsaw(2026, 10, 14, 9, 0),
            rating=4,
        )
    )
    await store(
        TicketSpec(
            first,
            printers,
            created_at=warsaw(2026, 10, 14, 9, 0),
            first_response_at=warsaw(2026, 10, 14, 11, 30),
            first_response_due_at=warsaw(2026, 10, 14, 11, 0),
            resolved_at=warsaw(2026, 10, 15, 9, 0),
            resolution_due_at=warsaw(2026, 10, 16, 9, 0),
            rating=5,
        )
    )
    await store(TicketSpec(second, network, created_at=warsaw(2026, 10, 20, 12, 0)))
    await store(TicketSpec(second, printers, created_at=warsaw(2026, 11, 3, 12, 0)))


def _figure(page: str, label: str) -> str:
    """The value shown under `label` in the page's figures."""
    start = page.index(f"<dt>{label}</dt><dd>") + len(f"<dt>{label}</dt><dd>")
    return page[start : page.index("</dd>", start)]


@pytest.mark.usefixtures("october_tickets")
async def test_the_dashboard_shows_the_months_figures(
    coordinator_browser: httpx.AsyncClient,
) -> None:
    page = (await coordinator_browser.get("/pulpit?miesiac=2026-10")).text

    assert "Pulpit koordynatora: październik 2026" in page
    assert _figure(page, "Zgłoszenia założone") == "3"
    assert _figure(page, "Zgłoszenia rozwiązane") == "2"
    assert _figure(page, "Otwarte na koniec miesiąca") == "1"
    assert _figure(page, "Mediana czasu pierwszej odpowiedzi (godziny robocze)") == "2 h"
    assert _figure(page, "Pierwsze odpowiedzi w terminie (SLA)") == "50% (1/2)"
    assert _figure(page, "Rozwiązania w terminie (SLA)") == "100% (2/2)"
    assert _figure(page, "Zadowolenie (średnia ocena)") == "4,5 / 5 (2)"


@pytest.mark.usefixtures("october_tickets")
async def test_every_figure_is_the_one_the_monthly_summary_computes(
    coordinator_browser: httpx.AsyncClient,
) -> None:
    page = (await coordinator_browser.get("/pulpit?miesiac=2026-10")).text
    total = (await compute_monthly_figures(OCTOBER)).tickets.total

    assert _figure(page, "Zgłoszenia założone") == str(total.opened)
    assert _figure(page, "Zgłoszenia rozwiązane") == str(total.resolved)
    assert _figure(page, "Otwarte na koniec miesiąca") == str(total.open_at_end)
    resolution = total.resolution_median_hours
    assert resolution is not None
    assert _figure(page, "Mediana czasu rozwiązania (godziny robocze)") == (
        f"{round(resolution, 1):g} h".replace(".", ",")
    )
    met, measured = total.first_response_sla.met, total.first_response_sla.total
    assert _figure(page, "Pierwsze odpowiedzi w terminie (SLA)").endswith(f"({met}/{measured})")


@pytest.mark.usefixtures("october_tickets")
async def test_the_charts_draw_the_tickets_by_school_and_by_category(
    coordinator_browser: httpx.AsyncClient,
) -> None:
    page = (await coordinator_browser.get("/pulpit?miesiac=2026-10")).text

    assert page.count('role="img"') == 3
    assert '<title id="chart-schools-title">Zgłoszenia założone według szkół</title>' in page
    assert '<th scope="row">Szkoła Podstawowa w Annobergu</th><td>2</td>' in page
    assert '<th scope="row">Szkoła Podstawowa w Brzeziu</th><td>1</td>' in page
    assert '<th scope="row">Sieć i Wi-Fi</th><td>2</td>' in page
    assert '<th scope="row">Drukarki</th><td>1</td>' in page
    assert '<th scope="row">2026-10</th><td>100% (2/2)</td>' in page


@pytest.mark.usefixtures("october_tickets")
async def test_without_a_month_the_dashboard_shows_the_current_month_so_far(
    coordinator_browser: httpx.AsyncClient,
) -> None:
    page = (await coordinator_browser.get("/pulpit")).text

    assert "Pulpit koordynatora: listopad 2026" in page
    assert _figure(page, "Zgłoszenia założone") == "1"
    assert 'href="/pulpit/zestawienie.xlsx?miesiac=2026-11"' in page


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "RRRR-MM"),
        ("październik", "RRRR-MM"),
        ("2027-01", "2026-11"),
    ],
)
async def test_a_month_that_cannot_be_shown_is_refused_with_a_clear_error(
    coordinator_browser: httpx.AsyncClient, month: str, message: str
) -> None:
    answer = await coordinator_browser.get("/pulpit", params={"miesiac": month})

    assert answer.status_code == 400
    assert 'role="alert"' in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert f'value="{month}"' in answer.text
    assert message in answer.text.split('role="alert">', 1)[1].split("</p>", 1)[0]
    assert 'role="img"' not in answer.text


@pytest.mark.usefixtures("october_tickets")
async def test_the_workbook_download_is_the_months_workbook_agreeing_with_the_page(
    coordinator_browser: httpx.AsyncClient,
) -> None:
    answer = await coordinator_browser.get("/pulpit/zestawienie.xlsx?miesiac=2026-10")
    page = (await coordinator_browser.get("/pulpit?miesiac=2026-10")).text

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert answer.headers["content-disposition"] == (
        'attachment; filename="zestawienie-2026-10.xlsx"'
    )
    summary = summary_values(load_workbook(io.BytesIO(answer.content)))
    assert str(summary["Zgłoszenia przyjęte"][0]) == _figure(page, "Zgłoszenia założone")
    assert str(summary["Zgłoszenia rozwiązane"][0]) == _figure(page, "Zgłoszenia rozwiązane")
    assert summary["Pierwsze reakcje w terminie SLA"][0] == pytest.approx(0.5)


@pytest.mark.parametrize("month", ["2026-1", "2027-01"])
async def test_a_workbook_of_a_month_that_cannot_be_made_is_refused_with_a_clear_error(
    coordinator_browser: httpx.AsyncClient, month: str
) -> None:
    answer = await coordinator_browser.get(f"/pulpit/zestawienie.xlsx?miesiac={month}")

    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert "Nie udało się przygotować zestawienia" in answer.text
    assert 'role="alert"' in answer.text


async def test_the_requirement_compliance_is_shown_per_kind_of_computer(
    coordinator_browser: httpx.AsyncClient, school: School
) -> None:
    await install_requirement_profiles()
    await make_assets(3, school, **MEETS_2024_PUPIL_RULE)
    await make_asset(school, **FAILS_2024_PUPIL_RULE)

    page = (await coordinator_browser.get("/pulpit?miesiac=2026-10")).text
    compliance = (await compute_monthly_figures(OCTOBER)).inventory.total.compliance

    desktops = compliance[AssetKind.DESKTOP]
    assert (desktops.meeting, desktops.assessed) == (3, 4)
    assert "<dt>Komputer stacjonarny</dt><dd>75% (3/4)</dd>" in page
    assert "<dt>Laptop</dt><dd>—</dd>" in page


async def test_a_month_without_any_activity_says_so(
    coordinator_browser: httpx.AsyncClient,
) -> None:
    page = (await coordinator_browser.get("/pulpit?miesiac=2026-10")).text

    assert "W tym miesiącu nic nie odnotowano" in page
    assert _figure(page, "Zgłoszenia założone") == "0"


@pytest.mark.usefixtures("october_tickets")
async def test_a_month_with_tickets_does_not_say_it_is_empty(
    coordinator_browser: httpx.AsyncClient,
) -> None:
    page = (await coordinator_browser.get("/pulpit?miesiac=2026-10")).text

    assert "W tym miesiącu nic nie odnotowano" not in page
