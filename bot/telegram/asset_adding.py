"""Adding an asset in `/sprzet`: its kind, inventory number, make and model, and room, then
a summary to save. Each value is checked by the core as it is given, so a bad one (an
inventory number the school already uses) is refused at once and asked again."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.telegram.asset_card import key_field_lines, send_card
from bot.telegram.asset_steps import (
    FIND,
    NEW_CONFIRM,
    NEW_KIND,
    NEW_MODEL,
    NEW_NUMBER,
    NEW_ROOM,
    drop_step,
    kind_rows,
    step,
)
from bot.telegram.context import BotContext
from bot.telegram.replies import reply
from bot.telegram.steps import keyboard, pressed, send, typed
from core.errors import DomainError
from core.i18n import mark, translate
from core.inventory.assets import (
    checked_new_asset_field,
    create_asset,
    require_may_change_equipment,
)
from core.models import AssetKind, Channel, School

MODEL_PROMPT = mark("Type its make and model (e.g. Epson EB-X41), or press Skip.")
ROOM_PROMPT = mark("Type the room where it is, or press Skip.")


async def new_asset(update: Update, context: BotContext) -> int:
    """The add button: ask the kind, if the person may change the school's equipment."""
    await pressed(update)
    kept = step(context)
    try:
        require_may_change_equipment(context.user, kept["school_id"])
    except DomainError as refused:
        await reply(update, refused.translated())
        return FIND
    kept["new"] = {}
    await send(update, context, translate("What kind of equipment is it?"), keyboard(kind_rows()))
    return NEW_KIND


async def new_kind(update: Update, context: BotContext) -> int:
    """The kind: ask the inventory number."""
    if not await _keep(update, context, "kind", await pressed(update)):
        return NEW_KIND
    await send(update, context, translate("Type its inventory number."))
    return NEW_NUMBER


async def new_number(update: Update, context: BotContext) -> int:
    """The inventory number: ask the make and model."""
    if not await _keep(update, context, "inventory_number", typed(update)):
        return NEW_NUMBER
    return await _ask_optional(update, context, MODEL_PROMPT, NEW_MODEL)


async def new_model(update: Update, context: BotContext) -> int:
    """The make and model, typed as one: the first word is the make, the rest the model."""
    make, _, model = typed(update).strip().partition(" ")
    for field, value in (("make", make), ("model", model.strip())):
        if value and not await _keep(update, context, field, value):
            return NEW_MODEL
    return await _ask_optional(update, context, ROOM_PROMPT, NEW_ROOM)


async def skip_model(update: Update, context: BotContext) -> int:
    """No make and model: ask the room."""
    await pressed(update)
    return await _ask_optional(update, context, ROOM_PROMPT, NEW_ROOM)


async def new_room(update: Update, context: BotContext) -> int:
    """The room: show what will be saved."""
    if not await _keep(update, context, "room", typed(update)):
        return NEW_ROOM
    return await _ask_to_save(update, context)


async def skip_room(update: Update, context: BotContext) -> int:
    """No room: show what will be saved."""
    await pressed(update)
    return await _ask_to_save(update, context)


async def save_new(update: Update, context: BotContext) -> int:
    """Save: the asset is created, its history recorded, and its card shown."""
    await pressed(update)
    kept = step(context)
    drop_step(context)
    try:
        asset = await create_asset(
            school=await School.get(id=kept["school_id"]),
            actor=context.user,
            channel=Channel.TELEGRAM,
            **kept["new"],
        )
    except DomainError as refused:
        await reply(update, refused.translated())
        return ConversationHandler.END
    await asset.fetch_related("school")
    await send_card(update, context, asset, before=translate("Saved."))
    return ConversationHandler.END


async def _ask_optional(update: Update, context: BotContext, prompt: str, state: int) -> int:
    await send(update, context, translate(prompt), keyboard([[(translate("Skip"), "asset.skip")]]))
    return state


async def _keep(update: Update, context: BotContext, field: str, value: str) -> bool:
    """Keeps `value` for `field` of the new asset, or tells the person why it cannot be."""
    kept = step(context)
    school = await School.get(id=kept["school_id"])
    try:
        checked = await checked_new_asset_field(school=school, field=field, value=value)
    except DomainError as refused:
        await reply(update, refused.translated())
        return False
    kept["new"][field] = str(checked)
    return True


async def _ask_to_save(update: Update, context: BotContext) -> int:
    new = step(context)["new"]
    lines = key_field_lines(
        AssetKind(new["kind"]),
        new["inventory_number"],
        new.get("make", ""),
        new.get("model", ""),
        new.get("room", ""),
    )
    text = "\n".join([translate("New equipment:"), *lines, "", translate("Save it?")])
    buttons = [[(translate("Save"), "asset.save"), (translate("Cancel"), "asset.cancel")]]
    await send(update, context, text, keyboard(buttons))
    return NEW_CONFIRM
