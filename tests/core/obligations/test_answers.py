"""Answering a reminder: Done, Snooze and Problem, who may answer, and answers pressed twice."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import ManualClock
from core.errors import IllegalTransition, InvalidInput, NotFound, PermissionDenied
from core.models import (
    AnswerKind,
    Channel,
    Obligation,
    ObligationKind,
    ObligationStatus,
    OutboxMessage,
    Reminder,
    ReminderAnswer,
    ReminderKind,
    Role,
    School,
    User,
)
from core.obligations.answers import mark_done, report_problem, snooze
from tests.conftest import warsaw
from tests.factories import make_user

DUE = dt.date(2026, 11, 20)


async def make_reminder(
    recipient: User, *, school: School | None = None, assignee_role: Role | None = None
) -> Reminder:
    """A reminder to `recipient` of an obligation due on DUE, owed by `assignee_role` at
    `school` (by `recipient` alone when no role is given)."""
    obligation = await Obligation.create(
        source_key=f"test:{recipient.id}:{assignee_role}",
        kind=ObligationKind.MANUAL,
        title="Przekazanie arkusza organizacji organowi prowadzącemu",
        school=school,
        assignee=None if assignee_role else recipient,
        assignee_role=assignee_role,
        due_date=DUE,
        created_at=warsaw(2026, 11, 1, 8, 0),
    )
    return await Reminder.create(
        obligation=obligation,
        recipient=recipient,
        kind=ReminderKind.BEFORE_DUE,
        scheduled_for=warsaw(2026, 11, 17, 8, 0),
        created_at=warsaw(2026, 11, 1, 8, 0),
    )


async def _obligation(reminder: Reminder) -> Obligation:
    return await Obligation.get(id=(await reminder.obligation).id)


async def test_done_marks_the_obligation_done_at_the_moment_of_the_answer(
    director: User, now: ManualClock
) -> None:
    reminder = await make_reminder(director)

    await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)

    obligation = await _obligation(reminder)
    assert (obligation.status, obligation.done_at) == (ObligationStatus.DONE, now.now())


async def test_every_answer_is_recorded_with_who_gave_it_and_the_channel(
    director: User, now: ManualClock
) -> None:
    reminder = await make_reminder(director)

    await mark_done(reminder_id=reminder.id, user=director, channel=Channel.EMAIL)

    answer = await ReminderAnswer.get(reminder_id=reminder.id)
    assert (answer.answer, answer.user_id, answer.channel, answer.at) == (
        AnswerKind.DONE,
        director.id,
        Channel.EMAIL,
        now.now(),
    )


@pytest.mark.parametrize(("days", "until"), [(1, 18), (3, 20), (7, 24)])
async def test_snooze_silences_the_obligation_until_that_many_days_from_today(
    director: User, now: ManualClock, days: int, until: int
) -> None:
    reminder = await make_reminder(director)

    await snooze(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, days=days)

    obligation = await _obligation(reminder)
    assert (obligation.status, obligation.snoozed_until) == (
        ObligationStatus.SNOOZED,
        dt.date(2026, 11, until),
    )
    assert obligation.due_date == DUE


async def test_snooze_counts_from_the_day_in_warsaw_just_after_midnight(
    director: User, now: ManualClock
) -> None:
    # 00:30 in Warsaw is still the previous day in UTC.
    now.set(warsaw(2026, 11, 18, 0, 30))
    reminder = await make_reminder(director)

    await snooze(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, days=1)

    assert (await _obligation(reminder)).snoozed_until == dt.date(2026, 11, 19)


async def test_a_snooze_other_than_1_3_or_7_days_is_refused(
    director: User, now: ManualClock
) -> None:
    reminder = await make_reminder(director)

    with pytest.raises(InvalidInput):
        await snooze(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, days=30)

    assert (await _obligation(reminder)).status == ObligationStatus.OPEN
    assert not await ReminderAnswer.exists()


async def test_done_after_a_snooze_ends_the_snooze(director: User, now: ManualClock) -> None:
    reminder = await make_reminder(director)
    await snooze(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, days=3)

    await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)

    obligation = await _obligation(reminder)
    assert (obligation.status, obligation.snoozed_until) == (ObligationStatus.DONE, None)


async def test_a_problem_is_recorded_with_its_comment(director: User, now: ManualClock) -> None:
    reminder = await make_reminder(director)

    await report_problem(
        reminder_id=reminder.id,
        user=director,
        channel=Channel.TELEGRAM,
        comment="  Czekamy na opinię związków.  ",
    )

    answer = await ReminderAnswer.get(reminder_id=reminder.id)
    assert (answer.answer, answer.comment) == (AnswerKind.PROBLEM, "Czekamy na opinię związków.")
    assert (await _obligation(reminder)).status == ObligationStatus.PROBLEM


async def test_a_problem_tells_every_coordinator_through_the_outbox(
    director: User, school: School, now: ManualClock
) -> None:
    by_mail = await make_user(role=Role.COORDINATOR, email="koordynator@gmina.example.pl")
    by_telegram = await make_user(
        role=Role.COORDINATOR, telegram_chat_id=5551, preferred_channel=Channel.TELEGRAM
    )
    reminder = await make_reminder(director)

    await report_problem(
        reminder_id=reminder.id,
        user=director,
        channel=Channel.TELEGRAM,
        comment="Czekamy na opinię związków.",
    )

    messages = await OutboxMessage.all().order_by("id")
    assert [(m.recipient_id, m.channel, m.address) for m in messages] == [
        (by_mail.id, Channel.EMAIL, "koordynator@gmina.example.pl"),
        (by_telegram.id, Channel.TELEGRAM, "5551"),
    ]
    assert messages[0].body_text == (
        f"{director.full_name} ({school.short_name}) zgłasza problem w sprawie "
        "„Przekazanie arkusza organizacji organowi prowadzącemu” (termin 20.11.2026):\n\n"
        "Czekamy na opinię związków."
    )


async def test_an_inactive_coordinator_is_not_told(director: User, now: ManualClock) -> None:
    await make_user(role=Role.COORDINATOR, is_active=False)
    reminder = await make_reminder(director)

    await report_problem(
        reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, comment="Brak danych."
    )

    assert not await OutboxMessage.exists()


@pytest.mark.parametrize("comment", ["", "   \n "])
async def test_a_problem_without_a_comment_is_refused(
    director: User, coordinator: User, now: ManualClock, comment: str
) -> None:
    reminder = await make_reminder(director)

    with pytest.raises(InvalidInput) as refused:
        await report_problem(
            reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, comment=comment
        )

    assert refused.value.translated() == "Opisz problem w kilku słowach."
    assert not await ReminderAnswer.exists()
    assert not await OutboxMessage.exists()


async def test_a_too_long_problem_comment_is_refused(
    director: User, coordinator: User, now: ManualClock
) -> None:
    reminder = await make_reminder(director)

    with pytest.raises(InvalidInput):
        await report_problem(
            reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, comment="x" * 1001
        )

    assert not await ReminderAnswer.exists()
    assert not await OutboxMessage.exists()


async def test_someone_who_neither_received_nor_owes_it_cannot_answer(
    director: User, teacher: User, now: ManualClock
) -> None:
    reminder = await make_reminder(director)

    with pytest.raises(PermissionDenied) as refused:
        await mark_done(reminder_id=reminder.id, user=teacher, channel=Channel.TELEGRAM)

    assert refused.value.translated() == (
        "To przypomnienie jest skierowane do innej osoby, więc nie możesz na nie odpowiedzieć."
    )
    assert (await _obligation(reminder)).status == ObligationStatus.OPEN
    assert not await ReminderAnswer.exists()


async def test_a_director_owing_the_obligation_may_answer_a_reminder_sent_to_another(
    director: User, coordinator: User, school: School, now: ManualClock
) -> None:
    escalation = await make_reminder(coordinator, school=school, assignee_role=Role.DIRECTOR)

    await mark_done(reminder_id=escalation.id, user=director, channel=Channel.TELEGRAM)

    assert (await _obligation(escalation)).status == ObligationStatus.DONE


async def test_a_deactivated_recipient_cannot_answer(director: User, now: ManualClock) -> None:
    reminder = await make_reminder(director)
    director.is_active = False
    await director.save()

    with pytest.raises(PermissionDenied):
        await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)

    assert not await ReminderAnswer.exists()


async def test_a_deleted_reminder_cannot_be_answered(director: User, now: ManualClock) -> None:
    reminder = await make_reminder(director)
    await reminder.delete()

    with pytest.raises(NotFound) as refused:
        await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)

    assert refused.value.translated() == (
        "To przypomnienie już nie istnieje, więc nie trzeba na nie odpowiadać."
    )
    assert not await ReminderAnswer.exists()


async def test_done_pressed_twice_is_recorded_once(director: User, now: ManualClock) -> None:
    reminder = await make_reminder(director)
    first = await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)
    now.advance(dt.timedelta(seconds=2))

    second = await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)

    assert (first.already_recorded, second.already_recorded) == (False, True)
    assert second.answer.id == first.answer.id
    assert await ReminderAnswer.all().count() == 1
    assert (await _obligation(reminder)).done_at == first.answer.at


async def test_the_same_snooze_pressed_twice_is_recorded_once(
    director: User, now: ManualClock
) -> None:
    reminder = await make_reminder(director)
    await snooze(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, days=3)

    second = await snooze(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, days=3)

    assert second.already_recorded
    assert await ReminderAnswer.all().count() == 1


async def test_a_longer_snooze_after_a_snooze_is_a_new_answer(
    director: User, now: ManualClock
) -> None:
    reminder = await make_reminder(director)
    await snooze(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, days=1)

    await snooze(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, days=7)

    assert (await _obligation(reminder)).snoozed_until == dt.date(2026, 11, 24)
    assert await ReminderAnswer.all().count() == 2


async def test_the_same_problem_sent_twice_tells_the_coordinator_once(
    director: User, coordinator: User, now: ManualClock
) -> None:
    reminder = await make_reminder(director)
    for _ in range(2):
        await report_problem(
            reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, comment="Brak danych."
        )

    assert await ReminderAnswer.all().count() == 1
    assert await OutboxMessage.all().count() == 1


async def test_an_answer_to_a_done_obligation_says_so_and_changes_nothing(
    director: User, now: ManualClock
) -> None:
    reminder = await make_reminder(director)
    done = await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)

    with pytest.raises(IllegalTransition) as refused:
        await snooze(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM, days=1)

    assert refused.value.translated() == (
        "To zadanie zostało już oznaczone jako wykonane 17.11.2026. Niczego nie zmieniono."
    )
    obligation = await _obligation(reminder)
    assert (obligation.status, obligation.snoozed_until) == (ObligationStatus.DONE, None)
    assert [a.id for a in await ReminderAnswer.all()] == [done.answer.id]


async def test_done_on_an_older_reminder_of_a_done_obligation_is_refused(
    director: User, now: ManualClock
) -> None:
    later = await make_reminder(director)
    earlier = await Reminder.create(
        obligation=await later.obligation,
        recipient=director,
        kind=ReminderKind.BEFORE_DUE,
        scheduled_for=warsaw(2026, 11, 13, 8, 0),
        created_at=warsaw(2026, 11, 1, 8, 0),
    )
    await mark_done(reminder_id=later.id, user=director, channel=Channel.TELEGRAM)

    with pytest.raises(IllegalTransition):
        await mark_done(reminder_id=earlier.id, user=director, channel=Channel.TELEGRAM)

    assert await ReminderAnswer.all().count() == 1


async def test_a_cancelled_obligation_takes_no_answer(director: User, now: ManualClock) -> None:
    reminder = await make_reminder(director)
    await Obligation.filter(id=(await reminder.obligation).id).update(
        status=ObligationStatus.CANCELLED
    )

    with pytest.raises(IllegalTransition):
        await mark_done(reminder_id=reminder.id, user=director, channel=Channel.TELEGRAM)

    assert (await _obligation(reminder)).status == ObligationStatus.CANCELLED
    assert not await ReminderAnswer.exists()
