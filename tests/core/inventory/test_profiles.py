"""Specification of `install_requirement_profiles`: the shipped profiles as rows."""

from __future__ import annotations

from decimal import Decimal

from core.inventory.profiles import install_requirement_profiles
from core.models import AssetKind, AssetPurpose, RequirementProfile, RequirementRule


async def _rules_by_profile() -> dict[str, int]:
    return {
        profile.code: await RequirementRule.filter(profile=profile).count()
        for profile in await RequirementProfile.all()
    }


async def test_installing_creates_the_2024_and_2022_profiles_with_their_rules(
    database: str,
) -> None:
    await install_requirement_profiles()

    assert await _rules_by_profile() == {"2024": 6, "2022": 6}


async def test_the_installed_2024_pupil_desktop_rule_has_the_regulations_minimums(
    database: str,
) -> None:
    await install_requirement_profiles()

    rule = await RequirementRule.get(
        profile__code="2024", asset_kind=AssetKind.DESKTOP, purpose=AssetPurpose.PUPIL
    )
    assert (rule.min_crossmark, rule.min_procyon, rule.min_ram_gb, rule.min_storage_gb) == (
        1200,
        5400,
        16,
        512,
    )
    assert rule.requires_ssd
    assert (rule.min_ports, rule.min_wifi_generation, rule.min_bluetooth_version) == (
        3,
        6,
        Decimal("5.0"),
    )
    assert rule.requires_camera
    assert rule.requires_microphone


async def test_installing_again_changes_nothing(database: str) -> None:
    await install_requirement_profiles()
    rule_ids = set(await RequirementRule.all().values_list("id", flat=True))

    await install_requirement_profiles()

    assert set(await RequirementRule.all().values_list("id", flat=True)) == rule_ids
    assert await RequirementProfile.all().count() == 2


async def test_installing_again_keeps_an_edited_shipped_rule_and_a_gminas_own_rule(
    database: str,
) -> None:
    await install_requirement_profiles()
    profile = await RequirementProfile.get(code="2024")
    await RequirementRule.filter(
        profile=profile, asset_kind=AssetKind.LAPTOP, purpose=AssetPurpose.TEACHER
    ).update(min_ram_gb=4)
    await RequirementRule.create(
        profile=profile,
        asset_kind=AssetKind.DESKTOP,
        purpose=AssetPurpose.ADMINISTRATION,
        min_ram_gb=8,
    )

    await install_requirement_profiles()

    teacher_laptop = await RequirementRule.get(
        profile=profile, asset_kind=AssetKind.LAPTOP, purpose=AssetPurpose.TEACHER
    )
    assert teacher_laptop.min_ram_gb == 4
    assert await RequirementRule.exists(profile=profile, purpose=AssetPurpose.ADMINISTRATION)
