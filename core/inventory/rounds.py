"""Inventory rounds: the coordinator opens one with a deadline, each director submits."""

from __future__ import annotations

import datetime as dt

from tortoise.transactions import in_transaction

from core import clock
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.models import (
    Channel,
    InventoryRound,
    InventoryRoundStatus,
    InventorySubmission,
    Obligation,
    ObligationKind,
    ObligationStatus,
    Role,
    School,
    User,
)
from core.obligations.policies import install_default_policy
from core.people.roles import is_active_coordinator


def _obligation_key(inventory_round: InventoryRound, school: School) -> str:
    return f"inventory:{inventory_round.id}:school-{school.code}"


NAME_LIMIT = 200
"""The width of the name column."""


async def open_inventory_round(
    *, name: str, deadline: dt.date, opened_by: User | None
) -> InventoryRound:
    """Opens a round and gives every active school's director an obligation due on
    `deadline`. `opened_by` is the coordinator, or None when hdr-desk itself opens it (seed
    data, the command line). Raises PermissionDenied for anyone else, InvalidInput for an
    empty or too long name or a deadline in the past."""
    _require_coordinator(opened_by)
    name = name.strip()
    if not name:
        raise InvalidInput("The inventory round needs a name")
    if len(name) > NAME_LIMIT:
        raise InvalidInput(
            "At most {max_length} characters allowed, got {length}",
            max_length=NAME_LIMIT,
            length=len(name),
        )
    today = clock.today()
    if deadline < today:
        raise InvalidInput("The deadline {deadline} is in the past", deadline=deadline)
    policy = await install_default_policy()
    async with in_transaction():
        inventory_round = await InventoryRound.create(
            name=name, deadline=deadline, opened_by=opened_by, opened_at=clock.now()
        )
        for school in await School.filter(is_active=True):
            await Obligation.create(
                source_key=_obligation_key(inventory_round, school),
                kind=ObligationKind.INVENTORY_ROUND,
                title=f"Arkusz inwentaryzacyjny: {name}",
                school=school,
                assignee_role=Role.DIRECTOR,
                due_date=deadline,
                inventory_round=inventory_round,
                policy=policy,
                created_at=clock.now(),
            )
    return inventory_round


async def submit_inventory(
    *,
    inventory_round: InventoryRound,
    school: School,
    submitted_by: User,
    channel: Channel,
    note: str = "",
) -> InventorySubmission:
    """Records the school's sheet as submitted and closes its obligation.

    Raises IllegalTransition when the round is closed or the school already submitted,
    DomainError when `submitted_by` is neither that school's director nor the coordinator.
    """
    if inventory_round.status is not InventoryRoundStatus.OPEN:
        raise IllegalTransition("The inventory round {name} is closed", name=inventory_round.name)
    if not _may_submit(submitted_by, school):
        raise PermissionDenied("Only the school's director can submit its inventory sheet")
    if await InventorySubmission.exists(round=inventory_round, school=school):
        raise IllegalTransition(
            "{school} has already submitted its sheet for this round", school=school.name
        )
    async with in_transaction():
        submission = await InventorySubmission.create(
            round=inventory_round,
            school=school,
            submitted_by=submitted_by,
            submitted_at=clock.now(),
            channel=channel,
            note=note.strip(),
        )
        # A school the coordinator released from the round (its obligation cancelled) may
        # still send its sheet; the obligation stays cancelled.
        await Obligation.filter(
            source_key=_obligation_key(inventory_round, school),
            status__not=ObligationStatus.CANCELLED,
        ).update(status=ObligationStatus.DONE, done_at=clock.now())
    return submission


def _may_submit(user: User, school: School) -> bool:
    if not user.is_active:
        return False
    if user.role is Role.COORDINATOR:
        return True
    return user.role is Role.DIRECTOR and user.school_id == school.id


async def close_inventory_round(inventory_round: InventoryRound, *, closed_by: User | None) -> None:
    """Closes the round; obligations of schools that never submitted are cancelled.
    Raises PermissionDenied unless `closed_by` is the coordinator (or None, hdr-desk
    itself), IllegalTransition when the round is closed already."""
    _require_coordinator(closed_by)
    async with in_transaction():
        current = await InventoryRound.select_for_update().get(id=inventory_round.id)
        if current.status is not InventoryRoundStatus.OPEN:
            raise IllegalTransition("The inventory round {name} is closed", name=current.name)
        current.status = InventoryRoundStatus.CLOSED
        current.closed_at = clock.now()
        await current.save(update_fields=["status", "closed_at"])
        await Obligation.filter(inventory_round=current, status__not=ObligationStatus.DONE).update(
            status=ObligationStatus.CANCELLED
        )
    inventory_round.status = current.status
    inventory_round.closed_at = current.closed_at


def _require_coordinator(actor: User | None) -> None:
    if actor is not None and not is_active_coordinator(actor):
        raise PermissionDenied("Only the coordinator opens and closes inventory rounds")
