"""The monthly workbook as a file: safe text, layout, an empty month, how it is written, and
that LibreOffice opens it."""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.clock import ManualClock
from core.errors import InvalidInput
from core.export import Month, write_monthly_workbook
from core.models import School
from core.models import TicketStatus as Status
from tests.conftest import warsaw
from tests.core.export.builders import TicketSpec, exported, store, table
from tests.factories import make_category

OCTOBER = Month(2026, 10)
SHEETS = [
    "Podsumowanie",
    "Zgłoszenia",
    "Szkoły",
    "Kategorie",
    "Inwentaryzacja",
    "HDR",
    "Wskaźniki",
    "Spotkania",
    "Przypomnienia",
]
INJECTIONS = [
    '=HYPERLINK("http://evil.example","Kliknij")',
    "+48 600 100 200",
    "-",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
]


@pytest.fixture
def folder(tmp_path: Path, database: str) -> Path:
    """An empty folder to write workbooks to, beside a connected database."""
    path = tmp_path / "out"
    path.mkdir()
    return path


async def _october_ticket(school: School, **fields: object) -> None:
    spec = TicketSpec(
        school=school,
        category=await make_category(),
        created_at=warsaw(2026, 10, 5, 9, 0),
        first_response_at=warsaw(2026, 10, 5, 10, 0),
        first_response_due_at=warsaw(2026, 10, 5, 13, 0),
    )
    for name, value in fields.items():
        setattr(spec, name, value)
    await store(spec)


@pytest.mark.parametrize("text", INJECTIONS)
async def test_text_that_looks_like_a_formula_comes_back_as_that_text(
    school: School, now: ManualClock, text: str
) -> None:
    await _october_ticket(school, title=text, reporter_name=text)

    workbook = await exported(OCTOBER)

    [row] = list(workbook["Zgłoszenia"].iter_rows(min_row=4, max_row=4))
    title, reporter = row[7], row[8]
    for cell in (title, reporter):
        assert cell.value == text.replace("\r", "\n")  # as any XML reader reads it
        assert cell.data_type == "s"
        assert cell.quotePrefix


async def test_a_school_name_that_looks_like_a_formula_stays_text_in_every_table(
    database: str, now: ManualClock
) -> None:
    school = await School.create(code="x", name="=1+2", short_name="=1+2")
    await _october_ticket(school)

    workbook = await exported(OCTOBER)

    for sheet in ("Zgłoszenia", "Szkoły", "Inwentaryzacja"):
        cells = [c for row in workbook[sheet].iter_rows() for c in row if c.value == "=1+2"]
        assert cells, sheet
        assert all(cell.data_type == "s" for cell in cells)


async def test_characters_a_file_cannot_hold_are_replaced_not_fatal(
    school: School, now: ManualClock
) -> None:
    await _october_ticket(school, title="Drukarka\x07 piszczy\x1b")

    workbook = await exported(OCTOBER)

    assert table(workbook, "Zgłoszenia")[0]["Tytuł"] == "Drukarka\ufffd piszczy\ufffd"


async def test_an_empty_month_gives_every_sheet_saying_there_is_no_data(
    database: str, now: ManualClock
) -> None:
    workbook = await exported(OCTOBER)

    assert workbook.sheetnames == SHEETS
    for sheet in workbook.worksheets:
        texts = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
        assert "Brak danych za ten miesiąc" in texts, sheet.title


async def test_every_sheet_has_a_frozen_filtered_header_and_prints_on_a4_landscape(
    school: School, now: ManualClock
) -> None:
    await _october_ticket(school)

    workbook = await exported(OCTOBER)

    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A4", sheet.title
        assert re.fullmatch(r"A3:[A-Z]+\d+", sheet.auto_filter.ref), sheet.title
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.print_title_rows == "$3:$3"
        assert sheet.column_dimensions["A"].customWidth
    tickets = workbook["Zgłoszenia"]
    assert tickets.auto_filter.ref == "A3:R4"


async def test_numbers_are_numbers_with_formats(school: School, now: ManualClock) -> None:
    await _october_ticket(school)

    workbook = await exported(OCTOBER)

    [row] = list(workbook["Zgłoszenia"].iter_rows(min_row=4, max_row=4))
    hours = row[11]
    assert hours.value == 1.0
    assert hours.data_type == "n"
    assert hours.number_format == "0.0"
    compliance = next(
        r for r in workbook["Podsumowanie"].iter_rows(min_row=4) if r[0].value.startswith("Pierw")
    )
    assert compliance[1].value == 1.0
    assert compliance[1].number_format == "0.0%"


async def test_the_summary_carries_three_native_charts(school: School, now: ManualClock) -> None:
    await _october_ticket(school, resolved_at=warsaw(2026, 10, 6, 9, 0))
    buffer = io.BytesIO()

    await write_monthly_workbook(month=OCTOBER, target=buffer)

    with zipfile.ZipFile(buffer) as archive:
        summary_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        [drawing] = re.findall(
            r'Target="/?(?:xl/)?(?:\.\./)?drawings/(drawing\d+\.xml)"', summary_rels
        )
        drawing_rels = archive.read(f"xl/drawings/_rels/{drawing}.rels").decode()
        charts = re.findall(r"charts/(chart\d+\.xml)", drawing_rels)
        kinds = [
            re.search(r"<(?:c:)?(barChart|lineChart)>", archive.read(f"xl/charts/{c}").decode())
            for c in charts
        ]
    assert [kind.group(1) for kind in kinds if kind] == ["barChart", "barChart", "lineChart"]


async def test_a_month_that_has_not_begun_is_refused_and_the_file_left_alone(
    folder: Path, now: ManualClock
) -> None:
    target = folder / "zestawienie.xlsx"
    target.write_bytes(b"old")

    with pytest.raises(InvalidInput, match="2026-12 has not begun"):
        await write_monthly_workbook(month=Month(2026, 12), target=target)

    assert target.read_bytes() == b"old"
    assert os.listdir(folder) == ["zestawienie.xlsx"]


async def test_a_workbook_written_to_a_path_replaces_it_whole(
    folder: Path, now: ManualClock
) -> None:
    target = folder / "zestawienie.xlsx"
    target.write_bytes(b"old")

    await write_monthly_workbook(month=OCTOBER, target=target)

    assert load_workbook(target).sheetnames == SHEETS
    assert os.listdir(folder) == ["zestawienie.xlsx"]


async def test_a_target_that_cannot_be_written_leaves_nothing_behind(
    folder: Path, now: ManualClock
) -> None:
    target = folder / "a-folder"
    target.mkdir()

    with pytest.raises(IsADirectoryError):
        await write_monthly_workbook(month=OCTOBER, target=target)

    assert os.listdir(folder) == ["a-folder"]
    assert os.listdir(target) == []


async def test_a_target_in_a_missing_folder_is_refused(folder: Path, now: ManualClock) -> None:
    with pytest.raises(FileNotFoundError):
        await write_monthly_workbook(month=OCTOBER, target=folder / "nie-ma" / "z.xlsx")


def _office() -> str:
    program = shutil.which("libreoffice") or shutil.which("soffice")
    if program is None:
        pytest.skip("LibreOffice is not installed (Debian: apt-get install libreoffice-calc)")
    return program


async def test_libreoffice_opens_the_workbook_and_prints_it(
    folder: Path, school: School, now: ManualClock
) -> None:
    office = _office()
    await _october_ticket(school, title='=HYPERLINK("http://evil.example","x")')
    await _october_ticket(school, resolved_at=warsaw(2026, 10, 6, 9, 0))
    workbook = folder / "zestawienie.xlsx"
    await write_monthly_workbook(month=OCTOBER, target=workbook)

    converting = await asyncio.create_subprocess_exec(
        office,
        f"-env:UserInstallation=file://{folder / 'profile'}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(workbook),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(converting.communicate(), timeout=180)

    pdf = folder / "zestawienie.pdf"
    assert converting.returncode == 0, output.decode()
    assert pdf.exists(), output.decode()
    pages = re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())
    assert len(pages) >= len(SHEETS)


async def test_a_ticket_status_is_shown_in_polish(school: School, now: ManualClock) -> None:
    await _october_ticket(school, resolved_at=warsaw(2026, 10, 6, 9, 0))

    workbook = await exported(OCTOBER)

    [row] = table(workbook, "Zgłoszenia")
    assert row["Status"] == "rozwiązane"
    assert row["Rozwiązanie w terminie SLA"] == "Tak"
    assert Status.RESOLVED.value != row["Status"]
