"""The user's side of a test: personas that talk to the bot, and helpers to read its replies."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application

from tests.telegram.fakebot.methods import BotMethods, Chat
from tests.telegram.fakebot.protocol import Json


class Persona:
    """A Telegram user speaking to the bot in one chat (their private chat, or a group)."""

    def __init__(self, api: BotMethods, user: Json, chat: Chat) -> None:
        self._api = api
        self._chat = chat
        self.user = user

    @property
    def chat_id(self) -> int:
        return int(self._chat.info["id"])

    def in_group(self, chat_id: int, *, title: str) -> Persona:
        """The same user, speaking in the group `chat_id` (group ids are negative)."""
        info = {"id": chat_id, "type": "group", "title": title}
        return Persona(self._api, self.user, self._api._register_chat(info))

    async def send(self, text: str) -> Json:
        """Sends a text message; a leading `/command` is marked as PTB's CommandHandler needs."""
        content: Json = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._api._receive(self._chat, self.user, content)

    async def reply(self, message: Json, text: str) -> Json:
        """Sends `text` as a Telegram reply to `message`, one of this chat's messages; the
        update carries the replied message as it is now, without its own reply."""
        current = self._chat.messages.get(message["message_id"])
        if current is None:
            raise AssertionError(f"no message {message['message_id']} in this chat to reply to")
        replied = {name: value for name, value in current.items() if name != "reply_to_message"}
        return self._api._receive(
            self._chat, self.user, {"text": text, "reply_to_message": copy.deepcopy(replied)}
        )

    async def send_photo(self, content: bytes, *, caption: str | None = None) -> Json:
        """Sends a photo (one size, 1280x960) the bot can fetch with `getFile`."""
        photo = self._api.store_file(content, mime_type="image/jpeg", folder="photos")
        size = photo.describe() | {"width": 1280, "height": 960}
        message: Json = {"photo": [size]} | ({"caption": caption} if caption else {})
        return self._api._receive(self._chat, self.user, message)

    async def send_document(
        self, content: bytes, filename: str, mime_type: str = "application/octet-stream"
    ) -> Json:
        """Sends a file as a document the bot can fetch with `getFile`."""
        stored = self._api.store_file(
            content, mime_type=mime_type, folder="documents", filename=filename
        )
        document = stored.describe() | {"file_name": filename, "mime_type": mime_type}
        return self._api._receive(self._chat, self.user, {"document": document})

    async def press(self, message: Json, callback_data: str) -> str:
        """Presses the inline button carrying `callback_data` on a message the bot sent here.

        Returns the callback query's id; raises AssertionError when the message, as it is
        now, has no such button, as a user could not press it either.
        """
        current = self._chat.messages.get(message["message_id"])
        if current is None or callback_data not in buttons(current).values():
            raise AssertionError(f"no button {callback_data!r} on {current or message}")
        return self._api._press(self.user, current, callback_data)


def buttons(message: Json) -> dict[str, str]:
    """The inline buttons of a message: label → callback_data."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {
        button["text"]: button["callback_data"]
        for row in rows
        for button in row
        if "callback_data" in button
    }


@asynccontextmanager
async def polling(application: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    """Runs `application` in polling mode for the block, then stops it in the right order."""
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0)
        try:
            yield
        finally:
            await application.updater.stop()
            await application.stop()
