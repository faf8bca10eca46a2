"""Reporting a fault: what is stored, and every refusal leaving nothing behind."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import DomainError, InvalidInput, PermissionDenied
from core.models import (
    Category,
    Channel,
    Priority,
    Role,
    School,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
    User,
)
from core.tickets import create_ticket
from tests.conftest import warsaw
from tests.core.tickets.conftest import Report
from tests.core.tickets.helpers import make_asset, stored_row_counts
from tests.factories import make_category, make_school, make_user


async def test_a_reported_fault_is_stored_new_with_its_details(
    report: Report, school: School, teacher: User, category: Category
) -> None:
    asset = await make_asset(school)

    ticket = await report(
        channel=Channel.TELEGRAM,
        priority=Priority.HIGH,
        room=" 12 ",
        asset=asset,
        description="  Projektor nie włącza się.\nDioda miga na czerwono.  ",
    )

    stored = await Ticket.get(id=ticket.id)
    assert stored.status == TicketStatus.NEW
    assert (stored.school_id, stored.reporter_id, stored.category_id, stored.asset_id) == (
        school.id,
        teacher.id,
        category.id,
        asset.id,
    )
    assert (stored.channel, stored.priority, stored.room) == (Channel.TELEGRAM, Priority.HIGH, "12")
    assert stored.description == "Projektor nie włącza się.\nDioda miga na czerwono."
    assert stored.created_at == stored.updated_at == warsaw(2026, 11, 17, 10, 0)


async def test_creation_is_recorded_as_the_first_event(report: Report, teacher: User) -> None:
    ticket = await report(channel=Channel.EMAIL)

    events = await TicketEvent.filter(ticket_id=ticket.id)

    assert [(e.kind, e.to_status, e.actor_id, e.channel, e.is_public) for e in events] == [
        (TicketEventKind.CREATED, TicketStatus.NEW, teacher.id, Channel.EMAIL, True)
    ]


async def test_the_title_defaults_to_the_first_line_of_the_description(report: Report) -> None:
    ticket = await report(description="Brak internetu w pokoju nauczycielskim\nOd rana.")

    assert ticket.title == "Brak internetu w pokoju nauczycielskim"


async def test_a_long_first_line_is_cut_at_a_word_boundary(report: Report) -> None:
    description = "Tablica interaktywna w sali " + "bardzo " * 20 + "nie reaguje na dotyk."

    ticket = await report(description=description)

    assert ticket.title.endswith("bardzo…")
    assert len(ticket.title) <= 80
    assert description.startswith(ticket.title.removesuffix("…"))


async def test_a_given_title_is_kept(report: Report) -> None:
    ticket = await report(title="  Projektor, sala 12 ")

    assert ticket.title == "Projektor, sala 12"


async def test_someone_without_an_account_reports_by_name_and_e_mail(
    school: School, category: Category
) -> None:
    ticket = await create_ticket(
        school=school,
        reporter=None,
        channel=Channel.EMAIL,
        category=category,
        description="Nie działa drukarka w sekretariacie.",
        reporter_name="Anna Nowak",
        reporter_email="anna.nowak@example.pl",
    )

    stored = await Ticket.get(id=ticket.id)
    assert (stored.reporter_id, stored.reporter_name, stored.reporter_email) == (
        None,
        "Anna Nowak",
        "anna.nowak@example.pl",
    )


async def test_the_it_specialist_reports_for_any_school(report: Report, specialist: User) -> None:
    other_school = await make_school()

    ticket = await report(school=other_school, reporter=specialist)

    assert ticket.school_id == other_school.id


async def _refused_report(report: Report, **fields: Any) -> DomainError:
    with pytest.raises(DomainError) as refused:
        await report(**fields)
    assert await stored_row_counts() == (0, 0, 0)
    return refused.value


async def test_an_empty_description_is_refused_and_nothing_is_written(report: Report) -> None:
    refusal = await _refused_report(report, description=" \n\t ")

    assert isinstance(refusal, InvalidInput)
    assert refusal.translated() == "Opis awarii nie może być pusty."


async def test_an_asset_of_another_school_is_refused_and_nothing_is_written(
    report: Report,
) -> None:
    foreign_asset = await make_asset(await make_school(), inventory_number="PRJ-9")

    refusal = await _refused_report(report, asset=foreign_asset)

    assert isinstance(refusal, InvalidInput)
    assert "PRJ-9" in refusal.translated()


async def test_an_inactive_category_is_refused_and_nothing_is_written(report: Report) -> None:
    retired = await make_category(name_pl="Faks", is_active=False)

    refusal = await _refused_report(report, category=retired)

    assert isinstance(refusal, InvalidInput)
    assert refusal.translated() == "Kategoria „Faks” nie jest już używana; wybierz inną."


async def test_a_teacher_of_another_school_is_refused_and_nothing_is_written(
    report: Report,
) -> None:
    outsider = await make_user(role=Role.TEACHER, school=await make_school())

    refusal = await _refused_report(report, reporter=outsider)

    assert isinstance(refusal, InvalidInput)


async def test_an_inactive_reporter_is_refused_and_nothing_is_written(
    report: Report, school: School
) -> None:
    former = await make_user(role=Role.TEACHER, school=school, is_active=False)

    refusal = await _refused_report(report, reporter=former)

    assert isinstance(refusal, PermissionDenied)


async def test_a_report_naming_nobody_is_refused_and_nothing_is_written(report: Report) -> None:
    refusal = await _refused_report(report, reporter=None)

    assert isinstance(refusal, InvalidInput)


async def test_a_too_long_description_is_refused_and_nothing_is_written(report: Report) -> None:
    refusal = await _refused_report(report, description="x" * 5001)

    assert refusal.translated() == "Opis jest za długi (limit znaków: 5000)."


async def test_a_too_long_title_is_refused_and_nothing_is_written(report: Report) -> None:
    refusal = await _refused_report(report, title="x" * 201)

    assert refusal.translated() == "Tytuł jest za długi (limit znaków: 200)."
