"""`hdr-desk`: the command line of the service."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from core import db
from core.config import TelegramMode
from core.seed.demo import seed_demo, seed_reference_data
from hdr_desk import serve as serving
from hdr_desk.cli_api import api_token_app
from hdr_desk.cli_export import export_app
from hdr_desk.cli_obligations import obligations_app
from hdr_desk.cli_people import import_app, invite_app
from hdr_desk.runtime import (
    EXIT_CONFIGURATION,
    configure_logging,
    fail,
    run_service,
    run_with_database,
    settings_or_exit,
)
from scheduler.jobs import build_scheduler, worker_name

app = typer.Typer(
    help="hdr-desk: IT tickets, inventory, meetings and HDR deadlines of a gmina's schools.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(import_app, name="import")
app.add_typer(invite_app, name="invite")
app.add_typer(api_token_app, name="api-token")
app.add_typer(export_app, name="export")
app.add_typer(obligations_app, name="obligations")
jobs_app = typer.Typer(help="The scheduler's jobs.", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")


@app.command()
def migrate() -> None:
    """Apply the committed database migrations (safe to run again)."""
    settings = settings_or_exit()
    asyncio.run(db.apply_migrations(settings.resolved_database_url))
    typer.echo("Database is up to date.")


@app.command()
def seed(
    demo: Annotated[
        bool, typer.Option("--demo", help="Also load the Gmina Lubartów demo data.")
    ] = False,
) -> None:
    """Install reference data (categories, SLA, requirement profiles); idempotent."""
    if not demo:
        run_with_database(seed_reference_data)
        typer.echo("Reference data is installed.")
        return
    report = run_with_database(seed_demo)
    typer.echo(
        f"Demo data: {report.schools} schools, {report.users} users, "
        f"{report.hdr_actions} HDR actions, {report.assets} assets, {report.tickets} tickets, "
        f"{report.meetings} meetings; {report.obligations_created} new obligations."
    )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Migrate, then run web and (when HDR_TELEGRAM_TOKEN is set) the bot in one process."""
    settings = settings_or_exit()
    configure_logging()
    asyncio.run(db.apply_migrations(settings.resolved_database_url))
    run_service(
        serving.serve(settings, host=host or settings.web_host, port=port or settings.web_port)
    )


@app.command()
def bot() -> None:
    """Migrate, then run the Telegram bot alone (long polling; in webhook mode the bot runs
    inside `serve`)."""
    settings = settings_or_exit()
    configure_logging()
    if not settings.telegram_enabled:
        fail("HDR_TELEGRAM_TOKEN is not set: there is no bot to run.", EXIT_CONFIGURATION)
    if settings.telegram_mode is TelegramMode.WEBHOOK:
        fail(
            "HDR_TELEGRAM_MODE is webhook: Telegram posts updates to the web application, "
            "so run `hdr-desk serve`, or set HDR_TELEGRAM_MODE=polling for the bot alone.",
            EXIT_CONFIGURATION,
        )
    asyncio.run(db.apply_migrations(settings.resolved_database_url))
    run_service(serving.run_bot(settings))


@app.command()
def worker() -> None:
    """Migrate, then run the scheduler's jobs alone (outbox delivery), for deployments
    that run web and bot processes apart; several workers may share one PostgreSQL."""
    settings = settings_or_exit()
    configure_logging()
    asyncio.run(db.apply_migrations(settings.resolved_database_url))
    run_service(serving.run_worker(settings))


@jobs_app.command("list")
def list_jobs() -> None:
    """Every job of the scheduler: its name, how often it runs, what it does."""
    for job in build_scheduler(settings_or_exit(), {}, worker=worker_name()).get_jobs():
        typer.echo(f"{job.id:<16} {job.trigger}  {job.name}")


@jobs_app.command("run")
def run_job(
    job: Annotated[str, typer.Argument(help="The job's name, as `jobs list` shows.")],
) -> None:
    """Migrate, then run one job once, now (e.g. deliver what the outbox holds)."""
    settings = settings_or_exit()
    configure_logging()
    asyncio.run(db.apply_migrations(settings.resolved_database_url))
    try:
        result = asyncio.run(serving.run_job(settings, job))
    except KeyError:
        fail(f"No job is called {job!r}; `hdr-desk jobs list` shows them.")
    typer.echo(f"{job}: {result}")


if __name__ == "__main__":
    app()
