"""The SLA watch: the IT specialist hears of a target about to be missed while there is time
to act, the coordinator hears of a target that has been missed.

- A target is near breach once its priority's `near_breach_percent` of the business-time
  budget is used (`sla.sla_state`). The ticket's assignee is told, or every IT specialist
  while it has none.
- A target is breached when its due time passes unmet. Every coordinator is told, once,
  within `BREACH_NOTICE_WINDOW` of business time: a breach older than that (the watch was
  not running) is history, which the dashboard and the monthly summary show.
- Each notice is sent once per target and due time: the outbox's dedupe key names both, so
  a due time moved by a pause or a new priority can be warned of again.
- Notices go out only within working hours; outside them they wait for the next run inside.
- A ticket that waits (on the reporter, a vendor) or is finished has its clock stopped and
  is not watched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from core import clock
from core.calendar.configured import configured_calendar
from core.i18n import mark, translate
from core.models import Role, School, Ticket, User
from core.outbox import enqueue_message
from core.people.addresses import reachable_address
from core.tickets.sla import SlaStatus, TargetState, sla_state
from core.tickets.states import DONE_STATUSES, WAITING_STATUSES

BREACH_NOTICE_WINDOW: Final = dt.timedelta(hours=8)
"""How long after a breach (in business time) the coordinator is still told of it."""

FIRST_RESPONSE: Final = "first-response"
RESOLUTION: Final = "resolution"

_NEAR_BREACH_TEXTS: Final = {
    FIRST_RESPONSE: mark("Ticket {number} “{title}” ({school}) needs a first response by {due}."),
    RESOLUTION: mark("Ticket {number} “{title}” ({school}) should be resolved by {due}."),
}
_BREACH_TEXTS: Final = {
    FIRST_RESPONSE: mark(
        "Ticket {number} “{title}” ({school}) had no first response by {due}: its SLA is breached."
    ),
    RESOLUTION: mark(
        "Ticket {number} “{title}” ({school}) was not resolved by {due}: its SLA is breached."
    ),
}


@dataclass(frozen=True)
class SlaWatchCounts:
    """What one run wrote: warnings to IT specialists, breach notices to coordinators."""

    warnings: int = 0
    breach_notices: int = 0


async def watch_sla() -> SlaWatchCounts:
    """Tells of every watched target now near breach or newly breached; see the module
    docstring. Safe to run in several processes: each notice has its dedupe key."""
    now = clock.now()
    calendar = configured_calendar()
    if calendar.next_allowed_moment(now, calendar.work_start, calendar.work_end) != now:
        return SlaWatchCounts()
    warnings = breach_notices = 0
    running = Ticket.filter(status__not_in=[*DONE_STATUSES, *WAITING_STATUSES])
    for ticket in await running.order_by("id"):
        state = await sla_state(ticket, now)
        for target, target_state, met in (
            (FIRST_RESPONSE, state.first_response, ticket.first_response_at is not None),
            (RESOLUTION, state.resolution, False),
        ):
            if met:
                continue
            if target_state.status is SlaStatus.NEAR_BREACH:
                warnings += await _warn_workers(ticket, target, target_state)
            elif target_state.status is SlaStatus.BREACHED and _recent(target_state, now):
                breach_notices += await _tell_coordinators(ticket, target, target_state)
    return SlaWatchCounts(warnings=warnings, breach_notices=breach_notices)


def _recent(target: TargetState, now: dt.datetime) -> bool:
    return configured_calendar().business_time_between(target.due_at, now) <= BREACH_NOTICE_WINDOW


async def _warn_workers(ticket: Ticket, target: str, state: TargetState) -> int:
    if ticket.assignee_id is not None:
        workers = await User.filter(id=ticket.assignee_id, is_active=True)
    else:
        workers = await User.filter(role=Role.IT, is_active=True)
    return await _tell(ticket, workers, _NEAR_BREACH_TEXTS[target], state, kind=f"near-{target}")


async def _tell_coordinators(ticket: Ticket, target: str, state: TargetState) -> int:
    coordinators = await User.filter(role=Role.COORDINATOR, is_active=True)
    return await _tell(ticket, coordinators, _BREACH_TEXTS[target], state, kind=f"breach-{target}")


async def _tell(
    ticket: Ticket, people: list[User], text: str, state: TargetState, *, kind: str
) -> int:
    school = await School.get(id=ticket.school_id)
    due = f"{state.due_at.astimezone(ZoneInfo(configured_calendar().timezone)):%d.%m.%Y %H:%M}"
    written = 0
    for person in people:
        address = reachable_address(person)
        if address is None:
            continue
        channel, to = address
        message = await enqueue_message(
            channel=channel,
            address=to,
            recipient=person,
            subject=f"[{ticket.number}] {ticket.title}",
            body_text=translate(
                text,
                person.locale,
                number=ticket.number,
                title=ticket.title,
                school=school.short_name,
                due=due,
            ),
            payload={"ticket_id": ticket.id},
            dedupe_key=f"sla:{kind}:{ticket.id}:{state.due_at.isoformat()}:{person.id}",
        )
        written += message is not None
    return written
