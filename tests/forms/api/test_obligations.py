"""`/api/v1/obligations`: what a person owes; everything for the coordinator."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import httpx
import pytest

from core import clock
from core.models import Obligation, ObligationKind, ObligationStatus, Role, School, User
from tests.factories import make_school
from tests.forms.api.conftest import bearer

_keys = itertools.count(1)


async def make_obligation(**fields: Any) -> Obligation:
    defaults: dict[str, Any] = {
        "source_key": f"test:{next(_keys)}",
        "kind": ObligationKind.MANUAL,
        "title": "Arkusz organizacji",
        "due_date": dt.date(2027, 4, 21),
        "created_at": clock.now(),
    }
    return await Obligation.create(**(defaults | fields))


async def ids(api: httpx.AsyncClient, user: User, query: str = "") -> list[int]:
    response = await api.get(f"/api/v1/obligations{query}", headers=await bearer(user))
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_a_director_lists_what_they_owe(
    api: httpx.AsyncClient, director: User, school: School, specialist: User
) -> None:
    of_school = await make_obligation(school=school, assignee_role=Role.DIRECTOR)
    named = await make_obligation(assignee=director, due_date=dt.date(2027, 5, 1))
    await make_obligation(school=await make_school(), assignee_role=Role.DIRECTOR)
    await make_obligation(assignee=specialist)
    await make_obligation(school=school, assignee_role=Role.IT)

    assert await ids(api, director) == [of_school.id, named.id]


async def test_a_gmina_wide_role_obligation_is_owed_by_every_holder(
    api: httpx.AsyncClient, specialist: User
) -> None:
    for_it = await make_obligation(assignee_role=Role.IT)

    assert await ids(api, specialist) == [for_it.id]


async def test_the_coordinator_lists_every_obligation(
    api: httpx.AsyncClient, coordinator: User, school: School, specialist: User
) -> None:
    first = await make_obligation(school=school, assignee_role=Role.DIRECTOR)
    second = await make_obligation(assignee=specialist, due_date=dt.date(2027, 5, 1))

    assert await ids(api, coordinator) == [first.id, second.id]


async def test_the_list_filters_by_status_and_school(
    api: httpx.AsyncClient, coordinator: User, school: School
) -> None:
    done = await make_obligation(school=school, status=ObligationStatus.DONE)
    await make_obligation(school=school)
    await make_obligation(school=await make_school(), status=ObligationStatus.DONE)

    assert await ids(api, coordinator, f"?status=done&school={school.code}") == [done.id]


async def test_an_obligation_is_read(
    api: httpx.AsyncClient, director: User, school: School
) -> None:
    obligation = await make_obligation(school=school, assignee_role=Role.DIRECTOR)

    response = await api.get(f"/api/v1/obligations/{obligation.id}", headers=await bearer(director))

    assert response.status_code == 200
    assert response.json() | {"id": 0} == {
        "id": 0,
        "kind": "manual",
        "title": "Arkusz organizacji",
        "description": "",
        "legal_basis": "",
        "school": school.code,
        "assignee": None,
        "assignee_role": "director",
        "due_date": "2027-04-21",
        "status": "open",
        "snoozed_until": None,
        "done_at": None,
    }


async def test_another_schools_obligation_is_not_found(
    api: httpx.AsyncClient, director: User
) -> None:
    obligation = await make_obligation(school=await make_school(), assignee_role=Role.DIRECTOR)

    response = await api.get(f"/api/v1/obligations/{obligation.id}", headers=await bearer(director))

    assert response.status_code == 404
    assert response.json() == {"detail": f"Nie znaleziono zobowiązania {obligation.id}."}


async def test_a_teacher_owes_nothing_of_the_director(
    api: httpx.AsyncClient, teacher: User, school: School
) -> None:
    await make_obligation(school=school, assignee_role=Role.DIRECTOR)

    assert await ids(api, teacher) == []


@pytest.mark.parametrize("obligation_id", ["2147483648", "9" * 30, "0"])
async def test_an_out_of_range_id_is_refused(
    api: httpx.AsyncClient, coordinator: User, obligation_id: str
) -> None:
    response = await api.get(
        f"/api/v1/obligations/{obligation_id}", headers=await bearer(coordinator)
    )

    assert response.status_code == 422
