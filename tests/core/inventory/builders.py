"""Builders of inventory test data: stored assets, and specifications around the 2024 rule."""

from __future__ import annotations

import itertools
import secrets
from decimal import Decimal
from typing import Any

from core import clock
from core.inventory.profiles import RequirementProfileSeed
from core.models import (
    Asset,
    AssetKind,
    AssetPurpose,
    RequirementRule,
    School,
    StorageType,
)

_inventory_numbers = itertools.count(1)

MEETS_2024_PUPIL_RULE: dict[str, Any] = {
    "crossmark_score": 1200,
    "procyon_score": None,
    "ram_gb": 16,
    "storage_gb": 512,
    "storage_type": StorageType.SSD,
    "ports": 3,
    "wifi_generation": 6,
    "bluetooth_version": Decimal("5.0"),
    "has_camera": True,
    "has_microphone": True,
}
"""Every specification exactly at the 2024 pupil computer's minimum."""

FAILS_2024_PUPIL_RULE = MEETS_2024_PUPIL_RULE | {"ram_gb": 8}


def shipped_rule(
    profile: RequirementProfileSeed, kind: AssetKind, purpose: AssetPurpose
) -> RequirementRule:
    """The shipped rule of `profile` for `kind` and `purpose`, as an unsaved model."""
    seed = next(
        rule for rule in profile.rules if (rule.asset_kind, rule.purpose) == (kind, purpose)
    )
    return RequirementRule(asset_kind=kind, purpose=purpose, **seed.thresholds())


async def make_asset(school: School, **fields: Any) -> Asset:
    """A stored asset written directly, without the service or its history; a pupil desktop
    unless told otherwise."""
    moment = clock.now()
    defaults: dict[str, Any] = {
        "kind": AssetKind.DESKTOP,
        "inventory_number": f"INV/{next(_inventory_numbers)}",
        "public_id": secrets.token_urlsafe(12),
        "created_at": moment,
        "updated_at": moment,
    }
    return await Asset.create(school=school, **(defaults | fields))


async def make_assets(count: int, school: School, **fields: Any) -> None:
    for _ in range(count):
        await make_asset(school, **fields)
