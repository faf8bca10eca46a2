"""Every figure of a monthly summary, computed once.

`compute_monthly_figures` returns one `MonthlyFigures`; every sheet of the workbook reads
its numbers from that object, so a figure shown twice (the month's SLA compliance on the
summary, in the trend and in the per-school table's total) is one number. The two long
listings (tickets, obligations) are handed row by row to callbacks from the very reads that
count them, so they agree with the figures too, and are never held in memory whole.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from core import clock
from core.config import get_settings
from core.export.directory import Directory, load_directory
from core.export.inventory_figures import InventoryFigures, inventory_figures
from core.export.month import Month
from core.export.obligation_figures import ObligationFigures, ObligationRow, obligation_figures
from core.export.plan_figures import (
    HdrActionRow,
    MeetingRow,
    hdr_action_rows,
    indicator_values,
    meeting_rows,
)
from core.export.stats import Share
from core.export.ticket_figures import (
    Progress,
    TicketFigures,
    TicketRow,
    sla_shares_by_month,
    ticket_figures,
)
from core.hdr.indicators import IndicatorValue

TREND_MONTHS: Final = 12


@dataclass(frozen=True)
class SlaTrendPoint:
    month: Month
    first_response: Share
    resolution: Share


@dataclass(frozen=True)
class MonthlyFigures:
    month: Month
    generated_at: dt.datetime
    zone: ZoneInfo
    directory: Directory
    tickets: TicketFigures
    previous_tickets: TicketFigures
    sla_trend: tuple[SlaTrendPoint, ...]
    """`TREND_MONTHS` points, oldest first, ending with the month itself."""
    obligations: ObligationFigures
    previous_obligations: ObligationFigures
    inventory: InventoryFigures
    hdr_actions: tuple[HdrActionRow, ...]
    indicators: tuple[IndicatorValue, ...]
    meetings: tuple[MeetingRow, ...]

    @property
    def has_month_activity(self) -> bool:
        """Whether anything happened in the month: a ticket, a reminder, an answer, an
        obligation due or overdue, a meeting."""
        return bool(
            self.tickets.listed
            or self.tickets.total.opened
            or self.tickets.total.open_at_end
            or self.obligations.listed
            or self.obligations.reminders_sent
            or self.meetings
        )


async def compute_monthly_figures(
    month: Month,
    *,
    on_ticket: Callable[[TicketRow], None] | None = None,
    on_obligation: Callable[[ObligationRow], None] | None = None,
    progress: Progress | None = None,
) -> MonthlyFigures:
    """The figures of `month`; `on_ticket` receives each ticket touched in the month and
    `on_obligation` each obligation of the month (see the figure modules for what counts),
    `progress` the tickets done so far."""
    settings = get_settings()
    zone = ZoneInfo(settings.timezone)
    generated_at = clock.now()
    directory = await load_directory()
    # The inventory needs nothing else: its queries run while the tickets are counted.
    inventory = asyncio.ensure_future(
        inventory_figures(profile_code=settings.requirement_profile, directory=directory)
    )
    try:
        tickets = await ticket_figures(
            month, zone=zone, directory=directory, on_row=on_ticket, progress=progress
        )
        previous_tickets = await ticket_figures(month.previous(), zone=zone, directory=directory)
        obligations = await obligation_figures(
            month, zone=zone, directory=directory, on_row=on_obligation
        )
        previous_obligations = await obligation_figures(
            month.previous(), zone=zone, directory=directory
        )
        equipment = await inventory
    finally:
        if not inventory.done():
            inventory.cancel()
    return MonthlyFigures(
        month=month,
        generated_at=generated_at,
        zone=zone,
        directory=directory,
        tickets=tickets,
        previous_tickets=previous_tickets,
        sla_trend=await _sla_trend(month, zone, tickets, previous_tickets),
        obligations=obligations,
        previous_obligations=previous_obligations,
        inventory=equipment,
        hdr_actions=await hdr_action_rows(month),
        indicators=tuple(await indicator_values(month)),
        meetings=await meeting_rows(month, zone=zone, directory=directory),
    )


async def _sla_trend(
    month: Month, zone: ZoneInfo, tickets: TicketFigures, previous: TicketFigures
) -> tuple[SlaTrendPoint, ...]:
    """The last `TREND_MONTHS` months' compliance; the month and the one before are taken
    from their full figures rather than counted again."""
    known = {
        figures.month: (figures.total.first_response_sla, figures.total.resolution_sla)
        for figures in (tickets, previous)
    }
    months = [month.minus(back) for back in range(TREND_MONTHS - 1, -1, -1)]
    counted = await sla_shares_by_month([m for m in months if m not in known], zone=zone)
    return tuple(SlaTrendPoint(m, *(known.get(m) or counted[m])) for m in months)
