"""The agenda-item conversation, `/agenda`: the meeting (asked only when several take items),
the item's title, an optional description, then a summary to confirm.

Only directors and the coordinator get past the first step. The draft lives in `user_data`
as plain JSON values, so the persistence keeps it across a restart; whether the call is
still open is decided by the service when the item is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.telegram.context import BotContext
from bot.telegram.conversation import ExclusiveConversation
from bot.telegram.replies import reply
from bot.telegram.steps import (
    IDLE_SECONDS,
    keyboard,
    pressed,
    send,
    type_text,
    use_buttons,
    when_idle,
)
from core.errors import DomainError
from core.i18n import DEFAULT_LOCALE, translate
from core.meetings import (
    DESCRIPTION_LIMIT,
    TITLE_LIMIT,
    call_closes_at,
    checked_description,
    checked_title,
    item_status_label,
    items_proposed_by,
    meeting_open_for_items,
    meetings_open_for_items,
    propose_agenda_item,
    require_may_propose,
)
from core.models import Channel, Meeting

MEETING, TITLE, DESCRIPTION, CONFIRM = range(4)
DRAFT = "agenda_draft"
# Prefix of this conversation's callback data, distinct from every other conversation's.
PREFIX = "agenda_"


def _draft(context: BotContext) -> dict[str, Any]:
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})  # type: ignore[union-attr]
    return draft


def _when(moment: dt.datetime, context: BotContext, pattern: str = "EEEE, d MMMM y, HH:mm") -> str:
    """`moment` as people in the gmina read it, e.g. "wtorek, 8 grudnia 2026, 10:00"."""
    zone = ZoneInfo(context.settings.timezone)
    return format_datetime(moment, pattern, tzinfo=zone, locale=DEFAULT_LOCALE)


async def begin(update: Update, context: BotContext) -> int:
    """`/agenda`: refuses those who may not propose; otherwise picks or asks the meeting."""
    try:
        require_may_propose(context.user)
    except DomainError as refused:
        await reply(update, refused.translated())
        return ConversationHandler.END
    meetings = await meetings_open_for_items()
    if not meetings:
        await reply(update, translate("No meeting is taking agenda items right now."))
        return ConversationHandler.END
    context.user_data[DRAFT] = {}  # type: ignore[index]
    if len(meetings) == 1:
        return await _ask_title(update, context, meetings[0])
    rows = [
        [
            (
                f"{meeting.title} ({_when(meeting.starts_at, context, 'd MMMM')})",
                f"{PREFIX}meeting:{meeting.id}",
            )
        ]
        for meeting in meetings
    ]
    await send(update, context, translate("Which meeting is your item for?"), keyboard(rows))
    return MEETING


async def choose_meeting(update: Update, context: BotContext) -> int:
    """A meeting button: the meeting, if it still takes items; then ask for the title."""
    value = await pressed(update)
    meeting = await meeting_open_for_items(int(value)) if value.isdigit() else None
    if meeting is None:
        await reply(
            update,
            translate(
                "That meeting no longer takes agenda items. Choose another one or send /anuluj."
            ),
        )
        return MEETING
    return await _ask_title(update, context, meeting)


async def _ask_title(update: Update, context: BotContext, meeting: Meeting) -> int:
    """Shows the meeting, the person's items already proposed for it, and asks for a title."""
    _draft(context)["meeting_id"] = meeting.id
    lines = [
        translate(
            "Meeting: {title}\nWhen: {starts}\nItems are taken until: {closes}",
            title=meeting.title,
            starts=_when(meeting.starts_at, context),
            closes=_when(call_closes_at(meeting), context),
        )
    ]
    proposed = await items_proposed_by(context.user, meeting)
    if proposed:
        lines += ["", translate("Your items for this meeting so far:")]
        lines += [f"• {item.title} ({item_status_label(item.status)})" for item in proposed]
    lines += [
        "",
        translate("Type the title of your item (up to {limit} characters).", limit=TITLE_LIMIT),
    ]
    await send(update, context, "\n".join(lines))
    return TITLE


async def take_title(update: Update, context: BotContext) -> int:
    """The title, as typed: ask for a description, which may be skipped."""
    try:
        _draft(context)["title"] = checked_title(_text(update))
    except DomainError as refused:
        await reply(update, refused.translated())
        return TITLE
    prompt = translate(
        "Add a short description (up to {limit} characters), or press Skip.",
        limit=DESCRIPTION_LIMIT,
    )
    await send(update, context, prompt, keyboard([[(translate("Skip"), f"{PREFIX}skip")]]))
    return DESCRIPTION


async def take_description(update: Update, context: BotContext) -> int:
    """The description, as typed: show the summary."""
    try:
        _draft(context)["description"] = checked_description(_text(update))
    except DomainError as refused:
        await reply(update, refused.translated())
        return DESCRIPTION
    return await _show_summary(update, context)


async def skip_description(update: Update, context: BotContext) -> int:
    """Skip: no description; show the summary."""
    await pressed(update)
    _draft(context)["description"] = ""
    return await _show_summary(update, context)


def _text(update: Update) -> str:
    message = update.effective_message
    # Routed here by filters.TEXT, so both are there.
    assert message is not None
    assert message.text is not None
    return message.text


async def _show_summary(update: Update, context: BotContext) -> int:
    draft = _draft(context)
    meeting = await Meeting.get_or_none(id=draft["meeting_id"])
    if meeting is None:
        return await _meeting_gone(update, context)
    summary = translate(
        "Your agenda item:\nMeeting: {meeting} ({starts})\nTitle: {title}\n"
        "Description: {description}\n\nPropose it?",
        meeting=meeting.title,
        starts=_when(meeting.starts_at, context),
        title=draft["title"],
        description=draft["description"] or translate("(none)"),
    )
    buttons = [
        [
            (translate("Propose"), f"{PREFIX}confirm:yes"),
            (translate("Cancel"), f"{PREFIX}confirm:no"),
        ]
    ]
    await send(update, context, summary, keyboard(buttons))
    return CONFIRM


async def confirm(update: Update, context: BotContext) -> int:
    """Propose: the item is saved if the call is still open; either way the draft ends."""
    if await pressed(update) != "yes":
        return await cancel(update, context)
    draft = context.user_data.pop(DRAFT, {})  # type: ignore[union-attr]
    meeting = await Meeting.get_or_none(id=draft["meeting_id"])
    if meeting is None:
        return await _meeting_gone(update, context)
    try:
        item = await propose_agenda_item(
            meeting=meeting,
            proposer=context.user,
            title=draft["title"],
            description=draft["description"],
            channel=Channel.TELEGRAM,
        )
    except DomainError as refused:
        await send(update, context, refused.translated())
        return ConversationHandler.END
    thanks = translate(
        "Thank you. Your item “{title}” is proposed for “{meeting}” ({starts}). "
        "The coordinator decides on the agenda.",
        title=item.title,
        meeting=meeting.title,
        starts=_when(meeting.starts_at, context),
    )
    await send(update, context, thanks)
    return ConversationHandler.END


async def _meeting_gone(update: Update, context: BotContext) -> int:
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await send(
        update,
        context,
        translate("That meeting is no longer on the calendar, so nothing was saved."),
    )
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """`/anuluj` or the Cancel button: the draft is dropped."""
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await send(update, context, translate("Cancelled. No agenda item was proposed."))
    return ConversationHandler.END


async def timed_out(update: Update, context: BotContext) -> None:
    """Left idle: the draft is dropped, politely."""
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await send(update, context, translate(TIMED_OUT_TEXT))


TIMED_OUT_TEXT = (
    "The agenda item was left unfinished for a while, so I dropped it. Send /agenda to start again."
)


def agenda_conversation() -> ExclusiveConversation:
    """All wiring of `/agenda`."""
    typed_text = filters.TEXT & ~filters.COMMAND
    wrong_input: BaseHandler[Update, BotContext, object] = MessageHandler(
        filters.ALL & ~filters.COMMAND, use_buttons
    )
    wrong_text: BaseHandler[Update, BotContext, object] = MessageHandler(
        ~filters.TEXT & ~filters.COMMAND, type_text
    )
    # A button of this conversation from an earlier step (e.g. Skip once the description
    # is typed); buttons of other features are left to their own handlers.
    stale_button: BaseHandler[Update, BotContext, object] = CallbackQueryHandler(
        use_buttons, pattern=f"^{PREFIX}"
    )
    return ExclusiveConversation(
        entry_points=[CommandHandler("agenda", begin)],
        states={
            MEETING: [
                CallbackQueryHandler(choose_meeting, pattern=f"^{PREFIX}meeting:"),
                wrong_input,
                stale_button,
            ],
            TITLE: [MessageHandler(typed_text, take_title), wrong_text, stale_button],
            DESCRIPTION: [
                MessageHandler(typed_text, take_description),
                CallbackQueryHandler(skip_description, pattern=f"^{PREFIX}skip$"),
                wrong_text,
                stale_button,
            ],
            CONFIRM: [
                CallbackQueryHandler(confirm, pattern=f"^{PREFIX}confirm:"),
                wrong_input,
                stale_button,
            ],
            ConversationHandler.TIMEOUT: when_idle(timed_out),
        },
        fallbacks=[CommandHandler("anuluj", cancel)],
        conversation_timeout=IDLE_SECONDS,
        allow_reentry=True,
        name="agenda",
        persistent=True,
    )
