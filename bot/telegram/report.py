"""The fault-report conversation, `/zglos`: school (when the person has none), category,
room, description, photos or documents, priority, then a summary to confirm.

The draft lives in `user_data` as plain JSON values, so the persistence keeps it across a
restart; files are kept as Telegram file ids and fetched only on confirmation.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from tortoise.transactions import in_transaction

from bot.telegram.asset_card import REPORT_ACTION
from bot.telegram.buttons import Button, action_pattern
from bot.telegram.context import BotContext
from bot.telegram.conversation import ExclusiveConversation
from bot.telegram.free_text import NEW_REPORT_ACTION, take_pending_text
from bot.telegram.replies import reply
from bot.telegram.steps import (
    IDLE_SECONDS,
    keyboard,
    pressed,
    pressed_school,
    send,
    signed_button,
    type_text,
    use_buttons,
    when_idle,
)
from core.errors import DomainError
from core.i18n import mark, translate
from core.inventory.lookup import asset_for_deep_link
from core.models import Asset, Category, Channel, Priority, School
from core.overview import active_schools
from core.tickets import active_categories, checked_report_text, create_ticket, priority_label
from core.tickets.attachments import add_attachment, check_attachment

SCHOOL, CATEGORY, ROOM, DESCRIPTION, FILES, PRIORITY, CONFIRM = range(7)
DRAFT = "report_draft"
MAX_FILES = 5
PRIORITIES = (Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL)


def _draft(context: BotContext) -> dict[str, Any]:
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})  # type: ignore[union-attr]
    return draft


async def begin(update: Update, context: BotContext) -> int:
    """`/zglos`: a new, empty draft."""
    _start_draft(context)
    return await _ask_next(update, context)


async def begin_with_photo(update: Update, context: BotContext) -> int:
    """A photo sent with no caption outside a conversation: a report with that photo."""
    _start_draft(context)
    if await _keep_file(update, context):
        return await _ask_next(update, context)
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    return ConversationHandler.END


async def begin_with_pending_text(update: Update, context: BotContext) -> int:
    """ "New report" after writing free text: that text is the description."""
    if await _signed_button(update, context, arity=0) is None:
        return ConversationHandler.END
    draft = _start_draft(context)
    pending = take_pending_text(context)
    if pending:
        try:
            draft["description"] = checked_report_text("description", pending)
        except DomainError as refused:
            await reply(update, refused.translated())
    return await _ask_next(update, context)


async def begin_for_asset(update: Update, context: BotContext) -> int:
    """ "Report a fault" on a device's card: the device, its school and room are known."""
    button = await _signed_button(update, context, arity=1)
    if button is None:
        return ConversationHandler.END
    try:
        asset = await asset_for_deep_link(button.args[0], context.user)
    except DomainError as refused:
        await reply(update, refused.translated())
        return ConversationHandler.END
    draft = _start_draft(context)
    draft.update(school_id=asset.school_id, asset_id=asset.id)
    if asset.room:
        draft["room"] = asset.room
    return await _ask_next(update, context)


def _start_draft(context: BotContext) -> dict[str, Any]:
    draft: dict[str, Any] = {"files": []}
    if context.user.school_id is not None:
        draft["school_id"] = context.user.school_id
    context.user_data[DRAFT] = draft  # type: ignore[index]
    return draft


async def _signed_button(update: Update, context: BotContext, *, arity: int) -> Button | None:
    """The pressed button, acknowledged; None (and the person told) when it is forged."""
    pressed = await signed_button(update, context, refusal=FORGED_BUTTON_TEXT, arity=arity)
    if pressed is None:
        return None
    query, button = pressed
    await query.answer()
    return button


FORGED_BUTTON_TEXT = mark("This button is not valid. Send /zglos to report a fault.")


async def _ask_next(update: Update, context: BotContext) -> int:
    """Asks for the first thing the draft still lacks; with all of it, offers files."""
    draft = _draft(context)
    if "school_id" not in draft:
        schools = await active_schools()
        rows = [[(school.short_name, f"school:{school.id}")] for school in schools]
        await send(update, context, translate("Which school is the fault in?"), keyboard(rows))
        return SCHOOL
    if "category" not in draft:
        categories = await active_categories()
        rows = [[(category.name_pl, f"cat:{category.code}")] for category in categories]
        await send(update, context, translate("What kind of fault is it?"), keyboard(rows))
        return CATEGORY
    if "room" not in draft:
        await send(update, context, translate("Where is it? Type the room (e.g. 12, sekretariat)."))
        return ROOM
    if "description" not in draft:
        await send(update, context, translate(DESCRIPTION_PROMPT))
        return DESCRIPTION
    await send(update, context, _files_prompt(len(draft["files"])), _done_keyboard())
    return FILES


def _files_prompt(count: int) -> str:
    if count == 0:
        return translate(FILES_PROMPT, count=MAX_FILES)
    return translate(
        "Added {count} of {limit}. Send more or press Done.", count=count, limit=MAX_FILES
    )


def _done_keyboard() -> InlineKeyboardMarkup:
    return keyboard([[(translate("Done"), "files:done")]])


async def choose_school(update: Update, context: BotContext) -> int:
    """A school button: remember it, ask for what is missing."""
    school_id = await pressed_school(update, context)
    if school_id is None:
        return SCHOOL
    _draft(context)["school_id"] = school_id
    return await _ask_next(update, context)


async def choose_category(update: Update, context: BotContext) -> int:
    """A category button: remember it, ask for what is missing."""
    code = await pressed(update)
    if not await Category.exists(code=code, is_active=True):
        await reply(update, translate("Choose the category with one of the buttons."))
        return CATEGORY
    _draft(context)["category"] = code
    return await _ask_next(update, context)


async def take_room(update: Update, context: BotContext) -> int:
    """The room, as typed: ask for what is missing."""
    return await _take_text(update, context, "room", ROOM)


DESCRIPTION_PROMPT = "Describe the fault: what happens, since when, what you have tried."
FILES_PROMPT = "Send photos or documents if they help (up to {count}), or press Done."


async def take_description(update: Update, context: BotContext) -> int:
    """The description: offer to attach files."""
    return await _take_text(update, context, "description", DESCRIPTION)


async def _take_text(update: Update, context: BotContext, field: str, state: int) -> int:
    message = update.effective_message
    # Routed here by filters.TEXT, so both are there.
    assert message is not None
    assert message.text is not None
    try:
        _draft(context)[field] = checked_report_text(field, message.text)
    except DomainError as refused:
        await reply(update, refused.translated())
        return state
    return await _ask_next(update, context)


async def take_file(update: Update, context: BotContext) -> int:
    """A photo or document: checked against the limits now, fetched on confirmation."""
    if await _keep_file(update, context):
        await send(update, context, _files_prompt(len(_draft(context)["files"])), _done_keyboard())
    return FILES


async def _keep_file(update: Update, context: BotContext) -> bool:
    """Adds the message's file to the draft, or tells the person why it cannot be kept."""
    message = update.effective_message
    assert message is not None  # routed by filters.PHOTO | filters.Document.ALL
    files: list[dict[str, Any]] = _draft(context)["files"]
    if len(files) >= MAX_FILES:
        await reply(update, translate("That is enough files. Press Done."))
        return False
    described = _describe_file(message)
    try:
        check_attachment(
            filename=described["filename"],
            content_type=described["content_type"],
            size_bytes=described.pop("size"),
        )
    except DomainError as refused:
        await reply(update, refused.translated())
        return False
    files.append(described)
    return True


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
    await send(
        update, context, translate("Send a photo or a document, or press Done."), _done_keyboard()
    )
    return FILES


async def files_done(update: Update, context: BotContext) -> int:
    """Done with files: ask for the priority."""
    await pressed(update)
    rows = [[(priority_label(priority), f"prio:{priority.value}")] for priority in PRIORITIES]
    await send(update, context, translate("How urgent is it?"), keyboard(rows))
    return PRIORITY


async def choose_priority(update: Update, context: BotContext) -> int:
    """A priority button: show the summary to confirm."""
    value = await pressed(update)
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
    if "asset_id" in draft:
        asset = await Asset.get(id=draft["asset_id"])
        summary = translate("Device: {asset}", asset=asset.inventory_number) + "\n" + summary
    buttons = [[(translate("Send"), "confirm:yes"), (translate("Cancel"), "confirm:no")]]
    await send(update, context, summary, keyboard(buttons))
    return CONFIRM


async def confirm(update: Update, context: BotContext) -> int:
    """Send: the ticket is created with its files and the number shown."""
    if await pressed(update) != "yes":
        return await cancel(update, context)
    draft = _draft(context)
    # Fetched before anything is written, so a failed download leaves no ticket without files.
    contents = [
        bytes(await (await context.bot.get_file(described["file_id"])).download_as_bytearray())
        for described in draft["files"]
    ]
    try:
        async with in_transaction():
            ticket = await create_ticket(
                school=await School.get(id=draft["school_id"]),
                reporter=context.user,
                channel=Channel.TELEGRAM,
                category=await Category.get(code=draft["category"]),
                description=draft["description"],
                priority=Priority(draft["priority"]),
                room=draft["room"],
                asset=await _draft_asset(draft),
            )
            for described, content in zip(draft["files"], contents, strict=True):
                await add_attachment(
                    ticket,
                    author=context.user,
                    channel=Channel.TELEGRAM,
                    filename=described["filename"],
                    content_type=described["content_type"],
                    content=content,
                )
    except DomainError as refused:
        await reply(update, refused.translated())
        return CONFIRM
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await send(
        update, context, translate("Thank you. Your report is {number}.", number=ticket.number)
    )
    return ConversationHandler.END


async def _draft_asset(draft: dict[str, Any]) -> Asset | None:
    return await Asset.get(id=draft["asset_id"]) if "asset_id" in draft else None


async def cancel(update: Update, context: BotContext) -> int:
    """`/anuluj` or the Cancel button: the draft is dropped."""
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await send(update, context, translate("Cancelled. Nothing was reported."))
    return ConversationHandler.END


async def timed_out(update: Update, context: BotContext) -> None:
    """Left idle: the draft is dropped, politely."""
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await send(update, context, translate(TIMED_OUT_TEXT))


TIMED_OUT_TEXT = (
    "The report was left unfinished for a while, so I dropped it. Send /zglos to start again."
)


def report_conversation() -> ExclusiveConversation:
    """All wiring of `/zglos`."""
    wrong_input: BaseHandler[Update, BotContext, object] = MessageHandler(
        filters.ALL & ~filters.COMMAND, use_buttons
    )
    wrong_text: BaseHandler[Update, BotContext, object] = MessageHandler(
        ~filters.TEXT & ~filters.COMMAND, type_text
    )
    return ExclusiveConversation(
        entry_points=[
            CommandHandler("zglos", begin),
            MessageHandler(filters.PHOTO & ~filters.CAPTION, begin_with_photo),
            CallbackQueryHandler(
                begin_with_pending_text, pattern=action_pattern(NEW_REPORT_ACTION)
            ),
            CallbackQueryHandler(begin_for_asset, pattern=action_pattern(REPORT_ACTION)),
        ],
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
            ConversationHandler.TIMEOUT: when_idle(timed_out),
        },
        fallbacks=[CommandHandler("anuluj", cancel)],
        conversation_timeout=IDLE_SECONDS,
        name="report",
        persistent=True,
    )
