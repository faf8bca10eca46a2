"""Database wiring: the Tortoise configuration, connecting, and applying migrations."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import tortoise.backends.sqlite.executor  # noqa: F401 -- registers the adapters replaced below
from tortoise import Tortoise
from tortoise.migrations.api import migrate

MODELS_APP = "models"

# SQLite keeps datetimes as ISO text and compares them as text. Tortoise converts aware
# datetimes to UTC when saving but passes filter values as given, so a filter with a Warsaw
# time would miss the very row it names. Adapting every aware datetime to UTC keeps saved
# values and compared values in one form. Tortoise adapts no TimeField values at all.
sqlite3.register_adapter(dt.datetime, lambda value: _as_utc(value).isoformat(" "))
sqlite3.register_adapter(dt.time, dt.time.isoformat)


def _as_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC) if value.tzinfo is not None else value


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise configuration for `database_url` (sqlite://… or postgres://…)."""
    return {
        "connections": {"default": _normalise_url(database_url)},
        "apps": {
            MODELS_APP: {
                "models": ["core.models"],
                "default_connection": "default",
                "migrations": "core.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _normalise_url(database_url: str) -> str:
    if database_url.startswith("postgresql://"):
        return "postgres://" + database_url.removeprefix("postgresql://")
    if database_url.startswith("sqlite://") and database_url != "sqlite://:memory:":
        Path(database_url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)
    return database_url


async def apply_migrations(database_url: str) -> None:
    """Bring the schema at `database_url` up to the latest committed migration."""
    try:
        await migrate(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()


async def connect(database_url: str) -> None:
    """Connects this process. The connection is visible to every task of the event loop
    (web requests, bot updates, jobs), not only to the one that connected."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def disconnect() -> None:
    await Tortoise.close_connections()


@asynccontextmanager
async def connected(database_url: str) -> AsyncIterator[None]:
    """Connected to the database for the duration of the block."""
    await connect(database_url)
    try:
        yield
    finally:
        await disconnect()
