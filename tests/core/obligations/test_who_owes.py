"""Who owes an obligation and who is shown it: the reminders, the /terminy page and the API
answer the same question the same way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.models import Obligation, ObligationKind, Role, School, User
from core.obligations.assignees import obligation_assignees
from core.obligations.listing import ObligationFilter, obligations_for
from core.obligations.owed import obligations_followed_by
from tests.factories import make_school, make_user

DUE = dt.date(2026, 12, 10)


async def _obligation(key: str, **fields: Any) -> Obligation:
    return await Obligation.create(
        source_key=key,
        kind=ObligationKind.MANUAL,
        title=key,
        due_date=DUE,
        created_at=dt.datetime(2026, 11, 17, 9, 0, tzinfo=dt.UTC),
        **fields,
    )


async def _shown_to(user: User) -> set[str]:
    page = await obligations_for(user=user, wanted=ObligationFilter())
    return {entry.obligation.source_key for entry in page.entries}


async def _followed_by(user: User) -> set[str]:
    return {o.source_key for o in await obligations_followed_by(user)}


async def test_a_task_for_the_it_role_about_one_school_reaches_the_it_specialist(
    school: School, specialist: User
) -> None:
    task = await _obligation("it-at-school", assignee_role=Role.IT, school=school)

    assert await obligation_assignees(task) == [specialist]
    assert await _followed_by(specialist) == {"it-at-school"}
    assert await _shown_to(specialist) == {"it-at-school"}


async def test_a_task_for_the_directors_of_the_gmina_is_shown_to_each_director(
    director: User,
) -> None:
    await _obligation("every-director", assignee_role=Role.DIRECTOR)

    assert await _followed_by(director) == {"every-director"}
    assert await _shown_to(director) == {"every-director"}


async def test_a_director_owes_only_their_own_school_s_director_tasks(
    director: User, school: School
) -> None:
    other_school = await make_school()
    await make_user(role=Role.DIRECTOR, school=other_school)
    await _obligation("mine", assignee_role=Role.DIRECTOR, school=school)
    await _obligation("theirs", assignee_role=Role.DIRECTOR, school=other_school)

    assert await _followed_by(director) == {"mine"}
    assert await _shown_to(director) == {"mine"}


async def test_a_director_is_shown_their_school_s_tasks_owed_by_others_too(
    director: User, school: School, specialist: User
) -> None:
    await _obligation("network-at-my-school", assignee_role=Role.IT, school=school)

    assert await _followed_by(director) == set()
    assert await _shown_to(director) == {"network-at-my-school"}


async def test_a_task_for_one_person_is_theirs_alone(
    director: User, specialist: User, coordinator: User
) -> None:
    await _obligation("for-the-director", assignee=director)

    assert await _followed_by(director) == {"for-the-director"}
    assert await _followed_by(specialist) == set()
    assert await _shown_to(specialist) == set()
    assert await _shown_to(coordinator) == {"for-the-director"}


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.IT, Role.COORDINATOR])
async def test_an_inactive_account_owes_nothing(role: Role, school: School) -> None:
    person = await make_user(
        role=role, school=school if role is Role.DIRECTOR else None, is_active=False
    )
    task = await _obligation("for-the-role", assignee_role=role)

    assert await obligation_assignees(task) == []
    assert await _followed_by(person) == set()
