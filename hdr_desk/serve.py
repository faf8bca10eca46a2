"""Wiring of the long-running commands: `serve` (web and, with a token, the bot on one
event loop) and `bot` (the bot alone)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

import uvicorn
from telegram.ext import Application

from bot.telegram.app import build_application
from core import db
from core.config import Settings
from forms.app import create_app

logger = logging.getLogger(__name__)


async def serve(settings: Settings, *, host: str, port: int) -> None:
    """Web on `host:port`; the Telegram bot too when a token is configured."""
    web = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, manage_database=False), host=host, port=port, proxy_headers=True
        )
    )
    async with db.connected(settings.resolved_database_url), _bot_if_configured(settings):
        await web.serve()


async def run_bot(settings: Settings) -> None:
    """The bot alone, until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with db.connected(settings.resolved_database_url), _polling_bot(settings):
        await stop.wait()


@contextlib.asynccontextmanager
async def _bot_if_configured(settings: Settings) -> AsyncIterator[None]:
    if not settings.telegram_enabled:
        logger.info("Telegram bot is off: HDR_TELEGRAM_TOKEN is not set")
        yield
        return
    async with _polling_bot(settings):
        yield


@contextlib.asynccontextmanager
async def _polling_bot(settings: Settings) -> AsyncIterator[Application]:
    application = build_application(settings)
    async with application:
        await application.start()
        assert application.updater is not None  # built with the default updater
        await application.updater.start_polling()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
