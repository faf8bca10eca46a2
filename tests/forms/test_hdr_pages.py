"""The HDR pages: the action board and timeline, the indicators against their targets, and
the deadlines with the answers given; who may open which page."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.models import (
    AnswerKind,
    Channel,
    HdrAction,
    HdrActionStatus,
    Indicator,
    IndicatorSource,
    Obligation,
    ObligationKind,
    ObligationStatus,
    ReminderAnswer,
    Role,
    School,
    User,
)
from core.obligations.listing import PAGE_SIZE
from forms.app import create_app
from tests.conftest import warsaw
from tests.factories import make_school, make_user
from tests.forms.browsing import browser, sign_in

SignedIn = Callable[[User], AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def signed_in(database: str, now: ManualClock) -> SignedIn:
    """A browser of the web application with `user` signed in."""

    @asynccontextmanager
    async def as_user(user: User) -> AsyncIterator[httpx.AsyncClient]:
        async with browser(create_app(get_settings(), manage_database=False)) as client:
            await sign_in(client, user)
            yield client

    return as_user


async def make_action(number: int, **fields: Any) -> HdrAction:
    defaults: dict[str, Any] = {
        "title": f"Działanie {number}",
        "updated_at": warsaw(2026, 11, 1, 8, 0),
    }
    return await HdrAction.create(number=number, **(defaults | fields))


async def make_obligation(title: str, **fields: Any) -> Obligation:
    defaults: dict[str, Any] = {
        "source_key": f"test:{title}",
        "kind": ObligationKind.MANUAL,
        "due_date": dt.date(2026, 11, 30),
        "created_at": warsaw(2026, 11, 1, 8, 0),
    }
    return await Obligation.create(title=title, **(defaults | fields))


# --- /hdr -------------------------------------------------------------------------------


async def test_the_board_shows_each_action_under_its_status_with_who_answers_for_it(
    signed_in: SignedIn, teacher: User
) -> None:
    await make_action(
        1,
        title="Diagnoza stanu infrastruktury",
        status=HdrActionStatus.IN_PROGRESS,
        responsible="Koordynator HDR",
        notes="Brakuje danych z SP 3",
        period_text="Wrzesień – grudzień 2026",
    )
    await make_action(2, title="Konferencja podsumowująca", status=HdrActionStatus.PLANNED)
    async with signed_in(teacher) as client:
        page = (await client.get("/hdr")).text

    in_progress = page.index('id="status-in_progress"')
    planned = page.index('id="status-planned"')
    assert in_progress < page.index("1. Diagnoza stanu infrastruktury") < planned
    assert planned < page.index("2. Konferencja podsumowująca")
    assert "Koordynator HDR" in page
    assert "Brakuje danych z SP 3" in page
    assert "Wrzesień – grudzień 2026" in page


async def test_an_action_past_its_end_and_not_carried_out_is_marked_overdue_in_words(
    signed_in: SignedIn, teacher: User
) -> None:
    await make_action(3, title="Wdrożenie e-arkusza", ends_on=dt.date(2026, 10, 31))
    await make_action(
        4, title="Szkolenie RODO", ends_on=dt.date(2026, 10, 31), status=HdrActionStatus.DONE
    )
    async with signed_in(teacher) as client:
        page = (await client.get("/hdr")).text

    assert page.count("Po terminie: okres realizacji minął 31.10.2026.") == 1
    assert "Działania po terminie zakończenia i niezrealizowane: 1." in page
    assert page.index("Wdrożenie e-arkusza") < page.index("Po terminie:")


async def test_an_action_ending_today_is_not_overdue_yet(
    signed_in: SignedIn, teacher: User
) -> None:
    await make_action(5, ends_on=dt.date(2026, 11, 17))
    async with signed_in(teacher) as client:
        page = (await client.get("/hdr")).text

    assert "Po terminie" not in page


async def test_the_timeline_lists_the_actions_by_start_date_undated_last(
    signed_in: SignedIn, teacher: User
) -> None:
    await make_action(1, title="Bez daty")
    await make_action(2, title="Później", starts_on=dt.date(2027, 2, 1))
    await make_action(3, title="Wcześniej", starts_on=dt.date(2026, 9, 1))
    async with signed_in(teacher) as client:
        page = (await client.get("/hdr?widok=os-czasu")).text

    assert page.index("Wcześniej") < page.index("Później") < page.index("Bez daty")
    assert "01.09.2026" in page


async def test_someone_not_signed_in_is_sent_to_sign_in_first(database: str) -> None:
    async with browser(create_app(get_settings(), manage_database=False)) as client:
        answer = await client.get("/hdr")

    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/logowanie")


# --- /hdr/wskazniki -----------------------------------------------------------------------


async def test_an_indicator_shows_its_value_and_target_in_words_and_as_progress(
    signed_in: SignedIn, teacher: User
) -> None:
    await Indicator.create(
        code="trainings",
        name="Liczba szkoleń",
        target=8,
        source=IndicatorSource.MANUAL,
        manual_value=6,
    )
    async with signed_in(teacher) as client:
        page = (await client.get("/hdr/wskazniki")).text

    assert '<progress max="100" value="75"' in page
    assert "75% wartości docelowej" in page
    assert "<td>6</td>" in page
    assert "<td>8</td>" in page


async def test_a_manual_indicator_without_a_value_says_so_and_draws_no_progress(
    signed_in: SignedIn, teacher: User
) -> None:
    await Indicator.create(code="debates", name="Debaty", target=2, source=IndicatorSource.MANUAL)
    async with signed_in(teacher) as client:
        page = (await client.get("/hdr/wskazniki")).text

    assert "jeszcze nie wprowadzono" in page
    assert "<progress" not in page


async def test_an_indicator_counted_from_the_data_says_where_its_value_comes_from(
    signed_in: SignedIn, teacher: User
) -> None:
    await Indicator.create(
        code="e_sheet", name="E-arkusz", target=4, source=IndicatorSource.SCHOOLS_E_SHEET
    )
    await School.filter(id=teacher.school_id).update(e_sheet_since=dt.date(2026, 9, 1))
    async with signed_in(teacher) as client:
        page = (await client.get("/hdr/wskazniki")).text

    assert "liczone z danych" in page
    assert "25% wartości docelowej" in page


# --- /terminy -----------------------------------------------------------------------------


async def test_a_director_sees_their_schools_and_their_own_obligations_only(
    signed_in: SignedIn, director: User
) -> None:
    other = await make_school(name="Szkoła Podstawowa w Nowodworze")
    await make_obligation("Arkusz naszej szkoły", school_id=director.school_id)
    await make_obligation("Sprawozdanie dyrektora", assignee_id=director.id)
    await make_obligation("Arkusz innej szkoły", school_id=other.id)
    await make_obligation("Zadanie gminy")
    async with signed_in(director) as client:
        page = (await client.get("/terminy")).text

    assert "Arkusz naszej szkoły" in page
    assert "Sprawozdanie dyrektora" in page
    assert "Arkusz innej szkoły" not in page
    assert "Zadanie gminy" not in page


async def test_a_director_cannot_widen_the_list_to_another_school(
    signed_in: SignedIn, director: User
) -> None:
    other = await make_school()
    await make_obligation("Arkusz innej szkoły", school_id=other.id)
    async with signed_in(director) as client:
        page = (await client.get(f"/terminy?szkola={other.id}")).text

    assert "Arkusz innej szkoły" not in page


async def test_each_row_says_who_answered_what_and_when(
    signed_in: SignedIn, director: User, coordinator: User
) -> None:
    obligation = await make_obligation(
        "Inwentaryzacja sprzętu", school_id=director.school_id, status=ObligationStatus.SNOOZED
    )
    await ReminderAnswer.create(
        obligation=obligation,
        user=director,
        answer=AnswerKind.SNOOZE,
        snooze_until=dt.date(2026, 11, 24),
        comment="Czekamy na protokół",
        channel=Channel.EMAIL,
        at=warsaw(2026, 11, 16, 0, 30),
    )
    async with signed_in(coordinator) as client:
        page = (await client.get("/terminy")).text

    assert f"{director.full_name}: Odłożone (16.11.2026) — do 24.11.2026" in page
    assert "„Czekamy na protokół”" in page


async def test_an_unanswered_obligation_says_so(signed_in: SignedIn, coordinator: User) -> None:
    await make_obligation("Zadanie bez odpowiedzi")
    async with signed_in(coordinator) as client:
        page = (await client.get("/terminy")).text

    assert "jeszcze bez odpowiedzi" in page


async def test_an_obligation_past_its_due_date_is_marked_overdue_and_a_done_one_is_not(
    signed_in: SignedIn, coordinator: User
) -> None:
    await make_obligation("Zaległe", due_date=dt.date(2026, 11, 16))
    await make_obligation("Zrobione", due_date=dt.date(2026, 11, 16), status=ObligationStatus.DONE)
    async with signed_in(coordinator) as client:
        page = (await client.get("/terminy")).text
        only_overdue = (await client.get("/terminy?zalegle=1")).text

    assert page.count('<span class="overdue">po terminie</span>') == 1
    assert "Zaległe" in only_overdue
    assert "Zrobione" not in only_overdue


async def test_the_coordinator_filters_by_school_kind_and_status(
    signed_in: SignedIn, coordinator: User, school: School
) -> None:
    other = await make_school()
    await make_obligation("Arkusz A", school_id=school.id, kind=ObligationKind.ORGANISATION_SHEET)
    await make_obligation("Arkusz B", school_id=other.id, kind=ObligationKind.ORGANISATION_SHEET)
    await make_obligation("Inne A", school_id=school.id, status=ObligationStatus.PROBLEM)
    async with signed_in(coordinator) as client:
        by_school = (await client.get(f"/terminy?szkola={school.id}")).text
        by_kind = (await client.get("/terminy?rodzaj=organisation_sheet")).text
        by_status = (await client.get("/terminy?status=problem")).text

    assert "Arkusz A" in by_school
    assert "Inne A" in by_school
    assert "Arkusz B" not in by_school
    assert "Arkusz B" in by_kind
    assert "Inne A" not in by_kind
    assert "Inne A" in by_status
    assert "Arkusz A" not in by_status


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("rodzaj=urlop", "Nie ma rodzaju obowiązku „urlop”"),
        ("status=gotowe", "Nie ma statusu „gotowe”"),
        ("szkola=pierwsza", "Nie ma szkoły „pierwsza”"),
        ("szkola=99999", "Nie ma szkoły „99999”"),
    ],
)
async def test_a_filter_value_that_makes_no_sense_is_refused_with_a_clear_error(
    signed_in: SignedIn, coordinator: User, query: str, message: str
) -> None:
    await make_obligation("Coś do zrobienia")
    async with signed_in(coordinator) as client:
        answer = await client.get(f"/terminy?{query}")

    assert answer.status_code == 400
    assert 'role="alert"' in answer.text
    assert message in answer.text
    assert 'aria-invalid="true" aria-describedby="filter-error"' in answer.text
    assert "Coś do zrobienia" not in answer.text


async def test_a_long_list_shows_the_first_page_and_says_how_many_match(
    signed_in: SignedIn, coordinator: User
) -> None:
    await Obligation.bulk_create(
        [
            Obligation(
                source_key=f"test:{n}",
                kind=ObligationKind.MANUAL,
                title=f"Zadanie {n}",
                due_date=dt.date(2026, 12, 1),
                created_at=warsaw(2026, 11, 1, 8, 0),
            )
            for n in range(PAGE_SIZE + 1)
        ]
    )
    async with signed_in(coordinator) as client:
        page = (await client.get("/terminy")).text

    assert f"Pasujących obowiązków: {PAGE_SIZE + 1}; pokazano pierwsze {PAGE_SIZE}." in page
    assert page.count('<th scope="row">') == PAGE_SIZE


async def test_the_it_specialist_sees_what_is_assigned_to_them_or_to_it(
    signed_in: SignedIn, specialist: User, school: School
) -> None:
    await make_obligation("Kopie zapasowe", assignee_role=Role.IT)
    await make_obligation("Serwer szkoły", assignee_id=specialist.id)
    await make_obligation("Arkusz szkoły", school_id=school.id, assignee_role=Role.DIRECTOR)
    async with signed_in(specialist) as client:
        page = (await client.get("/terminy")).text

    assert "Kopie zapasowe" in page
    assert "Serwer szkoły" in page
    assert "Arkusz szkoły" not in page


# --- who may open what ----------------------------------------------------------------------

ROUTES = ("/hdr", "/hdr/wskazniki", "/terminy", "/pulpit", "/pulpit/zestawienie.xlsx")
ALLOWED: dict[Role, set[str]] = {
    Role.TEACHER: {"/hdr", "/hdr/wskazniki"},
    Role.DIRECTOR: {"/hdr", "/hdr/wskazniki", "/terminy"},
    Role.IT: {"/hdr", "/hdr/wskazniki", "/terminy"},
    Role.COORDINATOR: set(ROUTES),
}


@pytest.mark.parametrize("role", list(ALLOWED))
async def test_each_role_opens_exactly_the_pages_it_may(
    signed_in: SignedIn, school: School, role: Role
) -> None:
    user = await make_user(
        role=role, school=school if role in (Role.TEACHER, Role.DIRECTOR) else None
    )
    async with signed_in(user) as client:
        statuses = {route: (await client.get(route)).status_code for route in ROUTES}

    assert statuses == {route: 200 if route in ALLOWED[role] else 403 for route in ROUTES}


@pytest.mark.parametrize("role", list(ALLOWED))
async def test_the_panel_links_to_the_pages_a_role_may_open_and_no_others(
    signed_in: SignedIn, school: School, role: Role
) -> None:
    user = await make_user(role=role, school=school if role != Role.COORDINATOR else None)
    async with signed_in(user) as client:
        panel = (await client.get("/panel")).text

    linked = {path for path in ("/hdr", "/terminy", "/pulpit") if f'href="{path}"' in panel}
    assert linked == {path for path in ("/hdr", "/terminy", "/pulpit") if path in ALLOWED[role]}
