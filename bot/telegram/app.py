"""All wiring of the Telegram bot in one builder function."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CommandHandler,
    TypeHandler,
)

from bot.telegram.context import CONTEXT_TYPES, BotContext, HdrApplication
from bot.telegram.linking import gate, start
from bot.telegram.persistence import DatabasePersistence, save_state_after_every_update
from bot.telegram.report import report_conversation
from bot.telegram.tickets import my_tickets, queue
from core.config import Settings
from core.i18n import translate

logger = logging.getLogger(__name__)

GATE_GROUP = -1


def build_application(settings: Settings) -> Application:
    """The bot for `settings.telegram_token`, talking to `settings.telegram_api_url`; what it
    remembers (drafts, conversation steps) is kept in the database."""
    if not settings.telegram_token:
        raise ValueError("HDR_TELEGRAM_TOKEN is not set")
    application = (
        Application.builder()
        .application_class(HdrApplication, kwargs={"settings": settings})
        .token(settings.telegram_token)
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .context_types(CONTEXT_TYPES)
        .persistence(DatabasePersistence())
        .build()
    )
    save_state_after_every_update(application)
    application.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler(["pomoc", "help"], show_help))
    application.add_handler(report_conversation())
    application.add_handler(CommandHandler("moje", my_tickets))
    application.add_handler(CommandHandler("kolejka", queue))
    application.add_error_handler(report_error)
    return application


async def show_help(update: Update, context: BotContext) -> None:
    """`/pomoc`: what the bot can do for this person."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(translate(HELP_TEXT))


HELP_TEXT = (
    "Commands:\n/start CODE: link your account with an invite code\n/zglos: report a fault"
    "\n/anuluj: cancel what you started\n/moje: your open tickets"
    "\n/kolejka: the open queue (IT specialist)\n/pomoc: this help"
)


async def report_error(update: object, context: BotContext) -> None:
    """Logs the failure with its traceback; the person gets a short apology, not silence."""
    logger.error("Telegram update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        await update.effective_message.reply_text(
            translate("Something went wrong on our side. Please try again in a moment.")
        )
