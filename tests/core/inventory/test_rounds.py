"""Inventory rounds: an obligation per school, closed by that school's submission."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import DomainError, IllegalTransition, InvalidInput, PermissionDenied
from core.inventory.rounds import close_inventory_round, open_inventory_round, submit_inventory
from core.models import (
    Channel,
    InventoryRound,
    InventoryRoundStatus,
    InventorySubmission,
    Obligation,
    ObligationStatus,
    Role,
)
from tests.factories import make_school, make_user

DEADLINE = dt.date(2026, 11, 30)


async def test_opening_a_round_gives_each_active_school_an_obligation(database, now) -> None:
    first, second = await make_school(), await make_school()
    await make_school(is_active=False)

    inventory_round = await open_inventory_round(
        name="Jesień 2026", deadline=DEADLINE, opened_by=None
    )

    obligations = await Obligation.filter(inventory_round=inventory_round)
    assert {(o.school_id, o.due_date, o.assignee_role) for o in obligations} == {
        (first.id, DEADLINE, Role.DIRECTOR),
        (second.id, DEADLINE, Role.DIRECTOR),
    }


async def test_a_deadline_in_the_past_is_refused(database, now) -> None:
    await make_school()

    with pytest.raises(InvalidInput) as refused:
        await open_inventory_round(name="Stara", deadline=dt.date(2026, 11, 16), opened_by=None)

    assert refused.value.translated() == "Termin 2026-11-16 już minął."
    assert not await Obligation.exists()


async def test_submission_closes_only_that_schools_obligation(database, now) -> None:
    school, other = await make_school(), await make_school()
    director = await make_user(role=Role.DIRECTOR, school=school)
    inventory_round = await open_inventory_round(name="R", deadline=DEADLINE, opened_by=None)

    await submit_inventory(
        inventory_round=inventory_round, school=school, submitted_by=director, channel=Channel.WEB
    )

    statuses = {
        o.school_id: o.status for o in await Obligation.filter(inventory_round=inventory_round)
    }
    assert statuses == {school.id: ObligationStatus.DONE, other.id: ObligationStatus.OPEN}


async def test_a_second_submission_is_refused(database, now) -> None:
    school = await make_school()
    director = await make_user(role=Role.DIRECTOR, school=school)
    inventory_round = await open_inventory_round(name="R", deadline=DEADLINE, opened_by=None)
    await submit_inventory(
        inventory_round=inventory_round, school=school, submitted_by=director, channel=Channel.WEB
    )

    with pytest.raises(IllegalTransition):
        await submit_inventory(
            inventory_round=inventory_round,
            school=school,
            submitted_by=director,
            channel=Channel.TELEGRAM,
        )

    assert await InventorySubmission.all().count() == 1


async def test_a_director_of_another_school_cannot_submit(database, now) -> None:
    school, other = await make_school(), await make_school()
    stranger = await make_user(role=Role.DIRECTOR, school=other)
    inventory_round = await open_inventory_round(name="R", deadline=DEADLINE, opened_by=None)

    with pytest.raises(DomainError):
        await submit_inventory(
            inventory_round=inventory_round,
            school=school,
            submitted_by=stranger,
            channel=Channel.WEB,
        )

    assert not await InventorySubmission.exists()


async def test_closing_cancels_what_was_never_submitted(database, now) -> None:
    school, late = await make_school(), await make_school()
    director = await make_user(role=Role.DIRECTOR, school=school)
    inventory_round = await open_inventory_round(name="R", deadline=DEADLINE, opened_by=None)
    await submit_inventory(
        inventory_round=inventory_round, school=school, submitted_by=director, channel=Channel.WEB
    )

    await close_inventory_round(inventory_round, closed_by=None)

    late_obligation = await Obligation.get(inventory_round=inventory_round, school=late)
    assert late_obligation.status is ObligationStatus.CANCELLED
    with pytest.raises(IllegalTransition):
        await submit_inventory(
            inventory_round=inventory_round, school=late, submitted_by=director, channel=Channel.WEB
        )


async def test_a_closed_round_cannot_be_closed_again(database, now) -> None:
    inventory_round = await open_inventory_round(name="R", deadline=DEADLINE, opened_by=None)
    await close_inventory_round(inventory_round, closed_by=None)
    closed_at = (await InventoryRound.get(id=inventory_round.id)).closed_at

    with pytest.raises(IllegalTransition):
        await close_inventory_round(inventory_round, closed_by=None)

    assert (await InventoryRound.get(id=inventory_round.id)).closed_at == closed_at


async def test_a_name_longer_than_the_column_is_refused(database, now) -> None:
    with pytest.raises(InvalidInput):
        await open_inventory_round(name="R" * 201, deadline=DEADLINE, opened_by=None)

    assert not await InventoryRound.exists()


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.IT])
async def test_only_the_coordinator_opens_and_closes_rounds(database, now, role: Role) -> None:
    school = await make_school()
    actor = await make_user(role=role, school=school if role is Role.DIRECTOR else None)
    inventory_round = await open_inventory_round(name="R", deadline=DEADLINE, opened_by=None)

    with pytest.raises(PermissionDenied):
        await open_inventory_round(name="Nowa", deadline=DEADLINE, opened_by=actor)
    with pytest.raises(PermissionDenied):
        await close_inventory_round(inventory_round, closed_by=actor)

    assert await InventoryRound.all().count() == 1
    assert (await InventoryRound.get(id=inventory_round.id)).status is InventoryRoundStatus.OPEN


async def test_a_school_released_from_the_round_may_still_submit_and_stays_released(
    database, now
) -> None:
    school = await make_school()
    director = await make_user(role=Role.DIRECTOR, school=school)
    inventory_round = await open_inventory_round(name="R", deadline=DEADLINE, opened_by=None)
    await Obligation.filter(inventory_round=inventory_round).update(
        status=ObligationStatus.CANCELLED
    )

    await submit_inventory(
        inventory_round=inventory_round, school=school, submitted_by=director, channel=Channel.WEB
    )

    assert await InventorySubmission.exists(round=inventory_round, school=school)
    obligation = await Obligation.get(inventory_round=inventory_round)
    assert obligation.status is ObligationStatus.CANCELLED
