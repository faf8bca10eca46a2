"""Running core coroutines from the command line: settings, a connection, clear errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, NoReturn, TypeVar

import typer

from core import db
from core.config import ConfigurationError, Settings, get_settings
from core.errors import DomainError

T = TypeVar("T")

EXIT_REFUSED = 1
EXIT_CONFIGURATION = 2


# Their INFO lines would flood the log: httpx logs every Bot API request, with the bot's
# token in the URL, APScheduler every run of a job that ticks every few seconds, Tortoise
# every connection opened and closed.
QUIET_LOGGERS = ("httpx", "apscheduler", "tortoise")


def configure_logging() -> None:
    """INFO and above to standard error, for the long-running commands."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def run_service(service: Coroutine[Any, Any, None]) -> None:
    """Runs a long-running command's `service` on uvloop's event loop where it exists (not
    on Windows): under load it spends less time per request and per message than asyncio's
    own loop (`benchmarks/web_intake.py`)."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(service)
        return
    uvloop.run(service)


def fail(message: str, code: int = EXIT_REFUSED) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def settings_or_exit() -> Settings:
    """The validated settings, or exit with the one-line reason."""
    try:
        return get_settings()
    except ConfigurationError as error:
        fail(f"Configuration error: {error}", EXIT_CONFIGURATION)


def run_with_database(work: Callable[[], Awaitable[T]]) -> T:
    """Runs `work` connected to the configured database; a refused request exits with its
    translated message instead of a traceback."""
    settings = settings_or_exit()

    async def connected_work() -> T:
        async with db.connected(settings.resolved_database_url):
            return await work()

    try:
        return asyncio.run(connected_work())
    except DomainError as error:
        fail("\n".join([error.translated(settings.locale), *error.details()]))
