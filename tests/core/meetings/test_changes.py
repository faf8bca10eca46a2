"""Changing a meeting not yet held. Moved, it takes the schools' preparation deadlines and
their reminders with it; cancelled, its deadlines stop being reminded. Either way the people
who knew of it are told; a held or cancelled meeting cannot be changed."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.meetings.agenda import propose_agenda_item
from core.meetings.changes import cancel_meeting, move_meeting
from core.meetings.lifecycle import decide_agenda_item, open_agenda_call, publish_agenda
from core.models import (
    Channel,
    Meeting,
    MeetingStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    OutboxMessage,
    Reminder,
    ReminderStatus,
    User,
)
from core.obligations.reminders import plan_reminders
from tests.conftest import WARSAW, warsaw
from tests.core.meetings.builders import CALL_DEADLINE, STARTS_AT, make_meeting

pytestmark = pytest.mark.usefixtures("now")


def in_warsaw(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(WARSAW)


@pytest.fixture
async def announced(director: User, coordinator: User) -> Meeting:
    planned = await make_meeting(status=MeetingStatus.PLANNED, agenda_call_deadline=None)
    return await open_agenda_call(planned, actor=coordinator, closes_at=CALL_DEADLINE)


async def test_cancelling_cancels_the_meeting_s_unfinished_obligations(
    announced: Meeting, coordinator: User, director: User
) -> None:
    await cancel_meeting(announced, actor=coordinator)

    statuses = await Obligation.filter(meeting=announced).values_list("status", flat=True)
    assert set(statuses) == {ObligationStatus.CANCELLED}
    assert (await Meeting.get(id=announced.id)).status is MeetingStatus.CANCELLED


async def test_an_answered_obligation_stays_done(
    announced: Meeting, coordinator: User, director: User
) -> None:
    await propose_agenda_item(
        meeting=announced, proposer=director, title="Dostęp do e-dziennika", channel=Channel.WEB
    )

    await cancel_meeting(announced, actor=coordinator)

    statuses = await Obligation.filter(meeting=announced).values_list("status", flat=True)
    assert statuses == [ObligationStatus.DONE]


async def test_directors_who_knew_of_the_meeting_are_told_with_the_reason(
    announced: Meeting, coordinator: User, director: User
) -> None:
    await cancel_meeting(announced, actor=coordinator, reason="Sala  zajęta\n przez wybory")

    [notice] = await OutboxMessage.filter(recipient_id=director.id)
    assert notice.subject == f"Odwołane: {announced.title}"
    assert notice.body_text == (
        f"Spotkanie „{announced.title}” zaplanowane na 08.12.2026 10:00 zostało odwołane.\n\n"
        "Powód: Sala zajęta przez wybory"
    )


async def test_a_meeting_nobody_was_told_of_is_cancelled_quietly(
    coordinator: User, director: User
) -> None:
    planned = await make_meeting(status=MeetingStatus.PLANNED, agenda_call_deadline=None)

    await cancel_meeting(planned, actor=coordinator)

    assert await OutboxMessage.all().count() == 0


@pytest.mark.parametrize("status", [MeetingStatus.HELD, MeetingStatus.CANCELLED])
async def test_a_held_or_cancelled_meeting_cannot_be_cancelled(
    status: MeetingStatus, coordinator: User, director: User
) -> None:
    meeting = await make_meeting(status=status)

    with pytest.raises(IllegalTransition):
        await cancel_meeting(meeting, actor=coordinator)

    assert (await Meeting.get(id=meeting.id)).status is status
    assert await OutboxMessage.all().count() == 0


async def test_only_the_coordinator_cancels(announced: Meeting, director: User) -> None:
    with pytest.raises(PermissionDenied):
        await cancel_meeting(announced, actor=director)

    assert (await Meeting.get(id=announced.id)).status is MeetingStatus.AGENDA_OPEN


async def test_a_too_long_reason_is_refused_and_nothing_changes(
    announced: Meeting, coordinator: User
) -> None:
    with pytest.raises(InvalidInput):
        await cancel_meeting(announced, actor=coordinator, reason="x" * 501)

    assert (await Meeting.get(id=announced.id)).status is MeetingStatus.AGENDA_OPEN
    assert ObligationStatus.CANCELLED not in set(
        await Obligation.filter(meeting=announced).values_list("status", flat=True)
    )


# Moving


@pytest.fixture
async def published(announced: Meeting, coordinator: User, director: User) -> Meeting:
    item = await propose_agenda_item(
        meeting=announced, proposer=director, title="Dowozy uczniów", channel=Channel.WEB
    )
    await decide_agenda_item(item, actor=coordinator, accept=True)
    return await publish_agenda(announced, actor=coordinator)


async def _preparation(meeting: Meeting) -> Obligation:
    return await Obligation.get(meeting=meeting, kind=ObligationKind.AGENDA_PUBLISHED)


async def test_moving_takes_the_preparation_deadline_and_its_reminders_along(
    published: Meeting, coordinator: User, director: User, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 12, 6, 9, 0))
    await plan_reminders()
    assert await _scheduled_days(await _preparation(published)) == [
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 8),
    ]

    await move_meeting(
        published, actor=coordinator, starts_at=warsaw(2026, 12, 15, 10, 0), location="Sala 2"
    )

    moved = await _preparation(published)
    assert moved.due_date == dt.date(2026, 12, 15)
    assert "15.12.2026 10:00" in moved.description
    assert await _scheduled_days(moved) == [dt.date(2026, 12, 8)]


async def _scheduled_days(obligation: Obligation) -> list[dt.date]:
    reminders = await Reminder.filter(obligation=obligation, status=ReminderStatus.SCHEDULED)
    return sorted(in_warsaw(r.scheduled_for).date() for r in reminders)


async def test_the_directors_are_told_of_the_new_date_and_place(
    published: Meeting, coordinator: User, director: User
) -> None:
    await move_meeting(
        published, actor=coordinator, starts_at=warsaw(2026, 12, 15, 10, 0), location="Sala 2"
    )

    notice = await OutboxMessage.get(recipient_id=director.id, subject__startswith="Nowy termin")
    assert notice.body_text == (
        f"Spotkanie „{published.title}” odbędzie się 15.12.2026 10:00, Sala 2."
    )


async def test_moving_to_where_it_already_is_changes_nothing_and_tells_nobody(
    announced: Meeting, coordinator: User, director: User
) -> None:
    await move_meeting(
        announced, actor=coordinator, starts_at=STARTS_AT, location=announced.location
    )

    assert not await OutboxMessage.filter(subject__startswith="Nowy termin").exists()


async def test_a_meeting_cannot_start_before_its_call_for_items_closes(
    announced: Meeting, coordinator: User
) -> None:
    with pytest.raises(InvalidInput):
        await move_meeting(
            announced, actor=coordinator, starts_at=warsaw(2026, 12, 3, 10, 0), location=""
        )

    assert (await Meeting.get(id=announced.id)).starts_at == STARTS_AT


async def test_a_meeting_cannot_be_moved_into_the_past(
    announced: Meeting, coordinator: User
) -> None:
    with pytest.raises(InvalidInput):
        await move_meeting(
            announced, actor=coordinator, starts_at=warsaw(2026, 11, 16, 10, 0), location=""
        )

    assert (await Meeting.get(id=announced.id)).starts_at == STARTS_AT


async def test_a_held_meeting_cannot_be_moved(coordinator: User) -> None:
    held = await make_meeting(status=MeetingStatus.HELD)

    with pytest.raises(IllegalTransition):
        await move_meeting(
            held, actor=coordinator, starts_at=warsaw(2026, 12, 15, 10, 0), location=""
        )

    assert (await Meeting.get(id=held.id)).starts_at == STARTS_AT
