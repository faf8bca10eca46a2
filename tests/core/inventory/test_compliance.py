"""Specification of `compliance_summary`: the share of computers failing a profile.

The fixture gmina, counted by hand (2024 profile, in-use pupil computers unless noted):

    school A desktops: 5 failing, 1 meeting, 1 unknown, 1 exempt, 1 administration (no rule);
                       not counted: 1 failing decommissioned, 1 failing spare
    school A laptops:  8 failing, 2 meeting
    school B desktops: 4 failing + 1 failing in repair, 1 meeting
    school B laptops:  10 failing, 5 meeting

Desktops fail 5/6 in each school and 10/12 = 83% in the gmina; laptops 8/10 = 80% in A,
10/15 in B and 18/25 = 72% in the gmina: the diagnosis's "83% of desktops and 72% of
laptops do not meet the requirements".
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pytest

from core.errors import NotFound
from core.inventory.profiles import install_requirement_profiles
from core.inventory.requirements import KindCompliance, compliance_summary
from core.models import AssetKind, AssetPurpose, AssetStatus, ExemptionReason, School
from tests.core.inventory.builders import (
    FAILS_2024_PUPIL_RULE,
    MEETS_2024_PUPIL_RULE,
    make_asset,
    make_assets,
)
from tests.factories import make_school

DESKTOP = AssetKind.DESKTOP
LAPTOP = AssetKind.LAPTOP


@dataclass(frozen=True)
class Gmina:
    school_a: School
    school_b: School


@pytest.fixture
async def gmina(database: str, now: object) -> Gmina:
    await install_requirement_profiles()
    school_a, school_b = await make_school(), await make_school()

    await make_assets(5, school_a, kind=DESKTOP, **FAILS_2024_PUPIL_RULE)
    await make_asset(school_a, kind=DESKTOP, **MEETS_2024_PUPIL_RULE)
    await make_asset(school_a, kind=DESKTOP, **MEETS_2024_PUPIL_RULE | {"ram_gb": None})
    await make_asset(
        school_a, kind=DESKTOP, exemption=ExemptionReason.DONATED, **FAILS_2024_PUPIL_RULE
    )
    await make_asset(
        school_a, kind=DESKTOP, purpose=AssetPurpose.ADMINISTRATION, **FAILS_2024_PUPIL_RULE
    )
    await make_asset(
        school_a, kind=DESKTOP, status=AssetStatus.DECOMMISSIONED, **FAILS_2024_PUPIL_RULE
    )
    await make_asset(school_a, kind=DESKTOP, status=AssetStatus.SPARE, **FAILS_2024_PUPIL_RULE)
    await make_assets(8, school_a, kind=LAPTOP, **FAILS_2024_PUPIL_RULE)
    await make_assets(2, school_a, kind=LAPTOP, **MEETS_2024_PUPIL_RULE)

    await make_assets(4, school_b, kind=DESKTOP, **FAILS_2024_PUPIL_RULE)
    await make_asset(school_b, kind=DESKTOP, status=AssetStatus.IN_REPAIR, **FAILS_2024_PUPIL_RULE)
    await make_asset(school_b, kind=DESKTOP, **MEETS_2024_PUPIL_RULE)
    await make_assets(10, school_b, kind=LAPTOP, **FAILS_2024_PUPIL_RULE)
    await make_assets(5, school_b, kind=LAPTOP, **MEETS_2024_PUPIL_RULE)
    return Gmina(school_a, school_b)


def _percent(share: Fraction | None) -> int:
    assert share is not None
    return round(share * 100)


async def test_a_schools_summary_counts_each_verdict_of_its_desktops(gmina: Gmina) -> None:
    summary = await compliance_summary(profile_code="2024", school=gmina.school_a)

    assert summary.by_kind[DESKTOP] == KindCompliance(
        kind=DESKTOP, meeting=1, failing=5, unknown=1, exempt=1, not_applicable=1
    )
    assert summary.by_kind[DESKTOP].assessed == 7


async def test_the_failing_share_leaves_out_computers_of_unknown_verdict(gmina: Gmina) -> None:
    summary = await compliance_summary(profile_code="2024", school=gmina.school_a)

    assert summary.by_kind[DESKTOP].failing_share == Fraction(5, 6)
    assert summary.by_kind[LAPTOP].failing_share == Fraction(8, 10)


async def test_computers_in_repair_are_counted(gmina: Gmina) -> None:
    summary = await compliance_summary(profile_code="2024", school=gmina.school_b)

    assert summary.by_kind[DESKTOP].failing == 5
    assert summary.by_kind[LAPTOP].failing_share == Fraction(10, 15)


async def test_the_gmina_summary_reproduces_the_diagnosis_headline(gmina: Gmina) -> None:
    summary = await compliance_summary(profile_code="2024")

    assert summary.school_id is None
    assert summary.by_kind[DESKTOP].failing_share == Fraction(10, 12)
    assert summary.by_kind[LAPTOP].failing_share == Fraction(18, 25)
    assert _percent(summary.by_kind[DESKTOP].failing_share) == 83
    assert _percent(summary.by_kind[LAPTOP].failing_share) == 72


async def test_the_gmina_summary_leaves_out_inactive_schools(gmina: Gmina) -> None:
    closed = await make_school(is_active=False)
    await make_assets(3, closed, kind=LAPTOP, **FAILS_2024_PUPIL_RULE)

    summary = await compliance_summary(profile_code="2024")

    assert summary.by_kind[LAPTOP].failing == 18


async def test_decommissioned_and_spare_computers_are_not_counted(
    database: str, now: object
) -> None:
    await install_requirement_profiles()
    school = await make_school()
    await make_asset(school, status=AssetStatus.DECOMMISSIONED, **FAILS_2024_PUPIL_RULE)
    await make_asset(school, status=AssetStatus.SPARE, **FAILS_2024_PUPIL_RULE)

    summary = await compliance_summary(profile_code="2024", school=school)

    assert summary.by_kind[DESKTOP] == KindCompliance(
        kind=DESKTOP, meeting=0, failing=0, unknown=0, exempt=0, not_applicable=0
    )
    assert summary.by_kind[DESKTOP].failing_share is None


async def test_the_same_computers_fail_less_often_under_the_2022_level(gmina: Gmina) -> None:
    summary = await compliance_summary(profile_code="2022", school=gmina.school_a)

    # The failing specification (8 GB of RAM) meets the 2022 level.
    assert summary.by_kind[DESKTOP].meeting == 6
    assert summary.by_kind[DESKTOP].failing_share == 0


async def test_an_unknown_profile_code_is_not_found(database: str) -> None:
    with pytest.raises(NotFound) as error:
        await compliance_summary(profile_code="2019")

    assert error.value.translated() == "Nieznany profil wymagań 2019"
