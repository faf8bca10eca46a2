"""Reminder plans run day by day: who is reminded when, around weekends, holidays and night,
after the deadline, after Done and Snooze, and by which channel."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from core.clock import ManualClock
from core.models import (
    Channel,
    Obligation,
    ObligationKind,
    ObligationStatus,
    OutboxMessage,
    Reminder,
    ReminderKind,
    ReminderStatus,
    Role,
    School,
    User,
)
from core.obligations.answers import mark_done, snooze
from core.obligations.policies import install_default_policy
from core.obligations.reminder_delivery import ReminderDeliveryCounts, send_due_reminders
from core.obligations.reminders import plan_reminders
from tests.conftest import WARSAW, warsaw

TITLE = "Przekazanie arkusza organizacji organowi prowadzącemu"
EIGHT = dt.time(8, 0)


async def director_obligation(school: School, due: dt.date) -> Obligation:
    """An organisation-sheet obligation owed by the director of `school`, default policy."""
    return await Obligation.create(
        source_key=f"test:{school.code}:{due}",
        kind=ObligationKind.ORGANISATION_SHEET,
        title=TITLE,
        school=school,
        assignee_role=Role.DIRECTOR,
        due_date=due,
        policy=await install_default_policy(),
        created_at=clock.now(),
    )


async def tick(now: ManualClock, moment: dt.datetime) -> ReminderDeliveryCounts:
    """What the scheduler does at `moment`: plan, then send what is due."""
    now.set(moment)
    await plan_reminders()
    return await send_due_reminders()


async def tick_daily(now: ManualClock, first: dt.date, last: dt.date) -> None:
    """A tick at 8:00 in Warsaw on every day from `first` to `last`, weekends included."""
    day = first
    while day <= last:
        await tick(now, dt.datetime.combine(day, EIGHT, tzinfo=WARSAW))
        day += dt.timedelta(days=1)


async def reminders_to(
    user: User, status: ReminderStatus = ReminderStatus.QUEUED
) -> list[tuple[ReminderKind, dt.datetime]]:
    """The kind and Warsaw time of each of `user`'s reminders with `status`, in order."""
    reminders = await Reminder.filter(recipient=user, status=status).order_by("scheduled_for")
    return [(r.kind, r.scheduled_for.astimezone(WARSAW)) for r in reminders]


@pytest.fixture
async def director_on_telegram(director: User) -> User:
    """The director, who has linked Telegram (and so prefers it)."""
    director.telegram_chat_id = 4242
    director.preferred_channel = Channel.TELEGRAM
    await director.save()
    return director


async def test_the_default_policy_reminds_14_7_3_and_1_days_before_and_on_the_day(
    school: School, director_on_telegram: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 12, 3))

    await tick_daily(now, dt.date(2026, 11, 16), dt.date(2026, 12, 3))

    assert await reminders_to(director_on_telegram) == [
        (ReminderKind.BEFORE_DUE, warsaw(2026, 11, 19, 8, 0)),
        (ReminderKind.BEFORE_DUE, warsaw(2026, 11, 26, 8, 0)),
        (ReminderKind.BEFORE_DUE, warsaw(2026, 11, 30, 8, 0)),
        (ReminderKind.BEFORE_DUE, warsaw(2026, 12, 2, 8, 0)),
        (ReminderKind.DUE, warsaw(2026, 12, 3, 8, 0)),
    ]
    messages = await OutboxMessage.filter(recipient=director_on_telegram)
    assert {(m.channel, m.address) for m in messages} == {(Channel.TELEGRAM, "4242")}
    assert len(messages) == 5


async def test_a_reminder_falling_on_a_saturday_waits_for_monday_at_eight(
    school: School, director: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 10, 31))  # a Saturday
    await tick_daily(now, dt.date(2026, 10, 30), dt.date(2026, 11, 1))
    sent_by_sunday = await OutboxMessage.all().count()

    early = await tick(now, warsaw(2026, 11, 2, 7, 59))
    on_time = await tick(now, warsaw(2026, 11, 2, 8, 0))

    assert sent_by_sunday == 1  # Friday's, one day before
    assert early.by_email == 0
    assert on_time.by_email == 1
    assert (await reminders_to(director))[-1] == (ReminderKind.DUE, warsaw(2026, 11, 2, 8, 0))


async def test_a_reminder_falling_on_independence_day_waits_for_the_next_working_day(
    school: School, director: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 11, 18))  # 7 days before: Wed 11 November

    holiday = await tick(now, warsaw(2026, 11, 11, 8, 0))
    next_day = await tick(now, warsaw(2026, 11, 12, 8, 0))

    assert holiday.by_email == 0
    assert next_day.by_email == 1
    assert await reminders_to(director) == [
        (ReminderKind.BEFORE_DUE, warsaw(2026, 11, 12, 8, 0)),
    ]


async def test_nothing_goes_out_before_eight_and_the_reminder_goes_at_eight(
    school: School, director: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 11, 18))

    at_seven = await tick(now, warsaw(2026, 11, 17, 7, 0))
    at_eight = await tick(now, warsaw(2026, 11, 17, 8, 0))

    assert (at_seven.by_email, at_seven.held_back) == (0, 0)
    assert at_eight.by_email == 1


async def test_nothing_goes_out_from_four_pm_and_a_late_reminder_waits_for_the_morning(
    school: School, director: User, now: ManualClock
) -> None:
    now.set(warsaw(2026, 11, 17, 16, 0))
    await director_obligation(school, dt.date(2026, 11, 18))  # created after hours

    at_four = await tick(now, warsaw(2026, 11, 17, 16, 0))
    at_night = await tick(now, warsaw(2026, 11, 17, 23, 30))
    next_morning = await tick(now, warsaw(2026, 11, 18, 8, 0))

    assert (at_four.by_email, at_four.held_back) == (0, 1)
    assert (at_night.by_email, at_night.held_back) == (0, 1)
    assert await OutboxMessage.filter(created_at__lt=warsaw(2026, 11, 18, 8, 0)).count() == 0
    assert (next_morning.by_email, next_morning.skipped) == (1, 1)


async def test_of_two_reminders_due_at_once_only_the_latest_goes(
    school: School, director: User, now: ManualClock
) -> None:
    now.set(warsaw(2026, 11, 17, 16, 0))
    await director_obligation(school, dt.date(2026, 11, 18))  # "tomorrow", said after hours
    await tick(now, warsaw(2026, 11, 17, 16, 0))

    await tick(now, warsaw(2026, 11, 18, 8, 0))

    assert await reminders_to(director) == [(ReminderKind.DUE, warsaw(2026, 11, 18, 8, 0))]
    assert await reminders_to(director, ReminderStatus.SKIPPED) == [
        (ReminderKind.BEFORE_DUE, warsaw(2026, 11, 17, 8, 0))
    ]


async def test_an_overdue_obligation_is_reminded_every_two_working_days(
    school: School, director: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 11, 20))  # a Friday

    await tick_daily(now, dt.date(2026, 11, 21), dt.date(2026, 11, 30))

    assert await reminders_to(director) == [
        (ReminderKind.OVERDUE, warsaw(2026, 11, 24, 8, 0)),
        (ReminderKind.OVERDUE, warsaw(2026, 11, 26, 8, 0)),
        (ReminderKind.OVERDUE, warsaw(2026, 11, 30, 8, 0)),
    ]


async def test_the_coordinator_is_told_once_after_three_overdue_working_days(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 11, 20))

    await tick_daily(now, dt.date(2026, 11, 21), dt.date(2026, 12, 4))

    assert await reminders_to(coordinator) == [
        (ReminderKind.ESCALATION, warsaw(2026, 11, 25, 8, 0)),
    ]
    message = await OutboxMessage.get(recipient=coordinator)
    assert message.subject == f"Przypomnienie: {TITLE}"
    assert message.body_text.splitlines()[:2] == [
        f"Po terminie w szkole {school.name}: {TITLE}",
        "Nikt w szkole nie oznaczył tego jeszcze jako zrobione.",
    ]
    assert "Termin minął 5 dni temu." in message.body_text


async def test_done_stops_the_reminders(school: School, director: User, now: ManualClock) -> None:
    await director_obligation(school, dt.date(2026, 12, 3))
    await tick_daily(now, dt.date(2026, 11, 19), dt.date(2026, 11, 25))
    planned = await Reminder.filter(recipient=director, status=ReminderStatus.SCHEDULED).count()
    first = await Reminder.get(recipient=director, status=ReminderStatus.QUEUED)
    now.set(warsaw(2026, 11, 25, 9, 0))
    await mark_done(reminder_id=first.id, user=director, channel=Channel.EMAIL)

    await tick_daily(now, dt.date(2026, 11, 26), dt.date(2026, 12, 10))

    assert planned == 1  # the one of 26 November, planned ahead
    assert await OutboxMessage.all().count() == 1
    assert await reminders_to(director, ReminderStatus.SKIPPED) == [
        (ReminderKind.BEFORE_DUE, warsaw(2026, 11, 26, 8, 0)),
    ]
    assert await Reminder.all().count() == 2


async def test_a_done_or_cancelled_obligation_gets_no_new_reminders(
    school: School, director: User, now: ManualClock
) -> None:
    done = await director_obligation(school, dt.date(2026, 11, 18))
    done.status = ObligationStatus.DONE
    await done.save()
    cancelled = await director_obligation(school, dt.date(2026, 11, 17))
    cancelled.status = ObligationStatus.CANCELLED
    await cancelled.save()

    created = await plan_reminders()

    assert created == 0
    assert not await Reminder.exists()


async def test_a_snooze_skips_the_reminders_before_its_end_and_the_next_one_goes(
    school: School, director: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 12, 3))
    await tick_daily(now, dt.date(2026, 11, 19), dt.date(2026, 11, 26))
    answered = (
        await Reminder.filter(recipient=director, status=ReminderStatus.QUEUED)
        .order_by("-scheduled_for")
        .first()
    )
    assert answered is not None
    now.set(warsaw(2026, 11, 26, 9, 0))
    await snooze(reminder_id=answered.id, user=director, channel=Channel.EMAIL, days=7)

    await tick_daily(now, dt.date(2026, 11, 27), dt.date(2026, 12, 3))

    assert await reminders_to(director, ReminderStatus.SKIPPED) == [
        (ReminderKind.BEFORE_DUE, warsaw(2026, 11, 30, 8, 0)),
        (ReminderKind.BEFORE_DUE, warsaw(2026, 12, 2, 8, 0)),
    ]
    assert (await reminders_to(director))[-1] == (ReminderKind.DUE, warsaw(2026, 12, 3, 8, 0))
    assert await OutboxMessage.all().count() == 3


async def test_planning_twice_creates_nothing_new(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 11, 18))
    await director_obligation(school, dt.date(2026, 11, 12))  # overdue, escalated today
    now.set(warsaw(2026, 11, 17, 7, 0))
    first_run = await plan_reminders()

    second_run = await plan_reminders()

    assert first_run == 4  # 1 day before and on the day; overdue tomorrow; the escalation
    assert second_run == 0
    assert await Reminder.all().count() == 4


async def test_a_director_without_telegram_gets_the_reminder_by_email(
    school: School, director: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 11, 18))

    counts = await tick(now, warsaw(2026, 11, 17, 8, 0))

    assert (counts.by_telegram, counts.by_email) == (0, 1)
    message = await OutboxMessage.get(recipient=director)
    assert (message.channel, message.address) == (Channel.EMAIL, director.email)
    assert message.subject == f"Przypomnienie: {TITLE}"
    assert message.body_text == (
        f"Przypomnienie: {TITLE}\nTermin: 18.11.2026 (środa)\nTermin mija jutro."
    )
    reminder = await Reminder.get(outbox_message=message)
    assert (reminder.status, reminder.outbox_message_id) == (ReminderStatus.QUEUED, message.id)


async def test_a_director_who_cannot_be_reached_is_skipped(
    school: School, director: User, now: ManualClock
) -> None:
    director.email_unreachable_at = warsaw(2026, 11, 1, 8, 0)
    await director.save()
    await director_obligation(school, dt.date(2026, 11, 18))

    counts = await tick(now, warsaw(2026, 11, 17, 8, 0))

    assert counts.skipped == 1
    assert not await OutboxMessage.exists()
    assert await reminders_to(director, ReminderStatus.SKIPPED) != []


async def test_a_reminder_is_sent_once_however_often_it_ticks(
    school: School, director_on_telegram: User, now: ManualClock
) -> None:
    await director_obligation(school, dt.date(2026, 11, 18))

    first = await tick(now, warsaw(2026, 11, 17, 8, 0))
    again = await tick(now, warsaw(2026, 11, 17, 8, 5))

    assert (first.by_telegram, again.by_telegram) == (1, 0)
    assert await OutboxMessage.all().count() == 1


async def test_an_obligation_without_a_policy_follows_the_default_one(
    school: School, director: User, now: ManualClock
) -> None:
    obligation = await director_obligation(school, dt.date(2026, 11, 18))
    obligation.policy = None
    await obligation.save()

    at_seven = await tick(now, warsaw(2026, 11, 17, 7, 0))
    at_eight = await tick(now, warsaw(2026, 11, 17, 8, 0))

    assert (at_seven.by_email, at_eight.by_email) == (0, 1)


async def test_a_director_who_prefers_e_mail_gets_it_though_telegram_is_linked(
    school: School, director_on_telegram: User, now: ManualClock
) -> None:
    director_on_telegram.preferred_channel = Channel.EMAIL
    await director_on_telegram.save()
    await director_obligation(school, dt.date(2026, 11, 18))

    counts = await tick(now, warsaw(2026, 11, 17, 8, 0))

    assert (counts.by_email, counts.by_telegram) == (1, 0)
