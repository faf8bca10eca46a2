"""Answers to reminders, from the buttons under a reminder message: Done and Snooze at one
press, Problem with a comment asked for in a short conversation (`/anuluj` cancels it).

The buttons are signed, and `core.obligations.answers` decides who may answer what. An
answer recorded is shown on the reminder itself, which loses its buttons; a refused press
is answered with the reason and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
)

from bot.telegram.buttons import action_pattern
from bot.telegram.context import BotContext
from bot.telegram.conversation import ExclusiveConversation
from bot.telegram.replies import reply
from bot.telegram.steps import AWAITING_TEXT, send, signed_button, text_step_conversation
from core.errors import DomainError, InvalidInput
from core.i18n import mark, translate
from core.models import Channel
from core.obligations.answers import (
    RecordedAnswer,
    answerable_reminder,
    mark_done,
    report_problem,
    snooze,
)
from core.obligations.reminder_messages import (
    DONE_ACTION,
    PROBLEM_ACTION,
    SNOOZE_ACTION,
    answer_note,
)

logger = logging.getLogger(__name__)

PENDING_PROBLEM = "reminder_problem"


def reminder_button_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """All wiring of the one-press reminder buttons; Problem is `problem_conversation`."""
    return [
        CallbackQueryHandler(answer_done, pattern=action_pattern(DONE_ACTION)),
        CallbackQueryHandler(answer_snooze, pattern=action_pattern(SNOOZE_ACTION)),
    ]


async def answer_done(update: Update, context: BotContext) -> None:
    """Done: recorded, and shown on the reminder."""
    query, args = await _pressed(update, context, arity=1)
    if args is not None:
        [reminder_id] = args
        await _show(
            query,
            context,
            mark_done(reminder_id=reminder_id, user=context.user, channel=Channel.TELEGRAM),
        )


async def answer_snooze(update: Update, context: BotContext) -> None:
    """Snooze by the button's days: recorded, and shown on the reminder."""
    query, args = await _pressed(update, context, arity=2)
    if args is not None:
        reminder_id, days = args
        await _show(
            query,
            context,
            snooze(reminder_id=reminder_id, user=context.user, channel=Channel.TELEGRAM, days=days),
        )


async def _pressed(
    update: Update, context: BotContext, *, arity: int
) -> tuple[CallbackQuery, tuple[int, ...] | None]:
    """The pressed button's whole-number arguments; None (and the person told) when the
    button is forged or not one of ours."""
    pressed = await signed_button(
        update, context, refusal=INVALID_BUTTON_TEXT, arity=arity, numeric=True
    )
    if pressed is None:
        assert update.callback_query is not None  # routed here by a CallbackQueryHandler
        return update.callback_query, None
    query, button = pressed
    return query, tuple(int(arg) for arg in button.args)


INVALID_BUTTON_TEXT = mark("This button is not valid. Use the buttons of a reminder you received.")


async def _show(
    query: CallbackQuery, context: BotContext, answering: Awaitable[RecordedAnswer]
) -> None:
    """Awaits the answer; shows it on the reminder, or why it was not recorded."""
    locale = context.locale
    try:
        recorded = await answering
    except DomainError as refused:
        await query.answer(refused.translated(locale), show_alert=True)
        return
    if recorded.already_recorded:
        await query.answer(translate(ALREADY_RECORDED_TEXT, locale))
        return
    await query.answer(translate("Saved.", locale))
    message = query.message
    if isinstance(message, Message):
        await _mark_answered(
            context, message.chat_id, message.message_id, message.text or "", recorded
        )


ALREADY_RECORDED_TEXT = "This answer was already recorded."


async def _mark_answered(
    context: BotContext, chat_id: int, message_id: int, text: str, recorded: RecordedAnswer
) -> None:
    """The reminder message, with the answer under its text and without its buttons."""
    note = answer_note(recorded.answer, context.locale)
    try:
        await context.bot.edit_message_text(
            f"{text}\n\n{note}" if text else note, chat_id=chat_id, message_id=message_id
        )
    except BadRequest:
        # The answer is recorded either way; the message may have been deleted meanwhile.
        logger.warning("Could not show the answer on reminder message %s", message_id)


def problem_conversation() -> ExclusiveConversation:
    """All wiring of Problem: the press, then the comment."""
    return text_step_conversation(
        name="reminder_problem",
        entry_point=CallbackQueryHandler(ask_for_problem, pattern=action_pattern(PROBLEM_ACTION)),
        take_text=take_problem_comment,
        cancel=cancel_problem,
        finish_first=_describe_first,
        timed_out=timed_out,
    )


async def ask_for_problem(update: Update, context: BotContext) -> int:
    """Problem: when the person may answer, ask what the problem is."""
    query, args = await _pressed(update, context, arity=1)
    if args is None:
        return ConversationHandler.END
    [reminder_id] = args
    locale = context.locale
    try:
        await answerable_reminder(reminder_id=reminder_id, user=context.user)
    except DomainError as refused:
        await query.answer(refused.translated(locale), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    # Where the reminder is, to mark it once the problem is recorded (not when Telegram no
    # longer shows the bot the message).
    message = query.message if isinstance(query.message, Message) else None
    context.user_data[PENDING_PROBLEM] = {  # type: ignore[index]
        "reminder_id": reminder_id,
        "reminder_message": [message.chat_id, message.message_id, message.text or ""]
        if message
        else None,
    }
    await send(update, context, translate(PROBLEM_PROMPT, locale))
    return AWAITING_TEXT


PROBLEM_PROMPT = (
    "What is the problem? Describe it in a few words and I will pass it on to the "
    "coordinator. Send /anuluj to cancel."
)


async def take_problem_comment(update: Update, context: BotContext) -> int:
    """The comment: the problem is recorded, the coordinator told, the reminder marked."""
    message = update.effective_message
    assert message is not None  # routed here by filters.TEXT
    assert message.text is not None
    pending: dict[str, Any] = context.user_data[PENDING_PROBLEM]  # type: ignore[index]
    locale = context.locale
    try:
        recorded = await report_problem(
            reminder_id=pending["reminder_id"],
            user=context.user,
            channel=Channel.TELEGRAM,
            comment=message.text,
        )
    except InvalidInput as refused:
        await reply(update, refused.translated(locale))
        return AWAITING_TEXT
    except DomainError as refused:
        await reply(update, refused.translated(locale))
        return _forget_problem(context)
    if recorded.already_recorded:
        await reply(update, translate(ALREADY_RECORDED_TEXT, locale))
        return _forget_problem(context)
    if pending["reminder_message"] is not None:
        chat_id, message_id, text = pending["reminder_message"]
        await _mark_answered(context, chat_id, message_id, text, recorded)
    await reply(
        update,
        translate(
            "Thank you. I have recorded the problem and passed it on to the coordinator.", locale
        ),
    )
    return _forget_problem(context)


async def cancel_problem(update: Update, context: BotContext) -> int:
    """`/anuluj`: nothing is reported; the reminder keeps its buttons."""
    await reply(update, translate("Cancelled. No problem was reported.", context.locale))
    return _forget_problem(context)


async def timed_out(update: Update, context: BotContext) -> None:
    """Left idle: nothing is reported, politely."""
    context.user_data.pop(PENDING_PROBLEM, None)  # type: ignore[union-attr]
    await send(update, context, translate(TIMED_OUT_TEXT, context.locale))


TIMED_OUT_TEXT = (
    "The problem was not described for a while, so nothing was reported. Press Problem "
    "under the reminder again when you are ready."
)


async def _describe_first(update: Update, context: BotContext) -> None:
    """Another command while the comment is awaited: finish or cancel first, so the next text
    cannot land in the wrong conversation."""
    await reply(
        update,
        translate("Describe the problem first, or send /anuluj to cancel.", context.locale),
    )


def _forget_problem(context: BotContext) -> int:
    context.user_data.pop(PENDING_PROBLEM, None)  # type: ignore[union-attr]
    return ConversationHandler.END
