"""Webhook mode: Telegram posts each update to the web application, which hands its JSON
here; the running application's handlers then take it from the update queue."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application


async def register_webhook(bot: Bot, *, url: str, secret: str) -> None:
    """Asks Telegram to post every update to `url`, with `secret` in the
    `X-Telegram-Bot-Api-Secret-Token` header (the route refuses requests without it)."""
    await bot.set_webhook(url=url, secret_token=secret)


def update_receiver(
    application: Application[Any, Any, Any, Any, Any, Any],
) -> Callable[[dict[str, Any]], Awaitable[None]]:
    """Puts posted updates on `application`'s queue; its receiver raises ValueError when the
    JSON is not an update."""

    async def receive(data: dict[str, Any]) -> None:
        try:
            update = Update.de_json(data, application.bot)
        # What PTB raises for a malformed update depends on where it breaks (TypeError for a
        # missing field, KeyError, AttributeError for a wrong type, ...).
        except Exception as error:
            raise ValueError("not a Telegram update") from error
        await application.update_queue.put(update)

    return receive
