"""The committed migrations are the schema: they apply cleanly and match the models."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from core.db import MODELS_APP, apply_migrations, tortoise_config


async def test_models_and_committed_migrations_agree(database: str) -> None:
    apps_config = tortoise_config(database)["apps"]
    detector = MigrationAutodetector(Tortoise.apps, apps_config)

    pending = await detector.changes()

    assert [writer.name for writer in pending] == [], (
        "models changed without a migration: run `make migrations`"
    )


async def test_migrating_twice_changes_nothing(database: str) -> None:
    await Tortoise.close_connections()

    await apply_migrations(database)

    await Tortoise.init(config=tortoise_config(database))
    assert MODELS_APP in Tortoise.apps
