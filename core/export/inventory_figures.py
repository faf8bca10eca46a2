"""The equipment of each active school by kind, and how much of it meets the configured
requirement profile: the diagnosis's "83% of desktops and 72% of laptops do not meet the
requirements", recomputed from the inventory as it is recorded when the summary is made
(the inventory keeps no month-end snapshots).

The verdicts are `core.inventory.requirements`'s own (`evaluate_asset`, `rule_for`, the same
kinds and counted statuses as `compliance_summary`), so the workbook agrees with what the
application shows. Assets are read in chunks by ascending id, never all at once, as plain
values; since a verdict depends on nothing but the specification the rules read, and a
gmina buys computers by the batch, each distinct specification is judged once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from core.export.directory import Directory
from core.inventory.requirements import (
    COMPLIANCE_KINDS,
    COUNTED_STATUSES,
    KindCompliance,
    Verdict,
    evaluate_asset,
    rule_for,
)
from core.models import Asset, AssetKind, AssetStatus, RequirementProfile, RequirementRule

CHUNK_SIZE: Final = 2000
_JUDGED_FIELDS: Final = (
    "kind",
    "purpose",
    "exemption",
    "crossmark_score",
    "procyon_score",
    "ram_gb",
    "storage_gb",
    "storage_type",
    "ports",
    "wifi_generation",
    "bluetooth_version",
    "has_camera",
    "has_microphone",
)
"""What `evaluate_asset` and `rule_for` read of an asset; the rest is not loaded."""

_Specification = tuple[Any, ...]
"""An asset's values of `_JUDGED_FIELDS`, in that order."""


@dataclass(frozen=True)
class SchoolEquipment:
    """One school's equipment (`school_id` None: every active school together)."""

    school_id: int | None
    by_kind: Mapping[AssetKind, int]
    """Equipment the school has, decommissioned excluded, per kind (zero kinds included)."""
    compliance: Mapping[AssetKind, KindCompliance]
    """Verdicts per kind of `COMPLIANCE_KINDS`."""


@dataclass(frozen=True)
class InventoryFigures:
    profile_code: str
    profile_installed: bool
    """False when the configured profile is not in the database: no computer is assessed."""
    schools: tuple[SchoolEquipment, ...]
    """Every active school, in name order."""
    total: SchoolEquipment


async def inventory_figures(*, profile_code: str, directory: Directory) -> InventoryFigures:
    profile = await RequirementProfile.get_or_none(code=profile_code)
    rules = await RequirementRule.filter(profile=profile) if profile is not None else []
    school_ids = directory.active_school_ids()
    kinds: dict[int, Counter[AssetKind]] = {school_id: Counter() for school_id in school_ids}
    judged: Counter[tuple[int, _Specification]] = Counter()
    last_id = 0
    while rows := (
        await Asset.filter(school_id__in=school_ids, id__gt=last_id)
        .order_by("id")
        .limit(CHUNK_SIZE)
        .values_list("id", "school_id", "status", *_JUDGED_FIELDS)
    ):
        for _, school_id, status, *specification in rows:
            kind = specification[0]
            if status != AssetStatus.DECOMMISSIONED:
                kinds[school_id][kind] += 1
            if kind in COMPLIANCE_KINDS and status in COUNTED_STATUSES:
                judged[school_id, tuple(specification)] += 1
        last_id = rows[-1][0]
    verdicts = _verdicts(judged, rules)
    schools = tuple(
        _equipment(school_id, kinds[school_id], verdicts, (school_id,)) for school_id in school_ids
    )
    return InventoryFigures(
        profile_code=profile_code,
        profile_installed=profile is not None,
        schools=schools,
        total=_equipment(None, sum(kinds.values(), Counter()), verdicts, school_ids),
    )


def _verdicts(
    judged: Counter[tuple[int, _Specification]], rules: list[RequirementRule]
) -> dict[tuple[int, AssetKind], Counter[Verdict]]:
    """The verdicts per (school id, kind) on the computers counted in `judged` (how many a
    school has of each specification), each specification judged once."""
    verdict_of: dict[_Specification, Verdict] = {}
    verdicts: dict[tuple[int, AssetKind], Counter[Verdict]] = {}
    for (school_id, specification), count in judged.items():
        if specification not in verdict_of:
            asset = Asset(**dict(zip(_JUDGED_FIELDS, specification, strict=True)))
            verdict_of[specification] = evaluate_asset(asset, rule_for(asset, rules)).verdict
        kind = specification[0]
        verdicts.setdefault((school_id, kind), Counter())[verdict_of[specification]] += count
    return verdicts


def _equipment(
    school_id: int | None,
    kinds: Counter[AssetKind],
    verdicts: Mapping[tuple[int, AssetKind], Counter[Verdict]],
    school_ids: tuple[int, ...] | list[int],
) -> SchoolEquipment:
    compliance = {}
    for kind in COMPLIANCE_KINDS:
        counted: Counter[Verdict] = Counter()
        for counted_school in school_ids:
            counted.update(verdicts.get((counted_school, kind), Counter()))
        compliance[kind] = KindCompliance.from_verdicts(kind, counted)
    return SchoolEquipment(
        school_id=school_id,
        by_kind={kind: kinds[kind] for kind in AssetKind},
        compliance=compliance,
    )
