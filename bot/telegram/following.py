"""Following tickets in chat: the buttons under ticket messages (`core.tickets.notifications`
sends them) and under `/moje`.

Take (IT), a rating 1–5 and Not resolved (the reporter) act at one press. Ask the reporter,
Resolved (IT) and Add a comment need a text, asked for in a short conversation that
`/anuluj` cancels. Replies to ticket messages and other free text are `free_text`'s.

Buttons are signed, and `core.tickets` decides who may do what. A refused press is answered
with the reason and changes nothing; a done action is shown on the pressed message, which
keeps only the buttons that still apply.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any, Final

from telegram import (
    CallbackQuery,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
)

from bot.telegram.buttons import action_pattern
from bot.telegram.context import BotContext
from bot.telegram.conversation import ExclusiveConversation
from bot.telegram.replies import CALLBACK_ANSWER_LIMIT, reply
from bot.telegram.steps import (
    AWAITING_TEXT,
    Rows,
    keyboard,
    send,
    signed_button,
    text_step_conversation,
)
from core.errors import DomainError, InvalidInput
from core.i18n import mark, translate
from core.models import Channel, Ticket, TicketStatus, User
from core.tickets import add_comment, change_status, rate_ticket, reopen_ticket
from core.tickets.notifications import (
    ASK_ACTION,
    COMMENT_ACTION,
    RATE_ACTION,
    RESOLVE_ACTION,
    TAKE_ACTION,
    UNRESOLVED_ACTION,
)
from core.tickets.service import (
    ask_reporter,
    check_may_ask_reporter,
    check_may_comment,
    check_may_resolve,
    take_ticket,
    ticket_with_id,
)

logger = logging.getLogger(__name__)

STEP = "ticket_step"
TG = Channel.TELEGRAM


def ticket_button_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """All wiring of the one-press ticket buttons; `ticket_text_conversation` asks for the
    texts of the others."""
    return [
        CallbackQueryHandler(take, pattern=action_pattern(TAKE_ACTION)),
        CallbackQueryHandler(rate, pattern=action_pattern(RATE_ACTION)),
        CallbackQueryHandler(not_resolved, pattern=action_pattern(UNRESOLVED_ACTION)),
    ]


# One-press buttons


async def take(update: Update, context: BotContext) -> None:
    """Take: the ticket is assigned to the person who pressed."""
    pressed = await pressed_ticket(update, context, arity=1)
    if pressed is None:
        return
    query, ticket, _ = pressed
    try:
        ticket = await take_ticket(ticket, actor=context.user, channel=TG)
    except DomainError as refused:
        await refuse(query, context, refused)
        return
    await query.answer()
    note = translate("✔ Ticket {number} is yours.", context.locale, number=ticket.number)
    await show_done(context, shown_message(query.message), note, ticket, spent={TAKE_ACTION})


async def rate(update: Update, context: BotContext) -> None:
    """A rating 1–5 of a resolved ticket, by its reporter."""
    pressed = await pressed_ticket(update, context, arity=2)
    if pressed is None:
        return
    query, ticket, [rating] = pressed
    try:
        await rate_ticket(ticket, rater=context.user, rating=rating, channel=TG)
    except DomainError as refused:
        await refuse(query, context, refused)
        return
    await query.answer()
    note = translate("✔ Thank you! Your rating: {rating}/5.", context.locale, rating=rating)
    await show_done(
        context, shown_message(query.message), note, ticket, spent={RATE_ACTION, UNRESOLVED_ACTION}
    )


async def not_resolved(update: Update, context: BotContext) -> None:
    """Not resolved: the ticket is reopened at once; a comment can follow."""
    pressed = await pressed_ticket(update, context, arity=1)
    if pressed is None:
        return
    query, ticket, _ = pressed
    try:
        ticket = await reopen_ticket(ticket, actor=context.user, channel=TG)
    except DomainError as refused:
        await refuse(query, context, refused)
        return
    await query.answer()
    note = translate(REOPENED_TEXT, context.locale, number=ticket.number)
    await show_done(
        context,
        shown_message(query.message),
        note,
        ticket,
        spent={RATE_ACTION, UNRESOLVED_ACTION},
        offer_comment=True,
    )


REOPENED_TEXT = mark(
    "↺ Ticket {number} is open again; the IT specialist will take another look. Press "
    "“Add a comment” to say what still does not work."
)


# Buttons that need a text


@dataclass(frozen=True)
class TextStep:
    """A button that asks for a text before it acts."""

    prompt: str
    done: str
    spent: frozenset[str]
    check: Callable[[Ticket, User], None]
    act: Callable[[Ticket, User, str, str], Awaitable[Ticket]]
    """Does it: (ticket, person, text, the text's Telegram id) → the ticket afterwards."""


def _check_ask(ticket: Ticket, user: User) -> None:
    check_may_ask_reporter(ticket, actor=user)


def _check_resolve(ticket: Ticket, user: User) -> None:
    check_may_resolve(ticket, actor=user)


def _check_comment(ticket: Ticket, user: User) -> None:
    check_may_comment(ticket, author=user)


async def _ask(ticket: Ticket, user: User, text: str, message_key: str) -> Ticket:
    return await ask_reporter(ticket, actor=user, question=text, channel=TG)


async def _resolve(ticket: Ticket, user: User, text: str, message_key: str) -> Ticket:
    return await change_status(
        ticket, to=TicketStatus.RESOLVED, actor=user, channel=TG, comment=text
    )


async def comment_by_telegram(ticket: Ticket, user: User, text: str, message_key: str) -> Ticket:
    return await add_comment(ticket, author=user, text=text, channel=TG, external_id=message_key)


COMMENT_ADDED_TEXT: Final = mark("✔ Comment added to ticket {number}.")

TEXT_STEPS: Final = {
    ASK_ACTION: TextStep(
        prompt=mark("Type your question for the reporter of {number}. Send /anuluj to cancel."),
        done=mark("✔ Question sent. Ticket {number} waits for the reporter's answer."),
        spent=frozenset({TAKE_ACTION, ASK_ACTION}),
        check=_check_ask,
        act=_ask,
    ),
    RESOLVE_ACTION: TextStep(
        prompt=mark("Type in a few words what was done about {number}. Send /anuluj to cancel."),
        done=mark("✔ Ticket {number} is resolved. The reporter will be asked to confirm it."),
        spent=frozenset({TAKE_ACTION, ASK_ACTION, RESOLVE_ACTION}),
        check=_check_resolve,
        act=_resolve,
    ),
    COMMENT_ACTION: TextStep(
        prompt=mark("Type your comment on ticket {number}. Send /anuluj to cancel."),
        done=COMMENT_ADDED_TEXT,
        spent=frozenset(),
        check=_check_comment,
        act=comment_by_telegram,
    ),
}


def ticket_text_conversation() -> ExclusiveConversation:
    """All wiring of the buttons that ask for a text."""
    return text_step_conversation(
        name="ticket_text",
        entry_point=CallbackQueryHandler(ask_for_text, pattern=action_pattern(*TEXT_STEPS)),
        take_text=take_text,
        cancel=cancel,
        finish_first=_type_first,
        timed_out=timed_out,
    )


async def ask_for_text(update: Update, context: BotContext) -> int:
    """Ask, Resolved or Add a comment: when the person may do it, ask for the text."""
    pressed = await pressed_ticket(update, context, arity=1)
    if pressed is None:
        return ConversationHandler.END
    query, ticket, _ = pressed
    button = context.buttons.unpack(query.data)
    assert button is not None  # `pressed_ticket` checked it
    step = TEXT_STEPS[button.action]
    try:
        step.check(ticket, context.user)
    except DomainError as refused:
        await refuse(query, context, refused)
        return ConversationHandler.END
    await query.answer()
    context.user_data[STEP] = {  # type: ignore[index]
        "action": button.action,
        "ticket_id": ticket.id,
        "shown": shown_message(query.message),
    }
    await send(update, context, translate(step.prompt, context.locale, number=ticket.number))
    return AWAITING_TEXT


async def take_text(update: Update, context: BotContext) -> int:
    """The text asked for: the action is done, and shown on the pressed message."""
    message = update.effective_message
    assert message is not None  # routed here by filters.TEXT
    assert message.text is not None
    pending: dict[str, Any] | None = context.user_data.get(STEP)  # type: ignore[union-attr]
    if pending is None:  # the step's data is gone: nothing to do it for
        await reply(update, translate(TIMED_OUT_TEXT, context.locale))
        return ConversationHandler.END
    step = TEXT_STEPS[pending["action"]]
    locale = context.locale
    try:
        ticket = await ticket_with_id(pending["ticket_id"])
        ticket = await step.act(ticket, context.user, message.text, message_key(message))
    except InvalidInput as refused:
        await reply(update, refused.translated(locale))
        return AWAITING_TEXT
    except DomainError as refused:
        await reply(update, refused.translated(locale))
        return _forget_step(context)
    note = translate(step.done, locale, number=ticket.number)
    await show_done(context, pending["shown"], note, ticket, spent=step.spent)
    await reply(update, note)
    return _forget_step(context)


async def cancel(update: Update, context: BotContext) -> int:
    """`/anuluj`: nothing is done; the pressed message keeps its buttons."""
    await reply(update, translate("Cancelled. Nothing was changed.", context.locale))
    return _forget_step(context)


async def timed_out(update: Update, context: BotContext) -> None:
    """Left idle: nothing is done, politely."""
    context.user_data.pop(STEP, None)  # type: ignore[union-attr]
    await send(update, context, translate(TIMED_OUT_TEXT, context.locale))


TIMED_OUT_TEXT = mark(
    "Nothing was typed for a while, so nothing was changed. Press the button again when "
    "you are ready."
)


async def _type_first(update: Update, context: BotContext) -> None:
    """Another command while the text is awaited: finish or cancel first, so the next text
    cannot land in the wrong conversation."""
    await reply(
        update, translate("Type the text first, or send /anuluj to cancel.", context.locale)
    )


def _forget_step(context: BotContext) -> int:
    context.user_data.pop(STEP, None)  # type: ignore[union-attr]
    return ConversationHandler.END


# What the handlers share


async def pressed_ticket(
    update: Update, context: BotContext, *, arity: int
) -> tuple[CallbackQuery, Ticket, list[int]] | None:
    """The ticket of the pressed button and the button's further whole-number arguments;
    None (and the person told) when the button is forged or its ticket is gone."""
    pressed = await signed_button(
        update, context, refusal=INVALID_BUTTON_TEXT, arity=arity, numeric=True
    )
    if pressed is None:
        return None
    query, button = pressed
    ticket_id, *rest = (int(arg) for arg in button.args)
    try:
        ticket = await ticket_with_id(ticket_id)
    except DomainError as refused:
        await refuse(query, context, refused)
        return None
    return query, ticket, rest


INVALID_BUTTON_TEXT = mark("This button is not valid. Nothing was changed.")


async def refuse(query: CallbackQuery, context: BotContext, refused: DomainError) -> None:
    text = refused.translated(context.locale)
    await query.answer(text[:CALLBACK_ANSWER_LIMIT], show_alert=True)


def shown_message(message: MaybeInaccessibleMessage | None) -> dict[str, Any] | None:
    """The pressed message as it looked, kept (as JSON) until the action is done."""
    if not isinstance(message, Message):
        return None
    markup = message.reply_markup
    rows: Rows = [
        [
            (button.text, button.callback_data)
            for button in row
            if isinstance(button.callback_data, str)
        ]
        for row in (markup.inline_keyboard if markup else ())
    ]
    return {
        "chat_id": message.chat_id,
        "message_id": message.message_id,
        "text": message.text or "",
        "keyboard": rows,
    }


async def show_done(
    context: BotContext,
    shown: dict[str, Any] | None,
    note: str,
    ticket: Ticket,
    *,
    spent: Collection[str] | None,
    offer_comment: bool = False,
) -> None:
    """The pressed message with `note` under its text, without the buttons of `ticket`
    whose actions are `spent` (all of them when None), with Add a comment on request."""
    if shown is None:
        return
    rows = _remaining(context, shown["keyboard"], ticket, spent)
    if offer_comment:
        label = translate("Add a comment", context.locale)
        rows.append([(label, context.buttons.pack(COMMENT_ACTION, ticket.id))])
    text = f"{shown['text']}\n\n{note}" if shown["text"] else note
    try:
        await context.bot.edit_message_text(
            text,
            chat_id=shown["chat_id"],
            message_id=shown["message_id"],
            reply_markup=inline_keyboard(rows),
        )
    except BadRequest:
        # What was done is recorded either way; the message may be gone or too long now.
        logger.warning("Could not show the outcome on message %s", shown["message_id"])


def _remaining(
    context: BotContext, shown_rows: Rows, ticket: Ticket, spent: Collection[str] | None
) -> Rows:
    if spent is None:
        return []

    def applies(data: str) -> bool:
        button = context.buttons.unpack(data)
        return not (button and button.action in spent and button.args[:1] == (str(ticket.id),))

    rows = [[(label, data) for label, data in row if applies(data)] for row in shown_rows]
    return [row for row in rows if row]


def inline_keyboard(rows: Rows) -> InlineKeyboardMarkup | None:
    """The keyboard of `rows`, or none when no button is left."""
    return keyboard(rows) if rows else None


def message_key(message: Message) -> str:
    """The message's id across chats, so a redelivered update adds no second comment."""
    return f"telegram:{message.chat_id}:{message.message_id}"
