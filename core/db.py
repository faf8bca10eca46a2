"""Database wiring: the Tortoise configuration, connecting, and applying migrations."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate

MODELS_APP = "models"

# Tortoise's SQLite backend adapts dates and datetimes but not times (TimeField), and
# sqlite3 has no default for them; stored as ISO text, TimeField reads them back.
sqlite3.register_adapter(dt.time, dt.time.isoformat)


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
    await Tortoise.init(config=tortoise_config(database_url))


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
