"""The bot's remembered state (per user, per chat, bot-wide, conversations), as JSON rows.

Several bot processes may share one database: a save replaces the whole value of its row in
one statement, so the last writer of a row wins and no writer ever fails on a row another
process created first.
"""

from __future__ import annotations

import json
from typing import Any

from core import clock
from core.models.chat_state import ChatState, ChatStateKind


async def load_chat_states(*, kind: ChatStateKind, key_prefix: str = "") -> dict[str, Any]:
    """Every stored value of `kind` whose key starts with `key_prefix`, by key."""
    rows = await ChatState.filter(kind=kind, key__startswith=key_prefix).values_list("key", "data")
    return dict(rows)


async def load_chat_state(*, kind: ChatStateKind, key: str) -> Any | None:
    """The stored value of `kind` under `key`, or None when there is none."""
    return await ChatState.get_or_none(kind=kind, key=key).values_list("data", flat=True)


async def save_chat_state(*, kind: ChatStateKind, key: str, data: Any) -> None:
    """Stores `data` as the value of `kind` under `key`, replacing any earlier value.

    Raises TypeError when `data` would not read back equal from JSON (a tuple, a datetime,
    a dict with non-string keys, ...); nothing is stored then.
    """
    _require_json(data)
    row = ChatState(kind=kind, key=key, data=data, updated_at=clock.now())
    await ChatState.bulk_create(
        [row], on_conflict=["kind", "key"], update_fields=["data", "updated_at"]
    )


async def delete_chat_state(*, kind: ChatStateKind, key: str) -> None:
    """Forgets the value of `kind` under `key`; nothing happens when there is none."""
    await ChatState.filter(kind=kind, key=key).delete()


def _require_json(data: Any) -> None:
    try:
        survives = json.loads(json.dumps(data)) == data
    except (TypeError, ValueError) as error:
        raise TypeError(f"chat state must be plain JSON: {error}") from error
    if not survives:
        raise TypeError(f"chat state must be plain JSON, and {data!r} changes on the way")
