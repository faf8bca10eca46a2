"""Changing a meeting that has not been held: moving it, or cancelling it.

- Moving it to another time or place moves the due date of the schools' preparation of
  their items with it, and their reminders; the directors who know of the meeting (the call
  was opened or the agenda sent) and the participants are told.
- Cancelling it (→ CANCELLED) cancels its unfinished obligations, so their reminders stop;
  the directors who know of it and the participants are told, with the reason.

Both are for the coordinator alone and are one transaction: refused, they write nothing.
"""

from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from core import clock
from core.errors import IllegalTransition, InvalidInput, NotFound
from core.i18n import mark, translate
from core.meetings.lifecycle import (
    UNFINISHED,
    in_gmina_time,
    preparation_description,
    require_coordinator,
    tell_meeting_audience,
)
from core.meetings.planning import checked_location
from core.models import Meeting, MeetingStatus, Obligation, ObligationKind, ObligationStatus, User
from core.obligations.administration import replan_scheduled_reminders

REASON_LIMIT = 500
ANNOUNCED = (MeetingStatus.AGENDA_OPEN, MeetingStatus.AGENDA_PUBLISHED)
"""The states in which the directors have been told of the meeting."""


async def move_meeting(
    meeting: Meeting, *, actor: User, starts_at: dt.datetime, location: str
) -> Meeting:
    """Moves `meeting` to `starts_at` at `location`; see the module docstring. Moving it
    nowhere new writes nothing. Raises InvalidInput for a start that is not in the future or
    comes before the call for items closes, or a too long place; IllegalTransition when the
    meeting was held or cancelled."""
    require_coordinator(actor)
    location = checked_location(location)
    if starts_at <= clock.now():
        raise InvalidInput("The meeting must start in the future.")
    async with in_transaction():
        current = await _locked_unheld(
            meeting, mark("“{meeting}” cannot be moved in its present state.")
        )
        if current.agenda_call_deadline and starts_at < current.agenda_call_deadline:
            raise InvalidInput(
                "The call for agenda items closes on {closes}; the meeting cannot start before.",
                closes=f"{in_gmina_time(current.agenda_call_deadline):%d.%m.%Y %H:%M}",
            )
        if (current.starts_at, current.location) == (starts_at, location):
            return current
        current.starts_at = starts_at
        current.location = location
        await current.save(update_fields=["starts_at", "location"])
        await _move_preparation(current)
        if current.status in ANNOUNCED:
            await _send_move(current)
    return current


async def cancel_meeting(meeting: Meeting, *, actor: User, reason: str = "") -> Meeting:
    """Cancels `meeting`; see the module docstring. Raises InvalidInput for a reason longer
    than REASON_LIMIT, IllegalTransition when the meeting was held or is cancelled already."""
    require_coordinator(actor)
    reason = " ".join(reason.split())
    if len(reason) > REASON_LIMIT:
        raise InvalidInput(
            "The reason is too long (at most {limit} characters).", limit=REASON_LIMIT
        )
    async with in_transaction():
        current = await _locked_unheld(
            meeting, mark("“{meeting}” cannot be cancelled in its present state.")
        )
        announced = current.status in ANNOUNCED
        current.status = MeetingStatus.CANCELLED
        await current.save(update_fields=["status"])
        await Obligation.filter(meeting=current, status__in=UNFINISHED).update(
            status=ObligationStatus.CANCELLED
        )
        if announced:
            await _send_cancellation(current, reason)
    return current


async def _locked_unheld(meeting: Meeting, refusal: str) -> Meeting:
    """The stored meeting, locked; raises IllegalTransition with `refusal` when it was held
    or cancelled."""
    current = await Meeting.select_for_update().get_or_none(id=meeting.id)
    if current is None:
        raise NotFound("This meeting no longer exists.")
    if current.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise IllegalTransition(refusal, meeting=current.title)
    return current


async def _move_preparation(meeting: Meeting) -> None:
    preparations = await Obligation.select_for_update().filter(
        meeting=meeting, kind=ObligationKind.AGENDA_PUBLISHED, status__in=UNFINISHED
    )
    for obligation in preparations:
        obligation.due_date = in_gmina_time(meeting.starts_at).date()
        obligation.description = preparation_description(meeting)
        await obligation.save(update_fields=["due_date", "description"])
        await replan_scheduled_reminders(obligation)


async def _send_move(meeting: Meeting) -> None:
    when = f"{in_gmina_time(meeting.starts_at):%d.%m.%Y %H:%M}"
    await tell_meeting_audience(
        meeting,
        subject=lambda locale: translate("New date: {meeting}", locale, meeting=meeting.title),
        body=lambda locale: translate(
            "The meeting “{meeting}” now takes place on {when}, {place}.",
            locale,
            meeting=meeting.title,
            when=when,
            place=meeting.location,
        ),
        # Each move is news of its own: moved twice, people hear of both.
        news=f"moved:{when}:{meeting.location}",
    )


async def _send_cancellation(meeting: Meeting, reason: str) -> None:
    when = f"{in_gmina_time(meeting.starts_at):%d.%m.%Y %H:%M}"

    def body(locale: str) -> str:
        text = translate(
            "The meeting “{meeting}” of {when} is cancelled.",
            locale,
            meeting=meeting.title,
            when=when,
        )
        if reason:
            text += "\n\n" + translate("Reason: {reason}", locale, reason=reason)
        return text

    await tell_meeting_audience(
        meeting,
        subject=lambda locale: translate("Cancelled: {meeting}", locale, meeting=meeting.title),
        body=body,
        news="cancelled",
    )
