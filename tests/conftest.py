"""Shared fixtures: a migrated database per test (SQLite, and PostgreSQL when
`HDR_TEST_DATABASE_URL` is set), a clock that stands still, and people to act as."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE

from core import clock, db
from core.config import get_settings
from core.models import Role, School, User
from tests.factories import make_school, make_user

WARSAW = ZoneInfo("Europe/Warsaw")
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI nothing may be skipped: a missing service there is a failure, not a skip."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI: {report.longrepr}"


def warsaw(*args: int) -> dt.datetime:
    """A Europe/Warsaw wall-clock moment, e.g. `warsaw(2026, 11, 17, 10, 0)`."""
    return dt.datetime(*args, tzinfo=WARSAW)  # type: ignore[misc]


def run_outside_test_loop(coroutine: Coroutine[object, object, object]) -> None:
    """Runs session set-up on its own loop: it may be first requested from inside a test's."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    run_outside_test_loop(db.apply_migrations(f"sqlite://{path}"))
    return path


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database on the server of `HDR_TEST_DATABASE_URL`."""
    server_url = os.environ.get("HDR_TEST_DATABASE_URL")
    if not server_url:
        if IN_CI:
            pytest.fail("HDR_TEST_DATABASE_URL must be set in CI")
        pytest.skip("PostgreSQL run skipped: set HDR_TEST_DATABASE_URL to include it")
    name = f"hdr_desk_tests_{os.getpid()}"
    admin_url = server_url.replace("postgres://", "postgresql://", 1)

    async def run_admin(statement: str) -> None:
        connection = await asyncpg.connect(admin_url)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    run_outside_test_loop(run_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    run_outside_test_loop(run_admin(f"CREATE DATABASE {name}"))
    url = _with_database(server_url, name)
    run_outside_test_loop(db.apply_migrations(url))
    yield url
    run_outside_test_loop(run_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


async def _empty_all_tables() -> None:
    connection = Tortoise.get_connection("default")
    tables = {model._meta.db_table for model in Tortoise.apps["models"].values()}
    for model in Tortoise.apps["models"].values():
        tables.update(
            field.through
            for field in model._meta.fields_map.values()
            if getattr(field, "through", None)
        )
    quoted = ", ".join(f'"{table}"' for table in sorted(tables))
    await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[str]:
    """A connected, migrated, empty database; yields its URL."""
    # Tortoise caches each model's SQL per connection name, and both backends are named
    # "default": without this, PostgreSQL would be sent SQLite's placeholders.
    EXECUTOR_CACHE.clear()
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(sqlite_template, path)
        url = f"sqlite://{path}"
        await db.connect(url)
    else:
        url = request.getfixturevalue("postgres_url")
        await db.connect(url)
        await _empty_all_tables()
    try:
        yield url
    finally:
        await db.disconnect()


@pytest.fixture
def now() -> Iterator[clock.ManualClock]:
    """The process clock, stopped at Tuesday 17 November 2026, 10:00 in Warsaw."""
    manual = clock.ManualClock(warsaw(2026, 11, 17, 10, 0))
    previous = clock.install(manual)
    yield manual
    clock.install(previous)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data directory (attachments, mail) moved to a fresh temporary folder."""
    monkeypatch.setattr(get_settings(), "data_dir", tmp_path)
    return tmp_path


@pytest.fixture
async def school(database: str) -> School:
    return await make_school()


@pytest.fixture
async def teacher(school: School) -> User:
    return await make_user(role=Role.TEACHER, school=school)


@pytest.fixture
async def director(school: School) -> User:
    return await make_user(role=Role.DIRECTOR, school=school)


@pytest.fixture
async def specialist(database: str) -> User:
    """The municipal IT specialist."""
    return await make_user(role=Role.IT)


@pytest.fixture
async def coordinator(database: str) -> User:
    return await make_user(role=Role.COORDINATOR)
