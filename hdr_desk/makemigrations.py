"""Writes a migration for model changes with Tortoise's migration framework.

`python -m hdr_desk.makemigrations [NAME]`. The autodetector compares the models with the
committed migrations, so no database is needed (an in-memory SQLite one is used).
"""

from __future__ import annotations

import asyncio
import sys

from tortoise.cli.cli import CLIContext, makemigrations

from core.db import tortoise_config

TORTOISE_ORM = tortoise_config("sqlite://:memory:")


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else None
    context = CLIContext(config=f"{__name__}.TORTOISE_ORM", config_file=None)
    asyncio.run(makemigrations(context, app_labels=(), empty=False, name=name))


if __name__ == "__main__":
    main()
