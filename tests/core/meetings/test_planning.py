"""The coordinator puts meetings on the calendar and orders their agendas; everyone sees
the kinds and states of meetings by name."""

from __future__ import annotations

import pytest

from core.clock import ManualClock
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.meetings.planning import (
    LOCATION_LIMIT,
    meeting_kind_label,
    meeting_status_label,
    plan_meeting,
    settle_agenda_item,
)
from core.models import (
    AgendaItem,
    AgendaItemStatus,
    Channel,
    Meeting,
    MeetingKind,
    MeetingStatus,
    User,
)
from tests.conftest import warsaw
from tests.core.meetings.builders import make_meeting

STARTS_AT = warsaw(2026, 12, 8, 10, 0)


async def test_the_coordinator_plans_a_meeting_without_a_call_yet(
    coordinator: User, now: ManualClock
) -> None:
    meeting = await plan_meeting(
        actor=coordinator,
        kind=MeetingKind.DIRECTORS,
        title="  Spotkanie   z dyrektorami — 12.2026 ",
        starts_at=STARTS_AT,
        location="Urząd Gminy",
    )

    stored = await Meeting.get(id=meeting.id)
    assert stored.title == "Spotkanie z dyrektorami — 12.2026"
    assert stored.status is MeetingStatus.PLANNED
    assert stored.agenda_call_deadline is None
    assert stored.starts_at == STARTS_AT
    assert stored.location == "Urząd Gminy"


async def test_a_director_may_not_plan_a_meeting(director: User, now: ManualClock) -> None:
    with pytest.raises(PermissionDenied):
        await plan_meeting(
            actor=director, kind=MeetingKind.DIRECTORS, title="Narada", starts_at=STARTS_AT
        )

    assert not await Meeting.exists()


async def test_a_meeting_needs_a_title(coordinator: User, now: ManualClock) -> None:
    with pytest.raises(InvalidInput, match="needs a title"):
        await plan_meeting(
            actor=coordinator, kind=MeetingKind.TRAINING, title="   ", starts_at=STARTS_AT
        )

    assert not await Meeting.exists()


async def test_a_meeting_cannot_start_now_or_in_the_past(
    coordinator: User, now: ManualClock
) -> None:
    with pytest.raises(InvalidInput, match="future"):
        await plan_meeting(
            actor=coordinator, kind=MeetingKind.DEBATE, title="Debata", starts_at=now.now()
        )

    assert not await Meeting.exists()


async def test_a_too_long_place_is_refused(coordinator: User, now: ManualClock) -> None:
    with pytest.raises(InvalidInput, match="place is too long"):
        await plan_meeting(
            actor=coordinator,
            kind=MeetingKind.CONFERENCE,
            title="Konferencja",
            starts_at=STARTS_AT,
            location="x" * (LOCATION_LIMIT + 1),
        )

    assert not await Meeting.exists()


def test_kinds_and_states_have_polish_names() -> None:
    assert meeting_kind_label(MeetingKind.DIRECTORS) == "spotkanie z dyrektorami"
    assert meeting_status_label(MeetingStatus.AGENDA_OPEN, "en") == "taking agenda items"


# Ordering the agenda


async def _proposed(meeting: Meeting, proposer: User, title: str) -> AgendaItem:
    return await AgendaItem.create(
        meeting=meeting,
        proposed_by=proposer,
        school_id=proposer.school_id,
        title=title,
        channel=Channel.WEB,
        created_at=meeting.created_at,
    )


async def _agenda(meeting: Meeting) -> list[tuple[str, int | None]]:
    items = await AgendaItem.filter(meeting=meeting, status=AgendaItemStatus.ACCEPTED)
    return sorted(((item.title, item.position) for item in items), key=lambda pair: pair[1] or 0)


@pytest.fixture
async def three_accepted(coordinator: User, director: User, now: ManualClock) -> Meeting:
    """The December meeting with items A, B and C accepted in that order."""
    meeting = await make_meeting()
    for title in "ABC":
        item = await _proposed(meeting, director, title)
        await settle_agenda_item(item, actor=coordinator, accept=True)
    return meeting


async def test_accepted_items_are_placed_last_in_the_order_they_come(
    three_accepted: Meeting,
) -> None:
    assert await _agenda(three_accepted) == [("A", 1), ("B", 2), ("C", 3)]


async def test_an_item_accepted_at_a_place_moves_the_others_down(
    three_accepted: Meeting, coordinator: User, director: User
) -> None:
    item = await _proposed(three_accepted, director, "D")

    await settle_agenda_item(item, actor=coordinator, accept=True, position=2)

    assert await _agenda(three_accepted) == [("A", 1), ("D", 2), ("B", 3), ("C", 4)]


async def test_an_accepted_item_moves_up_without_sharing_its_place(
    three_accepted: Meeting, coordinator: User
) -> None:
    last = await AgendaItem.get(meeting=three_accepted, title="C")

    await settle_agenda_item(last, actor=coordinator, accept=True, position=1)

    assert await _agenda(three_accepted) == [("C", 1), ("A", 2), ("B", 3)]


async def test_a_place_beyond_the_end_puts_the_item_last(
    three_accepted: Meeting, coordinator: User
) -> None:
    first = await AgendaItem.get(meeting=three_accepted, title="A")

    await settle_agenda_item(first, actor=coordinator, accept=True, position=99)

    assert await _agenda(three_accepted) == [("B", 1), ("C", 2), ("A", 3)]


async def test_rejecting_an_accepted_item_closes_the_gap(
    three_accepted: Meeting, coordinator: User
) -> None:
    middle = await AgendaItem.get(meeting=three_accepted, title="B")

    await settle_agenda_item(middle, actor=coordinator, accept=False)

    assert await _agenda(three_accepted) == [("A", 1), ("C", 2)]
    assert (await AgendaItem.get(id=middle.id)).position is None


async def test_a_place_below_one_is_refused(three_accepted: Meeting, coordinator: User) -> None:
    last = await AgendaItem.get(meeting=three_accepted, title="C")

    with pytest.raises(InvalidInput):
        await settle_agenda_item(last, actor=coordinator, accept=True, position=0)

    assert await _agenda(three_accepted) == [("A", 1), ("B", 2), ("C", 3)]


async def test_a_published_agenda_is_not_reordered(
    three_accepted: Meeting, coordinator: User
) -> None:
    await Meeting.filter(id=three_accepted.id).update(status=MeetingStatus.AGENDA_PUBLISHED)
    last = await AgendaItem.get(meeting=three_accepted, title="C")

    with pytest.raises(IllegalTransition):
        await settle_agenda_item(last, actor=coordinator, accept=True, position=1)

    assert await _agenda(three_accepted) == [("A", 1), ("B", 2), ("C", 3)]


async def test_a_director_may_not_order_the_agenda(three_accepted: Meeting, director: User) -> None:
    last = await AgendaItem.get(meeting=three_accepted, title="C")

    with pytest.raises(PermissionDenied):
        await settle_agenda_item(last, actor=director, accept=True, position=1)

    assert await _agenda(three_accepted) == [("A", 1), ("B", 2), ("C", 3)]
