"""Specification of `sio_equipment_counts`: the SIO's computer and equipment counts.

The fixture school has, counted by hand:

    teaching computers: 2 pupil desktops (one without Internet), 1 shared laptop,
                        1 teacher laptop, 1 spare pupil laptop → 5, of which 3 portable,
                        4 with Internet, 4 available to pupils
    administration:     1 desktop → 1, none portable, 1 with Internet, none for pupils
    not counted:        1 decommissioned pupil desktop, 1 server, 2 tablets (counted apart)
    equipment:          1 projector, 1 whiteboard, 3 printers, interactive monitors of
                        65″ and 55″ (large), 50″ (small) and one of unknown size
"""

from __future__ import annotations

import pytest

from core.clock import ManualClock
from core.inventory.sio import ComputerCounts, SchoolConnection, SioPurpose, sio_equipment_counts
from core.models import (
    AssetKind,
    AssetPurpose,
    AssetStatus,
    LinkType,
    School,
    SchoolNetworkSheet,
)
from tests.core.inventory.builders import make_asset, make_assets
from tests.factories import make_school


@pytest.fixture
async def school(database: str, now: ManualClock) -> School:
    school = await make_school()
    desktop, laptop = AssetKind.DESKTOP, AssetKind.LAPTOP
    await make_asset(school, kind=desktop, purpose=AssetPurpose.PUPIL)
    await make_asset(school, kind=desktop, purpose=AssetPurpose.PUPIL, has_internet=False)
    await make_asset(school, kind=laptop, purpose=AssetPurpose.SHARED)
    await make_asset(school, kind=laptop, purpose=AssetPurpose.TEACHER)
    await make_asset(school, kind=laptop, purpose=AssetPurpose.PUPIL, status=AssetStatus.SPARE)
    await make_asset(school, kind=desktop, purpose=AssetPurpose.ADMINISTRATION)
    await make_asset(school, kind=desktop, status=AssetStatus.DECOMMISSIONED)
    await make_asset(school, kind=AssetKind.SERVER)
    await make_assets(2, school, kind=AssetKind.TABLET)
    await make_asset(school, kind=AssetKind.PROJECTOR)
    await make_asset(school, kind=AssetKind.INTERACTIVE_WHITEBOARD)
    await make_assets(3, school, kind=AssetKind.PRINTER)
    for inches in (65, 55, 50, None):
        await make_asset(school, kind=AssetKind.INTERACTIVE_MONITOR, screen_inches=inches)
    await SchoolNetworkSheet.create(
        school=school,
        link_type=LinkType.FIBRE,
        download_mbps=300,
        upload_mbps=100,
        updated_at=now.now(),
    )
    return school


async def test_computers_are_counted_by_sio_purpose(school: School) -> None:
    counts = await sio_equipment_counts(school=school)

    assert counts.computers == {
        SioPurpose.TEACHING: ComputerCounts(
            total=5, portable=3, with_internet=4, available_to_pupils=4
        ),
        SioPurpose.ADMINISTRATION: ComputerCounts(
            total=1, portable=0, with_internet=1, available_to_pupils=0
        ),
    }


async def test_teaching_equipment_is_counted_by_kind(school: School) -> None:
    counts = await sio_equipment_counts(school=school)

    assert (counts.projectors, counts.interactive_whiteboards, counts.printers) == (1, 1, 3)
    assert counts.tablets == 2


async def test_interactive_monitors_count_from_55_inches_and_unknown_sizes_apart(
    school: School,
) -> None:
    counts = await sio_equipment_counts(school=school)

    assert counts.large_interactive_monitors == 2
    assert counts.interactive_monitors_of_unknown_size == 1


async def test_the_connection_comes_from_the_schools_network_sheet(school: School) -> None:
    counts = await sio_equipment_counts(school=school)

    assert counts.connections == (SchoolConnection(school.id, LinkType.FIBRE, 300, 100),)


async def test_the_gmina_counts_add_up_the_active_schools_and_list_each_connection(
    school: School,
) -> None:
    without_sheet = await make_school()
    await make_asset(without_sheet, kind=AssetKind.LAPTOP, purpose=AssetPurpose.PUPIL)
    closed = await make_school(is_active=False)
    await make_asset(closed, kind=AssetKind.PROJECTOR)

    counts = await sio_equipment_counts()

    assert counts.computers[SioPurpose.TEACHING].total == 6
    assert counts.computers[SioPurpose.TEACHING].portable == 4
    assert counts.projectors == 1
    assert set(counts.connections) == {
        SchoolConnection(school.id, LinkType.FIBRE, 300, 100),
        SchoolConnection(without_sheet.id, None, None, None),
    }
