"""The blank templates are ready to fill in Excel, and what they describe imports."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import Workbook, load_workbook

from core.models import School, User
from core.people.xlsx_import import ImportReport, import_schools, import_users
from core.people.xlsx_templates import schools_template, users_template
from tests.factories import make_school

EXAMPLE_HEADER_ROW = 5
EXAMPLE_ROW = 6


def opened(template: bytes) -> Workbook:
    return load_workbook(io.BytesIO(template))


def with_example_row_filled_in(template: bytes) -> bytes:
    """The template with the example row of its "Instrukcja" sheet copied to its data sheet."""
    workbook = opened(template)
    data_sheet, instructions = workbook.worksheets
    headers = [cell.value for cell in instructions[EXAMPLE_HEADER_ROW] if cell.value]
    assert headers == [cell.value for cell in data_sheet[1]]
    data_sheet.append([cell.value for cell in instructions[EXAMPLE_ROW]][: len(headers)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.mark.parametrize(
    ("template", "title", "headers"),
    [
        (schools_template, "Szkoły", ["Kod", "Nazwa", "Nazwa skrócona", "Adres", "Liczba uczniów"]),
        (
            users_template,
            "Użytkownicy",
            ["Imię i nazwisko", "E-mail", "Rola", "Kod szkoły", "Kanał", "Język"],
        ),
    ],
)
def test_the_data_sheet_has_a_bold_frozen_header_row(
    template: Callable[[], bytes], title: str, headers: list[str]
) -> None:
    sheet = opened(template()).worksheets[0]

    assert sheet.title == title
    assert [cell.value for cell in sheet[1]] == headers
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert all(sheet.column_dimensions[cell.column_letter].width >= 10 for cell in sheet[1])


def test_the_users_template_offers_dropdowns_for_role_channel_and_language() -> None:
    sheet = opened(users_template()).worksheets[0]

    dropdowns = {
        str(validation.sqref).split(":")[0]: validation.formula1
        for validation in sheet.data_validations.dataValidation
    }

    assert dropdowns == {
        "C2": '"nauczyciel,dyrektor,informatyk,koordynator"',
        "E2": '"telegram,e-mail,www"',
        "F2": '"pl,en"',
    }


def test_the_instructions_sheet_explains_every_column_in_polish() -> None:
    workbook = opened(users_template())
    instructions = workbook["Instrukcja"]

    explained = {
        row[0].value: row[1].value
        for row in instructions.iter_rows(min_row=EXAMPLE_ROW + 3)
        if row[0].value
    }

    assert list(explained) == [cell.value for cell in workbook.worksheets[0][1]]
    assert "Wymagane" in explained["E-mail"]
    assert "najpierw" in explained["Kod szkoły"]


async def test_untouched_templates_import_nothing(database: str) -> None:
    assert await import_schools(schools_template()) == ImportReport()
    assert await import_users(users_template()) == ImportReport()


async def test_the_example_school_imports(database: str) -> None:
    report = await import_schools(with_example_row_filled_in(schools_template()))

    assert report == ImportReport(created=1)
    assert await School.filter(code="sp1").exists()


async def test_the_example_user_imports(database: str) -> None:
    await make_school(code="sp1")

    report = await import_users(with_example_row_filled_in(users_template()))

    assert report == ImportReport(created=1)
    assert await User.filter(email="anna.nowak@sp1.example.pl").exists()
