"""A whole organisation-sheet (arkusz organizacji) season for 7 schools, spring 2027, run by
the scheduler's own steps on the injectable clock: planning every morning, queueing
several times a day, directors answering (or not) along the way.

The season has Easter Monday (29 March), a long May weekend with 3 May (Constitution Day)
and Corpus Christi (27 May) in it, so weekends and holidays fall between the reminders."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest

from core import clock
from core.calendar.business import polish_public_holidays
from core.calendar.school_year import SchoolYear
from core.models import (
    Channel,
    Obligation,
    ObligationKind,
    OutboxMessage,
    Reminder,
    ReminderKind,
    ReminderStatus,
    Role,
    School,
    User,
)
from core.obligations.answers import mark_done, report_problem, snooze
from core.obligations.generation import generate_school_year_obligations
from core.obligations.reminder_delivery import send_due_reminders
from core.obligations.reminders import plan_reminders
from tests.conftest import warsaw
from tests.factories import make_school, make_user

WARSAW = ZoneInfo("Europe/Warsaw")
SEASON = SchoolYear(2027)
FIRST_DAY = dt.date(2027, 3, 29)
LAST_DAY = dt.date(2027, 6, 11)
# The scheduler plans hourly and queues every 5 minutes; these moments of each day are
# enough to catch every rule: before work, its start, midday, after work, at night.
QUEUE_TIMES = (dt.time(7, 0), dt.time(8, 0), dt.time(12, 0), dt.time(16, 30), dt.time(22, 0))
ANSWER_TIME = dt.time(12, 0)
DIRECTOR_SUBMISSION = "arkusz.director_submission"

Answer = tuple[str, str]
"""(school code, what its director does with the first reminder of the submission)"""


async def _season_of_seven_schools() -> tuple[list[School], dict[str, User], User]:
    schools = [await make_school(code=f"sp{n}", short_name=f"SP {n}") for n in range(1, 8)]
    directors = {
        school.code: await make_user(role=Role.DIRECTOR, school=school) for school in schools
    }
    coordinator = await make_user(role=Role.COORDINATOR)
    await generate_school_year_obligations(school_year=SEASON, kurator_opinion=True)
    # The season alone: the yearly deadlines of the same school year are another story.
    await Obligation.filter(kind=ObligationKind.YEARLY_DEADLINE).delete()
    return schools, directors, coordinator


async def _answer_first_submission_reminders(directors: dict[str, User]) -> None:
    """sp1 answers Done, sp2 snoozes a week, sp3 reports a problem; the rest stay silent."""
    for code, director in directors.items():
        reminder = (
            await Reminder.filter(
                recipient=director,
                status=ReminderStatus.QUEUED,
                obligation__source_key__contains=DIRECTOR_SUBMISSION,
            )
            .order_by("scheduled_for")
            .first()
        )
        if reminder is None:
            continue
        if code == "sp1":
            await mark_done(reminder_id=reminder.id, user=director, channel=Channel.EMAIL)
        elif code == "sp2":
            await snooze(reminder_id=reminder.id, user=director, channel=Channel.EMAIL, days=7)
        elif code == "sp3":
            await report_problem(
                reminder_id=reminder.id,
                user=director,
                channel=Channel.EMAIL,
                comment="Rada pedagogiczna zbiera się dopiero 23 kwietnia.",
            )


async def _run_season(directors: dict[str, User], now: clock.ManualClock) -> None:
    day = FIRST_DAY
    answered = False
    while day <= LAST_DAY:
        now.set(warsaw(day.year, day.month, day.day, 6, 0))
        await plan_reminders()
        for moment in QUEUE_TIMES:
            now.set(warsaw(day.year, day.month, day.day, moment.hour, moment.minute))
            await send_due_reminders()
            # Directors read their mail and answer within the working day.
            if moment == ANSWER_TIME and not answered and await _submission_reminded():
                await _answer_first_submission_reminders(directors)
                answered = True
        day += dt.timedelta(days=1)


async def _submission_reminded() -> bool:
    return await Reminder.filter(
        status=ReminderStatus.QUEUED, obligation__source_key__contains=DIRECTOR_SUBMISSION
    ).exists()


@pytest.fixture
async def season(
    database: str, now: clock.ManualClock
) -> tuple[list[School], dict[str, User], User]:
    schools, directors, coordinator = await _season_of_seven_schools()
    await _run_season(directors, now)
    return schools, directors, coordinator


async def _queued_days(user: User, key: str) -> dict[ReminderKind, list[dt.date]]:
    reminders = await Reminder.filter(
        obligation__source_key__contains=key, recipient=user, status=ReminderStatus.QUEUED
    ).order_by("scheduled_for")
    days: dict[ReminderKind, list[dt.date]] = defaultdict(list)
    for reminder in reminders:
        days[reminder.kind].append(reminder.scheduled_for.astimezone(WARSAW).date())
    return days


async def test_messages_go_out_only_on_working_days_within_working_hours(season: object) -> None:
    holidays = polish_public_holidays(2027)

    written = [m.created_at.astimezone(WARSAW) for m in await OutboxMessage.all()]

    assert written
    assert all(moment.weekday() < 5 for moment in written)
    assert not [moment for moment in written if moment.date() in holidays]
    assert all(dt.time(8) <= moment.time() < dt.time(16) for moment in written)


async def test_a_silent_director_is_reminded_before_on_and_after_the_due_day(
    season: tuple[list[School], dict[str, User], User],
) -> None:
    _, directors, _ = season

    days = await _queued_days(directors["sp7"], DIRECTOR_SUBMISSION)

    # Due Wednesday 21 April: 14 and 7 days before, the 3-day reminder of Sunday the 18th on
    # Monday, 1 day before and on the day; then every second working day.
    assert days[ReminderKind.BEFORE_DUE] == [
        dt.date(2027, 4, 7),
        dt.date(2027, 4, 14),
        dt.date(2027, 4, 19),
        dt.date(2027, 4, 20),
    ]
    assert days[ReminderKind.DUE] == [dt.date(2027, 4, 21)]
    # Then every second working day; 3 May is a holiday, so the fourth is on Tuesday the 4th.
    assert days[ReminderKind.OVERDUE][:4] == [
        dt.date(2027, 4, 23),
        dt.date(2027, 4, 27),
        dt.date(2027, 4, 29),
        dt.date(2027, 5, 4),
    ]


async def test_the_coordinator_is_told_of_each_silent_school_three_working_days_late(
    season: tuple[list[School], dict[str, User], User],
) -> None:
    _, _, coordinator = season

    escalations = await Reminder.filter(
        recipient=coordinator,
        kind=ReminderKind.ESCALATION,
        status=ReminderStatus.QUEUED,
        obligation__source_key__contains=DIRECTOR_SUBMISSION,
    ).prefetch_related("obligation__school")

    schools = sorted(reminder.obligation.school.code for reminder in escalations)
    assert schools == ["sp2", "sp3", "sp4", "sp5", "sp6", "sp7"]
    assert {r.scheduled_for.astimezone(WARSAW).date() for r in escalations} == {
        dt.date(2027, 4, 26)
    }


async def test_done_stops_the_reminders_of_that_school_only(
    season: tuple[list[School], dict[str, User], User],
) -> None:
    _, directors, _ = season

    done = await _queued_days(directors["sp1"], DIRECTOR_SUBMISSION)
    silent = await _queued_days(directors["sp7"], DIRECTOR_SUBMISSION)

    assert sum(len(days) for days in done.values()) == 1
    assert sum(len(days) for days in silent.values()) > 5


async def test_a_snooze_holds_the_reminders_back_for_its_week(
    season: tuple[list[School], dict[str, User], User],
) -> None:
    _, directors, _ = season

    days = await _queued_days(directors["sp2"], DIRECTOR_SUBMISSION)

    # Snoozed on 7 April for a week: nothing until 14 April, then the usual course.
    sent = sorted(day for kind_days in days.values() for day in kind_days)
    assert sent[:2] == [dt.date(2027, 4, 7), dt.date(2027, 4, 14)]


async def test_a_problem_reaches_the_coordinator_with_the_directors_words(
    season: tuple[list[School], dict[str, User], User],
) -> None:
    _, _, coordinator = season

    told = await OutboxMessage.filter(
        recipient=coordinator, body_text__contains="23 kwietnia"
    ).count()

    assert told == 1
