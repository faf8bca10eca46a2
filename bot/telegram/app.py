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

from bot.telegram.agenda import agenda_conversation
from bot.telegram.assets import assets_conversation
from bot.telegram.context import CONTEXT_TYPES, BotContext, HdrApplication
from bot.telegram.conversation import make_exclusive
from bot.telegram.following import ticket_button_handlers, ticket_text_conversation
from bot.telegram.free_text import free_text_handlers
from bot.telegram.help import nothing_to_cancel, show_help
from bot.telegram.linking import gate, start
from bot.telegram.persistence import DatabasePersistence, save_state_after_every_update
from bot.telegram.reminders import problem_conversation, reminder_button_handlers
from bot.telegram.report import report_conversation
from bot.telegram.report_command import monthly_report
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
        # Sends evenly spaced, a little under Telegram's 30/s in any one second: PTB's default
        # bucket lets 30 go at once and 30 more within that second, which Telegram refuses.
        .rate_limiter(AIORateLimiter(overall_max_rate=1, overall_time_period=1 / 29, max_retries=3))
        .context_types(CONTEXT_TYPES)
        .persistence(DatabasePersistence())
        .build()
    )
    save_state_after_every_update(application)
    application.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler(["pomoc", "help"], show_help))
    application.add_handlers(ticket_button_handlers())
    application.add_handlers(reminder_button_handlers())
    conversations = [
        report_conversation(),
        assets_conversation(),
        agenda_conversation(),
        ticket_text_conversation(),
        problem_conversation(),
    ]
    make_exclusive(conversations)
    application.add_handlers(conversations)
    application.add_handler(CommandHandler("moje", my_tickets))
    application.add_handler(CommandHandler("kolejka", queue))
    application.add_handler(CommandHandler("raport", monthly_report))
    # After every conversation, so that it only answers when none of them is running.
    application.add_handler(CommandHandler("anuluj", nothing_to_cancel))
    # Last of all: text that no conversation took is asked about, never guessed at.
    application.add_handlers(free_text_handlers())
    application.add_error_handler(report_error)
    return application


async def report_error(update: object, context: BotContext) -> None:
    """Logs the failure with its traceback; the person gets a short apology, not silence."""
    logger.error("Telegram update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        await update.effective_message.reply_text(
            translate("Something went wrong on our side. Please try again in a moment.")
        )
