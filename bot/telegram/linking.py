"""Who is writing: the gate in front of every handler, linking an account by invite code, and
`/start` with what a deep link carries (an invite code, or a QR label's asset link)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.telegram.asset_card import show_linked_asset
from bot.telegram.context import BotContext
from bot.telegram.replies import reply
from core.errors import DomainError
from core.i18n import translate
from core.inventory.lookup import public_id_in_start_payload
from core.people.invites import redeem_invite
from core.people.users import user_with_telegram_id


def _start_payload(update: Update) -> str | None:
    """What follows `/start` in a message: an invite code or an asset link, as typed or as a
    t.me deep link sends it."""
    message = update.effective_message
    if message is None or not message.text:
        return None
    command, _, payload = message.text.strip().partition(" ")
    if command.split("@", 1)[0] != "/start":
        return None
    return payload.strip() or None


async def gate(update: Update, context: BotContext) -> None:
    """Runs before every handler: answers only private chats and linked users; a stranger
    is told how to get access, unless they are presenting an invite code (`start` tells a
    label's link from a code)."""
    chat, sender = update.effective_chat, update.effective_user
    if chat is None or sender is None:
        raise ApplicationHandlerStop
    if chat.type != ChatType.PRIVATE:
        await reply(update, translate("I only work in private chats. Write to me directly."))
        raise ApplicationHandlerStop
    context.hdr_user = await user_with_telegram_id(sender.id)
    if context.hdr_user is None and _start_payload(update) is None:
        await reply(update, translate(STRANGER_TEXT))
        raise ApplicationHandlerStop


STRANGER_TEXT = (
    "This bot serves the schools of the gmina. To use it, ask the coordinator for an invite "
    "code and send it here as: /start CODE"
)


async def start(update: Update, context: BotContext) -> None:
    """`/start CODE` links the account; `/start a_<id>` (a scanned QR label) shows a linked
    user that asset; `/start` alone greets a linked user."""
    payload = _start_payload(update)
    sender, chat = update.effective_user, update.effective_chat
    if sender is None or chat is None:
        return
    if payload is None:
        await reply(
            update,
            translate(
                "Hello, {name}! Send /pomoc to see what I can do.", name=context.user.full_name
            ),
        )
        return
    public_id = public_id_in_start_payload(payload)
    if public_id is not None:
        if context.hdr_user is None:
            await reply(update, translate(STRANGER_TEXT))
        else:
            await show_linked_asset(update, context, public_id)
        return
    try:
        user = await redeem_invite(
            code=payload, telegram_user_id=sender.id, telegram_chat_id=chat.id
        )
    except DomainError as refused:
        await reply(update, refused.translated())
        return
    context.hdr_user = user
    await reply(
        update,
        translate("Welcome, {name}! Your Telegram account is now linked.", name=user.full_name),
    )
