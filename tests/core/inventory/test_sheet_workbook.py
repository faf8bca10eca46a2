"""The school's prefilled inventory sheet: every asset a row, keyed by its identifier, in
Polish, with dropdowns and instructions; it uploads back unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.clock import ManualClock
from core.inventory.assets import create_asset, decommission_asset
from core.inventory.sheet_import import plan_sheet
from core.inventory.sheet_workbook import COLUMNS, INSTRUCTIONS_TITLE, school_sheet
from core.models import AssetKind, AssetStatus, Channel, School
from tests.core.inventory.sheets import column_of, open_sheet, row_of
from tests.factories import make_school

pytestmark = pytest.mark.usefixtures("now")


async def test_each_asset_of_the_school_is_a_row_with_polish_words(school: School) -> None:
    laptop = await create_asset(
        school=school,
        actor=None,
        channel=Channel.WEB,
        kind=AssetKind.LAPTOP,
        inventory_number="L/1",
        ram_gb=8,
        bluetooth_version=Decimal("5.1"),
        has_camera=True,
    )
    other = await make_school()
    await create_asset(
        school=other, actor=None, channel=Channel.WEB, kind="tablet", inventory_number="T/9"
    )

    _, sheet = open_sheet(await school_sheet(school))

    row = row_of(sheet, "L/1")
    assert sheet.max_row == 2
    assert sheet.cell(row=row, column=1).value == laptop.public_id
    assert sheet.cell(row=row, column=column_of(sheet, "Rodzaj sprzętu")).value == "laptop"
    assert sheet.cell(row=row, column=column_of(sheet, "Stan")).value == "w użyciu"
    assert sheet.cell(row=row, column=column_of(sheet, "Kamera")).value == "tak"
    assert sheet.cell(row=row, column=column_of(sheet, "Mikrofon")).value is None
    assert sheet.cell(row=row, column=column_of(sheet, "RAM (GB)")).value == 8
    assert sheet.cell(row=row, column=column_of(sheet, "Wersja Bluetooth")).value == 5.1


async def test_decommissioned_equipment_is_listed_with_its_status(school: School) -> None:
    asset = await create_asset(
        school=school, actor=None, channel=Channel.WEB, kind="printer", inventory_number="D/1"
    )
    await decommission_asset(asset, actor=None, channel=Channel.WEB)

    _, sheet = open_sheet(await school_sheet(school))

    status = sheet.cell(row=row_of(sheet, "D/1"), column=column_of(sheet, "Stan")).value
    assert status == "wycofany z użytku"


async def test_the_headers_are_polish_and_the_key_comes_first(school: School) -> None:
    _, sheet = open_sheet(await school_sheet(school))

    headers = [cell.value for cell in sheet[1]]
    assert headers == [column.header for column in COLUMNS]
    assert headers[:3] == ["Identyfikator (nie zmieniaj)", "Rodzaj sprzętu", "Numer inwentarzowy"]


async def test_every_choice_column_offers_its_polish_words_in_a_dropdown(school: School) -> None:
    _, sheet = open_sheet(await school_sheet(school))

    lists = {
        str(validation.sqref).split(":")[0]: validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    kind_letter = sheet.cell(row=1, column=column_of(sheet, "Rodzaj sprzętu")).column_letter
    internet_letter = sheet.cell(
        row=1, column=column_of(sheet, "Podłączony do internetu")
    ).column_letter
    assert len(lists) == sum(1 for column in COLUMNS if column.words)
    assert "tablica interaktywna" in lists[f"{kind_letter}2"]
    assert lists[f"{internet_letter}2"] == '"tak,nie"'
    assert all(len(formula) <= 255 for formula in lists.values())  # Excel's limit for a list


async def test_the_workbook_explains_each_column(school: School) -> None:
    workbook, _ = open_sheet(await school_sheet(school))

    instructions = workbook[INSTRUCTIONS_TITLE]
    described = [row[0] for row in instructions.iter_rows(values_only=True)]
    assert all(column.header in described for column in COLUMNS)
    assert school.name in str(instructions["A1"].value)


async def test_text_that_looks_like_a_formula_stays_text(school: School) -> None:
    await create_asset(
        school=school,
        actor=None,
        channel=Channel.WEB,
        kind="other",
        inventory_number="=HYPERLINK(1)",
        room="-1 piętro",
    )

    _, sheet = open_sheet(await school_sheet(school))

    cell = sheet.cell(row=2, column=column_of(sheet, "Numer inwentarzowy"))
    room = sheet.cell(row=2, column=column_of(sheet, "Sala"))
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", "=HYPERLINK(1)", True)
    assert (room.data_type, room.value) == ("s", "-1 piętro")


async def test_a_downloaded_sheet_uploads_back_as_no_change(
    school: School, now: ManualClock
) -> None:
    for number, kind in [("K/1", AssetKind.DESKTOP), ("P/1", AssetKind.PROJECTOR)]:
        await create_asset(
            school=school,
            actor=None,
            channel=Channel.WEB,
            kind=kind,
            inventory_number=number,
            status=AssetStatus.SPARE,
            bluetooth_version=Decimal("5.0"),
            has_microphone=False,
            note="Uwaga: „stary”",
        )

    plan = await plan_sheet(school=school, data=await school_sheet(school))

    assert (plan.new_assets, plan.updates, plan.unchanged) == ((), (), 2)
