"""The coordinator's changes to obligations: add one under a chosen reminder policy, move its
due date, put it under another policy, cancel it.

Reminders are planned a little ahead (`core.obligations.reminders`), so when the rules of an
obligation change, its reminders still scheduled are planned again under the new rules at
once (`replan_scheduled_reminders`): those the new rules do not call for are removed, the
missing ones of the planning window are created. Reminders already queued or sent stay as
they are. Each change is one transaction that locks the obligation's row first, as the
planner and the answers do, and writes nothing when it is refused. There is no history
table for obligations, so who changed what is written to the log.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from tortoise.transactions import in_transaction

from core import clock
from core.calendar import BusinessCalendar
from core.calendar.configured import configured_calendar
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.models import (
    Obligation,
    ObligationStatus,
    Reminder,
    ReminderPolicy,
    ReminderStatus,
    Role,
    User,
)
from core.obligations.reminders import (
    PLANNING_HORIZON,
    REMINDED_STATUSES,
    PlanningWindow,
    add_missing_reminders,
    reminders_in_window,
)
from core.people.roles import is_active_coordinator

logger = logging.getLogger(__name__)


def require_coordinator(actor: User) -> None:
    """Raises PermissionDenied unless `actor` is an active coordinator."""
    if not is_active_coordinator(actor):
        raise PermissionDenied("Only the coordinator changes obligations and reminder policies.")


async def policy_by_code(code: str) -> ReminderPolicy:
    """The reminder policy `code`; raises InvalidInput (field "policy") when there is none."""
    policy = await ReminderPolicy.get_or_none(code=code.strip()) if code.strip() else None
    if policy is None:
        raise InvalidInput("Choose a reminder policy from the list.", field="policy")
    return policy


async def change_due_date(obligation: Obligation, new_date: dt.date, *, actor: User) -> Obligation:
    """Moves the due date of `obligation` to `new_date` and plans its scheduled reminders
    again; returns the obligation as stored. A snooze stays as it was.

    Raises PermissionDenied unless `actor` is an active coordinator, InvalidInput (field
    "due_date") for a date before today, IllegalTransition for a done or cancelled
    obligation."""
    require_coordinator(actor)
    if new_date < clock.today():
        raise InvalidInput(
            "The due date {date} has passed.", date=f"{new_date:%d.%m.%Y}", field="due_date"
        )
    async with in_transaction():
        locked = await _locked_open(obligation)
        previous = locked.due_date
        locked.due_date = new_date
        await locked.save(update_fields=["due_date"])
        await replan_scheduled_reminders(locked)
    logger.info(
        "User %s moved the due date of obligation %s from %s to %s",
        actor.id,
        locked.id,
        previous,
        new_date,
    )
    return locked


async def change_obligation_policy(
    obligation: Obligation, policy: ReminderPolicy, *, actor: User
) -> Obligation:
    """Puts `obligation` under `policy` and plans its scheduled reminders again; returns the
    obligation as stored.

    Raises PermissionDenied unless `actor` is an active coordinator, IllegalTransition for a
    done or cancelled obligation."""
    require_coordinator(actor)
    async with in_transaction():
        locked = await _locked_open(obligation)
        locked.policy = policy
        await locked.save(update_fields=["policy_id"])
        await replan_scheduled_reminders(locked)
    logger.info(
        "User %s put obligation %s under reminder policy %s", actor.id, locked.id, policy.code
    )
    return locked


async def cancel_obligation(obligation: Obligation, *, actor: User) -> Obligation:
    """Cancels `obligation`: nobody is reminded of it any more, its scheduled reminders are
    skipped. Generation never brings it back: it finds the obligation by its `source_key`
    and leaves it as it is.

    Raises PermissionDenied unless `actor` is an active coordinator, IllegalTransition for a
    done or cancelled obligation."""
    require_coordinator(actor)
    async with in_transaction():
        locked = await _locked_open(obligation)
        locked.status = ObligationStatus.CANCELLED
        await locked.save(update_fields=["status"])
        await Reminder.filter(obligation_id=locked.id, status=ReminderStatus.SCHEDULED).update(
            status=ReminderStatus.SKIPPED
        )
    logger.info("User %s cancelled obligation %s", actor.id, locked.id)
    return locked


async def replan_scheduled_reminders(
    obligation: Obligation, *, calendar: BusinessCalendar | None = None
) -> None:
    """Plans the reminders of `obligation` again after its due date, policy or status
    changed: scheduled reminders its rules no longer call for are removed, and those of the
    planning window that are missing are created, as `plan_reminders` would. Queued and
    skipped reminders stay, and a person reminded of it today is not reminded again today.

    Removed rather than skipped: a skipped reminder would hold its person's day, and the
    reminder the new rules call for on that day would never be created. Run it inside the
    transaction that changed `obligation`, with the obligation's row locked."""
    calendar = calendar or configured_calendar()
    window = PlanningWindow.ahead_of(clock.now(), PLANNING_HORIZON, calendar)
    await obligation.fetch_related("policy")
    planned = []
    if obligation.status in REMINDED_STATUSES:
        coordinators = await User.filter(role=Role.COORDINATOR, is_active=True)
        planned = await reminders_in_window(obligation, window, coordinators, calendar)
    wanted = {(p.recipient_id, p.kind, p.scheduled_for) for p in planned}
    scheduled = await Reminder.filter(obligation_id=obligation.id, status=ReminderStatus.SCHEDULED)
    stale = [r.id for r in scheduled if (r.recipient_id, r.kind, r.scheduled_for) not in wanted]
    if stale:
        await Reminder.filter(id__in=stale).delete()
    await add_missing_reminders(obligation, planned, window)


async def replan_obligations_of(policy: ReminderPolicy) -> int:
    """Plans again the scheduled reminders of every unfinished obligation under `policy`,
    each row locked; returns how many obligations that was. Run it inside the transaction
    that changed the policy."""
    obligations: Sequence[Obligation] = await Obligation.select_for_update().filter(
        policy_id=policy.id, status__in=REMINDED_STATUSES
    )
    for obligation in obligations:
        obligation.policy = policy
        await replan_scheduled_reminders(obligation)
    return len(obligations)


async def _locked_open(obligation: Obligation) -> Obligation:
    """The stored row of `obligation`, locked; raises IllegalTransition when it is done or
    cancelled."""
    locked = await Obligation.select_for_update().get(id=obligation.id)
    if locked.status is ObligationStatus.DONE:
        raise IllegalTransition("This obligation is done, so it can no longer be changed.")
    if locked.status is ObligationStatus.CANCELLED:
        raise IllegalTransition("This obligation is cancelled, so it can no longer be changed.")
    return locked
