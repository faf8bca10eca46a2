"""The layout of the XLSX workbooks of schools and users, and blank templates of them.

The columns defined here are the one description of each file: the importer reads them and
the templates are built from them, so a template always imports. Headers, sheet names and
the words offered in the dropdowns are Polish, like the files the coordinator works with;
the help text in the "Instrukcja" sheet goes through the translation catalog.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, mark, translate
from core.models import Channel, Role


@dataclass(frozen=True)
class Column:
    """A column of an import sheet. A required column must be present and filled in.

    `description` is a msgid explaining the column; `choices` are the words offered in the
    template's dropdown; `max_length` limits text that is stored as written.
    """

    header: str
    description: str
    example: str | int
    width: int = 20
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None


ROLE_NAMES = {
    "nauczyciel": Role.TEACHER,
    "dyrektor": Role.DIRECTOR,
    "informatyk": Role.IT,
    "koordynator": Role.COORDINATOR,
}
CHANNEL_NAMES = {"telegram": Channel.TELEGRAM, "e-mail": Channel.EMAIL, "www": Channel.WEB}

SCHOOL_CODE = Column(
    "Kod",
    mark(
        "Required. A short identifier of the school, used to refer to it in other files: "
        "letters a–z, digits, “-” and “_”, at most 32 characters. A school already in hdr-desk "
        "with this code is updated."
    ),
    example="sp1",
    width=12,
    required=True,
    max_length=32,
)
SCHOOL_NAME = Column(
    "Nazwa",
    mark("Required. The full name of the school."),
    example="Szkoła Podstawowa nr 1 w Przykładowie",
    width=50,
    required=True,
    max_length=255,
)
SCHOOL_SHORT_NAME = Column(
    "Nazwa skrócona",
    mark(
        "The name shown in lists, at most 100 characters. When empty, a new school gets its "
        "full name."
    ),
    example="SP 1",
    width=20,
    max_length=100,
)
SCHOOL_ADDRESS = Column(
    "Adres",
    mark("The postal address."),
    example="ul. Szkolna 1, 21-100 Przykładowo",
    width=40,
    max_length=255,
)
SCHOOL_PUPILS = Column(
    "Liczba uczniów", mark("The number of pupils: a whole number, 0 or more."), example=120
)
SCHOOL_COLUMNS = (SCHOOL_CODE, SCHOOL_NAME, SCHOOL_SHORT_NAME, SCHOOL_ADDRESS, SCHOOL_PUPILS)

USER_FULL_NAME = Column(
    "Imię i nazwisko",
    mark("Required. The person's first name and surname."),
    example="Anna Nowak",
    width=30,
    required=True,
)
USER_EMAIL = Column(
    "E-mail",
    mark(
        "Required. The person's e-mail address. A user already in hdr-desk with this address "
        "is updated."
    ),
    example="anna.nowak@sp1.example.pl",
    width=35,
    required=True,
)
USER_ROLE = Column(
    "Rola",
    mark(
        "Required. nauczyciel, dyrektor (both need a school code), informatyk or koordynator "
        "(both work for the whole gmina: leave the school code empty)."
    ),
    example="nauczyciel",
    width=16,
    required=True,
    choices=tuple(ROLE_NAMES),
)
USER_SCHOOL = Column(
    "Kod szkoły",
    mark(
        "The code of the person's school. The school must already be in hdr-desk: import the "
        "schools file first."
    ),
    example="sp1",
    width=14,
)
USER_CHANNEL = Column(
    "Kanał",
    mark(
        "How the person gets messages: telegram, e-mail or www. When empty, a new user gets e-mail."
    ),
    example="e-mail",
    width=12,
    choices=tuple(CHANNEL_NAMES),
)
USER_LOCALE = Column(
    "Język",
    mark("The language of messages: pl or en. When empty, a new user gets pl."),
    example="pl",
    width=10,
    choices=SUPPORTED_LOCALES,
)
USER_COLUMNS = (USER_FULL_NAME, USER_EMAIL, USER_ROLE, USER_SCHOOL, USER_CHANNEL, USER_LOCALE)

SCHOOLS_SHEET = "Szkoły"
USERS_SHEET = "Użytkownicy"
INSTRUCTIONS_SHEET = "Instrukcja"
EXCEL_LAST_ROW = 1_048_576
BOLD = Font(bold=True)
INSTRUCTIONS_INTRO = mark(
    "Fill in the “{sheet}” sheet, one row per school or person, from row 2 on; do not change "
    "row 1. Columns may be in any order. Empty rows are skipped. An empty cell of an optional "
    "column keeps the value an existing school or person has. The file is imported only when "
    "every row is correct: otherwise each error is listed with its row and column and "
    "nothing is imported."
)


def schools_template() -> bytes:
    """A blank schools workbook: the "Szkoły" sheet to fill in and the "Instrukcja" sheet."""
    return _template(SCHOOLS_SHEET, SCHOOL_COLUMNS)


def users_template() -> bytes:
    """A blank users workbook: the "Użytkownicy" sheet to fill in and the "Instrukcja" sheet."""
    return _template(USERS_SHEET, USER_COLUMNS)


def _template(title: str, columns: Sequence[Column]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    _write_header_row(sheet, columns)
    _add_dropdowns(sheet, columns)
    _write_instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), title, columns)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _write_header_row(sheet: Worksheet, columns: Sequence[Column]) -> None:
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = BOLD
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _add_dropdowns(sheet: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        if not column.choices:
            continue
        letter = get_column_letter(index)
        dropdown = DataValidation(
            type="list",
            formula1='"{}"'.format(",".join(column.choices)),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column.header,
            error=translate(
                "Choose one of: {choices}", DEFAULT_LOCALE, choices=", ".join(column.choices)
            ),
        )
        dropdown.add(f"{letter}2:{letter}{EXCEL_LAST_ROW}")
        sheet.add_data_validation(dropdown)


def _write_instructions(sheet: Worksheet, title: str, columns: Sequence[Column]) -> None:
    heading = translate("How to fill in the “{sheet}” sheet", DEFAULT_LOCALE, sheet=title)
    _append(sheet, [heading], bold=True)
    _append(sheet, [translate(INSTRUCTIONS_INTRO, DEFAULT_LOCALE, sheet=title)], wrap=True)
    # The introduction is a paragraph: wrapped across columns A and B, which are the widest.
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
    sheet.row_dimensions[2].height = 90
    _append(sheet, [])
    _append(sheet, [translate("An example row:", DEFAULT_LOCALE)], bold=True)
    _append(sheet, [column.header for column in columns], bold=True)
    _append(sheet, [column.example for column in columns])
    _append(sheet, [])
    _append(sheet, [translate("The columns:", DEFAULT_LOCALE)], bold=True)
    for column in columns:
        _append(sheet, [column.header, translate(column.description, DEFAULT_LOCALE)], wrap=True)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    # Column B also holds the descriptions, column A the headers they describe.
    sheet.column_dimensions["A"].width = max(column.width for column in columns)
    sheet.column_dimensions["B"].width = 80


def _append(
    sheet: Worksheet, values: list[object], *, bold: bool = False, wrap: bool = False
) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if bold:
            cell.font = BOLD
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
