"""`hdr-desk export monthly`, run as a real process on the demo data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.test_cli import hdr_desk


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch directory whose default SQLite database holds the demo."""
    workdir = tmp_path_factory.mktemp("export")
    assert hdr_desk(workdir, "migrate").returncode == 0
    assert hdr_desk(workdir, "seed", "--demo").returncode == 0
    return workdir


def test_the_workbook_of_a_month_is_written_where_asked(seeded: Path) -> None:
    result = hdr_desk(seeded, "export", "monthly", "--month", "2026-11", "--out", "z.xlsx")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "Written z.xlsx (2026-11).\n"
    workbook = load_workbook(seeded / "z.xlsx")
    assert workbook["Podsumowanie"]["A1"].value == "Zestawienie miesięczne — listopad 2026"
    assert workbook["HDR"].max_row >= 33  # title, subtitle, header and the 30 actions


def test_the_progress_bar_goes_to_standard_error(seeded: Path) -> None:
    result = hdr_desk(seeded, "export", "monthly", "--month", "2026-11", "--out", "p.xlsx")

    assert "Zgłoszenia" in result.stderr
    assert "Zgłoszenia" not in result.stdout


def test_without_a_month_it_is_last_months(seeded: Path) -> None:
    result = hdr_desk(seeded, "export", "monthly", "--out", "last.xlsx")

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"Written last\.xlsx \(\d{4}-\d{2}\)\.\n", result.stdout)


@pytest.mark.parametrize("month", ["2026-13", "listopad", "11-2026"])
def test_a_malformed_month_stops_with_one_line_and_writes_nothing(seeded: Path, month: str) -> None:
    result = hdr_desk(seeded, "export", "monthly", "--month", month, "--out", "bad.xlsx")

    assert result.returncode == 1
    assert (
        result.stderr
        == f"Podaj miesiąc w formacie RRRR-MM, np. {_last_month(seeded)}; podano „{month}”.\n"
    )
    assert not (seeded / "bad.xlsx").exists()


def test_a_month_not_begun_is_refused(seeded: Path) -> None:
    result = hdr_desk(seeded, "export", "monthly", "--month", "2999-01", "--out", "future.xlsx")

    assert result.returncode == 1
    assert result.stderr.startswith("Miesiąc 2999-01 jeszcze się nie zaczął")
    assert result.stderr.count("\n") == 1
    assert not (seeded / "future.xlsx").exists()


def test_a_folder_that_does_not_exist_is_reported_in_one_line(seeded: Path) -> None:
    result = hdr_desk(seeded, "export", "monthly", "--month", "2026-11", "--out", "nie-ma/z.xlsx")

    assert result.returncode == 1
    assert result.stderr.startswith("Cannot write nie-ma/z.xlsx: ")
    assert result.stderr.count("\n") == 1
    assert not (seeded / "nie-ma").exists()


def test_a_folder_as_the_output_is_refused(seeded: Path) -> None:
    (seeded / "folder").mkdir(exist_ok=True)

    result = hdr_desk(seeded, "export", "monthly", "--month", "2026-11", "--out", "folder")

    assert result.returncode == 1
    assert result.stderr == "Cannot write folder: it is a folder.\n"
    assert list((seeded / "folder").iterdir()) == []


def test_export_has_help(tmp_path: Path) -> None:
    result = hdr_desk(tmp_path, "export", "monthly", "--help")

    assert result.returncode == 0
    assert "--month" in result.stdout
    assert "--out" in result.stdout


def _last_month(workdir: Path) -> str:
    """The month the command offers as an example: the last full one, as it reports it."""
    result = hdr_desk(workdir, "export", "monthly", "--out", "example.xlsx")
    match = re.search(r"\((\d{4}-\d{2})\)", result.stdout)
    assert match is not None, result.stderr
    return match[1]
