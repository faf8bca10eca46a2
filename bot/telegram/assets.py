"""Equipment in chat, `/sprzet`: find an asset of a school by inventory number, room or kind,
see its card, change its status, room or note, or add a new asset (`asset_adding`).

The buttons of a search's list (`asset.show`) and of a card (`asset.update`, see
`asset_card`) are signed and outlive the conversation that sent them, so they are entry
points. Every change goes through `core.inventory.assets`, which checks who may make it and
records it in the asset's history with the Telegram channel.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.telegram.asset_adding import (
    new_asset,
    new_kind,
    new_model,
    new_number,
    new_room,
    save_new,
    skip_model,
    skip_room,
)
from bot.telegram.asset_card import UPDATE_ACTION, send_card
from bot.telegram.asset_steps import (
    FIELD,
    FIND,
    NEW_CONFIRM,
    NEW_KIND,
    NEW_MODEL,
    NEW_NUMBER,
    NEW_ROOM,
    NOTE,
    ROOM,
    SCHOOL,
    STATUS,
    drop_step,
    kind_rows,
    step,
)
from bot.telegram.buttons import Button, action_pattern
from bot.telegram.context import BotContext
from bot.telegram.conversation import ExclusiveConversation
from bot.telegram.replies import reply
from bot.telegram.steps import (
    IDLE_SECONDS,
    keyboard,
    pressed,
    pressed_school,
    send,
    signed_button,
    type_text,
    typed,
    use_buttons,
    when_idle,
)
from core.errors import DomainError
from core.i18n import mark, translate
from core.inventory.assets import decommission_asset, may_change_equipment, update_asset
from core.inventory.labels import asset_status_label, kind_label
from core.inventory.lookup import (
    SEARCH_LIMIT,
    FoundAssets,
    asset_for_deep_link,
    asset_to_change,
    find_assets_by_kind,
    find_assets_by_text,
)
from core.models import Asset, AssetStatus, Channel, School
from core.overview import active_schools

SHOW_ACTION = "asset.show"
STATUS_CHOICES = (AssetStatus.IN_USE, AssetStatus.IN_REPAIR, AssetStatus.DECOMMISSIONED)
CHANGEABLE_FIELDS = {
    "status": mark("Change the status"),
    "room": mark("Change the room"),
    "note": mark("Change the note"),
}
SEARCH_PROMPT = mark(
    "Type the inventory number (or a part of it) or the room, or choose a kind of equipment."
)
NOTHING_FOUND = mark(
    "Nothing found. Type another inventory number or room, or choose a kind of equipment."
)
MORE_FOUND = mark("Only the first {count} are listed; type more of the number to narrow it down.")
FORGED_BUTTON_TEXT = mark("This button is not valid. Send /sprzet to find the equipment.")
TIMED_OUT_TEXT = mark(
    "The equipment update was left unfinished for a while, so I stopped it. "
    "Send /sprzet to start again."
)


async def _signed(update: Update, context: BotContext) -> Button | None:
    """The pressed button naming an asset, acknowledged; None (and the person told) when
    forged."""
    pressed = await signed_button(update, context, refusal=FORGED_BUTTON_TEXT, arity=1)
    if pressed is None:
        return None
    query, button = pressed
    await query.answer()
    return button


# Finding -------------------------------------------------------------------------------


async def begin(update: Update, context: BotContext) -> int:
    """`/sprzet`: search the person's school; without one, ask which school first."""
    drop_step(context)
    if context.user.school_id is not None:
        step(context)["school_id"] = context.user.school_id
        return await _ask_search(update, context)
    schools = await active_schools()
    rows = [[(school.short_name, f"asset.school:{school.id}")] for school in schools]
    await send(update, context, translate("Which school's equipment?"), keyboard(rows))
    return SCHOOL


async def choose_school(update: Update, context: BotContext) -> int:
    """A school button: remember it, ask what to look for."""
    school_id = await pressed_school(update, context)
    if school_id is None:
        return SCHOOL
    step(context)["school_id"] = school_id
    return await _ask_search(update, context)


async def _ask_search(update: Update, context: BotContext, text: str = SEARCH_PROMPT) -> int:
    rows = kind_rows()
    if may_change_equipment(context.user, step(context)["school_id"]):
        rows.append([(translate("Add new equipment"), "asset.new")])
    await send(update, context, translate(text), keyboard(rows))
    return FIND


async def search_text(update: Update, context: BotContext) -> int:
    """A typed inventory number or room: the assets that match."""
    school = await School.get(id=step(context)["school_id"])
    try:
        found = await find_assets_by_text(viewer=context.user, school=school, text=typed(update))
    except DomainError as refused:
        await reply(update, refused.translated())
        return FIND
    return await _list(update, context, found)


async def search_kind(update: Update, context: BotContext) -> int:
    """A kind button: the assets of that kind."""
    kind = await pressed(update)
    school = await School.get(id=step(context)["school_id"])
    try:
        found = await find_assets_by_kind(viewer=context.user, school=school, kind=kind)
    except DomainError as refused:
        await reply(update, refused.translated())
        return FIND
    return await _list(update, context, found)


async def _list(update: Update, context: BotContext, found: FoundAssets) -> int:
    if not found.assets:
        return await _ask_search(update, context, NOTHING_FOUND)
    rows = [
        [(_list_label(asset), context.buttons.pack(SHOW_ACTION, asset.public_id))]
        for asset in found.assets
    ]
    text = translate("Choose the equipment:")
    if found.more:
        text += "\n" + translate(MORE_FOUND, count=SEARCH_LIMIT)
    await send(update, context, text, keyboard(rows))
    return FIND


def _list_label(asset: Asset) -> str:
    parts = [asset.inventory_number, kind_label(asset.kind)]
    if asset.room:
        parts.append(asset.room)
    return " · ".join(parts)


async def show(update: Update, context: BotContext) -> int:
    """An asset's button in a search's list: its card."""
    button = await _signed(update, context)
    if button is None:
        return ConversationHandler.END
    drop_step(context)
    try:
        asset = await asset_for_deep_link(button.args[0], context.user)
    except DomainError as refused:
        await reply(update, refused.translated())
        return ConversationHandler.END
    await send_card(update, context, asset)
    return ConversationHandler.END


# Changing ------------------------------------------------------------------------------


async def start_update(update: Update, context: BotContext) -> int:
    """The card's update button: ask what to change, if the person may change the asset."""
    button = await _signed(update, context)
    if button is None:
        return ConversationHandler.END
    drop_step(context)
    try:
        asset = await asset_to_change(button.args[0], context.user)
    except DomainError as refused:
        await reply(update, refused.translated())
        return ConversationHandler.END
    step(context)["public_id"] = asset.public_id
    rows = [
        [(translate(label), f"asset.field:{field}")] for field, label in CHANGEABLE_FIELDS.items()
    ]
    question = translate("What do you want to change on {asset}?", asset=asset.inventory_number)
    await send(update, context, question, keyboard(rows))
    return FIELD


async def choose_field(update: Update, context: BotContext) -> int:
    """A field button: ask for its new value."""
    field = await pressed(update)
    try:
        asset = await asset_to_change(step(context)["public_id"], context.user)
    except DomainError as refused:
        await reply(update, refused.translated())
        return ConversationHandler.END
    if field == "status":
        rows = [
            [(_capitalised(asset_status_label(status)), f"asset.status:{status.value}")]
            for status in STATUS_CHOICES
            if status != asset.status
        ]
        await send(update, context, translate("What is its status now?"), keyboard(rows))
        return STATUS
    if field == "room":
        await send(update, context, translate("Type the room where it is now."))
        return ROOM
    if field == "note":
        clear = keyboard([[(translate("Remove the note"), "asset.note:clear")]])
        await send(update, context, translate("Type the note; it replaces the current one."), clear)
        return NOTE
    await reply(update, translate("Choose with one of the buttons."))
    return FIELD


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


async def choose_status(update: Update, context: BotContext) -> int:
    """A status button: the asset gets that status."""
    value = await pressed(update)
    if value not in {status.value for status in STATUS_CHOICES}:
        await reply(update, translate("Choose with one of the buttons."))
        return STATUS
    return await _change(update, context, STATUS, {"status": value})


async def take_room(update: Update, context: BotContext) -> int:
    """The new room, as typed."""
    return await _change(update, context, ROOM, {"room": typed(update)})


async def take_note(update: Update, context: BotContext) -> int:
    """The new note, as typed."""
    return await _change(update, context, NOTE, {"note": typed(update)})


async def clear_note(update: Update, context: BotContext) -> int:
    """The remove-the-note button: the note is emptied."""
    await pressed(update)
    return await _change(update, context, NOTE, {"note": ""})


async def _change(
    update: Update, context: BotContext, state: int, changes: dict[str, object]
) -> int:
    """Applies `changes` through the core, which records them, and shows the card as saved;
    or shows the refusal and stays in `state`."""
    try:
        asset = await asset_to_change(step(context)["public_id"], context.user)
        if changes.get("status") == AssetStatus.DECOMMISSIONED:
            changed = await decommission_asset(asset, actor=context.user, channel=Channel.TELEGRAM)
        else:
            changed = await update_asset(
                asset, actor=context.user, channel=Channel.TELEGRAM, changes=changes
            )
    except DomainError as refused:
        await reply(update, refused.translated())
        return state
    drop_step(context)
    await changed.fetch_related("school")
    await send_card(update, context, changed, before=translate("Saved."))
    return ConversationHandler.END


# Leaving -------------------------------------------------------------------------------


async def cancel(update: Update, context: BotContext) -> int:
    """`/anuluj` or the Cancel button: nothing is changed."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    drop_step(context)
    await send(update, context, translate("Cancelled. Nothing was changed."))
    return ConversationHandler.END


async def timed_out(update: Update, context: BotContext) -> None:
    """Left idle: what was started is dropped, politely."""
    drop_step(context)
    await send(update, context, translate(TIMED_OUT_TEXT))


def assets_conversation() -> ExclusiveConversation:
    """All wiring of `/sprzet` and of the buttons on asset lists and cards."""
    text = filters.TEXT & ~filters.COMMAND
    wrong_input: BaseHandler[Update, BotContext, object] = MessageHandler(
        filters.ALL & ~filters.COMMAND, use_buttons
    )
    wrong_text: BaseHandler[Update, BotContext, object] = MessageHandler(
        ~filters.TEXT & ~filters.COMMAND, type_text
    )

    def on(
        callback: Any, pattern: str | re.Pattern[str]
    ) -> CallbackQueryHandler[BotContext, object]:
        return CallbackQueryHandler(callback, pattern=pattern)

    return ExclusiveConversation(
        entry_points=[
            CommandHandler("sprzet", begin),
            on(show, action_pattern(SHOW_ACTION)),
            on(start_update, action_pattern(UPDATE_ACTION)),
        ],
        states={
            SCHOOL: [on(choose_school, r"^asset\.school:"), wrong_input],
            FIND: [
                on(search_kind, r"^asset\.kind:"),
                on(new_asset, r"^asset\.new$"),
                MessageHandler(text, search_text),
                wrong_text,
            ],
            FIELD: [on(choose_field, r"^asset\.field:"), wrong_input],
            STATUS: [on(choose_status, r"^asset\.status:"), wrong_input],
            ROOM: [MessageHandler(text, take_room), wrong_text],
            NOTE: [
                MessageHandler(text, take_note),
                on(clear_note, r"^asset\.note:clear$"),
                wrong_text,
            ],
            NEW_KIND: [on(new_kind, r"^asset\.kind:"), wrong_input],
            NEW_NUMBER: [MessageHandler(text, new_number), wrong_text],
            NEW_MODEL: [
                MessageHandler(text, new_model),
                on(skip_model, r"^asset\.skip$"),
                wrong_text,
            ],
            NEW_ROOM: [MessageHandler(text, new_room), on(skip_room, r"^asset\.skip$"), wrong_text],
            NEW_CONFIRM: [
                on(save_new, r"^asset\.save$"),
                on(cancel, r"^asset\.cancel$"),
                wrong_input,
            ],
            ConversationHandler.TIMEOUT: when_idle(timed_out),
        },
        fallbacks=[CommandHandler("anuluj", cancel)],
        conversation_timeout=IDLE_SECONDS,
        allow_reentry=True,
        name="assets",
        persistent=True,
    )
