"""Creating and changing school equipment; every change is kept in the asset's history.

Each change writes one `AssetChange` row, in the same transaction as the change, holding
`{field: [old, new]}` for the fields whose value actually changed (enums as their values,
the Bluetooth version as text such as "5.1"); a creation holds `[None, value]` for every
field given. A change that changes nothing writes nothing.

Who may change equipment: the coordinator, the IT specialist, or the director of the
equipment's school. `actor=None` is a change by hdr-desk itself (seed data, an import run by
the operator) and is not checked.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from tortoise.transactions import in_transaction

from core import clock
from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.inventory.field_checks import Validator, choice, flag, text, whole_number
from core.models import (
    Asset,
    AssetChange,
    AssetKind,
    AssetPurpose,
    AssetStatus,
    Channel,
    ExemptionReason,
    Role,
    School,
    StorageType,
    User,
)

FIRST_YEAR = 1990
REQUIRED_ON_CREATE = ("kind", "inventory_number")
_MAX_NOTE_LENGTH = 5000
_LOWEST_BLUETOOTH = Decimal("1.0")
_HIGHEST_BLUETOOTH = Decimal("9.9")
_ONE_DECIMAL_PLACE = Decimal("0.1")


def _year(field: str, value: object) -> object:
    """A production year from FIRST_YEAR to next year (a delivery may carry next year's date)."""
    this_year = clock.today().year
    return whole_number(FIRST_YEAR, this_year + 1)(field, value)


def _bluetooth_version(field: str, value: object) -> Decimal | None:
    """A version such as 5 or "5.1" (at most one decimal place), or None for "not recorded"."""
    if value is None:
        return None
    bad_version = InvalidInput(
        "Expected a version from {low} to {high} with at most one decimal place, got {value}",
        field=field,
        low=_LOWEST_BLUETOOTH,
        high=_HIGHEST_BLUETOOTH,
        value=value,
    )
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise bad_version
    try:
        version = Decimal(str(value).strip())
    except InvalidOperation:
        raise bad_version from None
    if (
        not version.is_finite()
        or not _LOWEST_BLUETOOTH <= version <= _HIGHEST_BLUETOOTH
        or version != version.quantize(_ONE_DECIMAL_PLACE)
    ):
        raise bad_version
    return version.quantize(_ONE_DECIMAL_PLACE)


_VALIDATORS: Mapping[str, Validator] = {
    "kind": choice(AssetKind),
    "inventory_number": text(64, required=True),
    "make": text(100),
    "model": text(100),
    "serial_number": text(100),
    "year": _year,
    "cpu": text(100),
    "crossmark_score": whole_number(1, 100_000),
    "procyon_score": whole_number(1, 100_000),
    "ram_gb": whole_number(1, 4096),
    "storage_gb": whole_number(1, 1_000_000),
    "storage_type": choice(StorageType, nullable=True),
    "ports": whole_number(0, 64),
    "wifi_generation": whole_number(1, 9),
    "bluetooth_version": _bluetooth_version,
    "has_camera": flag(nullable=True),
    "has_microphone": flag(nullable=True),
    "os": text(100),
    "room": text(100),
    "purpose": choice(AssetPurpose),
    "status": choice(AssetStatus),
    "has_internet": flag(nullable=False),
    "screen_inches": whole_number(1, 300),
    "funding_source": text(200),
    "exemption": choice(ExemptionReason, nullable=True),
    "note": text(_MAX_NOTE_LENGTH),
}

EDITABLE_FIELDS = frozenset(_VALIDATORS)


def _clean_fields(values: Mapping[str, object]) -> dict[str, Any]:
    """`values` checked and normalised; raises InvalidInput for the first field that is
    unknown or not editable, or whose value is not acceptable."""
    unknown = sorted(set(values) - EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput("Unknown asset field {field}", field=unknown[0])
    return {field: _VALIDATORS[field](field, value) for field, value in values.items()}


def may_change_equipment(actor: User | None, school_id: int) -> bool:
    """Whether `actor` may change the equipment of the school with `school_id`."""
    if actor is None or actor.role in (Role.COORDINATOR, Role.IT):
        return True
    return actor.role == Role.DIRECTOR and actor.school_id == school_id


def require_may_change_equipment(actor: User | None, school_id: int) -> None:
    """Raises PermissionDenied unless `may_change_equipment`."""
    if not may_change_equipment(actor, school_id):
        raise PermissionDenied("You may not change the equipment of this school")


async def _require_free_inventory_number(
    school_id: int, inventory_number: object, *, asset_id: int | None = None
) -> None:
    holders = Asset.filter(school_id=school_id, inventory_number=inventory_number)
    if asset_id is not None:
        holders = holders.exclude(id=asset_id)
    if await holders.exists():
        raise InvalidInput(
            "Inventory number {inventory_number} is already used in this school",
            field="inventory_number",
            inventory_number=inventory_number,
        )


def _json_value(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    return value


async def _record_change(
    asset: Asset,
    *,
    actor: User | None,
    channel: Channel,
    changes: Mapping[str, tuple[object, object]],
) -> None:
    await AssetChange.create(
        asset=asset,
        at=asset.updated_at,
        actor=actor,
        channel=channel,
        changes={
            field: [_json_value(old), _json_value(new)] for field, (old, new) in changes.items()
        },
    )


async def checked_new_asset_field(*, school: School, field: str, value: object) -> object:
    """`value` as `create_asset` would store it in `field` of a new asset of `school`, so a
    form that asks one field at a time can refuse a bad value as soon as it is given.
    Raises InvalidInput as `create_asset` would, for an inventory number the school already
    uses too."""
    cleaned = _clean_fields({field: value})[field]
    if field == "inventory_number":
        await _require_free_inventory_number(school.id, cleaned)
    return cleaned


async def create_asset(
    *, school: School, actor: User | None, channel: Channel, **fields: object
) -> Asset:
    """A new asset of `school` with `fields` (names from EDITABLE_FIELDS; `kind` and
    `inventory_number` are required), and its first history row.

    Raises DomainError when `actor` may not change the school's equipment, InvalidInput for
    an unknown field, a missing required field, a bad value, or an inventory number the
    school already uses. Nothing is written then.
    """
    require_may_change_equipment(actor, school.id)
    cleaned = _clean_fields(fields)
    for field in REQUIRED_ON_CREATE:
        if field not in cleaned:
            raise InvalidInput("This field is required", field=field)
    async with in_transaction():
        await _require_free_inventory_number(school.id, cleaned["inventory_number"])
        moment = clock.now()
        asset = await Asset.create(
            school=school,
            public_id=secrets.token_urlsafe(12),
            created_at=moment,
            updated_at=moment,
            **cleaned,
        )
        await _record_change(
            asset,
            actor=actor,
            channel=channel,
            changes={field: (None, value) for field, value in cleaned.items()},
        )
    return asset


async def update_asset(
    asset: Asset, *, actor: User | None, channel: Channel, changes: Mapping[str, object]
) -> Asset:
    """Applies `changes` (names from EDITABLE_FIELDS) to the stored asset and returns it as
    stored; `asset` itself is not modified. Fields given with their current value are not
    changes: when none differs, nothing is written (not even `updated_at`).

    Raises DomainError when `actor` may not change the asset's school's equipment,
    InvalidInput for an unknown field, a bad value, or an inventory number another asset of
    the school uses. Nothing is written then.
    """
    require_may_change_equipment(actor, asset.school_id)
    cleaned = _clean_fields(changes)
    async with in_transaction():
        stored = await Asset.select_for_update().get(id=asset.id)
        difference = {
            field: (getattr(stored, field), value)
            for field, value in cleaned.items()
            if getattr(stored, field) != value
        }
        if not difference:
            return stored
        if "inventory_number" in difference:
            await _require_free_inventory_number(
                stored.school_id, cleaned["inventory_number"], asset_id=stored.id
            )
        for field, (_, new) in difference.items():
            setattr(stored, field, new)
        stored.updated_at = clock.now()
        await stored.save(update_fields=[*difference, "updated_at"])
        await _record_change(stored, actor=actor, channel=channel, changes=difference)
    return stored


async def decommission_asset(asset: Asset, *, actor: User | None, channel: Channel) -> Asset:
    """Takes the asset out of use for good: a change of its status to decommissioned, kept
    in its history like any other. Raises IllegalTransition when it already is, and what
    `update_asset` raises."""
    require_may_change_equipment(actor, asset.school_id)
    current = await Asset.get(id=asset.id)
    if current.status == AssetStatus.DECOMMISSIONED:
        raise IllegalTransition("This equipment is already decommissioned")
    return await update_asset(
        current, actor=actor, channel=channel, changes={"status": AssetStatus.DECOMMISSIONED}
    )


async def asset_history(asset: Asset) -> list[AssetChange]:
    """The asset's changes, oldest first, each with its actor loaded (None for a change by
    hdr-desk itself or by a user since deleted)."""
    return (
        await AssetChange.filter(asset_id=asset.id).order_by("at", "id").prefetch_related("actor")
    )
