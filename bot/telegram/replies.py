"""Answering the person behind an update, whatever kind of update it is."""

from __future__ import annotations

from telegram import Update

# Telegram shows at most this much of a callback answer (answerCallbackQuery text).
CALLBACK_ANSWER_LIMIT = 200


async def reply(update: Update, text: str) -> None:
    """Plain text back to the chat of a message, or an answer to a button press."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(text)
    elif update.callback_query is not None:
        await update.callback_query.answer(text[:CALLBACK_ANSWER_LIMIT])
