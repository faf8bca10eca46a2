"""Specification of `evaluate_asset` and `rule_for`: one computer against one shipped rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from core.inventory.profiles import PROFILE_2022, PROFILE_2024
from core.inventory.requirements import (
    Criterion,
    Evaluation,
    FailedCriterion,
    Verdict,
    evaluate_asset,
    rule_for,
)
from core.models import (
    Asset,
    AssetKind,
    AssetPurpose,
    ExemptionReason,
    RequirementRule,
    StorageType,
)
from tests.core.inventory.builders import MEETS_2024_PUPIL_RULE, shipped_rule

PUPIL_DESKTOP_2024 = shipped_rule(PROFILE_2024, AssetKind.DESKTOP, AssetPurpose.PUPIL)
TEACHER_LAPTOP_2024 = shipped_rule(PROFILE_2024, AssetKind.LAPTOP, AssetPurpose.TEACHER)


def pupil_desktop(**changes: Any) -> Asset:
    return Asset(
        kind=AssetKind.DESKTOP, purpose=AssetPurpose.PUPIL, **MEETS_2024_PUPIL_RULE | changes
    )


def test_a_pupil_desktop_at_every_minimum_meets_the_2024_rule() -> None:
    assert evaluate_asset(pupil_desktop(), PUPIL_DESKTOP_2024) == Evaluation(Verdict.MEETS)


@pytest.mark.parametrize(
    ("changes", "failure"),
    [
        (
            {"crossmark_score": 1199},
            FailedCriterion(
                Criterion.BENCHMARK, "CrossMark 1200 / Procyon Office 5400", "CrossMark 1199"
            ),
        ),
        ({"ram_gb": 8}, FailedCriterion(Criterion.RAM, 16, 8)),
        ({"storage_gb": 256}, FailedCriterion(Criterion.STORAGE_SIZE, 512, 256)),
        ({"storage_type": StorageType.HDD}, FailedCriterion(Criterion.SSD, "SSD", "HDD")),
        ({"ports": 2}, FailedCriterion(Criterion.PORTS, 3, 2)),
        ({"wifi_generation": 5}, FailedCriterion(Criterion.WIFI, 6, 5)),
        (
            {"bluetooth_version": Decimal("4.2")},
            FailedCriterion(Criterion.BLUETOOTH, Decimal("5.0"), Decimal("4.2")),
        ),
        ({"has_camera": False}, FailedCriterion(Criterion.CAMERA, True, False)),
        ({"has_microphone": False}, FailedCriterion(Criterion.MICROPHONE, True, False)),
    ],
    ids=lambda value: value.criterion.value if isinstance(value, FailedCriterion) else None,
)
def test_each_criterion_below_its_minimum_fails_the_2024_pupil_rule_on_its_own(
    changes: dict[str, Any], failure: FailedCriterion
) -> None:
    evaluation = evaluate_asset(pupil_desktop(**changes), PUPIL_DESKTOP_2024)

    assert evaluation == Evaluation(Verdict.FAILS, failed=(failure,))


def test_a_failed_criterion_is_described_in_polish() -> None:
    failure = FailedCriterion(Criterion.RAM, 16, 8)

    assert failure.describe() == "Pamięć RAM 8 GB, wymagane co najmniej 16 GB"


def test_a_failed_benchmark_is_described_with_both_minimums() -> None:
    failure = evaluate_asset(pupil_desktop(crossmark_score=900), PUPIL_DESKTOP_2024).failed[0]

    assert failure.describe() == (
        "Wynik testu wydajności CrossMark 900 poniżej wymaganego minimum "
        "(CrossMark 1200 / Procyon Office 5400)"
    )


def test_a_procyon_score_at_its_minimum_passes_the_benchmark_without_a_crossmark_score() -> None:
    asset = pupil_desktop(crossmark_score=None, procyon_score=5400)

    assert evaluate_asset(asset, PUPIL_DESKTOP_2024).verdict == Verdict.MEETS


def test_a_procyon_score_at_its_minimum_makes_up_for_a_low_crossmark_score() -> None:
    asset = pupil_desktop(crossmark_score=800, procyon_score=5400)

    assert evaluate_asset(asset, PUPIL_DESKTOP_2024).verdict == Verdict.MEETS


def test_the_benchmark_fails_when_every_recorded_score_is_below_its_minimum() -> None:
    asset = pupil_desktop(crossmark_score=1100, procyon_score=5000)

    evaluation = evaluate_asset(asset, PUPIL_DESKTOP_2024)

    assert evaluation.failed == (
        FailedCriterion(
            Criterion.BENCHMARK,
            "CrossMark 1200 / Procyon Office 5400",
            "CrossMark 1100 / Procyon Office 5000",
        ),
    )


def test_without_any_benchmark_score_the_verdict_is_unknown() -> None:
    asset = pupil_desktop(crossmark_score=None, procyon_score=None)

    assert evaluate_asset(asset, PUPIL_DESKTOP_2024) == Evaluation(
        Verdict.UNKNOWN, missing=(Criterion.BENCHMARK,)
    )


def test_a_crossmark_score_does_not_count_for_a_rule_that_asks_only_for_procyon() -> None:
    teacher_laptop = Asset(
        kind=AssetKind.LAPTOP,
        purpose=AssetPurpose.TEACHER,
        **MEETS_2024_PUPIL_RULE | {"crossmark_score": 2000},
    )

    assert evaluate_asset(teacher_laptop, TEACHER_LAPTOP_2024) == Evaluation(
        Verdict.UNKNOWN, missing=(Criterion.BENCHMARK,)
    )


def test_each_specification_not_recorded_is_listed_and_makes_the_verdict_unknown() -> None:
    asset = pupil_desktop(ram_gb=None, storage_type=None, has_camera=None)

    assert evaluate_asset(asset, PUPIL_DESKTOP_2024) == Evaluation(
        Verdict.UNKNOWN, missing=(Criterion.RAM, Criterion.SSD, Criterion.CAMERA)
    )


def test_a_failed_criterion_decides_the_verdict_even_when_others_are_not_recorded() -> None:
    asset = pupil_desktop(ram_gb=8, ports=None)

    assert evaluate_asset(asset, PUPIL_DESKTOP_2024) == Evaluation(
        Verdict.FAILS,
        failed=(FailedCriterion(Criterion.RAM, 16, 8),),
        missing=(Criterion.PORTS,),
    )


@pytest.mark.parametrize("exemption", list(ExemptionReason))
def test_exempt_equipment_is_exempt_whatever_its_specification(
    exemption: ExemptionReason,
) -> None:
    asset = pupil_desktop(ram_gb=2, crossmark_score=None, exemption=exemption)

    assert evaluate_asset(asset, PUPIL_DESKTOP_2024) == Evaluation(Verdict.EXEMPT)


def test_equipment_without_a_rule_is_not_applicable() -> None:
    assert evaluate_asset(pupil_desktop(), None) == Evaluation(Verdict.NOT_APPLICABLE)


def test_a_computer_can_meet_the_2022_level_and_fail_the_2024_one() -> None:
    asset = pupil_desktop(ram_gb=8, storage_gb=256, wifi_generation=5)
    rule_2022 = shipped_rule(PROFILE_2022, AssetKind.DESKTOP, AssetPurpose.PUPIL)

    assert evaluate_asset(asset, rule_2022) == Evaluation(Verdict.MEETS)
    assert evaluate_asset(asset, PUPIL_DESKTOP_2024) == Evaluation(
        Verdict.FAILS,
        failed=(
            FailedCriterion(Criterion.RAM, 16, 8),
            FailedCriterion(Criterion.STORAGE_SIZE, 512, 256),
            FailedCriterion(Criterion.WIFI, 6, 5),
        ),
    )


def _thresholds(kind: AssetKind, purpose: AssetPurpose) -> dict[str, object]:
    rule = next(
        rule for rule in PROFILE_2024.rules if (rule.asset_kind, rule.purpose) == (kind, purpose)
    )
    return rule.thresholds()


def test_in_2024_pupil_laptops_and_shared_computers_have_the_pupil_desktop_rule() -> None:
    pupil_desktop_rule = _thresholds(AssetKind.DESKTOP, AssetPurpose.PUPIL)

    assert _thresholds(AssetKind.LAPTOP, AssetPurpose.PUPIL) == pupil_desktop_rule
    assert _thresholds(AssetKind.DESKTOP, AssetPurpose.SHARED) == pupil_desktop_rule
    assert _thresholds(AssetKind.LAPTOP, AssetPurpose.SHARED) == pupil_desktop_rule


def test_in_2024_teacher_desktops_have_the_teacher_laptop_rule() -> None:
    assert _thresholds(AssetKind.DESKTOP, AssetPurpose.TEACHER) == _thresholds(
        AssetKind.LAPTOP, AssetPurpose.TEACHER
    )


def test_administration_computers_have_no_2024_rule() -> None:
    rules = [
        shipped_rule(PROFILE_2024, rule.asset_kind, rule.purpose) for rule in PROFILE_2024.rules
    ]
    office_desktop = Asset(kind=AssetKind.DESKTOP, purpose=AssetPurpose.ADMINISTRATION)

    assert rule_for(office_desktop, rules) is None


def test_a_rule_without_a_purpose_applies_to_purposes_without_their_own_rule() -> None:
    any_purpose = RequirementRule(asset_kind=AssetKind.DESKTOP, purpose=None, min_ram_gb=8)
    pupils_only = RequirementRule(
        asset_kind=AssetKind.DESKTOP, purpose=AssetPurpose.PUPIL, min_ram_gb=16
    )
    rules = [any_purpose, pupils_only]

    assert rule_for(Asset(kind=AssetKind.DESKTOP, purpose=AssetPurpose.PUPIL), rules) is (
        pupils_only
    )
    assert rule_for(Asset(kind=AssetKind.DESKTOP, purpose=AssetPurpose.TEACHER), rules) is (
        any_purpose
    )
