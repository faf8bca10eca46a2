"""Sends one outbox message to a Telegram chat.

Raises TransportError on failure, returns the provider's message ids on success.
"""

from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.telegram.buttons import ButtonSigner
from core.models import OutboxMessage
from core.outbox import telegram_buttons
from core.outbox.transport import TransportError

# Telegram refuses longer texts (Bot API: 1-4096 characters after entity parsing).
MESSAGE_LIMIT = 4096
CHAT_GONE = ("chat not found", "user not found", "peer_id_invalid")
"""How Telegram's 400 answers say the chat itself is gone (other 400s refuse a message)."""


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


class TelegramSender:
    """The outbox's Telegram channel: a message goes to the chat in its address, with its
    buttons signed; the provider id is the id of the last part, the one with the buttons."""

    def __init__(self, bot: Bot, signer: ButtonSigner) -> None:
        self._bot = bot
        self._signer = signer

    async def send(self, message: OutboxMessage) -> str:
        sent_ids = await send_outbox_message(self._bot, self._signer, message)
        return str(sent_ids[-1])


async def send_outbox_message(bot: Bot, signer: ButtonSigner, message: OutboxMessage) -> list[int]:
    """Sends a Telegram outbox row to its chat, with its buttons signed by `signer`."""
    return await send_text(
        bot,
        chat_id=int(message.address),
        text=message.body_text,
        keyboard=signed_keyboard(signer, message),
    )


def signed_keyboard(signer: ButtonSigner, message: OutboxMessage) -> InlineKeyboardMarkup | None:
    """The row's buttons as an inline keyboard whose callback data `signer` signed."""
    rows = telegram_buttons(message.payload)
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    button.label, callback_data=signer.pack(button.action, *button.args)
                )
                for button in row
            ]
            for row in rows
        ]
    )


def _classified(error: TelegramError) -> TransportError:
    if isinstance(error, RetryAfter):
        seconds = error.retry_after
        delay = seconds if isinstance(seconds, int | float) else seconds.total_seconds()
        return TransportError(str(error), permanent=False, retry_after=delay)
    # Blocked by the user, chat not found, a malformed request: sending again cannot help,
    # and only the first two say the chat is gone. Network errors, timeouts and 5xx answers
    # (NetworkError) may pass on a later try.
    if isinstance(error, Forbidden):
        return TransportError(str(error), permanent=True)
    if isinstance(error, BadRequest):
        chat_gone = any(sign in error.message.lower() for sign in CHAT_GONE)
        return TransportError(str(error), permanent=True, address_failed=chat_gone)
    return TransportError(str(error), permanent=False)
