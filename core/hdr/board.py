"""The HDR's development actions as a board: each action with who answers for it and
whether it has overrun its period, grouped by status in the order a reader looks for them
(what is under way or late first, what is finished last)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from core import clock
from core.models import HdrAction, HdrActionStatus

FINISHED_STATUSES: Final = frozenset({HdrActionStatus.DONE, HdrActionStatus.CANCELLED})
BOARD_ORDER: Final = (
    HdrActionStatus.DELAYED,
    HdrActionStatus.IN_PROGRESS,
    HdrActionStatus.PLANNED,
    HdrActionStatus.DONE,
    HdrActionStatus.CANCELLED,
)


@dataclass(frozen=True)
class BoardAction:
    action: HdrAction
    responsible: str
    """The responsible as the plan names them, else the linked person's name."""
    is_overdue: bool
    """Its period ended before today and it is neither done nor cancelled."""


@dataclass(frozen=True)
class StatusColumn:
    status: HdrActionStatus
    actions: tuple[BoardAction, ...]


def is_overdue(action: HdrAction, today: date) -> bool:
    return (
        action.ends_on is not None
        and action.ends_on < today
        and action.status not in FINISHED_STATUSES
    )


async def board_actions(*, today: date | None = None) -> list[BoardAction]:
    """Every action in plan order. `today` defaults to today in the gmina's time zone."""
    day = today or clock.today()
    actions = await HdrAction.all().order_by("number").prefetch_related("responsible_user")
    return [
        BoardAction(
            action=action,
            responsible=action.responsible
            or (action.responsible_user.full_name if action.responsible_user else ""),
            is_overdue=is_overdue(action, day),
        )
        for action in actions
    ]


def by_status(actions: list[BoardAction]) -> list[StatusColumn]:
    """The actions in `BOARD_ORDER` columns, each in plan order; empty columns kept, so the
    board always shows the same columns."""
    return [
        StatusColumn(status, tuple(a for a in actions if a.action.status == status))
        for status in BOARD_ORDER
    ]


def by_start(actions: list[BoardAction]) -> list[BoardAction]:
    """The actions as a timeline: by start date, then end date; undated ones last."""
    return sorted(
        actions,
        key=lambda a: (
            a.action.starts_on is None,
            a.action.starts_on or date.min,
            a.action.ends_on or date.max,
            a.action.number,
        ),
    )
