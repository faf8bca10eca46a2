"""Specification of the HDR indicators: values counted from the data or entered by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from core.clock import ManualClock
from core.errors import DomainError, InvalidInput
from core.hdr.indicators import IndicatorValue, compute_indicators, set_manual_indicator_value
from core.models import (
    Channel,
    Indicator,
    IndicatorSource,
    InventoryRound,
    InventorySubmission,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Role,
    School,
)
from tests.conftest import warsaw
from tests.factories import make_school, make_user

TODAY = dt.date(2026, 11, 17)


async def make_indicator(source: IndicatorSource, **fields: Any) -> Indicator:
    defaults: dict[str, Any] = {"code": source.value, "name": source.value, "target": 7}
    return await Indicator.create(source=source, **(defaults | fields))


async def make_meeting(kind: MeetingKind, status: MeetingStatus) -> Meeting:
    moment = warsaw(2026, 10, 13, 10, 0)
    return await Meeting.create(
        kind=kind, title="Spotkanie", starts_at=moment, status=status, created_at=moment
    )


async def make_submission(inventory_round: InventoryRound, school: School) -> None:
    await InventorySubmission.create(
        round=inventory_round,
        school=school,
        submitted_at=warsaw(2026, 10, 20, 12, 0),
        channel=Channel.WEB,
    )


async def make_round(name: str) -> InventoryRound:
    return await InventoryRound.create(
        name=name, opened_at=warsaw(2026, 10, 1, 9, 0), deadline=dt.date(2026, 10, 31)
    )


async def value_of(code: str, *, today: dt.date | None = TODAY) -> IndicatorValue:
    return next(
        value for value in await compute_indicators(today=today) if value.indicator.code == code
    )


async def test_held_meetings_of_the_indicators_kind_are_counted(
    database: str, now: ManualClock
) -> None:
    await make_indicator(IndicatorSource.MEETINGS_DIRECTORS, target=23)
    for status in (MeetingStatus.HELD, MeetingStatus.HELD, MeetingStatus.PLANNED):
        await make_meeting(MeetingKind.DIRECTORS, status)
    await make_meeting(MeetingKind.DIRECTORS, MeetingStatus.AGENDA_PUBLISHED)
    await make_meeting(MeetingKind.DIRECTORS, MeetingStatus.CANCELLED)
    await make_meeting(MeetingKind.PROJECT_TEAM, MeetingStatus.HELD)

    value = await value_of("meetings:directors")

    assert value.value == 2
    assert value.is_computed


async def test_a_school_that_submitted_in_two_rounds_is_counted_once(
    database: str, now: ManualClock
) -> None:
    await make_indicator(IndicatorSource.INVENTORY_SUBMITTED_SCHOOLS)
    both_rounds, one_round = await make_school(), await make_school()
    await make_school()
    autumn, spring = await make_round("Jesień 2026"), await make_round("Wiosna 2026")
    await make_submission(autumn, both_rounds)
    await make_submission(spring, both_rounds)
    await make_submission(spring, one_round)

    assert (await value_of("inventory:submitted_schools")).value == 2


async def test_schools_with_shared_it_count_from_the_day_the_service_started(
    database: str, now: ManualClock
) -> None:
    await make_indicator(IndicatorSource.SCHOOLS_SHARED_IT)
    await make_school(shared_it_since=dt.date(2025, 9, 1))
    await make_school(shared_it_since=TODAY)
    await make_school(shared_it_since=TODAY + dt.timedelta(days=1))
    await make_school(shared_it_since=None)
    await make_school(shared_it_since=dt.date(2025, 9, 1), is_active=False)

    assert (await value_of("schools:shared_it")).value == 2


async def test_schools_with_the_electronic_sheet_count_from_its_start(
    database: str, now: ManualClock
) -> None:
    await make_indicator(IndicatorSource.SCHOOLS_E_SHEET)
    await make_school(e_sheet_since=dt.date(2026, 3, 1))
    await make_school(e_sheet_since=dt.date(2027, 3, 1), shared_it_since=dt.date(2025, 9, 1))

    assert (await value_of("schools:e_sheet")).value == 1


async def test_today_is_by_default_the_date_in_the_deployments_time_zone(
    database: str, now: ManualClock
) -> None:
    await make_indicator(IndicatorSource.SCHOOLS_SHARED_IT)
    await make_school(shared_it_since=dt.date(2026, 11, 17))
    now.set(warsaw(2026, 11, 17, 0, 30))  # still 16 November in UTC

    assert (await value_of("schools:shared_it", today=None)).value == 1


async def test_a_manual_indicator_shows_its_entered_value(database: str, now: ManualClock) -> None:
    await make_indicator(IndicatorSource.MANUAL, code="trained_teachers", manual_value=40)

    value = await value_of("trained_teachers")

    assert value.value == 40
    assert not value.is_computed


async def test_a_manual_indicator_without_a_value_stays_not_entered(
    database: str, now: ManualClock
) -> None:
    await make_indicator(IndicatorSource.MANUAL, code="trained_teachers")

    value = await value_of("trained_teachers")

    assert (value.value, value.ratio, value.percent_of_target) == (None, None, None)


def test_the_percent_of_target_is_rounded_down() -> None:
    value = IndicatorValue(Indicator(target=23), value=22, is_computed=True)

    assert value.percent_of_target == 95


def test_the_percent_of_target_is_capped_at_100_but_the_ratio_is_not() -> None:
    value = IndicatorValue(Indicator(target=23), value=30, is_computed=True)

    assert value.percent_of_target == 100
    assert value.ratio == Fraction(30, 23)
    assert value.target == 23


async def test_indicators_come_in_their_display_order(database: str, now: ManualClock) -> None:
    await make_indicator(IndicatorSource.MANUAL, code="b", sort_order=2)
    await make_indicator(IndicatorSource.MEETINGS_DEBATE, code="c", sort_order=1)
    await make_indicator(IndicatorSource.MANUAL, code="a", sort_order=2)

    values = await compute_indicators(today=TODAY)

    assert [value.indicator.code for value in values] == ["c", "a", "b"]


async def test_the_coordinator_enters_a_manual_value(database: str) -> None:
    indicator = await make_indicator(IndicatorSource.MANUAL, code="trained_teachers")
    coordinator = await make_user(role=Role.COORDINATOR)

    await set_manual_indicator_value(indicator=indicator, value=12, actor=coordinator)

    assert (await Indicator.get(id=indicator.id)).manual_value == 12


async def test_the_coordinator_can_clear_a_manual_value(database: str) -> None:
    indicator = await make_indicator(IndicatorSource.MANUAL, code="t", manual_value=5)
    coordinator = await make_user(role=Role.COORDINATOR)

    await set_manual_indicator_value(indicator=indicator, value=None, actor=coordinator)

    assert (await Indicator.get(id=indicator.id)).manual_value is None


async def test_a_negative_manual_value_is_refused(database: str) -> None:
    indicator = await make_indicator(IndicatorSource.MANUAL, code="t", manual_value=5)
    coordinator = await make_user(role=Role.COORDINATOR)

    with pytest.raises(InvalidInput):
        await set_manual_indicator_value(indicator=indicator, value=-1, actor=coordinator)

    assert (await Indicator.get(id=indicator.id)).manual_value == 5


async def test_a_computed_indicator_cannot_be_entered_by_hand(database: str) -> None:
    indicator = await make_indicator(IndicatorSource.MEETINGS_DIRECTORS)
    coordinator = await make_user(role=Role.COORDINATOR)

    with pytest.raises(InvalidInput) as error:
        await set_manual_indicator_value(indicator=indicator, value=3, actor=coordinator)

    assert error.value.translated() == (
        "Wartość wskaźnika meetings:directors jest liczona z danych i nie można jej wpisać ręcznie"
    )
    assert (await Indicator.get(id=indicator.id)).manual_value is None


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR, Role.IT])
async def test_only_the_coordinator_enters_manual_values(database: str, role: Role) -> None:
    indicator = await make_indicator(IndicatorSource.MANUAL, code="t", manual_value=5)

    with pytest.raises(DomainError) as error:
        await set_manual_indicator_value(
            indicator=indicator, value=6, actor=await make_user(role=role)
        )

    assert error.value.translated() == "Tylko koordynator może wprowadzać wartości wskaźników"
    assert (await Indicator.get(id=indicator.id)).manual_value == 5
