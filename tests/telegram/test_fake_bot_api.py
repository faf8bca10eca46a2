"""The fake Bot API, as python-telegram-bot itself sees it."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.telegram.fakebot import FakeBotApi, buttons, polling

ALICE = 1001
BOB = 1002
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Zrobione", callback_data="done:7")]])


@pytest.fixture(autouse=True)
def timedelta_durations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opts into PTB's coming `timedelta` durations, so a RetryAfter does not warn."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as client:
        yield client


def application_for(api: FakeBotApi) -> Application:
    return (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )


async def test_get_me_describes_a_bot_with_a_username(bot: Bot) -> None:
    me = await bot.get_me()

    assert me.is_bot
    assert me.username == "hdr_desk_test_bot"
    assert me.id == 123456


async def test_a_sent_message_is_returned_in_full_and_kept_in_the_chat(
    api: FakeBotApi, bot: Bot
) -> None:
    api.user(ALICE, first_name="Alicja")

    message = await bot.send_message(ALICE, "Zgłoszenie przyjęte", reply_markup=KEYBOARD)

    assert message.chat.id == ALICE
    assert message.text == "Zgłoszenie przyjęte"
    assert message.reply_markup == KEYBOARD
    assert message.date.year > 2000
    assert [m["message_id"] for m in api.sent(ALICE)] == [message.message_id]
    assert api.calls_to("sendMessage")[0]["chat_id"] == ALICE


async def test_every_message_in_a_chat_gets_a_new_id(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)

    first = await bot.send_message(ALICE, "jeden")
    second = await bot.send_message(ALICE, "dwa")

    assert second.message_id > first.message_id


async def test_sending_to_a_chat_nobody_opened_is_a_bad_request(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "hej")


async def test_editing_a_sent_message_changes_the_stored_message(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)
    sent = await bot.send_message(ALICE, "Przypomnienie", reply_markup=KEYBOARD)

    edited = await bot.edit_message_text("Przypomnienie — zrobione", ALICE, sent.message_id)

    assert not isinstance(edited, bool)
    assert edited.text == "Przypomnienie — zrobione"
    stored = api.sent(ALICE)[0]
    assert stored["text"] == "Przypomnienie — zrobione"
    assert "reply_markup" not in stored  # an edit that does not repeat the keyboard drops it
    assert "edit_date" in stored


async def test_editing_a_missing_message_is_a_bad_request(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)

    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("nowy tekst", ALICE, 42)


async def test_an_edit_that_changes_nothing_is_a_bad_request(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)
    sent = await bot.send_message(ALICE, "bez zmian")

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("bez zmian", ALICE, sent.message_id)


async def test_removing_the_keyboard_keeps_the_text(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)
    sent = await bot.send_message(ALICE, "Wybierz", reply_markup=KEYBOARD)

    await bot.edit_message_reply_markup(ALICE, sent.message_id, reply_markup=None)

    assert api.sent(ALICE)[0]["text"] == "Wybierz"
    assert "reply_markup" not in api.sent(ALICE)[0]


async def test_html_text_is_stored_as_the_user_reads_it(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)

    await bot.send_message(ALICE, "<b>IT-2026-0042</b>: sala 12 &amp; 13", parse_mode="HTML")

    assert api.sent(ALICE)[0]["text"] == "IT-2026-0042: sala 12 & 13"


@pytest.mark.parametrize("text", ["sala <12>", "Kowalski & syn", "<b>bez końca", "<br>"])
async def test_html_that_telegram_cannot_parse_is_a_bad_request(
    api: FakeBotApi, bot: Bot, text: str
) -> None:
    api.user(ALICE)

    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(ALICE, text, parse_mode="HTML")
    assert api.sent(ALICE) == []


async def test_too_long_callback_data_is_a_bad_request(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x" * 65)]])

    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(ALICE, "za długie", reply_markup=markup)


async def test_an_injected_429_raises_retry_after_with_its_delay(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)
    api.fail_next("sendMessage", status=429, retry_after=3)

    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(ALICE, "hej")

    assert raised.value.retry_after == dt.timedelta(seconds=3)
    assert api.sent(ALICE) == []


async def test_an_injected_403_raises_forbidden(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)
    api.fail_next("sendMessage", status=403, description="Forbidden: bot was blocked by the user")

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ALICE, "hej")


async def test_an_injected_500_raises_network_error(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)
    api.fail_next("sendMessage", status=500)

    with pytest.raises(NetworkError):
        await bot.send_message(ALICE, "hej")


async def test_an_injected_fault_lasts_for_the_given_number_of_calls(
    api: FakeBotApi, bot: Bot
) -> None:
    api.user(ALICE)
    api.fail_next("sendMessage", status=400, description="Bad Request: chat not found", times=2)

    for _ in range(2):
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(ALICE, "hej")
    await bot.send_message(ALICE, "hej")

    assert len(api.sent(ALICE)) == 1


async def test_an_unknown_method_is_not_found(api: FakeBotApi) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.base_url}{api.token}/sendTelepathy")

    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_a_document_upload_keeps_its_bytes_and_filename(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)
    content = bytes(range(256)) * 4 + b"\r\n--\r\n"

    message = await bot.send_document(
        ALICE, content, filename="zestawienie listopad łącza.xlsx", caption="Zestawienie"
    )

    assert message.document is not None
    assert message.document.file_name == "zestawienie listopad łącza.xlsx"
    assert message.caption == "Zestawienie"
    assert api.file(message.document.file_id).content == content


async def test_a_photo_a_user_sent_can_be_fetched_and_downloaded(api: FakeBotApi, bot: Bot) -> None:
    alice = api.user(ALICE)
    sent = await alice.send_photo(b"\xff\xd8jpeg bytes\xff\xd9", caption="projektor")

    telegram_file = await bot.get_file(sent["photo"][-1]["file_id"])
    downloaded = await telegram_file.download_as_bytearray()

    assert bytes(downloaded) == b"\xff\xd8jpeg bytes\xff\xd9"


async def test_a_long_poll_returns_as_soon_as_a_user_writes(api: FakeBotApi, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))

    await api.user(ALICE).send("dzień dobry")
    updates = await asyncio.wait_for(poll, timeout=5)

    assert [u.message.text for u in updates if u.message] == ["dzień dobry"]


async def test_an_offset_confirms_the_updates_before_it(api: FakeBotApi, bot: Bot) -> None:
    alice = api.user(ALICE)
    await alice.send("pierwsza")
    await alice.send("druga")
    first, _ = await bot.get_updates()

    remaining = await bot.get_updates(offset=first.update_id + 1)

    assert [u.message.text for u in remaining if u.message] == ["druga"]


async def test_a_polling_application_answers_a_command_and_plain_text(api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"start {' '.join(context.args or [])}")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"echo {update.message.text}")

    alice = api.user(ALICE, first_name="Alicja")
    application = application_for(api)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))

    async with polling(application):
        await alice.send("/start abc")
        await alice.send("projektor nie działa")
        replies = await api.wait_for_sent(ALICE, count=2)

    assert [reply["text"] for reply in replies] == ["start abc", "echo projektor nie działa"]


async def test_a_button_press_reaches_the_callback_handler_and_is_answered(
    api: FakeBotApi,
) -> None:
    async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("Zapisano")
        await update.callback_query.edit_message_text(f"wybrano {update.callback_query.data}")

    alice = api.user(ALICE)
    application = application_for(api)
    application.add_handler(CallbackQueryHandler(on_press))

    async with polling(application):
        prompt = await application.bot.send_message(ALICE, "Gotowe?", reply_markup=KEYBOARD)
        [shown] = await api.wait_for_sent(ALICE)
        query_id = await alice.press(shown, buttons(shown)["Zrobione"])
        await api.wait_for_call("editMessageText")

    assert api.answered_callbacks == [{"callback_query_id": query_id, "text": "Zapisano"}]
    assert api.sent(ALICE)[0]["text"] == "wybrano done:7"
    assert api.sent(ALICE)[0]["message_id"] == prompt.message_id


async def test_pressing_a_button_the_message_does_not_show_fails_the_test(
    api: FakeBotApi, bot: Bot
) -> None:
    alice = api.user(ALICE)
    sent = await bot.send_message(ALICE, "Gotowe?", reply_markup=KEYBOARD)
    await bot.edit_message_reply_markup(ALICE, sent.message_id, reply_markup=None)

    with pytest.raises(AssertionError, match="no button 'done:7'"):
        await alice.press(api.sent(ALICE)[0], "done:7")


async def test_answering_an_unknown_callback_query_is_a_bad_request(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="query id is invalid"):
        await bot.answer_callback_query("callback-404")


async def test_a_group_member_writes_from_the_group_chat(api: FakeBotApi, bot: Bot) -> None:
    in_group = api.user(ALICE, first_name="Alicja").in_group(-100, title="Dyrektorzy")

    await in_group.send("/pomoc@hdr_desk_test_bot")
    [update] = await bot.get_updates()

    assert update.message is not None
    assert update.message.chat.type == "group"
    assert update.message.chat.title == "Dyrektorzy"
    assert update.message.from_user is not None
    assert update.message.from_user.id == ALICE
    assert update.message.entities[0].length == len("/pomoc@hdr_desk_test_bot")


async def test_waiting_for_messages_that_never_come_names_what_did(
    api: FakeBotApi, bot: Bot
) -> None:
    api.user(ALICE)
    await bot.send_message(ALICE, "tylko jedna")

    with pytest.raises(AssertionError, match="got \\['tylko jedna'\\]"):
        await api.wait_for_sent(ALICE, count=2, timeout=0.05)


async def test_waiting_returns_only_messages_not_returned_before(api: FakeBotApi, bot: Bot) -> None:
    api.user(ALICE)
    await bot.send_message(ALICE, "pierwsza")
    await api.wait_for_sent(ALICE)
    await bot.send_message(ALICE, "druga")

    [latest] = await api.wait_for_sent(ALICE)

    assert latest["text"] == "druga"


async def test_sends_to_one_chat_faster_than_its_limit_are_refused_with_429() -> None:
    async with (
        FakeBotApi(enforce_limits=True, per_chat_per_second=1) as api,
        Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot,
    ):
        api.user(ALICE)
        await bot.send_message(ALICE, "pierwsza")

        with pytest.raises(RetryAfter):
            await bot.send_message(ALICE, "druga, zaraz po pierwszej")

        assert api.rate_limit_hits == 1
        assert len(api.sent(ALICE)) == 1


async def test_sends_beyond_the_global_limit_are_refused_with_429() -> None:
    async with (
        FakeBotApi(enforce_limits=True, global_per_second=2) as api,
        Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot,
    ):
        for user_id in (ALICE, BOB, 1003):
            api.user(user_id)
        await bot.send_message(ALICE, "1")
        await bot.send_message(BOB, "2")

        with pytest.raises(RetryAfter):
            await bot.send_message(1003, "3")

        assert api.rate_limit_hits == 1


async def test_a_document_a_user_sent_arrives_with_its_name_and_type(
    api: FakeBotApi, bot: Bot
) -> None:
    await api.user(ALICE).send_document(b"%PDF-1.7", "protokol.pdf", "application/pdf")

    [update] = await bot.get_updates()

    assert update.message is not None
    assert update.message.document is not None
    assert update.message.document.file_name == "protokol.pdf"
    assert update.message.document.mime_type == "application/pdf"


async def test_commands_the_bot_sets_are_kept(api: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([("start", "Połącz konto"), ("pomoc", "Pomoc")])

    assert [command["command"] for command in api.commands] == ["start", "pomoc"]


async def test_stopping_after_polling_leaves_no_task_running() -> None:
    async with FakeBotApi() as api, polling(application_for(api)):
        await api.wait_for_call("deleteWebhook")

    assert asyncio.all_tasks() == {asyncio.current_task()}
