"""`hdr-desk`: the command line of the service."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from core import db
from hdr_desk import serve as serving
from hdr_desk.runtime import settings_or_exit

app = typer.Typer(
    help="hdr-desk: IT tickets, inventory, meetings and HDR deadlines of a gmina's schools.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def migrate() -> None:
    """Apply the committed database migrations (safe to run again)."""
    settings = settings_or_exit()
    asyncio.run(db.apply_migrations(settings.resolved_database_url))
    typer.echo("Database is up to date.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Migrate, then run everything in one process (web on HDR_WEB_HOST:HDR_WEB_PORT)."""
    settings = settings_or_exit()
    asyncio.run(db.apply_migrations(settings.resolved_database_url))
    serving.run(settings, host=host or settings.web_host, port=port or settings.web_port)


if __name__ == "__main__":
    app()
