"""`hdr-desk api-token create | list | revoke`, run as a real process on a SQLite file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from core import db
from core.models import ApiToken, Role
from core.people.api_tokens import user_of_token
from tests.conftest import run_outside_test_loop
from tests.factories import make_user
from tests.test_cli import hdr_desk

EMAIL = "api.robot@szkola.example.pl"
_TOKEN = re.compile(r"API token (\d+) for \S+: (hdr_\S+)")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory migrated by the command line, with a coordinator with EMAIL."""
    workdir = tmp_path_factory.mktemp("api-cli")
    assert hdr_desk(workdir, "migrate").returncode == 0

    async def add_user() -> None:
        async with db.connected(f"sqlite://{workdir / 'data' / 'hdr-desk.sqlite3'}"):
            await make_user(role=Role.COORDINATOR, email=EMAIL, full_name="Robot")

    run_outside_test_loop(add_user())
    return workdir / "data"


@pytest.fixture
def workdir(migrated: Path, tmp_path: Path) -> Path:
    """A scratch directory with its own copy of the migrated data directory."""
    shutil.copytree(migrated, tmp_path / "data")
    return tmp_path


def create(workdir: Path, *args: str) -> tuple[str, str]:
    result = hdr_desk(workdir, "api-token", "create", *args)
    assert result.returncode == 0, result.stderr
    match = _TOKEN.search(result.stdout)
    assert match is not None, result.stdout
    return match.group(1), match.group(2)


def acting_user(workdir: Path, secret: str) -> str | None:
    found: list[str | None] = []

    async def look_up() -> None:
        async with db.connected(f"sqlite://{workdir / 'data' / 'hdr-desk.sqlite3'}"):
            user = await user_of_token(secret)
            found.append(user.email if user else None)

    run_outside_test_loop(look_up())
    return found[0]


def test_a_created_token_acts_as_its_user(workdir: Path) -> None:
    _, secret = create(workdir, "--user", EMAIL, "--name", "Dziennik")

    assert acting_user(workdir, secret) == EMAIL


def test_the_list_shows_tokens_without_their_secret(workdir: Path) -> None:
    token_id, secret = create(workdir, "--user", EMAIL, "--name", "Dziennik")

    listing = hdr_desk(workdir, "api-token", "list").stdout

    assert re.search(rf"^{token_id}\t{EMAIL}\tDziennik\t.*last used never\tactive$", listing, re.M)
    assert secret not in listing


def test_a_revoked_token_stops_working(workdir: Path) -> None:
    token_id, secret = create(workdir, "--user", EMAIL)

    result = hdr_desk(workdir, "api-token", "revoke", token_id)

    assert result.returncode == 0
    assert acting_user(workdir, secret) is None
    assert "revoked" in hdr_desk(workdir, "api-token", "list").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create", "--user", "nobody@szkola.example.pl"), "nobody@szkola.example.pl"),
        (("create", "--user", EMAIL, "--name", "x" * 101), "100"),
        (("revoke", "77"), "77"),
        (("revoke", "99999999999"), "2147483647"),
        (("revoke", "abc"), "valid integer"),
    ],
)
def test_a_bad_command_is_refused_with_its_reason(
    workdir: Path, args: tuple[str, ...], message: str
) -> None:
    result = hdr_desk(workdir, "api-token", *args, COLUMNS="300")

    assert result.returncode != 0
    assert message in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_nothing_is_created_by_a_refused_command(workdir: Path) -> None:
    hdr_desk(workdir, "api-token", "create", "--user", EMAIL, "--name", "x" * 101)

    counted: list[int] = []

    async def count() -> None:
        async with db.connected(f"sqlite://{workdir / 'data' / 'hdr-desk.sqlite3'}"):
            counted.append(await ApiToken.all().count())

    run_outside_test_loop(count())
    assert counted == [0]
