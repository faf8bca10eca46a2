"""The coordinator's SLA targets: a change is used for tickets reported afterwards, open
tickets keep their due times, and bad targets are refused with nothing written."""

from __future__ import annotations

import pytest

from core import clock
from core.errors import InvalidInput
from core.models import Priority, SlaPolicy, Ticket
from core.tickets.defaults import install_categories_and_sla_policies
from core.tickets.sla_policies import (
    MOST_MINUTES,
    change_sla_policy,
    minutes_of,
    sla_policy_errors,
    sla_policy_rows,
    typed_percent,
)
from tests.conftest import warsaw
from tests.core.tickets.conftest import Report


async def _policies() -> list[tuple[str, int, int, int]]:
    return [
        (p.priority.value, p.first_response_minutes, p.resolution_minutes, p.near_breach_percent)
        for p in await SlaPolicy.all().order_by("priority")
    ]


async def test_a_changed_policy_gives_a_new_ticket_its_due_times(
    report: Report, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 11, 17, 10, 0))

    await change_sla_policy(
        Priority.HIGH, first_response_minutes=30, resolution_minutes=9 * 60, near_breach_percent=50
    )
    ticket = await Ticket.get(id=(await report(priority=Priority.HIGH)).id)

    assert ticket.first_response_due_at == warsaw(2026, 11, 17, 10, 30)
    assert ticket.resolution_due_at == warsaw(2026, 11, 18, 11, 0)


async def test_an_open_ticket_keeps_the_due_times_it_was_given(
    report: Report, now: clock.ManualClock
) -> None:
    ticket = await report(priority=Priority.HIGH)

    await change_sla_policy(
        Priority.HIGH, first_response_minutes=30, resolution_minutes=60, near_breach_percent=80
    )

    stored = await Ticket.get(id=ticket.id)
    assert (stored.first_response_due_at, stored.resolution_due_at) == (
        ticket.first_response_due_at,
        ticket.resolution_due_at,
    )


async def test_a_priority_without_a_policy_gets_one(database: str) -> None:
    await change_sla_policy(
        Priority.LOW, first_response_minutes=480, resolution_minutes=4800, near_breach_percent=90
    )

    assert await _policies() == [("low", 480, 4800, 90)]


async def test_the_table_shows_every_priority_from_the_most_urgent(database: str) -> None:
    await install_categories_and_sla_policies()
    await change_sla_policy(
        Priority.NORMAL, first_response_minutes=60, resolution_minutes=120, near_breach_percent=70
    )

    rows = await sla_policy_rows()

    assert [row.priority for row in rows] == [
        Priority.CRITICAL,
        Priority.HIGH,
        Priority.NORMAL,
        Priority.LOW,
    ]
    assert rows[2].targets.near_breach_percent == 70
    assert not any(row.is_default for row in rows)


@pytest.mark.parametrize(
    ("first_response", "resolution", "percent", "field"),
    [
        (0, 60, 80, "first_response_minutes"),
        (-30, 60, 80, "first_response_minutes"),
        (30, 0, 80, "resolution_minutes"),
        (30, MOST_MINUTES + 1, 80, "resolution_minutes"),
        (120, 60, 80, "resolution_minutes"),
        (30, 60, 0, "near_breach_percent"),
        (30, 60, 100, "near_breach_percent"),
    ],
)
async def test_bad_targets_are_refused_naming_the_field_and_nothing_is_written(
    database: str, first_response: int, resolution: int, percent: int, field: str
) -> None:
    await install_categories_and_sla_policies()
    before = await _policies()

    with pytest.raises(InvalidInput) as refused:
        await change_sla_policy(
            Priority.NORMAL,
            first_response_minutes=first_response,
            resolution_minutes=resolution,
            near_breach_percent=percent,
        )

    assert refused.value.params["field"] == field
    assert await _policies() == before


def test_every_bad_target_is_named_at_once() -> None:
    errors = sla_policy_errors(
        first_response_minutes=0, resolution_minutes=0, near_breach_percent=100
    )

    assert [error.params["field"] for error in errors] == [
        "first_response_minutes",
        "resolution_minutes",
        "near_breach_percent",
    ]


def test_a_first_response_equal_to_the_resolution_is_allowed() -> None:
    assert (
        sla_policy_errors(first_response_minutes=60, resolution_minutes=60, near_breach_percent=1)
        == []
    )


@pytest.mark.parametrize(
    ("hours", "minutes", "expected"),
    [("4", "30", 270), (" 8 ", "", 480), ("", "45", 45), ("999", "59", 999 * 60 + 59)],
)
def test_working_time_is_typed_as_hours_and_minutes(
    hours: str, minutes: str, expected: int
) -> None:
    assert minutes_of("resolution_minutes", hours=hours, minutes=minutes) == expected


@pytest.mark.parametrize(
    ("hours", "minutes"), [("four", "0"), ("-1", "0"), ("1.5", "0"), ("1000", "0"), ("1", "60")]
)
def test_working_time_that_is_not_whole_hours_and_minutes_is_refused(
    hours: str, minutes: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        minutes_of("resolution_minutes", hours=hours, minutes=minutes)

    assert refused.value.params["field"] == "resolution_minutes"


@pytest.mark.parametrize("typed", ["", "0", "100", "80%", "eighty", "-5"])
def test_a_near_breach_percentage_outside_1_to_99_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        typed_percent(typed)

    assert refused.value.params["field"] == "near_breach_percent"


def test_a_near_breach_percentage_is_read_as_typed() -> None:
    assert typed_percent(" 75 ") == 75
