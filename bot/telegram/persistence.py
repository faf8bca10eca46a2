"""python-telegram-bot's persistence, kept in our database (the `chat_state` rows).

A restarted bot process starts where the last one stopped: user, chat and bot data,
conversation states and, when enabled, the inline-button callback cache.

Several bot processes on one database share user, chat and bot data. Before each handler
PTB asks the persistence to refresh the data it hands in, and this one reads it back from
the database unless this process has changed it since; and it writes data only when this
process changed it, so a process that merely read a row never overwrites another process's
newer save with its stale copy. Two processes changing one row at once: the last save wins.

Conversation states are different: PTB reads them once, at start-up, and routes each update
by its in-memory copy, offering no hook to reload them. They survive a restart, but a
conversation has to stay with one process while it runs (as it does with one polling bot).

PTB writes everything, conversation states included, only every `update_interval` seconds
and on a clean stop. `save_state_after_every_update` makes an application write what each
update changed as soon as its handlers are done, so that a crash loses nothing either.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BasePersistence,
    CallbackContext,
    PersistenceInput,
    TypeHandler,
)

from core.chat_state import (
    delete_chat_state,
    load_chat_state,
    load_chat_states,
    save_chat_state,
)
from core.models.chat_state import ChatStateKind

JsonDict = dict[str, Any]
# PTB's own names for these live in a private module.
ConversationKey = tuple[int | str, ...]
CallbackCacheData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]

UPDATE_INTERVAL_SECONDS = 5.0

# After every handler group the bot uses, so it sees the states those handlers left.
SAVE_STATE_GROUP = 1000

BOT_DATA_KEY = "bot"
CALLBACK_DATA_KEY = "cache"


class DatabasePersistence(BasePersistence[JsonDict, JsonDict, JsonDict]):
    """Keeps the bot's state in the database through `core.chat_state`.

    Every value must be plain JSON (str, int, float, bool, None, lists, dicts with string
    keys): a save of anything else raises TypeError and stores nothing, and PTB hands that
    error to the application's error handlers. Callback data is not stored unless
    `store_data` asks for it.
    """

    __slots__ = ("_stored",)

    def __init__(
        self,
        *,
        store_data: PersistenceInput | None = None,
        update_interval: float = UPDATE_INTERVAL_SECONDS,
    ) -> None:
        super().__init__(
            store_data=store_data or PersistenceInput(callback_data=False),
            update_interval=update_interval,
        )
        # Each row as this process last read or wrote it. Data equal to it has not been
        # changed here, so a refresh may replace it and a save must not write it.
        self._stored: dict[tuple[ChatStateKind, str], Any] = {}

    async def get_user_data(self) -> dict[int, JsonDict]:
        stored = await self._load_all(ChatStateKind.USER)
        return {int(user_id): data for user_id, data in stored.items()}

    async def get_chat_data(self) -> dict[int, JsonDict]:
        stored = await self._load_all(ChatStateKind.CHAT)
        return {int(chat_id): data for chat_id, data in stored.items()}

    async def get_bot_data(self) -> JsonDict:
        stored = await self._load(ChatStateKind.BOT, BOT_DATA_KEY)
        return stored if stored is not None else {}

    async def get_callback_data(self) -> CallbackCacheData | None:
        stored = await self._load(ChatStateKind.CALLBACK, CALLBACK_DATA_KEY)
        if stored is None:
            return None
        keyboards = [
            (uuid, access_time, buttons) for uuid, access_time, buttons in stored["keyboards"]
        ]
        return keyboards, stored["queries"]

    async def get_conversations(self, name: str) -> dict[ConversationKey, object]:
        stored = await load_chat_states(
            kind=ChatStateKind.CONVERSATION, key_prefix=_conversation_prefix(name)
        )
        return {_conversation_key(row_key): data["state"] for row_key, data in stored.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Stores the state of conversation `name` for `key`; None (the end) forgets it."""
        row_key = _conversation_row_key(name, key)
        if new_state is None:
            await delete_chat_state(kind=ChatStateKind.CONVERSATION, key=row_key)
        else:
            await save_chat_state(
                kind=ChatStateKind.CONVERSATION, key=row_key, data={"state": new_state}
            )

    async def update_user_data(self, user_id: int, data: JsonDict) -> None:
        await self._save(ChatStateKind.USER, str(user_id), data)

    async def update_chat_data(self, chat_id: int, data: JsonDict) -> None:
        await self._save(ChatStateKind.CHAT, str(chat_id), data)

    async def update_bot_data(self, data: JsonDict) -> None:
        await self._save(ChatStateKind.BOT, BOT_DATA_KEY, data)

    async def update_callback_data(self, data: CallbackCacheData) -> None:
        keyboards, queries = data
        as_json = {"keyboards": [list(keyboard) for keyboard in keyboards], "queries": queries}
        await self._save(ChatStateKind.CALLBACK, CALLBACK_DATA_KEY, as_json)

    async def drop_user_data(self, user_id: int) -> None:
        await self._drop(ChatStateKind.USER, str(user_id))

    async def drop_chat_data(self, chat_id: int) -> None:
        await self._drop(ChatStateKind.CHAT, str(chat_id))

    async def refresh_user_data(self, user_id: int, user_data: JsonDict) -> None:
        await self._refresh(ChatStateKind.USER, str(user_id), user_data)

    async def refresh_chat_data(self, chat_id: int, chat_data: JsonDict) -> None:
        await self._refresh(ChatStateKind.CHAT, str(chat_id), chat_data)

    async def refresh_bot_data(self, bot_data: JsonDict) -> None:
        await self._refresh(ChatStateKind.BOT, BOT_DATA_KEY, bot_data)

    async def flush(self) -> None:
        """Nothing to do: every save above has reached the database when it returns."""

    async def _load_all(self, kind: ChatStateKind) -> dict[str, Any]:
        stored = await load_chat_states(kind=kind)
        for key, data in stored.items():
            self._stored[kind, key] = copy.deepcopy(data)
        return stored

    async def _load(self, kind: ChatStateKind, key: str) -> Any | None:
        stored = await load_chat_state(kind=kind, key=key)
        if stored is None:
            self._stored.pop((kind, key), None)
        else:
            self._stored[kind, key] = copy.deepcopy(stored)
        return stored

    async def _refresh(self, kind: ChatStateKind, key: str, data: JsonDict) -> None:
        """Replaces `data` in place with the stored row, unless this process changed `data`
        since it last read or wrote the row: that change is newer, and will be saved."""
        if data != self._stored.get((kind, key), {}):
            return
        stored = await self._load(kind, key)
        data.clear()
        data.update(stored or {})

    async def _save(self, kind: ChatStateKind, key: str, data: Any) -> None:
        if data == self._stored.get((kind, key), {}):
            return
        await save_chat_state(kind=kind, key=key, data=data)
        self._stored[kind, key] = copy.deepcopy(data)

    async def _drop(self, kind: ChatStateKind, key: str) -> None:
        await delete_chat_state(kind=kind, key=key)
        self._stored.pop((kind, key), None)


def save_state_after_every_update(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Makes `application` save the state each update changed once its handlers are done.

    The saving handler runs in group `SAVE_STATE_GROUP`, after the bot's own groups; an update
    whose handling ends with ApplicationHandlerStop is saved at the next interval instead.
    """
    application.add_handler(TypeHandler(Update, _save_state), group=SAVE_STATE_GROUP)


async def _save_state(update: Update, context: CallbackContext[Any, Any, Any, Any]) -> None:
    application = context.application
    # PTB marks an update's user and chat for saving only after its last handler group.
    application.mark_data_for_update_persistence(
        chat_ids=update.effective_chat.id if update.effective_chat else None,
        user_ids=update.effective_user.id if update.effective_user else None,
    )
    await application.update_persistence()


def _conversation_prefix(name: str) -> str:
    return f"[{json.dumps(name)},"


def _conversation_row_key(name: str, key: ConversationKey) -> str:
    return _conversation_prefix(name) + json.dumps(list(key), separators=(",", ":")) + "]"


def _conversation_key(row_key: str) -> ConversationKey:
    _, key = json.loads(row_key)
    return tuple(key)
