"""What the steps of `/sprzet` share: their states and what is kept between them.

What is kept lives in `user_data` under STEP as plain JSON values, so the persistence keeps it
across a restart: `school_id` (whose equipment), `public_id` (the asset being changed) and
`new` (the fields of an asset being added, as the core checked them).
"""

from __future__ import annotations

from typing import Any

from bot.telegram.context import BotContext
from core.inventory.labels import kind_label
from core.models import AssetKind

(
    SCHOOL,
    FIND,
    FIELD,
    STATUS,
    ROOM,
    NOTE,
    NEW_KIND,
    NEW_NUMBER,
    NEW_MODEL,
    NEW_ROOM,
    NEW_CONFIRM,
) = range(11)
STEP = "asset_step"


def step(context: BotContext) -> dict[str, Any]:
    """What the steps so far have kept."""
    kept: dict[str, Any] = context.user_data.setdefault(STEP, {})  # type: ignore[union-attr]
    return kept


def drop_step(context: BotContext) -> None:
    context.user_data.pop(STEP, None)  # type: ignore[union-attr]


def kind_rows() -> list[list[tuple[str, str]]]:
    """A button per kind of equipment, two to a row."""
    buttons = [(kind_label(kind), f"asset.kind:{kind.value}") for kind in AssetKind]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
