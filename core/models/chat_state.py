"""What the Telegram bot remembers between updates, kept here so that it survives a restart
and is shared by every bot process on one database."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ChatStateKind(StrEnum):
    USER = "user"
    CHAT = "chat"
    BOT = "bot"
    CONVERSATION = "conversation"
    CALLBACK = "callback"


class ChatState(Model):
    """One piece of bot state, found by its kind and key.

    Per kind: the data of one user or one chat (`key` is its id), the bot-wide data, the
    state of one conversation for one user or chat (`key` names both), or the cache of
    inline-button callback data. `data` is plain JSON.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(ChatStateKind, max_length=16)
    key = fields.CharField(max_length=255)
    data: Any = fields.JSONField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "chat_state"
        unique_together = (("kind", "key"),)
