"""Naming the month of a summary: "YYYY-MM", the default month, the month's instants."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import ManualClock
from core.errors import InvalidInput
from core.export import Month, MonthFormatError, check_exportable, default_month
from tests.conftest import WARSAW, warsaw


def test_a_month_is_read_from_year_dash_month() -> None:
    assert Month.parse("2026-03") == Month(2026, 3)


@pytest.mark.parametrize(
    "text", ["marzec", "2026-3", "2026-13", "2026-00", "0000-05", "03-2026", "2026-03-01", ""]
)
def test_anything_else_is_refused_with_the_expected_form(text: str, now: ManualClock) -> None:
    with pytest.raises(MonthFormatError) as refused:
        Month.parse(text)

    assert refused.value.translated("en") == (
        f"Give the month as YYYY-MM, e.g. 2026-10; got “{text}”."
    )


def test_the_default_month_is_the_last_full_one_in_warsaw(now: ManualClock) -> None:
    now.set(warsaw(2026, 12, 1, 0, 30))  # still 30 November in UTC

    assert default_month() == Month(2026, 11)


def test_january_follows_december_and_precedes_february() -> None:
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2027, 1).previous() == Month(2026, 12)
    assert Month(2026, 11).minus(11) == Month(2025, 12)


def test_a_month_runs_from_local_midnight_to_local_midnight() -> None:
    start, end = Month(2026, 10).bounds(WARSAW)

    assert start == dt.datetime(2026, 9, 30, 22, 0, tzinfo=dt.UTC)  # summer time
    assert end == dt.datetime(2026, 10, 31, 23, 0, tzinfo=dt.UTC)  # winter time


def test_the_month_is_named_in_polish() -> None:
    assert Month(2026, 10).label() == "październik 2026"


def test_the_current_month_may_be_exported_but_not_the_next(now: ManualClock) -> None:
    check_exportable(Month(2026, 11))

    with pytest.raises(InvalidInput, match="2026-12 has not begun yet"):
        check_exportable(Month(2026, 12))
