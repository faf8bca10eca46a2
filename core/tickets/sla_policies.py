"""The coordinator's SLA targets: for each priority, the working time allowed for the first
response and for resolution, and the share of it after which a ticket counts as near breach.

The targets are working (business) time of the configured calendar, as `core.tickets.sla`
counts them, stored in minutes. What a change affects:

- A ticket reported afterwards gets its due times from the new targets.
- An open ticket keeps the due times it got when it was reported; they are computed again
  from the new targets only when its priority is changed.
- The near-breach warning of open tickets reads the new targets and percentage at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from core.errors import InvalidInput
from core.models import Priority, SlaPolicy
from core.tickets.defaults import SlaTargets
from core.tickets.sla import sla_targets

MOST_HOURS: Final = 999
"""The longest target, in working hours (about half a school year of working days)."""
MOST_MINUTES: Final = MOST_HOURS * 60
PRIORITIES_SHOWN: Final = (Priority.CRITICAL, Priority.HIGH, Priority.NORMAL, Priority.LOW)


@dataclass(frozen=True)
class PolicyRow:
    """The targets a priority has now; `is_default` when it has no `SlaPolicy` row yet."""

    priority: Priority
    targets: SlaTargets
    is_default: bool


async def sla_policy_rows() -> list[PolicyRow]:
    """The targets of every priority, from the most urgent."""
    stored = {policy.priority for policy in await SlaPolicy.all()}
    return [
        PolicyRow(priority, await sla_targets(priority), priority not in stored)
        for priority in PRIORITIES_SHOWN
    ]


def _whole_number(field: str, text: str, high: int) -> int:
    """`text` as typed, read as a whole number from 0 to `high`; blank reads as 0."""
    text = text.strip()
    if not text:
        return 0
    if not re.fullmatch(r"\d{1,9}", text) or int(text) > high:
        raise InvalidInput(
            "Expected a whole number from {low} to {high}, got {value}",
            field=field,
            low=0,
            high=high,
            value=text,
        )
    return int(text)


def minutes_of(field: str, *, hours: str, minutes: str) -> int:
    """The working time typed as hours and minutes (e.g. "4" and "30"), in minutes. Raises
    InvalidInput naming `field` for text that is not a whole number, minutes above 59, or
    hours above MOST_HOURS."""
    return _whole_number(field, hours, MOST_HOURS) * 60 + _whole_number(field, minutes, 59)


def typed_percent(text: str) -> int:
    """The near-breach percentage as typed, read as a whole number; raises InvalidInput
    naming the field when it is not one from 1 to 99."""
    percent = text.strip()
    if not re.fullmatch(r"\d{1,2}", percent) or int(percent) == 0:
        raise _percent_refused(percent)
    return int(percent)


def _percent_refused(value: object) -> InvalidInput:
    return InvalidInput(
        "Expected a whole number from {low} to {high}, got {value}",
        field="near_breach_percent",
        low=1,
        high=99,
        value=value,
    )


def sla_policy_errors(
    *, first_response_minutes: int, resolution_minutes: int, near_breach_percent: int
) -> list[InvalidInput]:
    """What is wrong with these targets, one error per field (named in its `field`): a
    target not longer than zero or above MOST_HOURS, a first response allowed more time than
    the resolution, a near-breach percentage not from 1 to 99. Empty when they are fine."""
    errors = [
        InvalidInput(
            "Give a working time longer than zero and at most {hours} hours.",
            field=field,
            hours=MOST_HOURS,
        )
        for field, minutes in (
            ("first_response_minutes", first_response_minutes),
            ("resolution_minutes", resolution_minutes),
        )
        if not 0 < minutes <= MOST_MINUTES
    ]
    if not errors and first_response_minutes > resolution_minutes:
        errors.append(
            InvalidInput(
                "The first response cannot be allowed more time than the resolution.",
                field="resolution_minutes",
            )
        )
    if not 1 <= near_breach_percent <= 99:
        errors.append(_percent_refused(near_breach_percent))
    return errors


async def change_sla_policy(
    priority: Priority,
    *,
    first_response_minutes: int,
    resolution_minutes: int,
    near_breach_percent: int,
) -> SlaPolicy:
    """Sets the targets of `priority`, in minutes of working time; see the module docstring
    for what the change affects. Raises the first of `sla_policy_errors`, if any."""
    errors = sla_policy_errors(
        first_response_minutes=first_response_minutes,
        resolution_minutes=resolution_minutes,
        near_breach_percent=near_breach_percent,
    )
    if errors:
        raise errors[0]
    policy, _ = await SlaPolicy.update_or_create(
        priority=priority,
        defaults={
            "first_response_minutes": first_response_minutes,
            "resolution_minutes": resolution_minutes,
            "near_breach_percent": near_breach_percent,
        },
    )
    return policy


def as_hours_and_minutes(budget: timedelta) -> tuple[int, int]:
    """A target as the whole hours and the minutes left over, as the form shows it."""
    hours, minutes = divmod(budget // timedelta(minutes=1), 60)
    return hours, minutes
