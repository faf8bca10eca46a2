"""The bot's state in the database: a restarted process starts where the last one stopped,
and bot processes on one database see each other's user, chat and bot data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from telegram import Update
from telegram.ext import (
    Application,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PersistenceInput,
    filters,
)

from bot.telegram.persistence import DatabasePersistence, save_state_after_every_update
from core.models import ChatState
from core.models.chat_state import ChatStateKind
from tests.telegram.fakebot import FakeBotApi, polling

USER_ID = 700200
CHAT_ID = -100300


async def test_user_data_saved_by_one_process_is_loaded_by_the_next(database: str) -> None:
    await DatabasePersistence().update_user_data(USER_ID, {"draft": {"room": "12", "step": 2}})

    loaded = await DatabasePersistence().get_user_data()

    assert loaded == {USER_ID: {"draft": {"room": "12", "step": 2}}}


async def test_chat_data_saved_by_one_process_is_loaded_by_the_next(database: str) -> None:
    await DatabasePersistence().update_chat_data(CHAT_ID, {"muted": ["reminders"]})

    loaded = await DatabasePersistence().get_chat_data()

    assert loaded == {CHAT_ID: {"muted": ["reminders"]}}


async def test_bot_data_saved_by_one_process_is_loaded_by_the_next(database: str) -> None:
    await DatabasePersistence().update_bot_data({"announcement": "Przerwa techniczna"})

    loaded = await DatabasePersistence().get_bot_data()

    assert loaded == {"announcement": "Przerwa techniczna"}


async def test_nothing_stored_loads_as_empty_data(database: str) -> None:
    persistence = DatabasePersistence()

    assert await persistence.get_user_data() == {}
    assert await persistence.get_chat_data() == {}
    assert await persistence.get_bot_data() == {}
    assert await persistence.get_conversations("demo") == {}


async def test_a_second_save_replaces_the_stored_data(database: str) -> None:
    persistence = DatabasePersistence()
    await persistence.update_user_data(USER_ID, {"room": "12", "photo": "abc"})

    await persistence.update_user_data(USER_ID, {"room": "14"})

    stored = await ChatState.get(kind=ChatStateKind.USER, key=str(USER_ID))
    assert stored.data == {"room": "14"}


async def test_conversation_states_saved_by_one_process_are_loaded_by_the_next(
    database: str,
) -> None:
    persistence = DatabasePersistence()
    await persistence.update_conversation("demo", (CHAT_ID, USER_ID), 1)
    await persistence.update_conversation("demo", (USER_ID, USER_ID), "asking")

    loaded = await DatabasePersistence().get_conversations("demo")

    assert loaded == {(CHAT_ID, USER_ID): 1, (USER_ID, USER_ID): "asking"}


async def test_conversations_are_loaded_by_their_exact_name(database: str) -> None:
    persistence = DatabasePersistence()
    for name in ("report_fault", "report%fault", "reportxfault", "report_fault_2"):
        await persistence.update_conversation(name, (USER_ID, USER_ID), name)

    loaded = await DatabasePersistence().get_conversations("report_fault")

    assert loaded == {(USER_ID, USER_ID): "report_fault"}


async def test_an_ended_conversation_leaves_no_state(database: str) -> None:
    persistence = DatabasePersistence()
    await persistence.update_conversation("demo", (USER_ID, USER_ID), 1)

    await persistence.update_conversation("demo", (USER_ID, USER_ID), None)

    assert not await ChatState.exists(kind=ChatStateKind.CONVERSATION)
    assert await DatabasePersistence().get_conversations("demo") == {}


async def test_dropping_user_data_deletes_its_row(database: str) -> None:
    persistence = DatabasePersistence()
    await persistence.update_user_data(USER_ID, {"room": "12"})
    await persistence.update_user_data(USER_ID + 1, {"room": "7"})

    await persistence.drop_user_data(USER_ID)

    assert await DatabasePersistence().get_user_data() == {USER_ID + 1: {"room": "7"}}


async def test_dropping_chat_data_deletes_its_row(database: str) -> None:
    persistence = DatabasePersistence()
    await persistence.update_chat_data(CHAT_ID, {"muted": []})

    await persistence.drop_chat_data(CHAT_ID)

    assert not await ChatState.exists(kind=ChatStateKind.CHAT, key=str(CHAT_ID))


async def test_refreshing_brings_in_what_another_process_saved(database: str) -> None:
    this, other = DatabasePersistence(), DatabasePersistence()
    await this.update_user_data(USER_ID, {"room": "12"})
    user_data = (await other.get_user_data())[USER_ID]
    await this.update_user_data(USER_ID, {"room": "14"})

    await other.refresh_user_data(USER_ID, user_data)

    assert user_data == {"room": "14"}


async def test_refreshing_brings_in_data_of_a_chat_first_seen_elsewhere(database: str) -> None:
    this, other = DatabasePersistence(), DatabasePersistence()
    await other.get_chat_data()
    await this.update_chat_data(CHAT_ID, {"muted": ["reminders"]})
    chat_data: dict[str, Any] = {}

    await other.refresh_chat_data(CHAT_ID, chat_data)

    assert chat_data == {"muted": ["reminders"]}


async def test_refreshing_keeps_changes_not_saved_yet(database: str) -> None:
    persistence = DatabasePersistence()
    await persistence.update_bot_data({"announcement": "old"})
    bot_data = await persistence.get_bot_data()
    bot_data["announcement"] = "new"

    await persistence.refresh_bot_data(bot_data)

    assert bot_data == {"announcement": "new"}


async def test_refreshing_empties_data_another_process_dropped(database: str) -> None:
    this, other = DatabasePersistence(), DatabasePersistence()
    await this.update_user_data(USER_ID, {"room": "12"})
    user_data = (await other.get_user_data())[USER_ID]
    await this.drop_user_data(USER_ID)

    await other.refresh_user_data(USER_ID, user_data)

    assert user_data == {}


async def test_unchanged_data_never_overwrites_a_newer_save_of_another_process(
    database: str,
) -> None:
    this, other = DatabasePersistence(), DatabasePersistence()
    await this.update_bot_data({"announcement": "old"})
    stale = await other.get_bot_data()
    await this.update_bot_data({"announcement": "new"})

    await other.update_bot_data(stale)

    stored = await ChatState.get(kind=ChatStateKind.BOT)
    assert stored.data == {"announcement": "new"}


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({1: "room"}, id="integer-key"),
        pytest.param({"pair": (1, 2)}, id="tuple"),
        pytest.param({"when": dt.date(2026, 11, 17)}, id="date"),
    ],
)
async def test_data_that_json_cannot_keep_is_refused_and_nothing_is_stored(
    database: str, data: dict[str, Any]
) -> None:
    persistence = DatabasePersistence()

    with pytest.raises(TypeError, match="plain JSON"):
        await persistence.update_user_data(USER_ID, data)

    assert not await ChatState.exists(kind=ChatStateKind.USER)


def test_callback_data_is_not_stored_unless_asked_for() -> None:
    assert DatabasePersistence().store_data.callback_data is False


async def test_callback_cache_saved_by_one_process_is_loaded_by_the_next(
    database: str,
) -> None:
    everything = PersistenceInput()
    cache = ([("keyboard-1", 1763370000.5, {"button-1": "done:42"})], {"query-9": "keyboard-1"})
    await DatabasePersistence(store_data=everything).update_callback_data(cache)

    loaded = await DatabasePersistence(store_data=everything).get_callback_data()

    assert loaded == cache


async def test_no_stored_callback_cache_loads_as_none(database: str) -> None:
    persistence = DatabasePersistence(store_data=PersistenceInput())

    assert await persistence.get_callback_data() is None


# A two-step conversation: "/report ROOM" asks what is wrong there, the next text answers.
DESCRIBING = 1


async def _ask_for_description(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    assert update.message is not None
    assert context.user_data is not None
    context.user_data["room"] = " ".join(context.args or [])
    await update.message.reply_text(f"What is wrong in room {context.user_data['room']}?")
    return DESCRIBING


async def _confirm_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    assert update.message is not None
    assert context.user_data is not None
    await update.message.reply_text(f"Room {context.user_data['room']}: {update.message.text}")
    return ConversationHandler.END


def _bot_with_conversation(api: FakeBotApi) -> Application[Any, Any, Any, Any, Any, Any]:
    application = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .persistence(DatabasePersistence())
        .build()
    )
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("report", _ask_for_description)],
            states={DESCRIBING: [MessageHandler(filters.TEXT & ~filters.COMMAND, _confirm_report)]},
            fallbacks=[],
            persistent=True,
            name="demo",
        )
    )
    return application


async def test_a_conversation_continues_in_a_restarted_application(
    api: FakeBotApi, database: str
) -> None:
    teacher = api.user(USER_ID)
    async with polling(_bot_with_conversation(api)):
        await teacher.send("/report 12")
        await api.wait_for_sent(teacher.chat_id)

    async with polling(_bot_with_conversation(api)):
        await teacher.send("The projector does not start")
        [reply] = await api.wait_for_sent(teacher.chat_id)

    assert reply["text"] == "Room 12: The projector does not start"


async def test_with_saving_after_every_update_state_is_stored_before_any_stop(
    api: FakeBotApi, database: str
) -> None:
    teacher = api.user(USER_ID)
    application = _bot_with_conversation(api)
    save_state_after_every_update(application)
    async with application:
        message = await teacher.send("/report 12")

        await application.process_update(
            Update.de_json({"update_id": 1, "message": message}, application.bot)
        )

        conversation = await ChatState.get(kind=ChatStateKind.CONVERSATION)
        user_data = await ChatState.get(kind=ChatStateKind.USER, key=str(USER_ID))
        assert conversation.data == {"state": DESCRIBING}
        assert user_data.data == {"room": "12"}
