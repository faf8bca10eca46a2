"""The Bot API methods the fake answers, and the chats, files and updates they act on."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from core import clock
from tests.telegram.fakebot.protocol import (
    ApiError,
    Json,
    UploadedFile,
    caption,
    inline_markup,
    message_text,
)

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a content and reply markup of the current message"
)


@dataclass(frozen=True)
class StoredFile:
    """A file the server can hand out through `getFile` and the file URL."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    filename: str | None
    mime_type: str

    def describe(self) -> Json:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }


@dataclass
class Chat:
    """One chat's messages, as the bot's and its users' calls leave them."""

    info: Json
    messages: dict[int, Json] = field(default_factory=dict)
    bot_messages: list[Json] = field(default_factory=list)
    next_message_id: int = 1
    handed_out: int = 0  # bot messages already returned by wait_for_sent

    def add(self, sender: Json, content: Json, date: int) -> Json:
        message_id = self.next_message_id
        self.next_message_id += 1
        message = {"message_id": message_id, "from": sender, "chat": self.info, "date": date}
        self.messages[message_id] = message | content
        return self.messages[message_id]


class BotMethods:
    """The Bot API methods by lower-cased name, over in-memory chats, files and updates.

    `FakeBotApi` serves them over HTTP; personas add to the same state from the user's side.
    """

    def __init__(self, *, bot_user: Json) -> None:
        self.bot_user = bot_user
        self.answered_callbacks: list[Json] = []
        self.commands: list[Json] = []
        self.webhook: Json = {}
        self._chats: dict[int, Chat] = {}
        self._files: dict[str, StoredFile] = {}
        self._updates: list[Json] = []
        self._pending_callbacks: set[str] = set()
        self._ids = itertools.count(1)
        self._change = asyncio.Event()
        self._closing = False
        self._methods: dict[str, Callable[[Json], Awaitable[object]]] = {
            "getme": self._get_me,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "getfile": self._get_file,
        }

    def store_file(
        self, content: bytes, *, mime_type: str, folder: str, filename: str | None = None
    ) -> StoredFile:
        """Keeps a file the bot can fetch by its `file_id`."""
        number = next(self._ids)
        suffix = f".{filename.rsplit('.', 1)[-1]}" if filename and "." in filename else ""
        stored = StoredFile(
            file_id=f"file-{number}",
            file_unique_id=f"unique-{number}",
            file_path=f"{folder}/file_{number}{suffix}",
            content=content,
            filename=filename,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        return stored

    def file(self, file_id: str) -> StoredFile:
        return self._files[file_id]

    def _register_chat(self, info: Json) -> Chat:
        return self._chats.setdefault(info["id"], Chat(info))

    def _pulse(self) -> None:
        """Wakes everyone waiting in `_wait_until` to re-check their condition."""
        self._change.set()
        self._change = asyncio.Event()

    async def _wait_until(self, condition: Callable[[], bool]) -> None:
        while not condition():
            await self._change.wait()

    def _now(self) -> int:
        return int(clock.now().timestamp())

    def _enqueue(self, update: Json) -> None:
        self._updates.append({"update_id": next(self._ids)} | update)
        self._pulse()

    def _receive(self, chat: Chat, user: Json, content: Json) -> Json:
        message = chat.add(user, content, self._now())
        self._enqueue({"message": message})
        return message

    def _press(self, user: Json, message: Json, callback_data: str) -> str:
        query_id = f"callback-{next(self._ids)}"
        self._pending_callbacks.add(query_id)
        query = {
            "id": query_id,
            "from": user,
            "message": copy.deepcopy(message),
            "chat_instance": f"instance-{message['chat']['id']}",
            "data": callback_data,
        }
        self._enqueue({"callback_query": query})
        return query_id

    def _chat_for(self, params: Json) -> Chat:
        chat_id = params.get("chat_id")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _message_to_edit(self, params: Json) -> Json:
        message_id = params.get("message_id")
        messages = self._chat_for(params).messages
        message = messages.get(message_id) if isinstance(message_id, int) else None
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    def _post(self, params: Json, content: Json) -> Json:
        chat = self._chat_for(params)
        message = chat.add(self.bot_user, content | inline_markup(params), self._now())
        chat.bot_messages.append(message)
        return message

    def _apply_edit(self, message: Json, changes: Json) -> Json:
        """Telegram drops an inline keyboard that an edit does not repeat."""
        fields = {*changes, "reply_markup"}
        if all(message.get(name) == changes.get(name) for name in fields):
            raise ApiError(400, _NOT_MODIFIED)
        message.pop("reply_markup", None)
        message.update(changes, edit_date=self._now())
        return message

    def _uploaded(self, params: Json, name: str, folder: str) -> StoredFile:
        value = params.get(name)
        if isinstance(value, UploadedFile):
            return self.store_file(
                value.content, mime_type=value.mime_type, folder=folder, filename=value.filename
            )
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    async def _get_me(self, params: Json) -> Json:
        return self.bot_user | {"can_join_groups": True, "can_read_all_group_messages": False}

    async def _delete_webhook(self, params: Json) -> bool:
        self.webhook = {}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _set_webhook(self, params: Json) -> bool:
        self.webhook = params
        return True

    async def _get_webhook_info(self, params: Json) -> Json:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _set_my_commands(self, params: Json) -> bool:
        self.commands = params["commands"]
        return True

    async def _get_updates(self, params: Json) -> list[Json]:
        """Long polling: `offset` confirms the updates below it; waits up to `timeout` s."""
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset", 0))
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(float(params.get("timeout", 0))):
                await self._wait_until(lambda: bool(self._updates) or self._closing)
        return self._updates[: int(params.get("limit", 100))]

    async def _send_message(self, params: Json) -> Json:
        return self._post(params, {"text": message_text(params)})

    async def _send_document(self, params: Json) -> Json:
        stored = self._uploaded(params, "document", "documents")
        document = stored.describe() | {"mime_type": stored.mime_type}
        if stored.filename:
            document["file_name"] = stored.filename
        return self._post(params, {"document": document} | caption(params))

    async def _send_photo(self, params: Json) -> Json:
        size = self._uploaded(params, "photo", "photos").describe() | {"width": 1280, "height": 960}
        return self._post(params, {"photo": [size]} | caption(params))

    async def _edit_message_text(self, params: Json) -> Json:
        message = self._message_to_edit(params)
        if "text" not in message:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        return self._apply_edit(message, {"text": message_text(params)} | inline_markup(params))

    async def _edit_message_reply_markup(self, params: Json) -> Json:
        return self._apply_edit(self._message_to_edit(params), inline_markup(params))

    async def _answer_callback_query(self, params: Json) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self._pending_callbacks:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._pending_callbacks.discard(query_id)
        self.answered_callbacks.append(params)
        return True

    async def _get_file(self, params: Json) -> Json:
        stored = self._files.get(params.get("file_id", ""))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return stored.describe() | {"file_path": stored.file_path}
