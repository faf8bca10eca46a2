"""The school's inventory sheet as an XLSX workbook: its layout, and the prefilled download.

The columns defined here are the one description of the file: `core.inventory.sheet_import`
reads them and the download is built from them, so a downloaded sheet always uploads. The
sheet lists every asset of the school, decommissioned ones too, one row each, keyed by the
asset's identifier in the first column; new equipment goes into empty rows below with that
column left empty. Headers and the words offered in the dropdowns are Polish, like the
files directors work with; the help in the "Instrukcja" sheet goes through the catalog.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.export.cell_safety import cleaned_text, needs_text_marking
from core.i18n import DEFAULT_LOCALE, mark, translate
from core.models import (
    Asset,
    AssetKind,
    AssetPurpose,
    AssetStatus,
    ExemptionReason,
    School,
    StorageType,
)

SHEET_TITLE: Final = "Sprzęt"
INSTRUCTIONS_TITLE: Final = "Instrukcja"
EXCEL_LAST_ROW: Final = 1_048_576
BOLD: Final = Font(bold=True)
KEY_FILL: Final = PatternFill(fill_type="solid", start_color="FFD9D9D9", end_color="FFD9D9D9")

TEXT, NUMBER, VERSION, CHOICE = "text", "number", "version", "choice"


@dataclass(frozen=True, eq=False)
class SheetColumn:
    """A column of the sheet: the asset field it holds (None for the key column), its
    Polish header, how its cells read (`kind`: text, number, version or choice), and for a
    choice the Polish words offered, each with the value it stands for. Columns are told
    apart by identity: each is defined once, in COLUMNS."""

    field: str | None
    header: str
    kind: str = TEXT
    width: int = 16
    words: Mapping[str, object] = dataclasses.field(default_factory=dict)


KEY = SheetColumn(None, "Identyfikator (nie zmieniaj)", width=20)
YES_NO: Final[Mapping[str, object]] = {"tak": True, "nie": False}

COLUMNS: Final = (
    KEY,
    SheetColumn(
        "kind",
        "Rodzaj sprzętu",
        CHOICE,
        22,
        {
            "komputer stacjonarny": AssetKind.DESKTOP,
            "laptop": AssetKind.LAPTOP,
            "tablet": AssetKind.TABLET,
            "tablica interaktywna": AssetKind.INTERACTIVE_WHITEBOARD,
            "monitor interaktywny": AssetKind.INTERACTIVE_MONITOR,
            "projektor": AssetKind.PROJECTOR,
            "drukarka": AssetKind.PRINTER,
            "urządzenie sieciowe": AssetKind.NETWORK_DEVICE,
            "serwer": AssetKind.SERVER,
            "inny sprzęt": AssetKind.OTHER,
        },
    ),
    SheetColumn("inventory_number", "Numer inwentarzowy", width=20),
    SheetColumn("room", "Sala"),
    SheetColumn(
        "status",
        "Stan",
        CHOICE,
        18,
        {
            "w użyciu": AssetStatus.IN_USE,
            "w naprawie": AssetStatus.IN_REPAIR,
            "w rezerwie": AssetStatus.SPARE,
            "wycofany z użytku": AssetStatus.DECOMMISSIONED,
        },
    ),
    SheetColumn(
        "purpose",
        "Przeznaczenie",
        CHOICE,
        16,
        {
            "uczniowie": AssetPurpose.PUPIL,
            "nauczyciele": AssetPurpose.TEACHER,
            "administracja": AssetPurpose.ADMINISTRATION,
            "wspólny": AssetPurpose.SHARED,
        },
    ),
    SheetColumn("make", "Producent"),
    SheetColumn("model", "Model", width=20),
    SheetColumn("serial_number", "Numer seryjny", width=20),
    SheetColumn("year", "Rok produkcji", NUMBER),
    SheetColumn("cpu", "Procesor", width=24),
    SheetColumn("crossmark_score", "Wynik CrossMark", NUMBER),
    SheetColumn("procyon_score", "Wynik Procyon Office", NUMBER),
    SheetColumn("ram_gb", "RAM (GB)", NUMBER),
    SheetColumn("storage_gb", "Pojemność dysku (GB)", NUMBER),
    SheetColumn(
        "storage_type", "Rodzaj dysku", CHOICE, 14, {"SSD": StorageType.SSD, "HDD": StorageType.HDD}
    ),
    SheetColumn("ports", "Liczba portów USB", NUMBER),
    SheetColumn("wifi_generation", "Standard Wi-Fi", NUMBER),
    SheetColumn("bluetooth_version", "Wersja Bluetooth", VERSION),
    SheetColumn("has_camera", "Kamera", CHOICE, 12, YES_NO),
    SheetColumn("has_microphone", "Mikrofon", CHOICE, 12, YES_NO),
    SheetColumn("os", "System operacyjny", width=22),
    SheetColumn("has_internet", "Podłączony do internetu", CHOICE, 14, YES_NO),
    SheetColumn("screen_inches", "Przekątna ekranu (cale)", NUMBER),
    SheetColumn("funding_source", "Źródło finansowania", width=24),
    SheetColumn(
        "exemption",
        "Zwolnienie z wymagań",
        CHOICE,
        22,
        {
            "sprzęt dla klas I–III": ExemptionReason.GRADES_1_3,
            "sprzęt z darowizny": ExemptionReason.DONATED,
        },
    ),
    SheetColumn("note", "Uwagi", width=40),
)
REQUIRED_COLUMNS: Final = tuple(c for c in COLUMNS if c.field in (None, "kind", "inventory_number"))
KEEPS_WHEN_BLANK: Final = frozenset(
    {"kind", "inventory_number", "status", "purpose", "has_internet"}
)
"""Fields that cannot be empty: a blank cell keeps the value an existing asset has, and a new
asset takes the default (the kind and inventory number of a new asset are required)."""

INSTRUCTIONS: Final = (
    mark("How to fill in the equipment sheet of {school}"),
    mark(
        "Each row of the “{sheet}” sheet is one piece of the school's equipment. Change the "
        "cells that are out of date; add new equipment in the empty rows below, leaving the "
        "first column empty. Do not change the identifier in the first column: it tells which "
        "equipment the row describes. Columns may be moved; rows you delete are not deleted "
        "from hdr-desk. To take equipment out of use, set its status to “wycofany z użytku”."
    ),
    mark(
        "An empty cell means “not recorded”. An empty kind, inventory number, status, purpose "
        "or internet connection keeps what hdr-desk has; new equipment then gets the status "
        "“w użyciu”, the purpose “uczniowie” and internet “tak”, but needs its kind and "
        "inventory number."
    ),
    mark(
        "Upload the file on the equipment page. You will see every error with its row and "
        "column, or a preview of the changes to confirm; nothing is saved before you confirm."
    ),
)
KIND_DESCRIPTIONS: Final = {
    TEXT: mark("Text."),
    NUMBER: mark("A whole number, e.g. 16."),
    VERSION: mark("A version number with at most one decimal place, e.g. 5.1."),
    CHOICE: mark("One of: {choices}."),
}


def cell_value(column: SheetColumn, asset: Asset) -> object:
    """What the sheet shows in `column` for `asset`: the Polish word of a choice, the key for
    the key column, None for a value not recorded."""
    if column.field is None:
        return asset.public_id
    value = getattr(asset, column.field)
    if value is None:
        return None
    if column.kind == CHOICE:
        return next(word for word, meant in column.words.items() if meant == value)
    if isinstance(value, Decimal):
        return float(value)
    return value


async def school_sheet(school: School) -> bytes:
    """The prefilled workbook of `school`'s equipment, ordered by inventory number."""
    assets = await Asset.filter(school_id=school.id).order_by("inventory_number", "id")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _write_header_row(sheet)
    for row, asset in enumerate(assets, start=2):
        for index, column in enumerate(COLUMNS, start=1):
            _write_cell(sheet, row, index, cell_value(column, asset))
    _add_dropdowns(sheet)
    _write_instructions(workbook.create_sheet(INSTRUCTIONS_TITLE), school)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_header_row(sheet: Worksheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = BOLD
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.cell(row=1, column=1).fill = KEY_FILL
    sheet.freeze_panes = "B2"


def _write_cell(sheet: Worksheet, row: int, index: int, value: object) -> None:
    cell = sheet.cell(row=row, column=index)
    if isinstance(value, str):
        # Text from users stays text: never a formula, even once someone edits the cell.
        text = cleaned_text(value)
        cell.value = text
        cell.data_type = "s"
        cell.quotePrefix = needs_text_marking(text)
    else:
        cell.value = value
    if index == 1:
        cell.fill = KEY_FILL


def _add_dropdowns(sheet: Worksheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        if column.kind != CHOICE:
            continue
        letter = get_column_letter(index)
        choices = ", ".join(column.words)
        dropdown = DataValidation(
            type="list",
            formula1='"{}"'.format(",".join(column.words)),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column.header,
            error=translate("Choose one of: {choices}", DEFAULT_LOCALE, choices=choices),
        )
        dropdown.add(f"{letter}2:{letter}{EXCEL_LAST_ROW}")
        sheet.add_data_validation(dropdown)


def _write_instructions(sheet: Worksheet, school: School) -> None:
    heading, *paragraphs = INSTRUCTIONS
    sheet.append([translate(heading, DEFAULT_LOCALE, school=school.name)])
    sheet["A1"].font = BOLD
    for paragraph in paragraphs:
        sheet.append([translate(paragraph, DEFAULT_LOCALE, sheet=SHEET_TITLE)])
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        sheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 75
    sheet.append([])
    sheet.append([translate("The columns:", DEFAULT_LOCALE)])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    for column in COLUMNS:
        sheet.append([column.header, describe(column)])
        sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90


def describe(column: SheetColumn) -> str:
    """What `column` holds, in Polish, for the instructions sheet."""
    if column is KEY:
        return translate(
            "The equipment's identifier in hdr-desk; empty for new equipment. Do not change it.",
            DEFAULT_LOCALE,
        )
    text = translate(
        KIND_DESCRIPTIONS[column.kind], DEFAULT_LOCALE, choices=", ".join(column.words)
    )
    if column in REQUIRED_COLUMNS:
        text = translate("Required for new equipment.", DEFAULT_LOCALE) + " " + text
    return text
