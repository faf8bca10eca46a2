"""Wiring of the long-running commands: `serve` (web, the scheduler's jobs, the helpdesk
mailbox and, with a token, the bot on one event loop), `bot` (the bot alone, long polling)
and `worker` (the scheduler's jobs and the mailbox alone).

In webhook mode the bot takes its updates from the web application's webhook route, so it
runs only inside `serve`. The webhook stays registered when the process stops: other web
processes may still be receiving through it, and a bot started in polling mode removes it
(`deleteWebhook` is part of PTB's polling start-up).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

import uvicorn
from fastapi import FastAPI
from telegram.ext import Application

from bot.email.files import MailFolderSender
from bot.email.imap import mailbox_reading
from bot.email.smtp import SmtpSender
from bot.telegram.app import build_application
from bot.telegram.context import HdrApplication
from bot.telegram.help import install_command_menu
from bot.telegram.sender import TelegramSender
from bot.telegram.webhook import register_webhook, update_receiver
from core import db
from core.config import Settings, TelegramMode
from core.models import Channel
from core.outbox.delivery import Sender
from forms.app import create_app
from forms.telegram_webhook import TELEGRAM_WEBHOOK_PATH
from scheduler.jobs import build_scheduler, running_scheduler, worker_name

logger = logging.getLogger(__name__)


async def serve(settings: Settings, *, host: str, port: int) -> None:
    """Web on `host:port`, the scheduler's jobs, the helpdesk mailbox when `HDR_IMAP_URL`
    is set, and the Telegram bot when a token is configured."""
    async with (
        db.connected(settings.resolved_database_url),
        _bot_if_configured(settings) as bot,
        _senders(settings, bot) as senders,
        running_scheduler(settings, senders, worker=worker_name()),
        mailbox_reading(settings),
    ):
        web = uvicorn.Server(
            uvicorn.Config(web_app(settings, bot), host=host, port=port, proxy_headers=True)
        )
        await web.serve()


@contextlib.asynccontextmanager
async def _senders(
    settings: Settings, bot: Application | None
) -> AsyncIterator[dict[Channel, Sender]]:
    """The channels this process delivers outbox messages by, for the block: Telegram while
    the bot runs; e-mail through the SMTP server when `HDR_SMTP_HOST` is set, into the mail
    folder otherwise. The SMTP sender's open connections are closed at the end."""
    senders: dict[Channel, Sender] = {}
    if isinstance(bot, HdrApplication):
        senders[Channel.TELEGRAM] = TelegramSender(bot.bot, bot.buttons)
    if not settings.smtp_enabled:
        senders[Channel.EMAIL] = MailFolderSender(settings)
        yield senders
        return
    smtp = SmtpSender(settings)
    senders[Channel.EMAIL] = smtp
    try:
        yield senders
    finally:
        await smtp.aclose()


def web_app(settings: Settings, bot: Application | None) -> FastAPI:
    """The web application of `serve`; in webhook mode it hands Telegram's updates to `bot`."""
    receiver = None
    if bot is not None and settings.telegram_mode is TelegramMode.WEBHOOK:
        receiver = update_receiver(bot)
    return create_app(settings, manage_database=False, telegram_updates=receiver)


def webhook_url(settings: Settings) -> str:
    """Where Telegram posts updates: the webhook route under the public base URL."""
    return settings.base_url.rstrip("/") + TELEGRAM_WEBHOOK_PATH


async def run_bot(settings: Settings) -> None:
    """The bot alone, long polling, until SIGINT or SIGTERM."""
    async with db.connected(settings.resolved_database_url), _polling_bot(settings):
        await _stopped()


async def run_worker(settings: Settings) -> None:
    """The scheduler's jobs and the helpdesk mailbox (when `HDR_IMAP_URL` is set) alone,
    until SIGINT or SIGTERM. Several readers of one mailbox take each message once. With a
    token the worker sends
    Telegram messages through its own bot, which takes no updates: `serve` or `bot` does."""
    async with (
        db.connected(settings.resolved_database_url),
        _sending_bot(settings) as bot,
        _senders(settings, bot) as senders,
        running_scheduler(settings, senders, worker=worker_name()),
        mailbox_reading(settings),
    ):
        await _stopped()


async def run_job(settings: Settings, job_id: str) -> object:
    """Runs the scheduler's job `job_id` once, now, as a worker would; returns what it
    returned. Raises KeyError for an unknown job."""
    async with (
        db.connected(settings.resolved_database_url),
        _sending_bot(settings) as bot,
        _senders(settings, bot) as senders,
    ):
        scheduler = build_scheduler(settings, senders, worker=worker_name())
        job = scheduler.get_job(job_id)
        if job is None:
            raise KeyError(job_id)
        return await job.func(*job.args, **job.kwargs)


async def _stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()


@contextlib.asynccontextmanager
async def _sending_bot(settings: Settings) -> AsyncIterator[Application | None]:
    if not settings.telegram_enabled:
        yield None
        return
    application = build_application(settings)
    async with application:
        yield application


@contextlib.asynccontextmanager
async def _bot_if_configured(settings: Settings) -> AsyncIterator[Application | None]:
    if not settings.telegram_enabled:
        logger.info("Telegram bot is off: HDR_TELEGRAM_TOKEN is not set")
        yield None
        return
    running = webhook_bot if settings.telegram_mode is TelegramMode.WEBHOOK else _polling_bot
    async with running(settings) as application:
        yield application


@contextlib.asynccontextmanager
async def webhook_bot(settings: Settings) -> AsyncIterator[Application]:
    """The bot, handling what the web application's webhook route hands it, with the
    webhook registered at Telegram. That happens before the web server listens; Telegram
    delivers again what it could not deliver then."""
    if not settings.telegram_webhook_secret:
        raise ValueError("HDR_TELEGRAM_WEBHOOK_SECRET: required in webhook mode")
    application = build_application(settings)
    async with application:
        await application.start()
        try:
            await install_command_menu(application)
            await register_webhook(
                application.bot, url=webhook_url(settings), secret=settings.telegram_webhook_secret
            )
            yield application
        finally:
            await application.stop()


@contextlib.asynccontextmanager
async def _polling_bot(settings: Settings) -> AsyncIterator[Application]:
    application = build_application(settings)
    async with application:
        await install_command_menu(application)
        await application.start()
        assert application.updater is not None  # built with the default updater
        await application.updater.start_polling()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
