"""The demo tickets: each story is replayed through the ticket services at the moments it
happened, so numbers, SLA clocks and history are exactly what real use would produce."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from core import clock
from core.calendar.configured import configured_calendar
from core.config import get_settings
from core.models import Category, Channel, Priority, School, Ticket, TicketStatus, User
from core.seed.lubartow_demo import DEMO_TICKETS, TicketStory
from core.tickets import assign_ticket, change_status, create_ticket, rate_ticket

REPORTED_AT = dt.time(9, 30)
STEP = dt.timedelta(hours=2)


async def seed_demo_tickets(people: dict[str, User]) -> int:
    """Replays the stories not replayed yet; returns how many demo tickets exist."""
    staff = people["informatyk"]
    for story in DEMO_TICKETS:
        reporter = people[story.reporter]
        if not await Ticket.exists(reporter=reporter, title=story.title):
            await _replay(story, reporter=reporter, staff=staff)
    return await Ticket.filter(reporter__is_demo=True).count()


async def _replay(story: TicketStory, *, reporter: User, staff: User) -> None:
    seeding_started = clock.now()
    story_clock = clock.ManualClock(min(_reported_at(story.days_ago), seeding_started))
    real_clock = clock.install(story_clock)
    try:
        ticket = await create_ticket(
            school=await School.get(id=reporter.school_id),
            reporter=reporter,
            channel=reporter.preferred_channel,
            category=await Category.get(code=story.category),
            description=story.description,
            title=story.title,
            priority=Priority(story.priority),
            room=story.room,
        )
        for step in story.steps:
            story_clock.advance(STEP)
            if step == "assign":
                ticket = await assign_ticket(
                    ticket, assignee=staff, actor=staff, channel=Channel.WEB
                )
            else:
                ticket = await change_status(
                    ticket, to=TicketStatus(step), actor=staff, channel=Channel.WEB
                )
        if story.rating is not None:
            story_clock.advance(STEP)
            await rate_ticket(ticket, rater=reporter, rating=story.rating)
    finally:
        clock.install(real_clock)


def _reported_at(days_ago: int) -> dt.datetime:
    """A working morning `days_ago` calendar days back (the working day before, if that one
    was not a working day)."""
    calendar = configured_calendar()
    day = clock.today() - dt.timedelta(days=days_ago)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, REPORTED_AT, tzinfo=ZoneInfo(get_settings().timezone))
