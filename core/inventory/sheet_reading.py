"""Reading an uploaded inventory sheet: the file's checks (size, format, the equipment
sheet, its headers), then each row with something in it, by column.

Headers are matched in any order, with case and spacing ignored; the key, kind and
inventory number columns must be there, any other header must be one of the sheet's, and
a value under no header is refused rather than lost. Every problem is collected before the
file is refused, each with its row and column.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.errors import DomainError, InvalidInput
from core.i18n import mark
from core.inventory.sheet_workbook import COLUMNS, REQUIRED_COLUMNS, SHEET_TITLE, SheetColumn
from core.workbook_cells import NOT_A_WORKBOOK, cell_text, header_key, is_blank, value_at

MAX_UPLOAD_BYTES: Final = 5 * 1024 * 1024
MAX_ROWS: Final = 5000
MAX_COLUMNS: Final = 100
HEADER_ROW: Final = 1
NOT_XLSX: Final = mark(
    "The file is not an XLSX workbook. Save it in Excel as “Excel Workbook (*.xlsx)”."
)


@dataclass(frozen=True)
class CellError:
    """One problem in the sheet: the row, the column's letter and header (None and "" for
    the file as a whole), the cell as written, and what is wrong."""

    row: int | None
    column: str | None
    header: str
    value: str
    problem: DomainError


class SheetRejected(DomainError):
    """The file was refused and nothing was written; `errors` lists every problem found."""

    def __init__(self, message: str, *, errors: Sequence[CellError] = (), **params: object) -> None:
        super().__init__(message, **params)
        self.errors = list(errors)


def rejected(errors: list[CellError]) -> SheetRejected:
    """The refusal of a file listing `errors`."""
    return SheetRejected(
        mark("The file has errors ({count}); nothing was saved."), errors=errors, count=len(errors)
    )


def read_sheet(
    data: bytes,
) -> tuple[dict[SheetColumn, str], list[tuple[int, dict[SheetColumn, object]]]]:
    """The letter of each column found, and each non-empty row (its number and cells)."""
    if not data:
        raise SheetRejected(mark("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise SheetRejected(
            mark("The file is larger than {limit} MB."), limit=MAX_UPLOAD_BYTES // (1024 * 1024)
        )
    headers, filled = _read_table(data)
    positions = _match_headers(headers)
    _refuse_values_without_header(headers, filled)
    rows = [
        (number, {column: value_at(values, index) for column, index in positions.items()})
        for number, values in filled
    ]
    letters = {column: get_column_letter(index + 1) for column, index in positions.items()}
    return letters, rows


def _read_table(data: bytes) -> tuple[tuple[object, ...], list[tuple[int, tuple[object, ...]]]]:
    """The header row of the equipment sheet, and each row with something in it (with its
    number); raises SheetRejected for a file that is not a workbook with that sheet."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except NOT_A_WORKBOOK:
        raise SheetRejected(NOT_XLSX) from None
    try:
        if SHEET_TITLE not in workbook.sheetnames:
            raise SheetRejected(
                mark(
                    "The workbook has no sheet named “{sheet}”. Download the school's sheet "
                    "and fill that one in."
                ),
                sheet=SHEET_TITLE,
            )
        sheet = workbook[SHEET_TITLE]
        # Some programs write a wrong used range; without it every stored cell is read.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        headers = tuple(next(rows, ()))
        filled: list[tuple[int, tuple[object, ...]]] = []
        for number, values in enumerate(rows, start=HEADER_ROW + 1):
            if all(is_blank(value) for value in values):
                continue
            if len(filled) == MAX_ROWS:
                raise SheetRejected(mark("The sheet has more than {limit} rows."), limit=MAX_ROWS)
            filled.append((number, tuple(values)))
        return headers, filled
    except NOT_A_WORKBOOK:
        raise SheetRejected(NOT_XLSX) from None
    finally:
        workbook.close()


def _match_headers(headers: Sequence[object]) -> dict[SheetColumn, int]:
    """Where each column is; raises SheetRejected for unknown, repeated or missing columns."""
    known = {header_key(column.header): column for column in COLUMNS}
    positions: dict[SheetColumn, int] = {}
    errors: list[CellError] = []
    for index, value in enumerate(headers):
        header, letter = cell_text(value), get_column_letter(index + 1)
        column = known.get(header_key(header))
        if not header:
            continue
        if column is None:
            expected = ", ".join(each.header for each in COLUMNS)
            problem = InvalidInput("unknown column; the columns are: {expected}", expected=expected)
            errors.append(CellError(HEADER_ROW, letter, header, header, problem))
        elif column in positions:
            first = get_column_letter(positions[column] + 1)
            problem = InvalidInput("the column repeats column {first}", first=first)
            errors.append(CellError(HEADER_ROW, letter, header, header, problem))
        else:
            positions[column] = index
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            problem = InvalidInput("a required column is missing")
            errors.append(CellError(HEADER_ROW, None, column.header, "", problem))
    if errors:
        raise rejected(errors)
    return positions


def _refuse_values_without_header(
    headers: tuple[object, ...], filled: list[tuple[int, tuple[object, ...]]]
) -> None:
    """Raises SheetRejected for each cell written under no header: it would be lost."""
    errors = [
        CellError(
            number,
            get_column_letter(index + 1),
            "",
            cell_text(value),
            InvalidInput("values in a column without a header"),
        )
        for number, values in filled
        for index, value in enumerate(values)
        if not is_blank(value) and is_blank(value_at(headers, index))
    ]
    if errors:
        raise rejected(errors)
