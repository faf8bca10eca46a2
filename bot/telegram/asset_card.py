"""An asset's card in chat: what a person is shown of it, and its signed buttons.

"Zgłoś usterkę" (`asset.report`) is where the fault-report conversation starts, with the
asset, its school and room known; "Aktualizuj" (`asset.update`), shown only to those who may
change the asset, starts the update steps of `/sprzet`. A QR label's deep link
(`/start a_<public id>`) shows the same card.
"""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.replies import reply
from bot.telegram.steps import keyboard, send
from core.errors import DomainError
from core.i18n import translate
from core.inventory.assets import may_change_equipment
from core.inventory.labels import asset_status_label, kind_label
from core.inventory.lookup import asset_for_deep_link
from core.models import Asset, AssetKind

REPORT_ACTION = "asset.report"
UPDATE_ACTION = "asset.update"


def key_field_lines(
    kind: AssetKind, inventory_number: str, make: str, model: str, room: str
) -> list[str]:
    """The lines naming an asset: kind and number, then make and model and room when known."""
    lines = [
        translate(
            "{kind}, inventory number {number}", kind=kind_label(kind), number=inventory_number
        )
    ]
    make_and_model = " ".join(part for part in (make, model) if part)
    if make_and_model:
        lines.append(translate("Make and model: {make_model}", make_model=make_and_model))
    if room:
        lines.append(translate("Room: {room}", room=room))
    return lines


def card_text(asset: Asset) -> str:
    """What a person is shown of an asset (its school loaded)."""
    lines = key_field_lines(asset.kind, asset.inventory_number, asset.make, asset.model, asset.room)
    lines.insert(1, translate("School: {school}", school=asset.school.short_name))
    lines.append(translate("Status: {status}", status=asset_status_label(asset.status)))
    if asset.note:
        lines.append(translate("Note: {note}", note=asset.note))
    return "\n".join(lines)


async def send_card(
    update: Update, context: BotContext, asset: Asset, *, before: str | None = None
) -> None:
    """The asset's card (after the line `before`, when given) with its buttons. A long note
    may take the card past Telegram's limit, so it goes out split."""
    rows = [
        [(translate("Report a fault on it"), context.buttons.pack(REPORT_ACTION, asset.public_id))]
    ]
    if may_change_equipment(context.user, asset.school_id):
        rows.append(
            [(translate("Update it"), context.buttons.pack(UPDATE_ACTION, asset.public_id))]
        )
    text = card_text(asset) if before is None else f"{before}\n\n{card_text(asset)}"
    await send(update, context, text, keyboard(rows))


async def show_linked_asset(update: Update, context: BotContext, public_id: str) -> None:
    """The card of the asset a QR label's deep link names, or why it cannot be shown."""
    try:
        asset = await asset_for_deep_link(public_id, context.user)
    except DomainError as refused:
        await reply(update, refused.translated())
        return
    await send_card(update, context, asset)
