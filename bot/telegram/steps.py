"""What the conversations share: sending, reading a pressed button or typed text, the
answers to the wrong kind of input, and the idle timeout."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.telegram.context import BotContext
from bot.telegram.replies import reply
from bot.telegram.sender import send_text
from core.i18n import translate
from core.models import School

# A conversation left alone this long ends, politely.
IDLE_SECONDS = 30 * 60

Rows = list[list[tuple[str, str]]]
"""An inline keyboard as rows of (label, callback data) pairs."""


def keyboard(rows: Rows) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def send(
    update: Update, context: BotContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """`text` to the update's chat, split to Telegram's limit, `markup` under the last part."""
    chat = update.effective_chat
    if chat is not None:
        await send_text(context.bot, chat_id=chat.id, text=text, keyboard=markup)


async def pressed(update: Update) -> str:
    """Acknowledges the pressed button and returns what follows its `prefix:`."""
    query = update.callback_query
    # Routed here by a CallbackQueryHandler, so both are there.
    assert query is not None
    assert query.data is not None
    await query.answer()
    return query.data.partition(":")[2]


def typed(update: Update) -> str:
    """The text of the message; for handlers routed by filters.TEXT."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    return message.text


async def use_buttons(update: Update, context: BotContext) -> None:
    """Anything but a button where a button is expected: say so, stay in the step."""
    await reply(
        update,
        translate("Please use the buttons above, or send /anuluj to cancel.", context.locale),
    )


async def type_text(update: Update, context: BotContext) -> None:
    """Something other than text where text is expected: say so, stay in the step."""
    await reply(
        update, translate("Please type it as text, or send /anuluj to cancel.", context.locale)
    )


def when_idle(
    callback: Callable[[Update, BotContext], Coroutine[Any, Any, Any]],
) -> list[BaseHandler[Update, BotContext, Any]]:
    """The handlers of a conversation's TIMEOUT state: `callback`, whatever the update."""
    return [MessageHandler(filters.ALL, callback), CallbackQueryHandler(callback)]


async def pressed_school(update: Update, context: BotContext) -> int | None:
    """The id of the active school a school button names; None, and the person told to use
    the buttons, when it names none."""
    school_id = await pressed(update)
    if not school_id.isdigit() or not await School.exists(id=int(school_id), is_active=True):
        await reply(update, translate("Choose the school with one of the buttons.", context.locale))
        return None
    return int(school_id)
