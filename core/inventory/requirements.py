"""Whether a computer meets a requirement profile, and the share of computers that do not.

A profile (`RequirementProfile`) holds one `RequirementRule` per kind and purpose of computer.
`evaluate_asset` checks one asset against its rule; `compliance_summary` counts the verdicts
per kind for a school or the whole gmina, which is where the diagnosis's headline ("83% of
desktops and 72% of laptops do not meet the requirements") comes from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TypeAlias

from core.errors import NotFound
from core.i18n import DEFAULT_LOCALE, mark, translate
from core.models import (
    Asset,
    AssetKind,
    AssetPurpose,
    AssetStatus,
    RequirementProfile,
    RequirementRule,
    School,
    StorageType,
)

COMPLIANCE_KINDS = (AssetKind.DESKTOP, AssetKind.LAPTOP)

# Spare equipment is on a shelf, not in front of pupils, so it does not move the headline;
# equipment in repair comes back to the classroom, so it counts. Decommissioned never counts.
COUNTED_STATUSES = (AssetStatus.IN_USE, AssetStatus.IN_REPAIR)


class Verdict(StrEnum):
    MEETS = "meets"
    FAILS = "fails"
    UNKNOWN = "unknown"
    """No criterion fails, but a specification a criterion needs is not recorded."""
    EXEMPT = "exempt"
    NOT_APPLICABLE = "not_applicable"
    """The profile has no rule for this kind and purpose of equipment."""


class Criterion(StrEnum):
    BENCHMARK = "benchmark"
    RAM = "ram"
    STORAGE_SIZE = "storage_size"
    SSD = "ssd"
    PORTS = "ports"
    WIFI = "wifi"
    BLUETOOTH = "bluetooth"
    CAMERA = "camera"
    MICROPHONE = "microphone"

    def label(self, locale: str = DEFAULT_LOCALE) -> str:
        """The criterion's name for people, e.g. to list the specifications still missing."""
        return translate(_LABELS[self], locale)


_LABELS: Mapping[Criterion, str] = {
    Criterion.BENCHMARK: mark("Benchmark score (CrossMark or Procyon Office)"),
    Criterion.RAM: mark("RAM size"),
    Criterion.STORAGE_SIZE: mark("Disk size"),
    Criterion.SSD: mark("Disk type"),
    Criterion.PORTS: mark("Number of ports"),
    Criterion.WIFI: mark("Wi-Fi standard"),
    Criterion.BLUETOOTH: mark("Bluetooth version"),
    Criterion.CAMERA: mark("Camera"),
    Criterion.MICROPHONE: mark("Microphone"),
}

_FAILURE_MESSAGES: Mapping[Criterion, str] = {
    Criterion.BENCHMARK: mark("Benchmark score {actual} is below the minimum ({required})"),
    Criterion.RAM: mark("RAM {actual} GB, at least {required} GB required"),
    Criterion.STORAGE_SIZE: mark("Disk {actual} GB, at least {required} GB required"),
    Criterion.SSD: mark("Disk type {actual}, {required} required"),
    Criterion.PORTS: mark("{actual} ports, at least {required} required"),
    Criterion.WIFI: mark("Wi-Fi {actual}, at least Wi-Fi {required} required"),
    Criterion.BLUETOOTH: mark("Bluetooth {actual}, at least Bluetooth {required} required"),
    Criterion.CAMERA: mark("No camera"),
    Criterion.MICROPHONE: mark("No microphone"),
}

CriterionValue: TypeAlias = int | Decimal | bool | str


@dataclass(frozen=True)
class FailedCriterion:
    """A criterion the asset does not meet. The benchmark's `required` and `actual` are
    texts such as "CrossMark 1200 / Procyon Office 5400"; the other criteria's are values."""

    criterion: Criterion
    required: CriterionValue
    actual: CriterionValue

    def describe(self, locale: str = DEFAULT_LOCALE) -> str:
        return translate(
            _FAILURE_MESSAGES[self.criterion], locale, required=self.required, actual=self.actual
        )


@dataclass(frozen=True)
class Evaluation:
    """The verdict on one asset. `failed` lists the criteria it does not meet and `missing`
    those that could not be checked because a specification is not recorded."""

    verdict: Verdict
    failed: tuple[FailedCriterion, ...] = ()
    missing: tuple[Criterion, ...] = ()


# A failed criterion; the criterion itself when the asset lacks the specification to check it;
# None when the criterion is met or the rule does not ask for it.
_CheckResult: TypeAlias = FailedCriterion | Criterion | None


def evaluate_asset(asset: Asset, rule: RequirementRule | None) -> Evaluation:
    """Checks `asset` against `rule` (see `rule_for`).

    Not applicable without a rule; exempt when the asset carries an exemption; otherwise it
    fails when any criterion fails, even if others cannot be checked, is unknown when none
    fails but some cannot be checked, and meets the rule when every criterion is met.
    """
    if rule is None:
        return Evaluation(Verdict.NOT_APPLICABLE)
    if asset.exemption is not None:
        return Evaluation(Verdict.EXEMPT)
    results = (
        _check_benchmark(asset, rule),
        _check_minimum(Criterion.RAM, rule.min_ram_gb, asset.ram_gb),
        _check_minimum(Criterion.STORAGE_SIZE, rule.min_storage_gb, asset.storage_gb),
        _check_ssd(asset, rule),
        _check_minimum(Criterion.PORTS, rule.min_ports, asset.ports),
        _check_minimum(Criterion.WIFI, rule.min_wifi_generation, asset.wifi_generation),
        _check_minimum(Criterion.BLUETOOTH, rule.min_bluetooth_version, asset.bluetooth_version),
        _check_present(Criterion.CAMERA, rule.requires_camera, asset.has_camera),
        _check_present(Criterion.MICROPHONE, rule.requires_microphone, asset.has_microphone),
    )
    failed = tuple(result for result in results if isinstance(result, FailedCriterion))
    missing = tuple(result for result in results if isinstance(result, Criterion))
    if failed:
        return Evaluation(Verdict.FAILS, failed, missing)
    if missing:
        return Evaluation(Verdict.UNKNOWN, missing=missing)
    return Evaluation(Verdict.MEETS)


def _check_benchmark(asset: Asset, rule: RequirementRule) -> _CheckResult:
    """Met when any recorded score the rule sets a minimum for reaches that minimum."""
    scores = [
        (name, minimum, actual)
        for name, minimum, actual in (
            ("CrossMark", rule.min_crossmark, asset.crossmark_score),
            ("Procyon Office", rule.min_procyon, asset.procyon_score),
        )
        if minimum is not None
    ]
    if not scores:
        return None
    recorded = [(name, minimum, actual) for name, minimum, actual in scores if actual is not None]
    if not recorded:
        return Criterion.BENCHMARK
    if any(actual >= minimum for _, minimum, actual in recorded):
        return None
    return FailedCriterion(
        Criterion.BENCHMARK,
        required=" / ".join(f"{name} {minimum}" for name, minimum, _ in scores),
        actual=" / ".join(f"{name} {actual}" for name, _, actual in recorded),
    )


def _check_minimum(
    criterion: Criterion, minimum: int | Decimal | None, actual: int | Decimal | None
) -> _CheckResult:
    if minimum is None:
        return None
    if actual is None:
        return criterion
    return None if actual >= minimum else FailedCriterion(criterion, minimum, actual)


def _check_ssd(asset: Asset, rule: RequirementRule) -> _CheckResult:
    if not rule.requires_ssd:
        return None
    if asset.storage_type is None:
        return Criterion.SSD
    if asset.storage_type == StorageType.SSD:
        return None
    return FailedCriterion(Criterion.SSD, "SSD", StorageType(asset.storage_type).value.upper())


def _check_present(criterion: Criterion, required: bool, present: bool | None) -> _CheckResult:
    if not required:
        return None
    if present is None:
        return criterion
    return None if present else FailedCriterion(criterion, True, False)


def rule_for(asset: Asset, rules: Iterable[RequirementRule]) -> RequirementRule | None:
    """The rule among `rules` (one profile's) for the asset's kind and purpose; a rule for
    its kind without a purpose applies to every purpose that has no rule of its own."""
    by_purpose: dict[AssetPurpose | None, RequirementRule] = {
        rule.purpose: rule for rule in rules if rule.asset_kind == asset.kind
    }
    return by_purpose.get(asset.purpose, by_purpose.get(None))


async def profile_rules(profile_code: str) -> list[RequirementRule]:
    """The rules of the profile with `profile_code`; raises NotFound when there is none."""
    profile = await RequirementProfile.get_or_none(code=profile_code)
    if profile is None:
        raise NotFound("Unknown requirement profile {code}", code=profile_code)
    return await RequirementRule.filter(profile=profile)


@dataclass(frozen=True)
class KindCompliance:
    """The verdicts on the computers of one kind. `assessed` are those the profile applies
    to and that are not exempt: the ones meeting, failing, or of unknown verdict."""

    kind: AssetKind
    meeting: int
    failing: int
    unknown: int
    exempt: int
    not_applicable: int

    @classmethod
    def from_verdicts(cls, kind: AssetKind, verdicts: Mapping[Verdict, int]) -> KindCompliance:
        return cls(
            kind=kind,
            meeting=verdicts.get(Verdict.MEETS, 0),
            failing=verdicts.get(Verdict.FAILS, 0),
            unknown=verdicts.get(Verdict.UNKNOWN, 0),
            exempt=verdicts.get(Verdict.EXEMPT, 0),
            not_applicable=verdicts.get(Verdict.NOT_APPLICABLE, 0),
        )

    @property
    def assessed(self) -> int:
        return self.meeting + self.failing + self.unknown

    @property
    def failing_share(self) -> Fraction | None:
        """Failing among those with a known verdict (meeting or failing); None when none is
        known. This is the diagnosis's "does not meet the requirements" share."""
        known = self.meeting + self.failing
        return Fraction(self.failing, known) if known else None


@dataclass(frozen=True)
class ComplianceSummary:
    profile_code: str
    school_id: int | None
    """None: the whole gmina (every active school)."""
    by_kind: Mapping[AssetKind, KindCompliance]
    """One entry for each of `COMPLIANCE_KINDS`."""


async def compliance_summary(
    *, profile_code: str, school: School | None = None
) -> ComplianceSummary:
    """Verdicts per kind (desktop, laptop) under the profile with `profile_code`, over the
    equipment of `school` or, without one, of every active school, counting only equipment
    with a status in `COUNTED_STATUSES`. Raises NotFound for an unknown profile code."""
    rules = await profile_rules(profile_code)
    assets = Asset.filter(kind__in=COMPLIANCE_KINDS, status__in=COUNTED_STATUSES)
    if school is None:
        assets = assets.filter(school__is_active=True)
    else:
        assets = assets.filter(school_id=school.id)
    verdicts: dict[AssetKind, Counter[Verdict]] = {kind: Counter() for kind in COMPLIANCE_KINDS}
    for asset in await assets:
        verdicts[asset.kind][evaluate_asset(asset, rule_for(asset, rules)).verdict] += 1
    return ComplianceSummary(
        profile_code=profile_code,
        school_id=school.id if school is not None else None,
        by_kind={kind: KindCompliance.from_verdicts(kind, verdicts[kind]) for kind in verdicts},
    )
