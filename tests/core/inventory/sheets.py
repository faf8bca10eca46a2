"""Editing an inventory sheet the way a director does in Excel: open the downloaded bytes,
change cells by header, add rows, save."""

from __future__ import annotations

import io
from collections.abc import Mapping

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from core.inventory.sheet_workbook import SHEET_TITLE


def open_sheet(data: bytes) -> tuple[Workbook, Worksheet]:
    workbook = load_workbook(io.BytesIO(data))
    return workbook, workbook[SHEET_TITLE]


def saved(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def column_of(sheet: Worksheet, header: str) -> int:
    headers = [cell.value for cell in sheet[1]]
    return headers.index(header) + 1


def row_of(sheet: Worksheet, inventory_number: str) -> int:
    number_column = column_of(sheet, "Numer inwentarzowy")
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=number_column).value == inventory_number:
            return row
    raise AssertionError(f"no row for {inventory_number}")


def edited(data: bytes, changes: Mapping[str, Mapping[str, object]]) -> bytes:
    """`data` with, for each inventory number, the cells under the given headers set."""
    workbook, sheet = open_sheet(data)
    for inventory_number, cells in changes.items():
        row = row_of(sheet, inventory_number)
        for header, value in cells.items():
            # Set directly: `cell(value=None)` would leave the cell as it was.
            sheet.cell(row=row, column=column_of(sheet, header)).value = value
    return saved(workbook)


def with_rows(data: bytes, *rows: Mapping[str, object]) -> bytes:
    """`data` with `rows` (values by header) added below the last row."""
    workbook, sheet = open_sheet(data)
    for cells in rows:
        row = sheet.max_row + 1
        for header, value in cells.items():
            sheet.cell(row=row, column=column_of(sheet, header), value=value)
    return saved(workbook)
