"""The `hdr-desk` command line, run as a real process in a scratch directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def hdr_desk(workdir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
    environment |= {"PYTHONPATH": str(PROJECT_ROOT), **env}
    return subprocess.run(
        [sys.executable, "-m", "hdr_desk.cli", *args],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch directory whose default SQLite database holds the demo."""
    workdir = tmp_path_factory.mktemp("cli")
    assert hdr_desk(workdir, "migrate").returncode == 0
    assert hdr_desk(workdir, "seed", "--demo").returncode == 0
    return workdir


@pytest.mark.parametrize(
    "command",
    [(), ("seed",), ("import",), ("import", "users"), ("invite", "create"), ("jobs", "run")],
)
def test_every_command_has_help(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = hdr_desk(tmp_path, *command, "--help")

    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_bad_configuration_stops_with_one_line_naming_the_variable(tmp_path: Path) -> None:
    result = hdr_desk(tmp_path, "migrate", HDR_SMTP_PORT="smtp")

    assert result.returncode == 2
    assert result.stderr.startswith("Configuration error: HDR_SMTP_PORT: ")
    assert result.stderr.count("\n") == 1


def test_migrate_creates_the_default_sqlite_file_under_data(tmp_path: Path) -> None:
    result = hdr_desk(tmp_path, "migrate")

    assert result.returncode == 0
    assert (tmp_path / "data" / "hdr-desk.sqlite3").exists()


def test_seeding_the_demo_again_reports_the_same_data(seeded: Path) -> None:
    result = hdr_desk(seeded, "seed", "--demo")

    assert result.returncode == 0
    assert "7 schools" in result.stdout
    assert "30 HDR actions" in result.stdout
    assert "0 new obligations" in result.stdout


def test_invite_for_a_demo_user_prints_a_code(seeded: Path) -> None:
    result = hdr_desk(seeded, "invite", "create", "anna.nowak@lubartow.example.pl")

    assert result.returncode == 0
    assert result.stdout.startswith("Invite code: ")


def test_invite_for_an_unknown_address_is_refused_in_polish(seeded: Path) -> None:
    result = hdr_desk(seeded, "invite", "create", "nikt@lubartow.example.pl")

    assert result.returncode == 1
    assert "nikt@lubartow.example.pl" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_with_errors_lists_them_and_imports_nothing(seeded: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Imię i nazwisko", "E-mail", "Rola", "Kod szkoły"])
    sheet.append(["Jan Kowalski", "jan.kowalski@lubartow.example.pl", "nauczyciel", "zsp-skrobow"])
    sheet.append(["Ola Zła", "ola@", "nauczyciel", "zsp-skrobow"])
    path = seeded / "users.xlsx"
    workbook.save(path)

    result = hdr_desk(seeded, "import", "users", str(path))
    invite = hdr_desk(seeded, "invite", "create", "jan.kowalski@lubartow.example.pl")

    assert result.returncode == 1
    assert "wiersz 3, kolumna B (E-mail)" in result.stderr
    assert invite.returncode == 1


def test_template_written_by_the_command_imports_cleanly(seeded: Path) -> None:
    template = seeded / "schools.xlsx"

    written = hdr_desk(seeded, "import", "template", "schools", "--out", str(template))
    imported = hdr_desk(seeded, "import", "schools", str(template))

    assert written.returncode == 0
    assert (imported.returncode, imported.stdout.strip()) == (
        0,
        "Imported: 0 created, 0 updated, 0 unchanged.",
    )


def test_jobs_are_listed_by_name() -> None:
    listed = hdr_desk(PROJECT_ROOT, "jobs", "list")

    names = [line.split()[0] for line in listed.stdout.splitlines()]
    assert names == [
        "plan-reminders",
        "send-reminders",
        "watch-sla",
        "send-monthly-summary",
        "apply-retention",
        "deliver-outbox",
    ]


def test_running_the_delivery_job_now_writes_the_queued_mail(seeded: Path) -> None:
    ran = hdr_desk(seeded, "jobs", "run", "deliver-outbox")

    assert ran.returncode == 0, ran.stderr
    delivered = int(ran.stdout.strip().rpartition(": ")[2])
    assert delivered > 0
    assert len(list((seeded / "data" / "mail").glob("*.eml"))) == delivered


def test_running_an_unknown_job_is_refused(tmp_path: Path) -> None:
    ran = hdr_desk(tmp_path, "jobs", "run", "wyslij-wszystko")

    assert ran.returncode == 1
    assert "No job is called 'wyslij-wszystko'" in ran.stderr


def test_a_task_for_every_director_is_added_from_the_command_line(seeded: Path) -> None:
    added = hdr_desk(
        seeded,
        "obligations",
        "add",
        "--title",
        "Zebrać zgody rodziców",
        "--due",
        "2030-01-15",
        "--to-role",
        "director",
        "--all-schools",
    )

    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "7 obligations added, due 15.01.2030."


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--due", "15.01.2030", "--to-role", "director"), "--due: write the date as YYYY-MM-DD"),
        (("--due", "2030-01-15", "--to-email", "nikt@example.pl"), "Nikt nie ma adresu"),
        (("--due", "2030-01-15", "--to-role", "director", "--school", "xx"), "Nie ma szkoły"),
    ],
)
def test_a_bad_task_is_refused_with_one_clear_line(
    seeded: Path, arguments: tuple[str, ...], message: str
) -> None:
    refused = hdr_desk(seeded, "obligations", "add", "--title", "Zadanie", *arguments)

    assert refused.returncode == 1
    assert refused.stderr.startswith(message)
