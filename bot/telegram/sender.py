"""Sends one outbox message to a Telegram chat.

Raises TransportError on failure, returns the provider's message ids on success.
"""

from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.transport import TransportError

# Telegram refuses longer texts (Bot API: 1-4096 characters after entity parsing).
MESSAGE_LIMIT = 4096


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """`text` in parts of at most `limit` characters, cut at line ends where possible."""
    parts: list[str] = []
    remaining = text
    while len(remaining) > limit:
        cut = remaining.rfind("\n", 0, limit + 1)
        cut = cut if cut > 0 else limit
        parts.append(remaining[:cut])
        remaining = remaining[cut:].lstrip("\n")
    parts.append(remaining)
    return parts


async def send_text(
    bot: Bot, *, chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> list[int]:
    """Sends `text` as plain text (nothing for Telegram to misparse), split to Telegram's
    limit; the keyboard goes with the last part. Returns the sent messages' ids."""
    parts = split_text(text)
    sent_ids = []
    for number, part in enumerate(parts, start=1):
        markup = keyboard if number == len(parts) else None
        try:
            message = await bot.send_message(chat_id=chat_id, text=part, reply_markup=markup)
        except TelegramError as error:
            raise _classified(error) from error
        sent_ids.append(message.message_id)
    return sent_ids


def _classified(error: TelegramError) -> TransportError:
    if isinstance(error, RetryAfter):
        seconds = error.retry_after
        delay = seconds if isinstance(seconds, int | float) else seconds.total_seconds()
        return TransportError(str(error), permanent=False, retry_after=delay)
    # Blocked by the user, chat not found, a malformed request: sending again cannot help.
    # Network errors, timeouts and 5xx answers (NetworkError) may pass on a later try.
    return TransportError(str(error), permanent=isinstance(error, Forbidden | BadRequest))
