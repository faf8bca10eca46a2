"""The SLA compliance of the twelve months up to the exported one, as the summary's trend
table shows it: each month counts the first responses and resolutions made in it (by the
Warsaw calendar), and the share of them made by their due time."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl.workbook import Workbook

from core.clock import ManualClock
from core.export import Month
from tests.conftest import warsaw
from tests.core.export.builders import TicketSpec, exported, store
from tests.factories import make_category, make_school

OCTOBER = Month(2026, 10)
HOUR = dt.timedelta(hours=1)


async def _answered(
    responded: dt.datetime | None,
    *,
    response_met: bool = True,
    resolved: dt.datetime | None = None,
    resolution_met: bool = True,
) -> None:
    """A ticket created a day before `responded` (or `resolved`), answered and resolved
    then, by its due times or an hour after them."""
    school, category = await make_school(), await make_category()
    first = responded or resolved
    assert first is not None
    await store(
        TicketSpec(
            school=school,
            category=category,
            created_at=first - dt.timedelta(days=1),
            first_response_at=responded,
            first_response_due_at=None
            if responded is None
            else responded + (HOUR if response_met else -HOUR),
            resolved_at=resolved,
            resolution_due_at=None
            if resolved is None
            else resolved + (HOUR if resolution_met else -HOUR),
        )
    )


def _trend(workbook: Workbook) -> dict[str, tuple[float | None, float | None]]:
    rows = list(workbook["Podsumowanie"].iter_rows(values_only=True))
    header = next(index for index, row in enumerate(rows) if row[0] == "Miesiąc")
    return {row[0]: (row[1], row[2]) for row in rows[header + 1 : header + 13]}


async def test_each_earlier_month_counts_what_was_answered_in_it(
    database: str, now: ManualClock
) -> None:
    await _answered(warsaw(2026, 7, 10, 9), resolved=warsaw(2026, 7, 14, 9))
    await _answered(warsaw(2026, 7, 20, 9), response_met=False)
    await _answered(
        warsaw(2026, 7, 31, 23, 30), resolved=warsaw(2026, 8, 1, 0, 30), resolution_met=False
    )
    await _answered(None, resolved=warsaw(2026, 8, 12, 12))

    trend = _trend(await exported(OCTOBER))

    assert trend["lipiec 2026"] == (pytest.approx(2 / 3), 1.0)
    assert trend["sierpień 2026"] == (None, 0.5)
    assert trend["czerwiec 2026"] == (None, None)
    assert list(trend)[::11] == ["listopad 2025", "październik 2026"]
