"""Obligations the coordinator adds by hand: for a person, or for a role at each school."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from core.errors import InvalidInput, PermissionDenied
from core.models import Obligation, ObligationKind, Reminder, Role, School, User
from core.obligations.manual import Assignment, add_obligation
from core.obligations.reminders import plan_reminders
from tests.conftest import warsaw
from tests.factories import make_school, make_user

DUE = dt.date(2026, 12, 10)


@pytest.fixture
async def schools(school: School) -> list[School]:
    return [school, await make_school(), await make_school(is_active=False)]


async def test_a_task_for_the_director_of_every_school_is_one_per_active_school(
    schools: list[School], coordinator: User
) -> None:
    active = [s for s in schools if s.is_active]

    added = await add_obligation(
        title="Zebrać zgody rodziców na konta Microsoft 365",
        due_date=DUE,
        assignment=Assignment(role=Role.DIRECTOR, schools=active),
        added_by=coordinator,
    )

    assert {o.school_id for o in added} == {s.id for s in active}
    assert {(o.kind, o.assignee_role, o.due_date) for o in added} == {
        (ObligationKind.MANUAL, Role.DIRECTOR, DUE)
    }


async def test_a_task_for_one_person(director: User, coordinator: User) -> None:
    [added] = await add_obligation(
        title="Przesłać listę tablic interaktywnych",
        due_date=DUE,
        assignment=Assignment(user=director),
        added_by=coordinator,
    )

    assert (added.assignee_id, added.school_id) == (director.id, None)


async def test_the_task_is_reminded_like_any_other(
    director: User, coordinator: User, now: clock.ManualClock
) -> None:
    [added] = await add_obligation(
        title="Przesłać listę tablic", due_date=DUE, assignment=Assignment(user=director)
    )
    now.set(warsaw(2026, 12, 10, 7, 0))

    await plan_reminders()

    assert await Reminder.filter(obligation=added, recipient=director).exists()


async def test_only_the_coordinator_adds_tasks(director: User) -> None:
    with pytest.raises(PermissionDenied):
        await add_obligation(
            title="Zadanie", due_date=DUE, assignment=Assignment(user=director), added_by=director
        )

    assert await Obligation.all().count() == 0


@pytest.mark.usefixtures("now")
async def test_a_due_date_in_the_past_is_refused(director: User) -> None:
    with pytest.raises(InvalidInput, match=r"16\.11\.2026"):
        await add_obligation(
            title="Zadanie", due_date=dt.date(2026, 11, 16), assignment=Assignment(user=director)
        )

    assert await Obligation.all().count() == 0


@pytest.mark.parametrize("title", ["", "   ", "x" * 301])
async def test_a_missing_or_too_long_title_is_refused(director: User, title: str) -> None:
    with pytest.raises(InvalidInput):
        await add_obligation(title=title, due_date=DUE, assignment=Assignment(user=director))


async def test_a_task_needs_a_person_or_a_role_not_both(director: User) -> None:
    for assignment in (Assignment(), Assignment(user=director, role=Role.DIRECTOR)):
        with pytest.raises(InvalidInput):
            await add_obligation(title="Zadanie", due_date=DUE, assignment=assignment)

    assert await Obligation.all().count() == 0


async def test_teachers_get_no_tasks_from_the_schedule(school: School) -> None:
    with pytest.raises(InvalidInput):
        await add_obligation(
            title="Zadanie",
            due_date=DUE,
            assignment=Assignment(role=Role.TEACHER, schools=[school]),
        )


async def test_an_inactive_person_or_school_is_refused(schools: list[School]) -> None:
    former = await make_user(role=Role.DIRECTOR, is_active=False)

    with pytest.raises(InvalidInput):
        await add_obligation(title="Zadanie", due_date=DUE, assignment=Assignment(user=former))
    with pytest.raises(InvalidInput, match="is no longer active"):
        await add_obligation(
            title="Zadanie",
            due_date=DUE,
            assignment=Assignment(role=Role.DIRECTOR, schools=schools),
        )
    assert await Obligation.all().count() == 0
