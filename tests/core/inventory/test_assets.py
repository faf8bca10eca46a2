"""Specification of asset changes: validation, permissions, and the history they leave."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from core.clock import ManualClock
from core.errors import DomainError, IllegalTransition, InvalidInput
from core.inventory.assets import (
    asset_history,
    create_asset,
    decommission_asset,
    update_asset,
)
from core.models import (
    Asset,
    AssetChange,
    AssetKind,
    AssetPurpose,
    AssetStatus,
    Channel,
    Role,
    School,
    StorageType,
    User,
)
from tests.conftest import warsaw
from tests.factories import make_school, make_user


@pytest.fixture
async def asset(school: School, director: User, now: ManualClock) -> Asset:
    return await create_asset(
        school=school,
        actor=director,
        channel=Channel.WEB,
        kind=AssetKind.DESKTOP,
        inventory_number="SP1/001",
        ram_gb=8,
        room="12",
    )


async def _history_rows() -> int:
    return await AssetChange.all().count()


async def test_a_created_asset_is_stored_with_an_opaque_url_safe_public_id(
    school: School, director: User, now: ManualClock
) -> None:
    first = await create_asset(
        school=school, actor=director, channel=Channel.WEB, kind="laptop", inventory_number="A/1"
    )
    second = await create_asset(
        school=school, actor=director, channel=Channel.WEB, kind="laptop", inventory_number="A/2"
    )

    stored = await Asset.get(id=first.id)
    assert stored.kind == AssetKind.LAPTOP
    assert len(stored.public_id) >= 16
    assert stored.public_id.replace("-", "").replace("_", "").isalnum()
    assert stored.public_id != second.public_id
    assert stored.created_at == stored.updated_at == warsaw(2026, 11, 17, 10, 0)


async def test_creating_an_asset_records_every_given_field_in_its_history(
    asset: Asset, director: User
) -> None:
    [change] = await asset_history(asset)

    assert change.changes == {
        "kind": [None, "desktop"],
        "inventory_number": [None, "SP1/001"],
        "ram_gb": [None, 8],
        "room": [None, "12"],
    }
    assert change.actor == director
    assert change.channel == Channel.WEB
    assert change.at == warsaw(2026, 11, 17, 10, 0)


async def test_an_update_records_only_the_fields_whose_value_changed(
    asset: Asset, director: User, now: ManualClock
) -> None:
    now.advance(dt.timedelta(hours=2))

    await update_asset(
        asset,
        actor=director,
        channel=Channel.TELEGRAM,
        changes={"ram_gb": 16, "room": "12", "storage_type": "ssd", "bluetooth_version": "5.1"},
    )

    stored = await Asset.get(id=asset.id)
    assert (stored.ram_gb, stored.storage_type, stored.bluetooth_version) == (
        16,
        StorageType.SSD,
        Decimal("5.1"),
    )
    assert stored.updated_at == warsaw(2026, 11, 17, 12, 0)
    latest = (await asset_history(asset))[-1]
    assert latest.changes == {
        "ram_gb": [8, 16],
        "storage_type": [None, "ssd"],
        "bluetooth_version": [None, "5.1"],
    }
    assert latest.channel == Channel.TELEGRAM
    assert latest.at == warsaw(2026, 11, 17, 12, 0)


async def test_an_update_that_changes_nothing_writes_nothing(
    asset: Asset, director: User, now: ManualClock
) -> None:
    now.advance(dt.timedelta(hours=2))

    await update_asset(
        asset, actor=director, channel=Channel.WEB, changes={"ram_gb": 8, "room": " 12 "}
    )

    assert await _history_rows() == 1
    assert (await Asset.get(id=asset.id)).updated_at == warsaw(2026, 11, 17, 10, 0)


async def test_the_history_lists_changes_oldest_first(
    asset: Asset, director: User, now: ManualClock
) -> None:
    for ram_gb in (16, 32):
        now.advance(dt.timedelta(days=1))
        await update_asset(asset, actor=director, channel=Channel.WEB, changes={"ram_gb": ram_gb})

    history = await asset_history(asset)

    assert [change.changes.get("ram_gb") for change in history] == [[None, 8], [8, 16], [16, 32]]


async def test_decommissioning_is_a_status_change_kept_in_the_history(
    asset: Asset, director: User
) -> None:
    await decommission_asset(asset, actor=director, channel=Channel.EMAIL)

    assert (await Asset.get(id=asset.id)).status == AssetStatus.DECOMMISSIONED
    latest = (await asset_history(asset))[-1]
    assert latest.changes == {"status": ["in_use", "decommissioned"]}
    assert latest.channel == Channel.EMAIL


async def test_decommissioning_twice_is_refused(asset: Asset, director: User) -> None:
    await decommission_asset(asset, actor=director, channel=Channel.WEB)

    with pytest.raises(IllegalTransition):
        await decommission_asset(asset, actor=director, channel=Channel.WEB)
    assert await _history_rows() == 2


async def test_next_years_equipment_is_accepted(asset: Asset, director: User) -> None:
    await update_asset(asset, actor=director, channel=Channel.WEB, changes={"year": 2027})

    assert (await Asset.get(id=asset.id)).year == 2027


@pytest.mark.parametrize(
    "changes",
    [
        {"colour": "black"},
        {"school_id": 2},
        {"public_id": "guessable"},
        {"kind": "typewriter"},
        {"kind": None},
        {"status": "stolen"},
        {"purpose": 1},
        {"storage_type": "tape"},
        {"exemption": "too_old"},
        {"inventory_number": "   "},
        {"inventory_number": 17},
        {"make": "x" * 101},
        {"year": 1989},
        {"year": 2028},
        {"ram_gb": 0},
        {"storage_gb": -256},
        {"crossmark_score": 0},
        {"procyon_score": -1},
        {"ram_gb": "16"},
        {"ram_gb": True},
        {"bluetooth_version": "5.05"},
        {"bluetooth_version": "five"},
        {"bluetooth_version": "NaN"},
        {"has_camera": "yes"},
        {"has_internet": None},
        {"ram_gb": 16, "year": 1980},
    ],
    ids=repr,
)
async def test_a_bad_change_is_refused_and_nothing_is_written(
    asset: Asset, director: User, changes: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInput):
        await update_asset(asset, actor=director, channel=Channel.WEB, changes=changes)

    stored = await Asset.get(id=asset.id)
    assert (stored.kind, stored.ram_gb, stored.year, stored.inventory_number) == (
        AssetKind.DESKTOP,
        8,
        None,
        "SP1/001",
    )
    assert await _history_rows() == 1


async def test_a_refused_value_names_its_field_and_is_explained_in_polish(
    asset: Asset, director: User
) -> None:
    with pytest.raises(InvalidInput) as error:
        await update_asset(asset, actor=director, channel=Channel.WEB, changes={"ram_gb": 0})

    assert error.value.params["field"] == "ram_gb"
    assert error.value.translated() == "Oczekiwano liczby całkowitej od 1 do 4096, podano 0"


async def test_an_inventory_number_used_by_another_asset_of_the_school_is_refused(
    asset: Asset, school: School, director: User
) -> None:
    other = await create_asset(
        school=school, actor=director, channel=Channel.WEB, kind="printer", inventory_number="P/1"
    )

    with pytest.raises(InvalidInput) as error:
        await update_asset(
            other, actor=director, channel=Channel.WEB, changes={"inventory_number": "SP1/001"}
        )

    assert error.value.translated() == "Numer inwentarzowy SP1/001 jest już użyty w tej szkole"
    assert (await Asset.get(id=other.id)).inventory_number == "P/1"


async def test_another_school_may_use_the_same_inventory_number(asset: Asset) -> None:
    other_school = await make_school()

    created = await create_asset(
        school=other_school,
        actor=None,
        channel=Channel.WEB,
        kind="desktop",
        inventory_number="SP1/001",
    )

    assert await Asset.filter(inventory_number="SP1/001").count() == 2
    assert created.school_id == other_school.id


@pytest.mark.parametrize(
    "fields",
    [
        {"inventory_number": "SP1/002"},
        {"kind": "desktop"},
        {"kind": "desktop", "inventory_number": "SP1/001"},
        {"kind": "desktop", "inventory_number": "SP1/002", "purpose": "pupils"},
        {"kind": "desktop", "inventory_number": "SP1/002", "price": 3000},
    ],
    ids=repr,
)
async def test_a_bad_creation_is_refused_and_nothing_is_written(
    asset: Asset, school: School, director: User, fields: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInput):
        await create_asset(school=school, actor=director, channel=Channel.WEB, **fields)

    assert await Asset.all().count() == 1
    assert await _history_rows() == 1


async def test_a_teacher_may_not_change_equipment(asset: Asset, school: School) -> None:
    teacher = await make_user(role=Role.TEACHER, school=school)

    with pytest.raises(DomainError) as error:
        await update_asset(asset, actor=teacher, channel=Channel.WEB, changes={"ram_gb": 16})

    assert error.value.translated() == "Nie możesz zmieniać sprzętu tej szkoły"
    assert (await Asset.get(id=asset.id)).ram_gb == 8
    assert await _history_rows() == 1


async def test_a_teacher_may_not_add_equipment(school: School, now: ManualClock) -> None:
    teacher = await make_user(role=Role.TEACHER, school=school)

    with pytest.raises(DomainError):
        await create_asset(
            school=school, actor=teacher, channel=Channel.WEB, kind="laptop", inventory_number="L"
        )

    assert await Asset.all().count() == 0


async def test_a_director_of_another_school_may_not_change_equipment(asset: Asset) -> None:
    other_director = await make_user(role=Role.DIRECTOR, school=await make_school())

    with pytest.raises(DomainError):
        await decommission_asset(asset, actor=other_director, channel=Channel.WEB)

    assert (await Asset.get(id=asset.id)).status == AssetStatus.IN_USE
    assert await _history_rows() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.IT])
async def test_the_coordinator_and_the_it_specialist_may_change_any_schools_equipment(
    asset: Asset, role: Role
) -> None:
    gmina_staff = await make_user(role=role)

    await update_asset(
        asset, actor=gmina_staff, channel=Channel.WEB, changes={"purpose": AssetPurpose.TEACHER}
    )

    assert (await Asset.get(id=asset.id)).purpose == AssetPurpose.TEACHER
    assert (await asset_history(asset))[-1].actor == gmina_staff
