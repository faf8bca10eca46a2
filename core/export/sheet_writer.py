"""One worksheet of the monthly workbook, written as a stream (openpyxl's write-only mode).

Every sheet looks the same: a title and a subtitle, then a table whose header row is frozen,
filtered and repeated on each printed page (A4 landscape, as wide as one page). Each column
has a kind that decides how its values are stored and shown: numbers as numbers, times as
real dates in the gmina's local time (Excel has no time zones), text through
`cell_safety`. A row is written the moment it is appended; rows are never kept.

Styled cells are made once per column and reused for every row: the writer serialises a
cell as soon as a row is appended, so the same cell can carry the next row's value. A row's
values become cells in the one pass that hands them to openpyxl (`SheetWriter._cells_of_row`):
at a hundred thousand rows every step per cell counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, auto
from typing import Final
from zoneinfo import ZoneInfo

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.export.cell_safety import is_plain_text, text_cell
from core.export.labels import NO, NO_DATA, YES

A4_PAPER: Final = "9"
FONT_NAME: Final = "Calibri"
"""openpyxl's default font: a styled cell names it too, or LibreOffice picks a serif one."""
HEADER_FONT: Final = Font(name=FONT_NAME, bold=True, color="FFFFFF")
HEADER_FILL: Final = PatternFill("solid", fgColor="1F4E78")
HEADER_ALIGNMENT: Final = Alignment(wrap_text=True, vertical="top")
HEADER_HEIGHT_POINTS: Final = 45
"""Room for a header of three wrapped lines; a streamed sheet cannot fit rows to text."""
TITLE_FONT: Final = Font(name=FONT_NAME, bold=True, size=14)
SUBTITLE_FONT: Final = Font(name=FONT_NAME, italic=True, color="595959")
SECTION_FONT: Final = Font(name=FONT_NAME, bold=True, size=12)
TOTAL_FONT: Final = Font(name=FONT_NAME, bold=True)

_PLAIN_TEXTS_KEPT: Final = 2048
"""How many texts found plain each column remembers (see `SheetWriter._cells_of_row`)."""

CellValue = object
"""What a row may hold: str, int, float, bool, date, aware datetime or None."""


class Kind(Enum):
    """How a column's values are stored and shown."""

    TEXT = auto()
    INTEGER = auto()
    HOURS = auto()
    DECIMAL = auto()
    PERCENT = auto()
    DATE = auto()
    DATETIME = auto()


NUMBER_FORMATS: Final[Mapping[Kind, str]] = {
    Kind.HOURS: "0.0",
    Kind.DECIMAL: "0.00",
    Kind.PERCENT: "0.0%",
    Kind.DATE: "dd.mm.yyyy",
    Kind.DATETIME: "dd.mm.yyyy hh:mm",
}
"""The kinds that need a number format; text and whole numbers show as they are."""


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: Kind = Kind.TEXT


class SheetWriter:
    """Writes one sheet: `start` the table, `append` its rows, `finish` it."""

    def __init__(self, sheet: WriteOnlyWorksheet, zone: ZoneInfo) -> None:
        sheet._values_to_row = self._cells_of_row
        self.sheet = sheet
        self.zone = zone
        self.row = 0
        self._columns: tuple[Column, ...] = ()
        self._templates: list[Cell | None] = []
        self._plain_texts: list[set[str]] = []
        self._header_row = 0
        self._data_rows = 0
        self._in_main_table = True

    def start(self, *, title: str, subtitle: str, columns: Sequence[Column]) -> None:
        """Sets up the page and column widths, writes the title lines and the header row.
        Must come before any other row: widths and frozen panes precede the rows in the
        file."""
        self._columns = tuple(columns)
        for index, column in enumerate(self._columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self._use_columns(self._columns)
        self._header_row = 3
        self.sheet.row_dimensions[self._header_row].height = HEADER_HEIGHT_POINTS
        self.sheet.freeze_panes = f"A{self._header_row + 1}"
        self._set_up_page()
        self.styled_line(title, TITLE_FONT)
        self.styled_line(subtitle, SUBTITLE_FONT)
        self._append_raw([self._styled(column.header, HEADER_FONT) for column in self._columns])

    def append(
        self,
        values: Sequence[CellValue],
        *,
        bold: bool = False,
        kinds: Sequence[Kind] | None = None,
    ) -> None:
        """One table row, each value stored as its column's kind, or as `kinds` says for
        a row of a table whose rows differ in kind. Text that is empty leaves its cell
        blank."""
        if len(values) != len(self._templates):
            raise ValueError(f"{len(values)} values for {len(self._templates)} columns")
        if bold or kinds is not None:
            templates = self._templates if kinds is None else [self._template(k) for k in kinds]
            values = [
                self._own_cell(template, value, bold=bold)
                for template, value in zip(templates, values, strict=True)
            ]
        self._append_raw(values)
        if self._in_main_table:
            self._data_rows += 1

    def section(self, title: str, columns: Sequence[Column]) -> int:
        """Ends the main table and starts a smaller one below it (titled, with its own
        header and column kinds); returns the row number of its header."""
        self._in_main_table = False
        self.blank_line()
        self.styled_line(title, SECTION_FONT)
        self._use_columns(columns)
        self._append_raw([self._styled(column.header, HEADER_FONT) for column in columns])
        return self.row

    def note_if_empty(self, text: str = NO_DATA) -> None:
        """A line saying there is nothing to show, when no row was appended."""
        if self._data_rows == 0:
            self.styled_line(text, SUBTITLE_FONT)

    def styled_line(self, text: str, font: Font) -> None:
        self._append_raw([self._styled(text, font)])

    def blank_line(self) -> None:
        self._append_raw([])

    def finish(self) -> None:
        """Filters the main table's columns over its rows (the header alone when it has
        none)."""
        last_column = get_column_letter(len(self._columns))
        last_row = self._header_row + self._data_rows
        self.sheet.auto_filter.ref = f"A{self._header_row}:{last_column}{last_row}"

    def local(self, moment: dt.datetime) -> dt.datetime:
        """`moment` as the gmina's naive wall time, which is what a spreadsheet shows."""
        local = moment.astimezone(self.zone)
        return dt.datetime.combine(local.date(), local.time())  # cheaper than replace()

    def _set_up_page(self) -> None:
        setup = self.sheet.page_setup
        setup.orientation = "landscape"
        setup.paperSize = A4_PAPER
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        self.sheet.print_title_rows = f"{self._header_row}:{self._header_row}"

    def _append_raw(self, cells: Sequence[object]) -> None:
        self.sheet.append(cells if isinstance(cells, list | tuple) else list(cells))
        self.row += 1

    def _use_columns(self, columns: Sequence[Column]) -> None:
        """Makes `columns` those of the rows appended from now on."""
        self._templates = [self._template(column.kind) for column in columns]
        self._plain_texts = [set() for _ in columns]

    def _template(self, kind: Kind) -> Cell | None:
        if kind not in NUMBER_FORMATS:
            return None
        cell = WriteOnlyCell(self.sheet)
        cell.number_format = NUMBER_FORMATS[kind]
        return cell

    def _styled(self, text: str, font: Font) -> Cell:
        cell = self._bolded(text_cell(self.sheet, text))
        cell.font = font
        if font is HEADER_FONT:
            cell.fill = HEADER_FILL
            cell.alignment = HEADER_ALIGNMENT
        return cell

    def _own_cell(self, template: Cell | None, value: CellValue, *, bold: bool) -> Cell | None:
        """`value` as a cell of its own (not shared by the rows), in its kind's number
        format and in bold when asked."""
        if value is None or value == "":
            return None
        content = self._content(value)
        cell = content if isinstance(content, Cell) else WriteOnlyCell(self.sheet, content)
        if template is not None:
            cell.number_format = template.number_format
        if bold:
            cell.font = TOTAL_FONT
        return cell

    def _content(self, value: CellValue) -> object:
        """What a spreadsheet should hold for `value`: text made safe (a ready cell when
        it needs the quote prefix), Tak/Nie for a bool, a time as local wall time."""
        if isinstance(value, str):
            return text_cell(self.sheet, value)
        if isinstance(value, bool):
            return YES if value else NO
        if isinstance(value, dt.datetime):
            return self.local(value)
        return value

    def _bolded(self, value: object) -> Cell:
        """A cell of its own (styles cannot go on the shared templates) in bold."""
        cell = value if isinstance(value, Cell) else WriteOnlyCell(self.sheet, value)
        cell.font = TOTAL_FONT
        return cell

    def _cells_of_row(self, values: Sequence[object], row_index: int) -> Iterator[Cell]:
        """The cells of an appended row, in place of openpyxl's
        `WriteOnlyWorksheet._values_to_row`: a ready cell (a header, a bold total) is
        placed as it is; a plain value is turned into what the sheet holds (`_content`)
        and carried by its column's shared template cell, or by one plain cell reused
        along the row. openpyxl's own method tries a ready cell as a value first and
        catches the error, and makes a new cell after each styled one; at a hundred
        thousand rows that costs more than the rest of the writing."""
        templates, plain_texts = self._templates, self._plain_texts
        plain = WriteOnlyCell(self.sheet)
        for column_index, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                # A column repeats its texts (schools, categories, statuses): each is
                # checked once.
                known = plain_texts[column_index - 1]
                if value not in known:
                    if not is_plain_text(value):
                        value = text_cell(self.sheet, value)
                    elif len(known) < _PLAIN_TEXTS_KEPT:
                        known.add(value)
            elif type(value) is dt.datetime:  # the commonest of the rest: first
                value = self.local(value)
            elif type(value) is not int and type(value) is not float:  # a bool is no int here
                value = self._content(value)
            if isinstance(value, Cell):
                cell = value
            else:  # `append` saw to it that the row has a value for each template
                cell = templates[column_index - 1] or plain
                cell.value = value
            cell.column = column_index
            cell.row = row_index
            yield cell
            if cell is plain and plain.has_style:  # e.g. a date in a column of no date kind
                plain = WriteOnlyCell(self.sheet)
