"""Ticket lists in chat: `/moje` for everyone, `/kolejka` for the IT specialist."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.telegram.context import BotContext
from bot.telegram.replies import reply
from core.config import get_settings
from core.errors import DomainError
from core.i18n import translate
from core.models import Ticket
from core.tickets import priority_label, status_label
from core.tickets.notifications import COMMENT_ACTION
from core.tickets.queues import open_queue, open_tickets_reported_by


async def my_tickets(update: Update, context: BotContext) -> None:
    """`/moje`: the person's open tickets with their status, each with a button to comment."""
    tickets = await open_tickets_reported_by(context.user)
    message = update.effective_message
    if message is None:
        return
    if not tickets:
        await message.reply_text(translate("You have no open tickets."))
        return
    lines = [f"{t.number} · {status_label(t.status)} · {t.title}" for t in tickets]
    buttons = [
        [
            InlineKeyboardButton(
                translate("Add a comment to {number}", number=t.number),
                callback_data=context.buttons.pack(COMMENT_ACTION, t.id),
            )
        ]
        for t in tickets
    ]
    await message.reply_text(
        "\n".join([translate("Your open tickets:"), *lines]),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def queue(update: Update, context: BotContext) -> None:
    """`/kolejka`: all open tickets, most urgent first."""
    try:
        tickets = await open_queue(context.user)
    except DomainError as refused:
        await reply(update, refused.translated())
        return
    if not tickets:
        await reply(update, translate("The queue is empty."))
        return
    await reply(update, "\n".join([translate("Open tickets:"), *map(_queue_line, tickets)]))


def _queue_line(ticket: Ticket) -> str:
    due = ticket.resolution_due_at.astimezone(ZoneInfo(get_settings().timezone))
    return (
        f"{ticket.number} · {priority_label(ticket.priority)} · {ticket.school.short_name} · "
        f"{translate('due {moment}', moment=f'{due:%d.%m %H:%M}')} · {ticket.title}"
    )
