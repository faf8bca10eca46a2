"""Text written outside any conversation. A Telegram reply to a ticket message is a comment
on that ticket. Other text is kept (in `user_data["pending_text"]`) while the person says
whether it is a new report or a comment on one of their open tickets: the bot does not
guess. "New report" belongs to the report conversation, which takes the kept text as the
description; choosing a ticket adds the text to it as a comment.

Messages written one after another are kept as one text, so a thought split over several
messages is not split over several tickets.
"""

from __future__ import annotations

from typing import Any, Final

from telegram import Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.telegram.buttons import action_pattern
from bot.telegram.context import BotContext
from bot.telegram.following import (
    COMMENT_ADDED_TEXT,
    comment_by_telegram,
    inline_keyboard,
    message_key,
    pressed_ticket,
    refuse,
    show_done,
    shown_message,
)
from bot.telegram.replies import reply
from bot.telegram.steps import IDLE_SECONDS
from core import clock
from core.errors import DomainError
from core.i18n import mark, translate
from core.models import Channel, Ticket
from core.tickets import add_comment
from core.tickets.notifications import ticket_of_telegram_message
from core.tickets.queues import open_tickets_reported_by

PENDING_TEXT = "pending_text"
PENDING_TEXT_AT = "pending_text_at"
MAX_TICKET_CHOICES = 8
CHOICE_LABEL_LENGTH = 40
PENDING_ACTION: Final = "tkt.pending"
"""The button that adds the kept text to one of the person's open tickets."""
NEW_REPORT_ACTION: Final = "report.new"
"""The button that starts a report with the kept text as its description."""


def free_text_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """All wiring of free text. The text handler must come after every conversation, so
    that it only gets text none of them is waiting for."""
    return [
        CallbackQueryHandler(comment_with_pending_text, pattern=action_pattern(PENDING_ACTION)),
        MessageHandler(filters.TEXT & ~filters.COMMAND, take_free_text),
    ]


async def take_free_text(update: Update, context: BotContext) -> None:
    """A reply to a ticket message is a comment on that ticket; other text is kept, and the
    person asked what it is."""
    message = update.effective_message
    assert message is not None  # routed here by filters.TEXT
    assert message.text is not None
    replied = message.reply_to_message
    ticket = (
        await ticket_of_telegram_message(chat_id=message.chat_id, message_id=replied.message_id)
        if replied is not None
        else None
    )
    if ticket is not None:
        await _comment_from_reply(update, context, ticket, message)
    else:
        await _ask_what_it_is(update, context, message.text)


async def _comment_from_reply(
    update: Update, context: BotContext, ticket: Ticket, message: Message
) -> None:
    locale = context.user.locale
    assert message.text is not None  # routed here by filters.TEXT
    try:
        ticket = await comment_by_telegram(ticket, context.user, message.text, message_key(message))
    except DomainError as refused:
        await reply(update, refused.translated(locale))
        return
    await reply(update, translate(COMMENT_ADDED_TEXT, locale, number=ticket.number))


async def _ask_what_it_is(update: Update, context: BotContext, text: str) -> None:
    """Keeps `text` (after what was kept a moment ago) and asks what it is."""
    _keep_pending_text(context, text)
    tickets = (await open_tickets_reported_by(context.user))[:MAX_TICKET_CHOICES]
    locale = context.user.locale
    rows = [[(translate("New report", locale), context.buttons.pack(NEW_REPORT_ACTION))]]
    rows += [[(_choice_label(t), context.buttons.pack(PENDING_ACTION, t.id))] for t in tickets]
    question = WHICH_TICKET_TEXT if tickets else NEW_REPORT_TEXT
    if update.effective_chat is not None:
        await update.effective_chat.send_message(
            translate(question, locale), reply_markup=inline_keyboard(rows)
        )


WHICH_TICKET_TEXT = mark("Is this a new report, or a comment on one of your open tickets?")
NEW_REPORT_TEXT = mark("Would you like to report this as a new fault?")


def _keep_pending_text(context: BotContext, text: str) -> None:
    """Messages written one after another are one text; an old, unanswered one is dropped."""
    user_data: dict[str, Any] = context.user_data  # type: ignore[assignment]
    now = clock.now().timestamp()
    kept = user_data.get(PENDING_TEXT)
    if kept and now - user_data.get(PENDING_TEXT_AT, 0) < IDLE_SECONDS:
        text = f"{kept}\n{text}"
    user_data[PENDING_TEXT] = text
    user_data[PENDING_TEXT_AT] = now


def take_pending_text(context: BotContext) -> str | None:
    """The kept text, forgotten here as it is handed over."""
    context.user_data.pop(PENDING_TEXT_AT, None)  # type: ignore[union-attr]
    text: str | None = context.user_data.pop(PENDING_TEXT, None)  # type: ignore[union-attr]
    return text


def _choice_label(ticket: Ticket) -> str:
    label = f"{ticket.number} · {ticket.title}"
    if len(label) <= CHOICE_LABEL_LENGTH:
        return label
    return label[: CHOICE_LABEL_LENGTH - 1].rstrip() + "…"


async def comment_with_pending_text(update: Update, context: BotContext) -> None:
    """One of the person's tickets, chosen for the kept text: it becomes a comment there."""
    pressed = await pressed_ticket(update, context, arity=1)
    if pressed is None:
        return
    query, ticket, _ = pressed
    locale = context.user.locale
    text = context.user_data.get(PENDING_TEXT)  # type: ignore[union-attr]
    if not text:
        await query.answer(translate(TEXT_GONE_TEXT, locale), show_alert=True)
        return
    try:
        ticket = await add_comment(ticket, author=context.user, text=text, channel=Channel.TELEGRAM)
    except DomainError as refused:
        await refuse(query, context, refused)
        return
    take_pending_text(context)
    await query.answer()
    note = translate(COMMENT_ADDED_TEXT, locale, number=ticket.number)
    # The question is answered: none of its buttons applies any more.
    await show_done(context, shown_message(query.message), note, ticket, spent=None)


TEXT_GONE_TEXT = mark("I no longer have that message. Please write it again.")
