"""Reminder plans: which reminders an obligation's policy calls for, and when each may go out.

A policy reminds the people who owe an obligation on each of its `offsets_days` before the
due date (0 is the day itself), then every `overdue_every_working_days` working days after
it, and tells every active coordinator once, on the `escalate_after_overdue_days`-th
working day after it. A reminder's day is only its nominal day: it goes out at the first
allowed moment on or after it, on a working day (no weekends, no Polish public holidays)
within the policy's window, in the calendar's time zone. Two reminders of one obligation
to one person that fall on one day are one reminder.

Sending them is `core.obligations.reminder_delivery`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from core import clock
from core.calendar import BusinessCalendar
from core.calendar.configured import configured_calendar
from core.models import (
    Obligation,
    ObligationStatus,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    Role,
    User,
)
from core.obligations.assignees import obligation_assignees
from core.obligations.policies import DEFAULT_POLICY, ReminderPolicySpec

PLANNING_HORIZON: Final = dt.timedelta(days=2)
REMINDED_STATUSES: Final = (
    ObligationStatus.OPEN,
    ObligationStatus.SNOOZED,
    ObligationStatus.PROBLEM,
)
# When one person gets two reminders of one obligation on one day, the later kind wins.
_KIND_ORDER: Final = (
    ReminderKind.BEFORE_DUE,
    ReminderKind.DUE,
    ReminderKind.OVERDUE,
    ReminderKind.ESCALATION,
)


@dataclass(frozen=True)
class PlanningWindow:
    """The moments a planning run fills: from the start of today to `latest`, and the
    nominal days whose reminders may fall between (the non-working days just before today
    among them: a reminder of last Saturday goes out this Monday)."""

    earliest: dt.datetime
    latest: dt.datetime
    days: tuple[dt.date, ...]
    zone: ZoneInfo

    @classmethod
    def ahead_of(
        cls, now: dt.datetime, horizon: dt.timedelta, calendar: BusinessCalendar
    ) -> PlanningWindow:
        zone = ZoneInfo(calendar.timezone)
        today = now.astimezone(zone).date()
        latest = now + horizon
        first_day = today - dt.timedelta(days=1)
        while not calendar.is_working_day(first_day):
            first_day -= dt.timedelta(days=1)
        days = _days(first_day + dt.timedelta(days=1), latest.astimezone(zone).date())
        earliest = dt.datetime.combine(today, dt.time(0), tzinfo=zone).astimezone(dt.UTC)
        return cls(earliest=earliest, latest=latest, days=tuple(days), zone=zone)

    def holds(self, moment: dt.datetime) -> bool:
        return self.earliest <= moment <= self.latest

    def local_day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.zone).date()


@dataclass(frozen=True)
class PlannedReminder:
    recipient_id: int
    kind: ReminderKind
    day: dt.date
    scheduled_for: dt.datetime


async def plan_reminders(
    *, horizon: dt.timedelta = PLANNING_HORIZON, calendar: BusinessCalendar | None = None
) -> int:
    """Creates the reminders of open, snoozed and problem obligations that fall between the
    start of today and now + `horizon`; returns how many were new.

    A run costs what is due, not what exists: it reads only the obligations whose due date
    is at most the longest offset of any policy past the horizon (the `(status, due_date)`
    index), i.e. those due soon and those overdue, and writes only for the ones with a
    reminder in the window. Run it more often than `horizon` (e.g. hourly with the default
    two days) so that no reminder's day is passed over. Reminders of days before today are
    never made up: an obligation created three days before its due date starts with the
    3-day reminder.

    Idempotent: a reminder is not created when the obligation already has one for that
    person on that local day (of any kind), checked under a lock on the obligation's row,
    so concurrent runs do not double it either. Done and cancelled obligations get none.
    """
    calendar = calendar or configured_calendar()
    window = PlanningWindow.ahead_of(clock.now(), horizon, calendar)
    coordinators = await User.filter(role=Role.COORDINATOR, is_active=True)
    last_due = window.days[-1] + dt.timedelta(days=await _longest_offset())
    obligations = await Obligation.filter(
        status__in=REMINDED_STATUSES, due_date__lte=last_due
    ).select_related("policy")
    created = 0
    for obligation in obligations:
        planned = await reminders_in_window(obligation, window, coordinators, calendar)
        if planned:
            created += await _create_missing(obligation, planned, window)
    return created


async def reminders_in_window(
    obligation: Obligation,
    window: PlanningWindow,
    coordinators: Sequence[User],
    calendar: BusinessCalendar,
) -> list[PlannedReminder]:
    """The reminders `obligation`'s policy calls for within `window`, one per person and
    local day. `obligation.policy` must be fetched (None: the default policy)."""
    policy = policy_rules(obligation.policy)
    days = reminder_days(obligation.due_date, policy, window.days, calendar)
    if not days:
        return []
    assignees = await obligation_assignees(obligation)
    planned = []
    for day, kind in sorted(days, key=lambda item: (item[0], _KIND_ORDER.index(item[1]))):
        moment = dt.datetime.combine(day, policy.window_start, tzinfo=window.zone)
        scheduled_for = calendar.next_allowed_moment(moment, policy.window_start, policy.window_end)
        if not window.holds(scheduled_for):
            continue
        recipients = coordinators if kind is ReminderKind.ESCALATION else assignees
        planned += [PlannedReminder(user.id, kind, day, scheduled_for) for user in recipients]
    one_a_day = {(p.recipient_id, window.local_day(p.scheduled_for)): p for p in planned}
    return list(one_a_day.values())


def reminder_days(
    due: dt.date,
    policy: ReminderPolicySpec,
    days: Iterable[dt.date],
    calendar: BusinessCalendar,
) -> list[tuple[dt.date, ReminderKind]]:
    """The nominal days among `days` (ascending) on which `policy` reminds of an obligation
    due on `due`, each with its kind."""
    days = list(days)
    if not days:
        return []
    result: list[tuple[dt.date, ReminderKind]] = []
    escalation_day = calendar.add_working_days(due, max(policy.escalate_after_overdue_days, 0))
    working_days_overdue = calendar.working_days_between(due, days[0] - dt.timedelta(days=1))
    for day in days:
        before = (due - day).days
        if before in policy.offsets_days:
            result.append((day, ReminderKind.DUE if before == 0 else ReminderKind.BEFORE_DUE))
        if day > due and calendar.is_working_day(day):
            working_days_overdue += 1
            if _is_overdue_reminder_day(working_days_overdue, policy):
                result.append((day, ReminderKind.OVERDUE))
        if day == escalation_day and day > due:
            result.append((day, ReminderKind.ESCALATION))
    return result


def _is_overdue_reminder_day(working_days_overdue: int, policy: ReminderPolicySpec) -> bool:
    every = policy.overdue_every_working_days
    return every > 0 and working_days_overdue % every == 0


def policy_rules(policy: ReminderPolicy | None) -> ReminderPolicySpec:
    """The rules of a stored policy; the default rules for an obligation without one."""
    if policy is None:
        return DEFAULT_POLICY
    return ReminderPolicySpec(
        code=policy.code,
        name=policy.name,
        offsets_days=tuple(policy.offsets_days),
        overdue_every_working_days=policy.overdue_every_working_days,
        escalate_after_overdue_days=policy.escalate_after_overdue_days,
        # Stored as wall times; the ORM hands them back marked UTC.
        window_start=policy.window_start.replace(tzinfo=None),
        window_end=policy.window_end.replace(tzinfo=None),
    )


async def _longest_offset() -> int:
    stored = await ReminderPolicy.all().values_list("offsets_days", flat=True)
    offsets = [*DEFAULT_POLICY.offsets_days, *(o for row in stored for o in row)]
    return max(offsets)


async def _create_missing(
    obligation: Obligation, planned: Sequence[PlannedReminder], window: PlanningWindow
) -> int:
    async with in_transaction():
        locked = await Obligation.select_for_update().get(id=obligation.id)
        if locked.status not in REMINDED_STATUSES:
            return 0
        return await add_missing_reminders(obligation, planned, window)


async def add_missing_reminders(
    obligation: Obligation, planned: Sequence[PlannedReminder], window: PlanningWindow
) -> int:
    """Writes those of `planned` whose person has no reminder of `obligation` yet on that
    local day of `window`; returns how many. Run it with the obligation's row locked."""
    existing = await Reminder.filter(
        obligation_id=obligation.id, scheduled_for__gte=window.earliest
    ).values_list("recipient_id", "scheduled_for")
    taken = {(recipient_id, window.local_day(moment)) for recipient_id, moment in existing}
    missing = [
        p for p in planned if (p.recipient_id, window.local_day(p.scheduled_for)) not in taken
    ]
    now = clock.now()
    await Reminder.bulk_create(
        [
            Reminder(
                obligation_id=obligation.id,
                recipient_id=p.recipient_id,
                kind=p.kind,
                scheduled_for=p.scheduled_for,
                created_at=now,
            )
            for p in missing
        ]
    )
    return len(missing)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
