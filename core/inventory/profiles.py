"""The requirement profiles for school computers that hdr-desk ships, as data.

Two levels are shipped and the gmina picks one (`HDR_REQUIREMENT_PROFILE`):

- "2024", the regulation of 25 September 2024 (in force from 15 October 2024). The regulation
  names a pupil desktop and a teacher laptop. Our interpretation: a pupil laptop must meet the
  pupil desktop's rule and a teacher desktop the teacher laptop's rule, since the regulation
  sets the level for the person's work, not the form factor. Shared computers (a library or
  a corridor station) are used by pupils, so the pupil rule applies to them too.
- "2022", the earlier level: the same minimum for desktops and laptops of pupils, teachers
  and shared use.

Administration computers have no rule in either profile: they are outside the regulation,
so they are "not applicable". Neither profile has an operating-system or age rule. The
regulation's exemptions (equipment for grades I–III, donated equipment) are recorded per
asset (`Asset.exemption`), not here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from tortoise.transactions import in_transaction

from core.models import AssetKind, AssetPurpose, RequirementProfile, RequirementRule


@dataclass(frozen=True)
class RequirementRuleSeed:
    """The minimum for one kind and purpose of computer; None means "no minimum"."""

    asset_kind: AssetKind
    purpose: AssetPurpose
    min_crossmark: int | None = None
    min_procyon: int | None = None
    min_ram_gb: int | None = None
    min_storage_gb: int | None = None
    requires_ssd: bool = False
    min_ports: int | None = None
    min_wifi_generation: int | None = None
    min_bluetooth_version: Decimal | None = None
    requires_camera: bool = False
    requires_microphone: bool = False

    def thresholds(self) -> dict[str, object]:
        """The `RequirementRule` fields other than its kind and purpose."""
        return {
            "min_crossmark": self.min_crossmark,
            "min_procyon": self.min_procyon,
            "min_ram_gb": self.min_ram_gb,
            "min_storage_gb": self.min_storage_gb,
            "requires_ssd": self.requires_ssd,
            "min_ports": self.min_ports,
            "min_wifi_generation": self.min_wifi_generation,
            "min_bluetooth_version": self.min_bluetooth_version,
            "requires_camera": self.requires_camera,
            "requires_microphone": self.requires_microphone,
        }


@dataclass(frozen=True)
class RequirementProfileSeed:
    code: str
    name: str
    legal_basis: str
    rules: tuple[RequirementRuleSeed, ...]


def _for_kinds_and_purposes(
    rule: RequirementRuleSeed, purposes: tuple[AssetPurpose, ...]
) -> tuple[RequirementRuleSeed, ...]:
    """`rule` copied for desktops and laptops of each of `purposes`."""
    return tuple(
        replace(rule, asset_kind=kind, purpose=purpose)
        for kind in (AssetKind.DESKTOP, AssetKind.LAPTOP)
        for purpose in purposes
    )


_PUPIL_USE = (AssetPurpose.PUPIL, AssetPurpose.SHARED)

_PUPIL_COMPUTER_2024 = RequirementRuleSeed(
    asset_kind=AssetKind.DESKTOP,
    purpose=AssetPurpose.PUPIL,
    min_crossmark=1200,
    min_procyon=5400,
    min_ram_gb=16,
    min_storage_gb=512,
    requires_ssd=True,
    min_ports=3,
    min_wifi_generation=6,
    min_bluetooth_version=Decimal("5.0"),
    requires_camera=True,
    requires_microphone=True,
)

_TEACHER_COMPUTER_2024 = RequirementRuleSeed(
    asset_kind=AssetKind.LAPTOP,
    purpose=AssetPurpose.TEACHER,
    min_procyon=5400,
    min_ram_gb=16,
    min_storage_gb=512,
    requires_ssd=True,
)

_COMPUTER_2022 = RequirementRuleSeed(
    asset_kind=AssetKind.DESKTOP,
    purpose=AssetPurpose.PUPIL,
    min_crossmark=1200,
    min_ram_gb=8,
    min_storage_gb=256,
    requires_ssd=True,
    min_wifi_generation=5,
)

PROFILE_2024 = RequirementProfileSeed(
    code="2024",
    name="Minimalne wymagania dla sprzętu komputerowego (2024)",
    legal_basis=(
        "Rozporządzenie z dnia 25 września 2024 r., obowiązujące od 15 października 2024 r."
    ),
    rules=(
        *_for_kinds_and_purposes(_PUPIL_COMPUTER_2024, _PUPIL_USE),
        *_for_kinds_and_purposes(_TEACHER_COMPUTER_2024, (AssetPurpose.TEACHER,)),
    ),
)

PROFILE_2022 = RequirementProfileSeed(
    code="2022",
    name="Wcześniejszy poziom wymagań dla sprzętu komputerowego (2022)",
    legal_basis="",
    rules=_for_kinds_and_purposes(_COMPUTER_2022, (*_PUPIL_USE, AssetPurpose.TEACHER)),
)

REQUIREMENT_PROFILES: tuple[RequirementProfileSeed, ...] = (PROFILE_2024, PROFILE_2022)


async def install_requirement_profiles() -> None:
    """Creates the shipped profiles, matched by code, and those of their rules that are
    missing, matched by kind and purpose, in one transaction. Rules that exist keep their
    thresholds, as the coordinator may have changed them (`core.inventory.requirement_rules`);
    rules a gmina added for other kinds or purposes are kept too."""
    async with in_transaction():
        for seed in REQUIREMENT_PROFILES:
            profile, _ = await RequirementProfile.update_or_create(
                code=seed.code, defaults={"name": seed.name, "legal_basis": seed.legal_basis}
            )
            for rule in seed.rules:
                await RequirementRule.get_or_create(
                    profile=profile,
                    asset_kind=rule.asset_kind,
                    purpose=rule.purpose,
                    defaults=rule.thresholds(),
                )
