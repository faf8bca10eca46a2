"""Agenda items: which meetings take them, who may propose one, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import ManualClock
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.meetings import (
    DESCRIPTION_LIMIT,
    TITLE_LIMIT,
    item_status_label,
    items_proposed_by,
    meeting_open_for_items,
    meetings_open_for_items,
    propose_agenda_item,
)
from core.models import (
    AgendaItem,
    AgendaItemStatus,
    Channel,
    Meeting,
    MeetingStatus,
    Role,
    User,
)
from tests.conftest import warsaw
from tests.core.meetings.builders import CALL_DEADLINE, STARTS_AT, make_meeting
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("now")

TITLE = "Harmonogram wymiany komputerów w pracowniach"


async def _propose(meeting: Meeting, proposer: User, **fields: object) -> AgendaItem:
    given: dict[str, object] = {"title": TITLE, "description": "", "channel": Channel.TELEGRAM}
    return await propose_agenda_item(meeting=meeting, proposer=proposer, **(given | fields))


# Which meetings take items


async def test_a_meeting_with_an_open_call_takes_items(database) -> None:
    meeting = await make_meeting()

    assert [m.id for m in await meetings_open_for_items()] == [meeting.id]


@pytest.mark.parametrize(
    "status",
    [
        MeetingStatus.PLANNED,
        MeetingStatus.AGENDA_PUBLISHED,
        MeetingStatus.HELD,
        MeetingStatus.CANCELLED,
    ],
)
async def test_a_meeting_takes_no_items_unless_its_call_is_open(
    database, status: MeetingStatus
) -> None:
    meeting = await make_meeting(status=status)

    assert await meetings_open_for_items() == []
    assert await meeting_open_for_items(meeting.id) is None


async def test_a_meeting_takes_no_items_from_its_deadline_on(database, now: ManualClock) -> None:
    meeting = await make_meeting()
    now.set(CALL_DEADLINE)

    assert await meetings_open_for_items() == []
    assert await meeting_open_for_items(meeting.id) is None


async def test_a_meeting_takes_items_until_a_minute_before_its_deadline(
    database, now: ManualClock
) -> None:
    meeting = await make_meeting()
    now.set(CALL_DEADLINE - dt.timedelta(minutes=1))

    assert await meeting_open_for_items(meeting.id) is not None


@pytest.mark.parametrize("meeting_id", [0, 2**31, 10**20])
async def test_an_id_no_meeting_can_have_is_no_open_meeting(database, meeting_id: int) -> None:
    await make_meeting()

    assert await meeting_open_for_items(meeting_id) is None


async def test_a_call_without_a_deadline_runs_until_the_meeting_starts(
    database, now: ManualClock
) -> None:
    meeting = await make_meeting(agenda_call_deadline=None)
    now.set(STARTS_AT - dt.timedelta(minutes=1))
    assert [m.id for m in await meetings_open_for_items()] == [meeting.id]

    now.set(STARTS_AT)
    assert await meetings_open_for_items() == []


async def test_a_deadline_after_the_start_does_not_keep_the_call_open(
    database, now: ManualClock
) -> None:
    meeting = await make_meeting(agenda_call_deadline=STARTS_AT + dt.timedelta(days=1))
    now.set(STARTS_AT)

    assert await meetings_open_for_items() == []
    assert await meeting_open_for_items(meeting.id) is None


async def test_open_meetings_come_soonest_first(database) -> None:
    january = await make_meeting(
        title="Spotkanie z dyrektorami — 01.2027",
        starts_at=warsaw(2027, 1, 12, 10, 0),
        agenda_call_deadline=warsaw(2027, 1, 8, 15, 0),
    )
    december = await make_meeting()

    assert [m.id for m in await meetings_open_for_items()] == [december.id, january.id]


# Who may propose


async def test_a_director_proposes_an_item_for_their_school(database, director: User) -> None:
    meeting = await make_meeting()

    item = await _propose(meeting, director, description="Pracownia nr 2 jako pierwsza.")

    stored = await AgendaItem.get(id=item.id)
    assert (
        stored.meeting_id,
        stored.proposed_by_id,
        stored.school_id,
        stored.title,
        stored.description,
        stored.status,
        stored.channel,
    ) == (
        meeting.id,
        director.id,
        director.school_id,
        TITLE,
        "Pracownia nr 2 jako pierwsza.",
        AgendaItemStatus.PROPOSED,
        Channel.TELEGRAM,
    )


async def test_the_coordinator_proposes_an_item_of_the_whole_gmina(
    database, coordinator: User
) -> None:
    meeting = await make_meeting()

    item = await _propose(meeting, coordinator, channel=Channel.WEB)

    stored = await AgendaItem.get(id=item.id)
    assert (stored.proposed_by_id, stored.school_id, stored.channel) == (
        coordinator.id,
        None,
        Channel.WEB,
    )


async def test_a_teacher_may_not_propose_and_nothing_is_saved(database, teacher: User) -> None:
    meeting = await make_meeting()

    with pytest.raises(PermissionDenied) as refused:
        await _propose(meeting, teacher)

    assert refused.value.translated() == (
        "Punkty porządku obrad mogą zgłaszać tylko dyrektorzy szkół i koordynator."
    )
    assert not await AgendaItem.exists()


async def test_the_it_specialist_may_not_propose(database, specialist: User) -> None:
    meeting = await make_meeting()

    with pytest.raises(PermissionDenied):
        await _propose(meeting, specialist)

    assert not await AgendaItem.exists()


async def test_a_director_without_a_school_may_not_propose(database) -> None:
    meeting = await make_meeting()
    director = await make_user(role=Role.DIRECTOR)

    with pytest.raises(PermissionDenied):
        await _propose(meeting, director)

    assert not await AgendaItem.exists()


async def test_an_inactive_director_may_not_propose(database, director: User) -> None:
    meeting = await make_meeting()
    director.is_active = False

    with pytest.raises(PermissionDenied) as refused:
        await _propose(meeting, director)

    assert refused.value.translated() == f"Konto użytkownika {director.full_name} jest nieaktywne."
    assert not await AgendaItem.exists()


# What is refused


async def test_an_item_for_a_closed_call_is_refused_and_nothing_is_saved(
    database, director: User, now: ManualClock
) -> None:
    meeting = await make_meeting()
    now.set(CALL_DEADLINE + dt.timedelta(seconds=1))

    with pytest.raises(IllegalTransition) as refused:
        await _propose(meeting, director)

    assert refused.value.translated() == (
        "Nabór punktów porządku obrad na spotkanie „Spotkanie z dyrektorami — 12.2026” został "
        "już zamknięty, więc Twój punkt nie został zapisany."
    )
    assert not await AgendaItem.exists()


async def test_the_call_is_checked_on_the_stored_meeting(database, director: User) -> None:
    meeting = await make_meeting()
    await Meeting.filter(id=meeting.id).update(status=MeetingStatus.AGENDA_PUBLISHED)

    with pytest.raises(IllegalTransition):
        await _propose(meeting, director)

    assert not await AgendaItem.exists()


async def test_an_item_for_a_deleted_meeting_is_refused(database, director: User) -> None:
    meeting = await make_meeting()
    await Meeting.filter(id=meeting.id).delete()

    with pytest.raises(IllegalTransition):
        await _propose(meeting, director)

    assert not await AgendaItem.exists()


@pytest.mark.parametrize("title", ["", "   ", "\n"])
async def test_an_empty_title_is_refused(database, director: User, title: str) -> None:
    meeting = await make_meeting()

    with pytest.raises(InvalidInput) as refused:
        await _propose(meeting, director, title=title)

    assert refused.value.translated() == "Punkt porządku obrad musi mieć tytuł."
    assert not await AgendaItem.exists()


async def test_a_title_over_the_limit_is_refused(database, director: User) -> None:
    meeting = await make_meeting()

    with pytest.raises(InvalidInput) as refused:
        await _propose(meeting, director, title="x" * (TITLE_LIMIT + 1))

    assert refused.value.translated() == "Tytuł jest za długi (limit znaków: 200)."
    assert not await AgendaItem.exists()


async def test_a_title_at_the_limit_is_kept_whole(database, director: User) -> None:
    meeting = await make_meeting()

    item = await _propose(meeting, director, title="x" * TITLE_LIMIT)

    assert (await AgendaItem.get(id=item.id)).title == "x" * TITLE_LIMIT


async def test_a_title_is_kept_on_one_line(database, director: User) -> None:
    meeting = await make_meeting()

    item = await _propose(meeting, director, title="  Wi-Fi\nna piętrze  ")

    assert item.title == "Wi-Fi na piętrze"


async def test_a_description_over_the_limit_is_refused(database, director: User) -> None:
    meeting = await make_meeting()

    with pytest.raises(InvalidInput) as refused:
        await _propose(meeting, director, description="x" * (DESCRIPTION_LIMIT + 1))

    assert refused.value.translated() == "Opis jest za długi (limit znaków: 2000)."
    assert not await AgendaItem.exists()


# What a proposer sees of their items


async def test_a_proposer_sees_only_their_own_items_for_the_meeting(
    database, director: User, coordinator: User
) -> None:
    meeting = await make_meeting()
    other_meeting = await make_meeting(starts_at=warsaw(2027, 1, 12, 10, 0))
    first = await _propose(meeting, director, title="Wi-Fi na piętrze")
    second = await _propose(meeting, director, title="Nowe laptopy")
    await _propose(meeting, coordinator)
    await _propose(other_meeting, director)

    assert [item.id for item in await items_proposed_by(director, meeting)] == [
        first.id,
        second.id,
    ]


def test_an_items_status_reads_in_polish() -> None:
    assert [item_status_label(status) for status in AgendaItemStatus] == [
        "zgłoszony",
        "przyjęty",
        "odrzucony",
    ]
