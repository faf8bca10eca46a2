"""The reminder policy every generated obligation starts with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.models import ReminderPolicy


@dataclass(frozen=True)
class ReminderPolicySpec:
    code: str
    name: str
    offsets_days: tuple[int, ...]
    overdue_every_working_days: int
    escalate_after_overdue_days: int
    window_start: dt.time
    window_end: dt.time


DEFAULT_POLICY = ReminderPolicySpec(
    code="default",
    name="Domyślna: 14, 7, 3, 1 dzień przed terminem i w dniu terminu",
    offsets_days=(14, 7, 3, 1, 0),
    overdue_every_working_days=2,
    escalate_after_overdue_days=3,
    window_start=dt.time(8, 0),
    window_end=dt.time(16, 0),
)


async def install_default_policy() -> ReminderPolicy:
    """The default policy row, created on first use and left as the coordinator edited it."""
    policy, _ = await ReminderPolicy.get_or_create(
        code=DEFAULT_POLICY.code,
        defaults={
            "name": DEFAULT_POLICY.name,
            "offsets_days": list(DEFAULT_POLICY.offsets_days),
            "overdue_every_working_days": DEFAULT_POLICY.overdue_every_working_days,
            "escalate_after_overdue_days": DEFAULT_POLICY.escalate_after_overdue_days,
            "window_start": DEFAULT_POLICY.window_start,
            "window_end": DEFAULT_POLICY.window_end,
        },
    )
    return policy
