"""What the conversations share: sending, reading a pressed button or typed text, the
answers to the wrong kind of input, and the idle timeout."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.telegram.buttons import Button
from bot.telegram.context import BotContext
from bot.telegram.conversation import ExclusiveConversation
from bot.telegram.replies import reply
from bot.telegram.sender import send_text
from core.i18n import translate
from core.models import School

# A conversation left alone this long ends, politely.
IDLE_SECONDS = 30 * 60

Rows = list[list[tuple[str, str]]]
"""An inline keyboard as rows of (label, callback data) pairs."""

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]

# The one state of a conversation that asks for a single text.
AWAITING_TEXT = 0


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


async def signed_button(
    update: Update, context: BotContext, *, refusal: str, arity: int, numeric: bool = False
) -> tuple[CallbackQuery, Button] | None:
    """The pressed button with its `arity` arguments (whole numbers when `numeric`), signed by
    us; None, with `refusal` shown to the person, when it is forged or not of that shape.
    A good press is left for the caller to answer, with what it did."""
    query = update.callback_query
    assert query is not None  # routed here by a CallbackQueryHandler
    button = context.buttons.unpack(query.data)
    if (
        button is None
        or len(button.args) != arity
        or (numeric and not all(arg.isdigit() for arg in button.args))
    ):
        await query.answer(translate(refusal, context.locale), show_alert=True)
        return None
    return query, button


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


def when_idle(callback: Callback) -> list[BaseHandler[Update, BotContext, Any]]:
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


def text_step_conversation(
    *,
    name: str,
    entry_point: BaseHandler[Update, BotContext, Any],
    take_text: Callback,
    cancel: Callback,
    finish_first: Callback,
    timed_out: Callback,
) -> ExclusiveConversation:
    """A conversation that asks for one text: `entry_point` asks and returns AWAITING_TEXT,
    `take_text` gets the typed text. `/anuluj` cancels; another command gets `finish_first`,
    so that the text awaited cannot land in another conversation."""
    return ExclusiveConversation(
        entry_points=[entry_point],
        states={
            AWAITING_TEXT: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, take_text),
                MessageHandler(~filters.TEXT & ~filters.COMMAND, type_text),
            ],
            ConversationHandler.TIMEOUT: when_idle(timed_out),
        },
        fallbacks=[
            CommandHandler("anuluj", cancel),
            MessageHandler(filters.COMMAND, finish_first),
        ],
        conversation_timeout=IDLE_SECONDS,
        allow_reentry=True,
        name=name,
        persistent=True,
    )
