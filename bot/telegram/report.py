"""The fault-report conversation, `/zglos`: school (when the person has none), category,
room, description, photos or documents, priority, then a summary to confirm.

The draft lives in `user_data` as plain JSON values, so the persistence keeps it across a
restart; files are kept as Telegram file ids and fetched only on confirmation.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.telegram.context import BotContext
from bot.telegram.replies import reply
from core.errors import DomainError
from core.i18n import translate
from core.models import Category, Channel, Priority, School
from core.overview import active_schools
from core.tickets import active_categories, checked_report_text, create_ticket, priority_label
from core.tickets.attachments import add_attachment, check_attachment

SCHOOL, CATEGORY, ROOM, DESCRIPTION, FILES, PRIORITY, CONFIRM = range(7)
DRAFT = "report_draft"
MAX_FILES = 5
IDLE_SECONDS = 30 * 60
PRIORITIES = (Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL)


def _draft(context: BotContext) -> dict[str, Any]:
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})  # type: ignore[union-attr]
    return draft


def _keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def _answer_button(update: Update) -> str:
    """Acknowledges the pressed button and returns the value after its `prefix:`."""
    query = update.callback_query
    # Routed here by a CallbackQueryHandler, so both are there.
    assert query is not None
    assert query.data is not None
    await query.answer()
    return query.data.split(":", 1)[1]


async def begin(update: Update, context: BotContext) -> int:
    """`/zglos`: a new draft; the school is the person's own when they have one."""
    context.user_data[DRAFT] = {"files": []}  # type: ignore[index]
    if context.user.school_id is not None:
        _draft(context)["school_id"] = context.user.school_id
        return await _ask_category(update)
    schools = await active_schools()
    rows = [[(school.short_name, f"school:{school.id}")] for school in schools]
    await _send(update, translate("Which school is the fault in?"), _keyboard(rows))
    return SCHOOL


async def choose_school(update: Update, context: BotContext) -> int:
    """A school button: remember it, ask for the category."""
    school_id = await _answer_button(update)
    if not school_id.isdigit() or not await School.exists(id=int(school_id), is_active=True):
        await reply(update, translate("Choose the school with one of the buttons."))
        return SCHOOL
    _draft(context)["school_id"] = int(school_id)
    return await _ask_category(update)


async def _ask_category(update: Update) -> int:
    categories = await active_categories()
    rows = [[(category.name_pl, f"cat:{category.code}")] for category in categories]
    await _send(update, translate("What kind of fault is it?"), _keyboard(rows))
    return CATEGORY


async def choose_category(update: Update, context: BotContext) -> int:
    """A category button: remember it, ask where the fault is."""
    code = await _answer_button(update)
    if not await Category.exists(code=code, is_active=True):
        await reply(update, translate("Choose the category with one of the buttons."))
        return CATEGORY
    _draft(context)["category"] = code
    await _send(update, translate("Where is it? Type the room (e.g. 12, sekretariat)."))
    return ROOM


async def take_room(update: Update, context: BotContext) -> int:
    """The room, as typed: ask for the description."""
    return await _take_text(update, context, "room", ROOM, DESCRIPTION, DESCRIPTION_PROMPT)


DESCRIPTION_PROMPT = "Describe the fault: what happens, since when, what you have tried."
FILES_PROMPT = "Send photos or documents if they help (up to {count}), or press Done."


async def take_description(update: Update, context: BotContext) -> int:
    """The description: offer to attach files."""
    return await _take_text(update, context, "description", DESCRIPTION, FILES, FILES_PROMPT)


async def _take_text(
    update: Update, context: BotContext, field: str, state: int, next_state: int, prompt: str
) -> int:
    message = update.effective_message
    # Routed here by filters.TEXT, so both are there.
    assert message is not None
    assert message.text is not None
    try:
        _draft(context)[field] = checked_report_text(field, message.text)
    except DomainError as refused:
        await reply(update, refused.translated())
        return state
    keyboard = _keyboard([[(translate("Done"), "files:done")]]) if next_state == FILES else None
    await _send(update, translate(prompt, count=MAX_FILES), keyboard)
    return next_state


async def take_file(update: Update, context: BotContext) -> int:
    """A photo or document: checked against the limits now, fetched on confirmation."""
    message = update.effective_message
    assert message is not None  # routed by filters.PHOTO | filters.Document.ALL
    files: list[dict[str, Any]] = _draft(context)["files"]
    if len(files) >= MAX_FILES:
        await reply(update, translate("That is enough files. Press Done."))
        return FILES
    described = _describe_file(message)
    try:
        check_attachment(
            filename=described["filename"],
            content_type=described["content_type"],
            size_bytes=described.pop("size"),
        )
    except DomainError as refused:
        await reply(update, refused.translated())
        return FILES
    files.append(described)
    await _send(
        update,
        translate(
            "Added {count} of {limit}. Send more or press Done.", count=len(files), limit=MAX_FILES
        ),
        _keyboard([[(translate("Done"), "files:done")]]),
    )
    return FILES


def _describe_file(message: Message) -> dict[str, Any]:
    if message.photo:
        photo = message.photo[-1]
        return {
            "file_id": photo.file_id,
            "filename": f"zdjecie-{photo.file_unique_id}.jpg",
            "content_type": "image/jpeg",
            "size": photo.file_size or 1,
        }
    document = message.document
    assert document is not None  # routed by filters.PHOTO | filters.Document.ALL
    return {
        "file_id": document.file_id,
        "filename": document.file_name or "plik",
        "content_type": document.mime_type or "application/octet-stream",
        "size": document.file_size or 1,
    }


async def expect_file(update: Update, context: BotContext) -> int:
    """Text where a file is expected: say what is possible."""
    await _send(
        update,
        translate("Send a photo or a document, or press Done."),
        _keyboard([[(translate("Done"), "files:done")]]),
    )
    return FILES


async def files_done(update: Update, context: BotContext) -> int:
    """Done with files: ask for the priority."""
    await _answer_button(update)
    rows = [[(priority_label(priority), f"prio:{priority.value}")] for priority in PRIORITIES]
    await _send(update, translate("How urgent is it?"), _keyboard(rows))
    return PRIORITY


async def choose_priority(update: Update, context: BotContext) -> int:
    """A priority button: show the summary to confirm."""
    value = await _answer_button(update)
    if value not in {priority.value for priority in PRIORITIES}:
        await reply(update, translate("Choose the priority with one of the buttons."))
        return PRIORITY
    draft = _draft(context)
    draft["priority"] = value
    category = await Category.get(code=draft["category"])
    summary = translate(
        "Your report:\nCategory: {category}\nRoom: {room}\nPriority: {priority}\n"
        "Files: {files}\n\n{description}\n\nSend it?",
        category=category.name_pl,
        room=draft["room"],
        priority=priority_label(Priority(value)),
        files=len(draft["files"]),
        description=draft["description"],
    )
    buttons = [[(translate("Send"), "confirm:yes"), (translate("Cancel"), "confirm:no")]]
    await _send(update, summary, _keyboard(buttons))
    return CONFIRM


async def confirm(update: Update, context: BotContext) -> int:
    """Send: the ticket is created with its files and the number shown."""
    if await _answer_button(update) != "yes":
        return await cancel(update, context)
    draft = _draft(context)
    try:
        ticket = await create_ticket(
            school=await School.get(id=draft["school_id"]),
            reporter=context.user,
            channel=Channel.TELEGRAM,
            category=await Category.get(code=draft["category"]),
            description=draft["description"],
            priority=Priority(draft["priority"]),
            room=draft["room"],
        )
        for described in draft["files"]:
            content = await (
                await context.bot.get_file(described["file_id"])
            ).download_as_bytearray()
            await add_attachment(
                ticket,
                author=context.user,
                channel=Channel.TELEGRAM,
                filename=described["filename"],
                content_type=described["content_type"],
                content=bytes(content),
            )
    except DomainError as refused:
        await reply(update, refused.translated())
        return CONFIRM
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await _send(update, translate("Thank you. Your report is {number}.", number=ticket.number))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """`/anuluj` or the Cancel button: the draft is dropped."""
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await _send(update, translate("Cancelled. Nothing was reported."))
    return ConversationHandler.END


async def timed_out(update: Update, context: BotContext) -> None:
    """Left idle: the draft is dropped, politely."""
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await _send(update, translate(TIMED_OUT_TEXT))


TIMED_OUT_TEXT = (
    "The report was left unfinished for a while, so I dropped it. Send /zglos to start again."
)


async def _send(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text, reply_markup=keyboard)


def report_conversation() -> ConversationHandler[BotContext]:
    """All wiring of `/zglos`."""
    wrong_input: BaseHandler[Update, BotContext, object] = MessageHandler(
        filters.ALL & ~filters.COMMAND, _use_buttons
    )
    wrong_text: BaseHandler[Update, BotContext, object] = MessageHandler(
        ~filters.TEXT & ~filters.COMMAND, _type_text
    )
    return ConversationHandler(
        entry_points=[CommandHandler("zglos", begin)],
        states={
            SCHOOL: [CallbackQueryHandler(choose_school, pattern=r"^school:"), wrong_input],
            CATEGORY: [CallbackQueryHandler(choose_category, pattern=r"^cat:"), wrong_input],
            ROOM: [MessageHandler(filters.TEXT & ~filters.COMMAND, take_room), wrong_text],
            DESCRIPTION: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, take_description),
                wrong_text,
            ],
            FILES: [
                MessageHandler(filters.PHOTO | filters.Document.ALL, take_file),
                CallbackQueryHandler(files_done, pattern=r"^files:done$"),
                MessageHandler(filters.ALL & ~filters.COMMAND, expect_file),
            ],
            PRIORITY: [CallbackQueryHandler(choose_priority, pattern=r"^prio:"), wrong_input],
            CONFIRM: [CallbackQueryHandler(confirm, pattern=r"^confirm:"), wrong_input],
            ConversationHandler.TIMEOUT: [
                MessageHandler(filters.ALL, timed_out),
                CallbackQueryHandler(timed_out),
            ],
        },
        fallbacks=[CommandHandler("anuluj", cancel)],
        conversation_timeout=IDLE_SECONDS,
        name="report",
        persistent=True,
    )


async def _use_buttons(update: Update, context: BotContext) -> None:
    """Anything but a button where a button is expected: say so, stay in the step."""
    await reply(update, translate("Please use the buttons above, or send /anuluj to cancel."))


async def _type_text(update: Update, context: BotContext) -> None:
    """Something other than text where text is expected: say so, stay in the step."""
    await reply(update, translate("Please type it as text, or send /anuluj to cancel."))
