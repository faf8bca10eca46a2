"""Cancelling a meeting: its deadlines stop being reminded, and the people who knew of it are
told why; a held or cancelled meeting cannot be cancelled."""

from __future__ import annotations

import pytest

from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.meetings.agenda import propose_agenda_item
from core.meetings.lifecycle import cancel_meeting, open_agenda_call
from core.models import (
    Channel,
    Meeting,
    MeetingStatus,
    Obligation,
    ObligationStatus,
    OutboxMessage,
    User,
)
from tests.core.meetings.builders import CALL_DEADLINE, make_meeting

pytestmark = pytest.mark.usefixtures("now")


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
