"""A meeting run by the coordinator: the call for items, the published agenda and the
minutes' action items each become obligations of the right people."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.meetings.agenda import propose_agenda_item
from core.meetings.lifecycle import (
    ActionItemDraft,
    decide_agenda_item,
    open_agenda_call,
    publish_agenda,
    record_minutes,
)
from core.models import (
    ActionItem,
    AgendaItem,
    Channel,
    Meeting,
    MeetingStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    OutboxMessage,
    Reminder,
    ReminderKind,
    Role,
    School,
    User,
)
from core.obligations.answers import mark_done
from tests.conftest import warsaw
from tests.core.meetings.builders import CALL_DEADLINE, STARTS_AT, make_meeting
from tests.factories import make_school, make_user

pytestmark = pytest.mark.usefixtures("now")


@pytest.fixture
async def planned(database: str) -> Meeting:
    return await make_meeting(status=MeetingStatus.PLANNED, agenda_call_deadline=None)


@pytest.fixture
async def other_school(database: str) -> School:
    return await make_school()


@pytest.fixture
async def other_director(other_school: School) -> User:
    return await make_user(role=Role.DIRECTOR, school=other_school)


async def _call_obligations(meeting: Meeting) -> list[Obligation]:
    return await Obligation.filter(meeting=meeting, kind=ObligationKind.AGENDA_CALL).order_by("id")


async def _propose(meeting: Meeting, director: User, title: str) -> AgendaItem:
    return await propose_agenda_item(
        meeting=meeting, proposer=director, title=title, channel=Channel.WEB
    )


async def test_opening_the_call_gives_every_school_an_obligation_due_when_it_closes(
    planned: Meeting, coordinator: User, school: School, other_school: School
) -> None:
    meeting = await open_agenda_call(planned, actor=coordinator, closes_at=CALL_DEADLINE)

    obligations = await _call_obligations(meeting)
    assert meeting.status is MeetingStatus.AGENDA_OPEN
    assert {o.school_id for o in obligations} == {school.id, other_school.id}
    assert {(o.assignee_role, o.due_date) for o in obligations} == {
        (Role.DIRECTOR, dt.date(2026, 12, 4))
    }


async def test_only_the_coordinator_opens_a_call_and_nothing_is_written_otherwise(
    planned: Meeting, director: User
) -> None:
    with pytest.raises(PermissionDenied):
        await open_agenda_call(planned, actor=director, closes_at=CALL_DEADLINE)

    assert (await Meeting.get(id=planned.id)).status is MeetingStatus.PLANNED
    assert await _call_obligations(planned) == []


async def test_a_call_closing_after_the_meeting_starts_is_refused(
    planned: Meeting, coordinator: User, school: School
) -> None:
    with pytest.raises(InvalidInput):
        await open_agenda_call(
            planned, actor=coordinator, closes_at=STARTS_AT + dt.timedelta(hours=1)
        )

    assert await _call_obligations(planned) == []


async def test_a_call_cannot_be_opened_twice(
    planned: Meeting, coordinator: User, school: School
) -> None:
    await open_agenda_call(planned, actor=coordinator, closes_at=CALL_DEADLINE)

    with pytest.raises(IllegalTransition):
        await open_agenda_call(planned, actor=coordinator, closes_at=CALL_DEADLINE)
    assert len(await _call_obligations(planned)) == 1


async def test_proposing_an_item_answers_the_schools_call_obligation(
    planned: Meeting, coordinator: User, director: User, other_director: User
) -> None:
    meeting = await open_agenda_call(planned, actor=coordinator, closes_at=CALL_DEADLINE)

    await _propose(meeting, director, "Dostęp do e-dziennika")

    statuses = {o.school_id: o.status for o in await _call_obligations(meeting)}
    assert statuses == {
        director.school_id: ObligationStatus.DONE,
        other_director.school_id: ObligationStatus.OPEN,
    }


async def test_an_agenda_with_undecided_items_is_not_published(
    planned: Meeting, coordinator: User, director: User
) -> None:
    meeting = await open_agenda_call(planned, actor=coordinator, closes_at=CALL_DEADLINE)
    await _propose(meeting, director, "Dostęp do e-dziennika")

    with pytest.raises(IllegalTransition):
        await publish_agenda(meeting, actor=coordinator)

    assert (await Meeting.get(id=meeting.id)).status is MeetingStatus.AGENDA_OPEN
    assert await OutboxMessage.all().count() == 0


async def test_publishing_sends_the_ordered_agenda_to_every_director(
    planned: Meeting, coordinator: User, director: User, other_director: User
) -> None:
    meeting = await open_agenda_call(planned, actor=coordinator, closes_at=CALL_DEADLINE)
    first = await _propose(meeting, director, "Dostęp do e-dziennika")
    second = await _propose(meeting, other_director, "Szkolenie z Teams")
    rejected = await _propose(meeting, director, "Nowe tablice")
    await decide_agenda_item(second, actor=coordinator, accept=True)
    await decide_agenda_item(first, actor=coordinator, accept=True)
    await decide_agenda_item(rejected, actor=coordinator, accept=False)

    await publish_agenda(meeting, actor=coordinator)

    sent = await OutboxMessage.all().order_by("id")
    assert {m.address for m in sent} == {director.email, other_director.email}
    assert "1. Szkolenie z Teams\n2. Dostęp do e-dziennika" in sent[0].body_text
    assert "Nowe tablice" not in sent[0].body_text


async def test_publishing_closes_the_call_and_asks_schools_to_prepare_their_items(
    planned: Meeting, coordinator: User, director: User, other_director: User
) -> None:
    meeting = await open_agenda_call(planned, actor=coordinator, closes_at=CALL_DEADLINE)
    item = await _propose(meeting, director, "Dostęp do e-dziennika")
    await decide_agenda_item(item, actor=coordinator, accept=True)

    await publish_agenda(meeting, actor=coordinator)

    calls = {o.school_id: o.status for o in await _call_obligations(meeting)}
    assert calls[other_director.school_id] is ObligationStatus.CANCELLED
    preparation = await Obligation.get(meeting=meeting, kind=ObligationKind.AGENDA_PUBLISHED)
    assert (preparation.school_id, preparation.due_date) == (
        director.school_id,
        dt.date(2026, 12, 8),
    )


async def test_minutes_are_refused_before_the_meeting_has_taken_place(
    coordinator: User, director: User
) -> None:
    meeting = await make_meeting(status=MeetingStatus.AGENDA_PUBLISHED)

    with pytest.raises(IllegalTransition):
        await record_minutes(meeting, actor=coordinator, minutes="Ustalono…", action_items=[])

    assert (await Meeting.get(id=meeting.id)).minutes == ""


async def test_each_action_item_becomes_an_obligation_of_its_owner(
    coordinator: User, director: User, now: clock.ManualClock
) -> None:
    meeting = await make_meeting(status=MeetingStatus.AGENDA_PUBLISHED)
    now.set(warsaw(2026, 12, 8, 12, 0))

    items = await record_minutes(
        meeting,
        actor=coordinator,
        minutes="Omówiono dostęp do e-dziennika.",
        action_items=[
            ActionItemDraft("Lista kont do założenia", director.id, dt.date(2026, 12, 15))
        ],
    )

    obligation = await Obligation.get(action_item_id=items[0].id)
    assert (await Meeting.get(id=meeting.id)).status is MeetingStatus.HELD
    assert (obligation.kind, obligation.assignee_id, obligation.due_date) == (
        ObligationKind.ACTION_ITEM,
        director.id,
        dt.date(2026, 12, 15),
    )


async def test_an_action_item_due_in_the_past_is_refused_and_nothing_is_written(
    coordinator: User, director: User, now: clock.ManualClock
) -> None:
    meeting = await make_meeting(status=MeetingStatus.AGENDA_PUBLISHED)
    now.set(warsaw(2026, 12, 8, 12, 0))

    with pytest.raises(InvalidInput):
        await record_minutes(
            meeting,
            actor=coordinator,
            minutes="Ustalenia.",
            action_items=[
                ActionItemDraft("Dobre", director.id, dt.date(2026, 12, 15)),
                ActionItemDraft("Spóźnione", director.id, dt.date(2026, 12, 1)),
            ],
        )

    assert await ActionItem.all().count() == 0
    assert (await Meeting.get(id=meeting.id)).status is MeetingStatus.AGENDA_PUBLISHED


async def test_done_on_an_action_items_reminder_marks_the_item_done(
    coordinator: User, director: User, now: clock.ManualClock
) -> None:
    meeting = await make_meeting(status=MeetingStatus.AGENDA_PUBLISHED)
    now.set(warsaw(2026, 12, 8, 12, 0))
    [item] = await record_minutes(
        meeting,
        actor=coordinator,
        minutes="Ustalenia.",
        action_items=[ActionItemDraft("Lista kont", director.id, dt.date(2026, 12, 15))],
    )
    obligation = await Obligation.get(action_item_id=item.id)
    reminder = await Reminder.create(
        obligation=obligation,
        recipient=director,
        kind=ReminderKind.DUE,
        scheduled_for=clock.now(),
        created_at=clock.now(),
    )

    await mark_done(reminder_id=reminder.id, user=director, channel=Channel.WEB)

    assert (await ActionItem.get(id=item.id)).done_at == clock.now()
