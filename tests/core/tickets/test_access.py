"""Who sees which tickets: a teacher their own, a director their school's, staff all."""

from __future__ import annotations

import pytest

from core.models import Role, School, Ticket, User
from core.tickets import can_see_ticket, can_work_tickets, tickets_visible_to
from tests.core.tickets.conftest import Report
from tests.factories import make_school, make_user


@pytest.fixture
async def tickets(report: Report, teacher: User, school: School) -> dict[str, Ticket]:
    """One ticket by `teacher`, one by a colleague at the same school, one at another school."""
    colleague = await make_user(role=Role.TEACHER, school=school)
    elsewhere = await make_school()
    return {
        "own": await report(),
        "colleague": await report(reporter=colleague),
        "elsewhere": await report(
            school=elsewhere, reporter=await make_user(role=Role.TEACHER, school=elsewhere)
        ),
    }


async def _visible(user: User) -> set[int]:
    return {ticket.id for ticket in await tickets_visible_to(user)}


def _ids(tickets: dict[str, Ticket], *names: str) -> set[int]:
    return {tickets[name].id for name in names}


async def test_a_teacher_sees_only_the_tickets_they_reported(
    tickets: dict[str, Ticket], teacher: User
) -> None:
    assert await _visible(teacher) == _ids(tickets, "own")


async def test_a_director_sees_the_tickets_of_their_school(
    tickets: dict[str, Ticket], director: User
) -> None:
    assert await _visible(director) == _ids(tickets, "own", "colleague")


@pytest.mark.parametrize("role", [Role.IT, Role.COORDINATOR])
async def test_staff_see_every_ticket(tickets: dict[str, Ticket], role: Role) -> None:
    staff = await make_user(role=role)

    assert await _visible(staff) == _ids(tickets, "own", "colleague", "elsewhere")


async def test_an_inactive_user_sees_nothing(tickets: dict[str, Ticket], teacher: User) -> None:
    teacher.is_active = False
    await teacher.save()

    assert await _visible(teacher) == set()


async def test_seeing_one_ticket_agrees_with_the_visible_list(
    tickets: dict[str, Ticket], teacher: User, director: User
) -> None:
    for user in (teacher, director):
        visible = await _visible(user)
        for ticket in tickets.values():
            assert can_see_ticket(user, ticket) == (ticket.id in visible)


@pytest.mark.parametrize(
    ("role", "works"),
    [(Role.TEACHER, False), (Role.DIRECTOR, False), (Role.IT, True), (Role.COORDINATOR, True)],
)
def test_only_the_it_specialist_and_the_coordinator_work_tickets(role: Role, works: bool) -> None:
    assert can_work_tickets(User(role=role, full_name="Osoba", is_active=True)) is works


def test_an_inactive_it_specialist_works_no_tickets() -> None:
    assert can_work_tickets(User(role=Role.IT, full_name="Osoba", is_active=False)) is False
