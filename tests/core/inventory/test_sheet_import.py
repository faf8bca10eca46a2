"""Uploading the inventory sheet: every cell checked by the asset service's rules, every
problem reported with its row and column and nothing written; a good file planned as new
assets, changed fields and unchanged rows, and applied all or nothing with history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from core.errors import InvalidInput, PermissionDenied
from core.inventory.assets import create_asset, decommission_asset, update_asset
from core.inventory.sheet_import import FieldChange, apply_plan, plan_sheet
from core.inventory.sheet_reading import MAX_ROWS, MAX_UPLOAD_BYTES, SheetRejected
from core.inventory.sheet_workbook import school_sheet
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
from tests.core.inventory.sheets import column_of, edited, open_sheet, saved, with_rows
from tests.factories import make_school, make_user

pytestmark = pytest.mark.usefixtures("now")


@pytest.fixture
async def laptop(school: School) -> Asset:
    return await create_asset(
        school=school,
        actor=None,
        channel=Channel.WEB,
        kind=AssetKind.LAPTOP,
        inventory_number="L/1",
        room="12",
        ram_gb=8,
    )


@pytest.fixture
async def projector(school: School) -> Asset:
    return await create_asset(
        school=school, actor=None, channel=Channel.WEB, kind="projector", inventory_number="P/1"
    )


async def rejected(school: School, data: bytes) -> SheetRejected:
    with pytest.raises(SheetRejected) as refused:
        await plan_sheet(school=school, data=data)
    return refused.value


def problems(refused: SheetRejected) -> list[tuple[int | None, str | None, str, str]]:
    """Each problem as (row, column, value, Polish message)."""
    return [(e.row, e.column, e.value, e.problem.translated()) for e in refused.errors]


async def test_a_round_trip_changes_the_fields_and_keeps_history_by_web(
    school: School, director: User, laptop: Asset, projector: Asset
) -> None:
    data = edited(
        await school_sheet(school),
        {"L/1": {"RAM (GB)": 16, "Sala": "14", "Rodzaj dysku": "ssd", "Kamera": "tak"}},
    )

    plan = await plan_sheet(school=school, data=data)
    await apply_plan(plan, school=school, actor=director)

    stored = await Asset.get(id=laptop.id)
    assert (stored.ram_gb, stored.room, stored.storage_type, stored.has_camera) == (
        16,
        "14",
        StorageType.SSD,
        True,
    )
    change = await AssetChange.filter(asset_id=laptop.id).order_by("-id").first()
    assert change is not None
    assert (change.actor_id, change.channel) == (director.id, Channel.WEB)  # type: ignore[attr-defined]
    assert change.changes == {
        "room": ["12", "14"],
        "ram_gb": [8, 16],
        "storage_type": [None, "ssd"],
        "has_camera": [None, True],
    }
    assert await AssetChange.filter(asset_id=projector.id).count() == 1  # only its creation


async def test_the_plan_lists_each_change_with_its_old_and_new_value(
    school: School, laptop: Asset, projector: Asset
) -> None:
    data = edited(await school_sheet(school), {"L/1": {"RAM (GB)": 16.0, "Sala": None}})

    plan = await plan_sheet(school=school, data=data)

    assert [(u.row, u.inventory_number, u.changes) for u in plan.updates] == [
        (2, "L/1", (FieldChange("room", "12", ""), FieldChange("ram_gb", 8, 16)))
    ]
    assert (plan.new_assets, plan.unchanged) == ((), 1)


async def test_a_new_row_creates_an_asset_with_defaults_for_blank_required_choices(
    school: School, director: User, laptop: Asset
) -> None:
    data = with_rows(
        await school_sheet(school),
        {"Rodzaj sprzętu": "Drukarka", "Numer inwentarzowy": "D/7", "Sala": "sekretariat"},
    )

    plan = await plan_sheet(school=school, data=data)
    await apply_plan(plan, school=school, actor=director)

    printer = await Asset.get(school_id=school.id, inventory_number="D/7")
    assert [new.row for new in plan.new_assets] == [3]
    assert (printer.kind, printer.room, printer.status, printer.purpose, printer.has_internet) == (
        AssetKind.PRINTER,
        "sekretariat",
        AssetStatus.IN_USE,
        AssetPurpose.PUPIL,
        True,
    )
    history = await AssetChange.get(asset_id=printer.id)
    assert (history.actor_id, history.channel) == (director.id, Channel.WEB)  # type: ignore[attr-defined]


async def test_raw_values_and_any_case_are_accepted_for_choices(
    school: School, laptop: Asset
) -> None:
    data = edited(
        await school_sheet(school),
        {"L/1": {"Stan": "IN_REPAIR", "Przeznaczenie": "Nauczyciele", "Mikrofon": "no"}},
    )

    plan = await plan_sheet(school=school, data=data)

    assert {c.field: c.new for c in plan.updates[0].changes} == {
        "status": AssetStatus.IN_REPAIR,
        "purpose": AssetPurpose.TEACHER,
        "has_microphone": False,
    }


async def test_setting_the_status_decommissions_equipment(
    school: School, director: User, laptop: Asset
) -> None:
    data = edited(await school_sheet(school), {"L/1": {"Stan": "wycofany z użytku"}})

    await apply_plan(await plan_sheet(school=school, data=data), school=school, actor=director)

    assert (await Asset.get(id=laptop.id)).status == AssetStatus.DECOMMISSIONED


async def test_decommissioned_equipment_cannot_come_back(school: School, laptop: Asset) -> None:
    await decommission_asset(laptop, actor=None, channel=Channel.WEB)
    data = edited(await school_sheet(school), {"L/1": {"Stan": "w użyciu"}})

    refused = await rejected(school, data)

    assert problems(refused) == [
        (2, "E", "w użyciu", "Sprzętu wycofanego z użytku nie można przywrócić")
    ]


async def test_a_blank_required_cell_keeps_the_stored_value(school: School, laptop: Asset) -> None:
    data = edited(
        await school_sheet(school), {"L/1": {"Rodzaj sprzętu": None, "Stan": None, "Kamera": None}}
    )

    plan = await plan_sheet(school=school, data=data)

    assert (plan.updates, plan.unchanged) == ((), 1)


async def test_rows_missing_from_the_file_are_not_deleted(
    school: School, director: User, laptop: Asset, projector: Asset
) -> None:
    workbook, sheet = open_sheet(await school_sheet(school))
    sheet.delete_rows(2)

    plan = await plan_sheet(school=school, data=saved(workbook))
    await apply_plan(plan, school=school, actor=director)

    assert await Asset.filter(school_id=school.id).count() == 2


async def test_every_bad_cell_is_reported_with_its_row_column_and_value(
    school: School, laptop: Asset, projector: Asset
) -> None:
    data = edited(
        await school_sheet(school),
        {
            "L/1": {"RAM (GB)": "szesnaście", "Rodzaj sprzętu": "toster"},
            "P/1": {"Rok produkcji": 1800, "Wersja Bluetooth": "5.15", "Kamera": "może"},
        },
    )

    refused = await rejected(school, data)

    assert refused.translated() == "Plik zawiera błędy (liczba: 5); nic nie zostało zapisane."
    assert [(row, column, value) for row, column, value, _ in problems(refused)] == [
        (2, "B", "toster"),
        (2, "N", "szesnaście"),
        (3, "J", "1800"),
        (3, "S", "5.15"),
        (3, "T", "może"),
    ]
    assert problems(refused)[0][3].startswith("nieznana wartość „toster”; dostępne: komputer")
    assert await Asset.get(id=laptop.id) == laptop
    assert (await Asset.get(id=laptop.id)).ram_gb == 8


async def test_a_refused_file_writes_nothing(school: School, laptop: Asset) -> None:
    data = with_rows(
        edited(await school_sheet(school), {"L/1": {"Sala": "99"}}),
        {"Rodzaj sprzętu": "laptop", "Numer inwentarzowy": "L/2", "RAM (GB)": -4},
    )

    await rejected(school, data)

    assert (await Asset.get(id=laptop.id)).room == "12"
    assert await Asset.filter(school_id=school.id).count() == 1
    assert await AssetChange.filter(asset_id=laptop.id).count() == 1


async def test_a_new_row_needs_a_kind_and_an_inventory_number(
    school: School, laptop: Asset
) -> None:
    data = with_rows(await school_sheet(school), {"Sala": "5"})

    refused = await rejected(school, data)

    assert problems(refused) == [
        (3, "B", "", "To pole jest wymagane"),
        (3, "C", "", "To pole nie może być puste"),
    ]


async def test_an_inventory_number_repeated_in_the_file_is_refused(
    school: School, laptop: Asset
) -> None:
    data = with_rows(
        await school_sheet(school),
        {"Rodzaj sprzętu": "tablet", "Numer inwentarzowy": "T/1"},
        {"Rodzaj sprzętu": "tablet", "Numer inwentarzowy": "T/1"},
    )

    refused = await rejected(school, data)

    assert problems(refused) == [(4, "C", "T/1", "ta sama wartość co w wierszu 3")]


async def test_an_inventory_number_of_equipment_missing_from_the_file_is_refused(
    school: School, laptop: Asset, projector: Asset
) -> None:
    workbook, sheet = open_sheet(await school_sheet(school))
    sheet.delete_rows(3)  # the projector's row
    sheet.cell(row=2, column=column_of(sheet, "Numer inwentarzowy"), value="P/1")

    refused = await rejected(school, saved(workbook))

    assert problems(refused) == [
        (2, "C", "P/1", "Numer inwentarzowy P/1 jest już użyty w tej szkole")
    ]


async def test_an_unknown_identifier_is_refused(school: School, laptop: Asset) -> None:
    data = with_rows(
        await school_sheet(school),
        {"Identyfikator (nie zmieniaj)": "no-such-asset", "Rodzaj sprzętu": "laptop"},
    )

    refused = await rejected(school, data)

    assert problems(refused) == [
        (3, "A", "no-such-asset", "żaden sprzęt tej szkoły nie ma takiego identyfikatora")
    ]


async def test_another_schools_sheet_is_refused_row_by_row(school: School, laptop: Asset) -> None:
    other = await make_school()

    refused = await rejected(other, await school_sheet(school))

    assert [(row, column) for row, column, _, _ in problems(refused)] == [(2, "A")]


async def test_a_repeated_identifier_is_refused(school: School, laptop: Asset) -> None:
    data = with_rows(
        await school_sheet(school),
        {"Identyfikator (nie zmieniaj)": laptop.public_id, "Numer inwentarzowy": "L/1"},
    )

    refused = await rejected(school, data)

    assert (3, "A", laptop.public_id, "ta sama wartość co w wierszu 2") in problems(refused)


async def test_a_file_that_is_not_a_workbook_is_refused(school: School) -> None:
    refused = await rejected(school, b"Numer;Sala\nL/1;12\n")

    assert refused.translated().startswith("Plik nie jest skoroszytem XLSX.")


async def test_an_empty_file_is_refused(school: School) -> None:
    assert (await rejected(school, b"")).translated() == "Plik jest pusty."


async def test_a_file_over_the_limit_is_refused_unread(school: School) -> None:
    refused = await rejected(school, b"PK" + bytes(MAX_UPLOAD_BYTES))

    assert refused.translated() == "Plik jest większy niż 5 MB."


async def test_a_workbook_without_the_equipment_sheet_is_refused(school: School) -> None:
    workbook = Workbook()
    workbook.active.title = "Arkusz1"

    refused = await rejected(school, saved(workbook))

    assert "nie ma arkusza o nazwie „Sprzęt”" in refused.translated()


async def test_missing_and_unknown_headers_are_each_reported(school: School) -> None:
    workbook, sheet = open_sheet(await school_sheet(school))
    sheet.cell(row=1, column=column_of(sheet, "Numer inwentarzowy"), value="Nr")
    sheet.cell(row=1, column=1).value = None

    refused = await rejected(school, saved(workbook))

    assert [(row, column, value) for row, column, value, _ in problems(refused)] == [
        (1, "C", "Nr"),
        (1, None, ""),
        (1, None, ""),
    ]
    assert [e.header for e in refused.errors[1:]] == [
        "Identyfikator (nie zmieniaj)",
        "Numer inwentarzowy",
    ]


async def test_columns_may_be_moved_and_optional_ones_left_out(
    school: School, laptop: Asset
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sprzęt"
    sheet.append(
        ["numer  INWENTARZOWY", "RAM (GB)", "Identyfikator (nie zmieniaj)", "Rodzaj sprzętu"]
    )
    sheet.append(["L/1", 32, laptop.public_id, "laptop"])

    plan = await plan_sheet(school=school, data=saved(workbook))

    assert plan.updates[0].changes == (FieldChange("ram_gb", 8, 32),)


async def test_a_failing_write_rolls_back_every_change(
    school: School, director: User, laptop: Asset
) -> None:
    data = with_rows(
        edited(await school_sheet(school), {"L/1": {"Sala": "99"}}),
        {"Rodzaj sprzętu": "tablet", "Numer inwentarzowy": "T/1"},
    )
    plan = await plan_sheet(school=school, data=data)
    # Someone takes the new tablet's number after the preview.
    await create_asset(
        school=school, actor=None, channel=Channel.WEB, kind="tablet", inventory_number="T/1"
    )

    with pytest.raises(InvalidInput):
        await apply_plan(plan, school=school, actor=director)

    assert (await Asset.get(id=laptop.id)).room == "12"
    assert await AssetChange.filter(asset_id=laptop.id).count() == 1
    assert await Asset.filter(school_id=school.id).count() == 2


async def test_a_director_may_not_apply_another_schools_plan(school: School, laptop: Asset) -> None:
    other_director = await make_user(role=Role.DIRECTOR, school=await make_school())
    data = edited(await school_sheet(school), {"L/1": {"Sala": "99"}})
    plan = await plan_sheet(school=school, data=data)

    with pytest.raises(PermissionDenied):
        await apply_plan(plan, school=school, actor=other_director)

    assert (await Asset.get(id=laptop.id)).room == "12"


async def test_the_plan_fingerprint_follows_the_stored_values(
    school: School, laptop: Asset
) -> None:
    data = edited(await school_sheet(school), {"L/1": {"RAM (GB)": 16}})
    before = await plan_sheet(school=school, data=data)
    again = await plan_sheet(school=school, data=data)

    await update_asset(laptop, actor=None, channel=Channel.WEB, changes={"ram_gb": 12})
    after = await plan_sheet(school=school, data=data)

    assert before.digest == again.digest
    assert before.digest != after.digest
    assert after.updates[0].changes == (FieldChange("ram_gb", 12, 16),)


async def test_a_version_written_with_a_comma_is_read(school: School, laptop: Asset) -> None:
    data = edited(await school_sheet(school), {"L/1": {"Wersja Bluetooth": "5,1"}})

    plan = await plan_sheet(school=school, data=data)

    assert plan.updates[0].changes == (FieldChange("bluetooth_version", None, Decimal("5.1")),)


async def test_a_sheet_with_too_many_rows_is_refused(school: School) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sprzęt"
    sheet.append(["Identyfikator (nie zmieniaj)", "Rodzaj sprzętu", "Numer inwentarzowy"])
    for number in range(MAX_ROWS + 1):
        sheet.append([None, "tablet", f"T/{number}"])

    refused = await rejected(school, saved(workbook))

    assert refused.translated() == f"Arkusz ma więcej niż {MAX_ROWS} wierszy."
    assert not await Asset.exists()


async def test_values_under_no_header_are_refused(school: School, laptop: Asset) -> None:
    workbook, sheet = open_sheet(await school_sheet(school))
    sheet.cell(row=2, column=sheet.max_column + 2).value = "ważna uwaga"

    refused = await rejected(school, saved(workbook))

    assert problems(refused) == [(2, "AC", "ważna uwaga", "kolumna bez nagłówka zawiera dane")]
