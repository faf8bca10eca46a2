"""The HDR's monitoring indicators against their targets.

An indicator's value is counted from the data where the data exists (`Indicator.source`):

- `meetings:<kind>`: meetings of that kind that were held;
- `inventory:submitted_schools`: schools that submitted an inventory sheet in any round;
- `schools:e_sheet`, `schools:shared_it`: active schools whose electronic organisation sheet,
  or shared IT service, started on or before today;

and entered by hand by the coordinator otherwise (`manual`), where no value means "not
entered yet", which is not the same as zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from core import clock
from core.errors import InvalidInput, PermissionDenied
from core.models import (
    Indicator,
    IndicatorSource,
    InventorySubmission,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Role,
    School,
    User,
)

MAX_MANUAL_VALUE = 1_000_000

_MEETING_KINDS: dict[IndicatorSource, MeetingKind] = {
    IndicatorSource.MEETINGS_PROJECT_TEAM: MeetingKind.PROJECT_TEAM,
    IndicatorSource.MEETINGS_TRAINING: MeetingKind.TRAINING,
    IndicatorSource.MEETINGS_DEBATE: MeetingKind.DEBATE,
    IndicatorSource.MEETINGS_DIRECTORS: MeetingKind.DIRECTORS,
    IndicatorSource.MEETINGS_CONFERENCE: MeetingKind.CONFERENCE,
}


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    value: int | None
    """None only for a manual indicator whose value has not been entered."""
    is_computed: bool
    """Counted from the data rather than entered by hand."""

    @property
    def target(self) -> int:
        return self.indicator.target

    @property
    def ratio(self) -> Fraction | None:
        """Value over target, uncapped (above 1 when the target is exceeded); None without a
        value or a positive target."""
        if self.value is None or self.target <= 0:
            return None
        return Fraction(self.value, self.target)

    @property
    def percent_of_target(self) -> int | None:
        """The ratio in whole percent for display: rounded down, so 100 means reached, and
        capped at 100."""
        ratio = self.ratio
        return None if ratio is None else min(100, math.floor(ratio * 100))


async def compute_indicators(*, today: date | None = None) -> list[IndicatorValue]:
    """Every indicator in display order with its value. `today` (by default today in the
    deployment's time zone) decides which schools' start dates have come."""
    day = today or clock.today()
    indicators = await Indicator.all().order_by("sort_order", "code")
    counted = {
        source: await _count(source, day)
        for source in {indicator.source for indicator in indicators}
        if source != IndicatorSource.MANUAL
    }
    return [
        IndicatorValue(indicator=indicator, value=counted[indicator.source], is_computed=True)
        if indicator.source in counted
        else IndicatorValue(indicator=indicator, value=indicator.manual_value, is_computed=False)
        for indicator in indicators
    ]


async def _count(source: IndicatorSource, today: date) -> int:
    if source in _MEETING_KINDS:
        return await Meeting.filter(kind=_MEETING_KINDS[source], status=MeetingStatus.HELD).count()
    if source == IndicatorSource.INVENTORY_SUBMITTED_SCHOOLS:
        schools = await InventorySubmission.all().distinct().values_list("school_id", flat=True)
        return len(schools)
    if source == IndicatorSource.SCHOOLS_E_SHEET:
        return await School.filter(is_active=True, e_sheet_since__lte=today).count()
    if source == IndicatorSource.SCHOOLS_SHARED_IT:
        return await School.filter(is_active=True, shared_it_since__lte=today).count()
    raise ValueError(f"Indicator source {source!r} is not counted from the data")


async def set_manual_indicator_value(
    *, indicator: Indicator, value: int | None, actor: User
) -> Indicator:
    """Enters (or, with None, clears) the value of a manual indicator and returns it.

    Raises DomainError when `actor` is not the coordinator, InvalidInput when the indicator
    is counted from the data or `value` is not a whole number from 0 to MAX_MANUAL_VALUE.
    Nothing is written then.
    """
    if actor.role != Role.COORDINATOR:
        raise PermissionDenied("Only the coordinator may enter indicator values")
    if indicator.source != IndicatorSource.MANUAL:
        raise InvalidInput(
            "Indicator {code} is counted from the data and cannot be entered by hand",
            code=indicator.code,
        )
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MANUAL_VALUE
    ):
        raise InvalidInput(
            "Expected a whole number from {low} to {high}, got {value}",
            field="value",
            low=0,
            high=MAX_MANUAL_VALUE,
            value=value,
        )
    indicator.manual_value = value
    await indicator.save(update_fields=["manual_value"])
    return indicator
