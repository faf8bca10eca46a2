"""The ticket figures of a month for the gmina, one school or one category (`TicketKpis`),
and the running tally they are computed from.

A month's pass keeps one `Tally` per (school, category) that had a ticket; a school's, a
category's and the gmina's figures are those tallies put together, so each ticket is
counted once however many tables show it.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.export.stats import Share, mean, median, percentile_90


@dataclass(frozen=True)
class TicketKpis:
    """The ticket figures of a month for the gmina, one school or one category."""

    opened: int
    resolved: int
    open_at_end: int
    first_response_median_hours: float | None
    first_response_p90_hours: float | None
    resolution_median_hours: float | None
    resolution_p90_hours: float | None
    first_response_sla: Share
    resolution_sla: Share
    rating_count: int
    rating_average: float | None


@dataclass
class Tally:
    """What a month counted of some tickets: how many were opened, the business hours of
    the first responses and resolutions made in it, how many kept their target, the
    ratings of the resolved ones."""

    opened: int = 0
    first_response_hours: array[float] = field(default_factory=lambda: array("d"))
    first_responses_met: int = 0
    resolution_hours: array[float] = field(default_factory=lambda: array("d"))
    resolutions_met: int = 0
    rating_total: int = 0
    rating_count: int = 0

    def add_first_response(self, hours: float, *, met: bool) -> None:
        self.first_response_hours.append(hours)
        self.first_responses_met += met

    def add_resolution(self, hours: float, *, met: bool, rating: int | None) -> None:
        self.resolution_hours.append(hours)
        self.resolutions_met += met
        if rating is not None:
            self.rating_total += rating
            self.rating_count += 1

    @classmethod
    def combined(cls, tallies: Iterable[Tally]) -> Tally:
        """One tally counting everything `tallies` counted."""
        whole = cls()
        for tally in tallies:
            whole.opened += tally.opened
            whole.first_response_hours.extend(tally.first_response_hours)
            whole.first_responses_met += tally.first_responses_met
            whole.resolution_hours.extend(tally.resolution_hours)
            whole.resolutions_met += tally.resolutions_met
            whole.rating_total += tally.rating_total
            whole.rating_count += tally.rating_count
        return whole

    def kpis(self, open_at_end: int) -> TicketKpis:
        responses, resolutions = self.first_response_hours, self.resolution_hours
        return TicketKpis(
            opened=self.opened,
            resolved=len(resolutions),
            open_at_end=open_at_end,
            first_response_median_hours=median(responses),
            first_response_p90_hours=percentile_90(responses),
            resolution_median_hours=median(resolutions),
            resolution_p90_hours=percentile_90(resolutions),
            first_response_sla=Share(self.first_responses_met, len(responses)),
            resolution_sla=Share(self.resolutions_met, len(resolutions)),
            rating_count=self.rating_count,
            rating_average=mean(self.rating_total, self.rating_count),
        )


def no_tickets() -> TicketKpis:
    """The figures of a school or category without a ticket in the month."""
    return Tally().kpis(open_at_end=0)
