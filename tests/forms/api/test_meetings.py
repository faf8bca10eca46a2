"""`/api/v1/meetings`: meetings and the part of their agendas a person may see."""

from __future__ import annotations

import httpx
import pytest

from core import clock
from core.models import (
    AgendaItem,
    AgendaItemStatus,
    Channel,
    Meeting,
    MeetingKind,
    Role,
    School,
    User,
)
from tests.core.meetings.builders import make_meeting
from tests.factories import make_user
from tests.forms.api.conftest import bearer


async def add_item(
    meeting: Meeting, title: str, *, by: User, status: AgendaItemStatus, position: int | None = None
) -> AgendaItem:
    return await AgendaItem.create(
        meeting=meeting,
        proposed_by=by,
        school_id=by.school_id,
        title=title,
        status=status,
        position=position,
        channel=Channel.WEB,
        created_at=clock.now(),
    )


async def test_the_coordinator_sees_every_agenda_item(
    api: httpx.AsyncClient, coordinator: User, director: User
) -> None:
    meeting = await make_meeting()
    await add_item(meeting, "Sieć", by=director, status=AgendaItemStatus.ACCEPTED, position=1)
    await add_item(meeting, "Drukarki", by=director, status=AgendaItemStatus.PROPOSED)

    response = await api.get(f"/api/v1/meetings/{meeting.id}", headers=await bearer(coordinator))

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == meeting.title
    assert [item["title"] for item in body["agenda_items"]] == ["Sieć", "Drukarki"]


async def test_a_director_sees_accepted_items_and_their_own_proposals(
    api: httpx.AsyncClient, director: User, school: School
) -> None:
    meeting = await make_meeting()
    other = await make_user(role=Role.DIRECTOR, school=school)
    await add_item(meeting, "Sieć", by=other, status=AgendaItemStatus.ACCEPTED, position=1)
    await add_item(meeting, "Cudze", by=other, status=AgendaItemStatus.PROPOSED)
    await add_item(meeting, "Moje", by=director, status=AgendaItemStatus.PROPOSED)

    response = await api.get(f"/api/v1/meetings/{meeting.id}", headers=await bearer(director))

    assert [item["title"] for item in response.json()["agenda_items"]] == ["Sieć", "Moje"]


async def test_a_director_lists_the_directors_meetings(
    api: httpx.AsyncClient, director: User
) -> None:
    directors = await make_meeting()
    await make_meeting(kind=MeetingKind.PROJECT_TEAM, title="Zespół projektowy")

    response = await api.get("/api/v1/meetings", headers=await bearer(director))

    assert [item["id"] for item in response.json()["items"]] == [directors.id]


async def test_a_teacher_sees_the_meetings_they_take_part_in(
    api: httpx.AsyncClient, teacher: User
) -> None:
    training = await make_meeting(kind=MeetingKind.TRAINING, title="Szkolenie")
    await training.participants.add(teacher)
    await make_meeting()

    response = await api.get("/api/v1/meetings", headers=await bearer(teacher))

    assert [item["id"] for item in response.json()["items"]] == [training.id]


async def test_a_meeting_the_user_may_not_see_is_not_found(
    api: httpx.AsyncClient, teacher: User
) -> None:
    meeting = await make_meeting()

    response = await api.get(f"/api/v1/meetings/{meeting.id}", headers=await bearer(teacher))

    assert response.status_code == 404
    assert response.json() == {"detail": f"Nie znaleziono spotkania {meeting.id}."}


async def test_the_list_filters_by_status(api: httpx.AsyncClient, coordinator: User) -> None:
    await make_meeting()
    held = await make_meeting(status="held", title="Listopad")

    response = await api.get("/api/v1/meetings?status=held", headers=await bearer(coordinator))

    assert [item["id"] for item in response.json()["items"]] == [held.id]


@pytest.mark.parametrize(
    ("meeting_id", "status"),
    [
        ("999999", 404),
        ("2147483648", 422),
        ("99999999999999999999999", 422),
        ("0", 422),
        ("-1", 422),
        ("abc", 422),
    ],
)
async def test_an_unknown_or_out_of_range_id_is_not_found_or_refused(
    api: httpx.AsyncClient, coordinator: User, meeting_id: str, status: int
) -> None:
    response = await api.get(f"/api/v1/meetings/{meeting_id}", headers=await bearer(coordinator))

    assert response.status_code == status
