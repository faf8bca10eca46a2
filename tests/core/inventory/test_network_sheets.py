"""Specification of a school's network sheet: one per school, each field checked, who may
save it, and when and by whom it was saved last."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import ManualClock
from core.errors import InvalidInput, PermissionDenied
from core.inventory.network_sheets import (
    HIGHEST_MBPS,
    MAX_NOTES_LENGTH,
    choice_label,
    network_sheet_of,
    save_network_sheet,
)
from core.models import (
    LinkType,
    NetworkQuality,
    Role,
    School,
    SchoolNetworkSheet,
    User,
    WifiCoverage,
)
from tests.conftest import warsaw
from tests.factories import make_school, make_user


async def test_a_school_has_no_sheet_until_one_is_saved(school: School) -> None:
    assert await network_sheet_of(school) is None


async def test_the_first_save_creates_the_sheet_with_who_and_when(
    school: School, director: User, now: ManualClock
) -> None:
    await save_network_sheet(
        school=school,
        actor=director,
        link_type="fibre",
        download_mbps=300,
        upload_mbps=100,
        wifi_coverage="partial",
        network_quality="fair",
        notes="  Słaby zasięg w sali gimnastycznej.  ",
    )

    sheet = await network_sheet_of(school)
    assert sheet is not None
    assert (sheet.link_type, sheet.download_mbps, sheet.upload_mbps) == (LinkType.FIBRE, 300, 100)
    assert (sheet.wifi_coverage, sheet.network_quality) == (
        WifiCoverage.PARTIAL,
        NetworkQuality.FAIR,
    )
    assert sheet.notes == "Słaby zasięg w sali gimnastycznej."
    assert sheet.updated_at == warsaw(2026, 11, 17, 10, 0)
    assert sheet.updated_by is not None
    assert sheet.updated_by.id == director.id


async def test_fields_not_given_on_the_first_save_are_not_recorded(
    school: School, director: User, now: ManualClock
) -> None:
    await save_network_sheet(school=school, actor=director, download_mbps=50)

    stored = await SchoolNetworkSheet.get(school_id=school.id)
    assert (stored.link_type, stored.upload_mbps, stored.wifi_coverage) == (None, None, None)
    assert (stored.network_quality, stored.notes) == (None, "")


async def test_a_later_save_updates_the_one_sheet_and_keeps_fields_not_given(
    school: School, director: User, specialist: User, now: ManualClock
) -> None:
    await save_network_sheet(school=school, actor=director, link_type="dsl", download_mbps=20)
    now.advance(dt.timedelta(days=3))

    await save_network_sheet(school=school, actor=specialist, link_type="fibre", upload_mbps=None)

    stored = await SchoolNetworkSheet.filter(school_id=school.id).prefetch_related("updated_by")
    assert len(stored) == 1
    assert (stored[0].link_type, stored[0].download_mbps) == (LinkType.FIBRE, 20)
    assert stored[0].updated_at == warsaw(2026, 11, 20, 10, 0)
    assert stored[0].updated_by is not None
    assert stored[0].updated_by.id == specialist.id


async def test_a_value_can_be_cleared_back_to_not_recorded(
    school: School, director: User, now: ManualClock
) -> None:
    await save_network_sheet(school=school, actor=director, wifi_coverage="full", upload_mbps=10)

    await save_network_sheet(school=school, actor=director, wifi_coverage=None, upload_mbps=None)

    stored = await SchoolNetworkSheet.get(school_id=school.id)
    assert (stored.wifi_coverage, stored.upload_mbps) == (None, None)


async def test_saving_an_unchanged_sheet_records_who_confirmed_it(
    school: School, director: User, coordinator: User, now: ManualClock
) -> None:
    await save_network_sheet(school=school, actor=director, link_type="radio")
    now.advance(dt.timedelta(hours=2))

    await save_network_sheet(school=school, actor=coordinator, link_type="radio")

    sheet = await network_sheet_of(school)
    assert sheet is not None
    assert sheet.updated_at == warsaw(2026, 11, 17, 12, 0)
    assert sheet.updated_by is not None
    assert sheet.updated_by.id == coordinator.id


async def test_a_save_by_hdr_desk_itself_records_no_person(
    school: School, now: ManualClock
) -> None:
    await save_network_sheet(school=school, actor=None, link_type="satellite")

    sheet = await network_sheet_of(school)
    assert sheet is not None
    assert sheet.updated_by is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("link_type", "pigeon"),
        ("link_type", 3),
        ("wifi_coverage", "everywhere"),
        ("network_quality", "excellent"),
        ("download_mbps", 0),
        ("download_mbps", -5),
        ("download_mbps", HIGHEST_MBPS + 1),
        ("download_mbps", "100"),
        ("download_mbps", 12.5),
        ("upload_mbps", True),
        ("upload_mbps", "fast"),
        ("notes", "x" * (MAX_NOTES_LENGTH + 1)),
        ("notes", None),
        ("school_id", 7),
    ],
)
async def test_a_bad_value_is_refused_naming_its_field_and_nothing_is_written(
    school: School, director: User, now: ManualClock, field: str, value: object
) -> None:
    with pytest.raises(InvalidInput) as refused:
        await save_network_sheet(
            school=school, actor=director, **({"link_type": "fibre"} | {field: value})
        )

    assert refused.value.params["field"] == field
    assert not await SchoolNetworkSheet.exists()


async def test_a_bad_value_leaves_an_existing_sheet_as_it_was(
    school: School, director: User, now: ManualClock
) -> None:
    await save_network_sheet(school=school, actor=director, link_type="cable", download_mbps=80)
    now.advance(dt.timedelta(days=1))

    with pytest.raises(InvalidInput):
        await save_network_sheet(school=school, actor=director, link_type="fibre", download_mbps=-1)

    stored = await SchoolNetworkSheet.get(school_id=school.id)
    assert (stored.link_type, stored.download_mbps) == (LinkType.CABLE, 80)
    assert stored.updated_at == warsaw(2026, 11, 17, 10, 0)


async def test_the_speed_limits_themselves_are_accepted(
    school: School, director: User, now: ManualClock
) -> None:
    await save_network_sheet(
        school=school, actor=director, download_mbps=HIGHEST_MBPS, upload_mbps=1
    )

    stored = await SchoolNetworkSheet.get(school_id=school.id)
    assert (stored.download_mbps, stored.upload_mbps) == (HIGHEST_MBPS, 1)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.IT])
async def test_staff_save_any_schools_sheet(school: School, role: Role, now: ManualClock) -> None:
    await save_network_sheet(school=school, actor=await make_user(role=role), link_type="mobile")

    assert await SchoolNetworkSheet.exists(school_id=school.id)


async def test_a_teacher_may_not_save_the_sheet(
    school: School, teacher: User, now: ManualClock
) -> None:
    with pytest.raises(PermissionDenied):
        await save_network_sheet(school=school, actor=teacher, link_type="fibre")

    assert not await SchoolNetworkSheet.exists()


async def test_a_director_may_not_save_another_schools_sheet(
    director: User, now: ManualClock
) -> None:
    other = await make_school()

    with pytest.raises(PermissionDenied):
        await save_network_sheet(school=other, actor=director, link_type="fibre")

    assert not await SchoolNetworkSheet.exists()


def test_a_choice_reads_in_the_language_asked_for() -> None:
    assert choice_label(LinkType.FIBRE) == "światłowód"
    assert choice_label(WifiCoverage.FULL) == "cały budynek"
    assert choice_label(NetworkQuality.POOR, "en") == "poor"
