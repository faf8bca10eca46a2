"""The requirement profile in use and the coordinator's changes to its rules' thresholds:
a save changes every threshold of a rule or none, and the verdicts follow at once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from core.config import get_settings
from core.errors import InvalidInput, NotFound
from core.inventory.profiles import install_requirement_profiles
from core.inventory.requirement_rules import (
    THRESHOLD_FIELDS,
    change_rule_thresholds,
    profile_in_use,
    rule_in_use,
    rules_of,
)
from core.inventory.requirements import Verdict, evaluate_asset, profile_rules, rule_for
from core.models import AssetKind, AssetPurpose, RequirementRule, School
from tests.core.inventory.builders import MEETS_2024_PUPIL_RULE, make_asset

pytestmark = pytest.mark.usefixtures("profiles")

EVERY_THRESHOLD: dict[str, object] = {
    "min_crossmark": "1000",
    "min_procyon": "",
    "min_ram_gb": "8",
    "min_storage_gb": "256",
    "min_ports": "2",
    "min_wifi_generation": "5",
    "min_bluetooth_version": "4,2",
    "requires_ssd": False,
    "requires_camera": True,
    "requires_microphone": False,
}


@pytest.fixture
async def profiles(database: str) -> None:
    await install_requirement_profiles()


async def _pupil_desktop_rule(profile: str = "2024") -> RequirementRule:
    return await RequirementRule.get(
        profile__code=profile, asset_kind=AssetKind.DESKTOP, purpose=AssetPurpose.PUPIL
    )


def _thresholds(rule: RequirementRule) -> dict[str, object]:
    return {name: getattr(rule, name) for name in THRESHOLD_FIELDS}


async def test_the_profile_in_use_is_the_one_the_setting_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "requirement_profile", "2022")

    profile = await profile_in_use()

    assert profile.code == "2022"
    assert len(await rules_of(profile)) == 6


async def test_a_profile_setting_naming_no_installed_profile_is_not_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "requirement_profile", "2030")

    with pytest.raises(NotFound):
        await profile_in_use()


async def test_a_rule_of_another_profile_is_not_one_of_the_profile_in_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "requirement_profile", "2024")
    rule_2024, rule_2022 = await _pupil_desktop_rule("2024"), await _pupil_desktop_rule("2022")

    assert (await rule_in_use(rule_2024.id)).id == rule_2024.id
    with pytest.raises(NotFound):
        await rule_in_use(rule_2022.id)


async def test_a_save_sets_every_threshold_and_an_empty_number_means_no_minimum() -> None:
    rule = await _pupil_desktop_rule()

    await change_rule_thresholds(rule, EVERY_THRESHOLD)

    assert _thresholds(await RequirementRule.get(id=rule.id)) == {
        "min_crossmark": 1000,
        "min_procyon": None,
        "min_ram_gb": 8,
        "min_storage_gb": 256,
        "min_ports": 2,
        "min_wifi_generation": 5,
        "min_bluetooth_version": Decimal("4.2"),
        "requires_ssd": False,
        "requires_camera": True,
        "requires_microphone": False,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("min_ram_gb", "-1"),
        ("min_ram_gb", "eight"),
        ("min_ram_gb", "8.5"),
        ("min_ram_gb", "4097"),
        ("min_crossmark", "100001"),
        ("min_ports", "65"),
        ("min_wifi_generation", "10"),
        ("min_storage_gb", True),
        ("min_bluetooth_version", "5.15"),
        ("min_bluetooth_version", "0.9"),
        ("min_bluetooth_version", "10"),
        ("min_bluetooth_version", "five"),
        ("min_bluetooth_version", "NaN"),
        ("requires_ssd", "maybe"),
        ("requires_camera", None),
    ],
)
async def test_one_bad_value_refuses_the_whole_save(field: str, value: Any) -> None:
    rule = await _pupil_desktop_rule()
    before = _thresholds(rule)

    with pytest.raises(InvalidInput) as refused:
        await change_rule_thresholds(rule, EVERY_THRESHOLD | {field: value})

    assert refused.value.params["field"] == field
    assert _thresholds(await RequirementRule.get(id=rule.id)) == before


async def test_an_unknown_threshold_is_refused() -> None:
    rule = await _pupil_desktop_rule()

    with pytest.raises(InvalidInput, match="Unknown rule field"):
        await change_rule_thresholds(rule, {"max_price": "3000"})


async def test_a_lowered_minimum_changes_the_verdict_at_once(school: School) -> None:
    asset = await make_asset(school, **(MEETS_2024_PUPIL_RULE | {"ram_gb": 8}))
    before = evaluate_asset(asset, rule_for(asset, await profile_rules("2024")))

    await change_rule_thresholds(await _pupil_desktop_rule(), {"min_ram_gb": "8"})

    after = evaluate_asset(asset, rule_for(asset, await profile_rules("2024")))
    assert (before.verdict, after.verdict) == (Verdict.FAILS, Verdict.MEETS)
