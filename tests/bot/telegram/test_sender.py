"""Sending one outbox message to a chat: ids on success, classified errors on failure."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram.sender import MESSAGE_LIMIT, send_text, split_text
from core.outbox.transport import TransportError
from tests.telegram.fakebot import FakeBotApi, buttons

CHAT = 700200


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    api.user(CHAT)
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        yield bot


async def test_a_message_is_delivered_and_its_id_returned(api: FakeBotApi, bot: Bot) -> None:
    ids = await send_text(bot, chat_id=CHAT, text="Zgłoszenie IT-2026-0042 rozwiązane.")

    [delivered] = api.sent(CHAT)
    assert ids == [delivered["message_id"]]
    assert delivered["text"] == "Zgłoszenie IT-2026-0042 rozwiązane."


async def test_markup_characters_from_users_arrive_as_written(api: FakeBotApi, bot: Bot) -> None:
    await send_text(bot, chat_id=CHAT, text="Sala <b>12</b> & 13 *pilne*")

    assert api.sent(CHAT)[0]["text"] == "Sala <b>12</b> & 13 *pilne*"


async def test_a_long_text_is_split_and_the_keyboard_goes_last(api: FakeBotApi, bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Zrobione", callback_data="d:1")]])
    text = "\n".join(f"Wiersz {n:05d}" for n in range(800))

    ids = await send_text(bot, chat_id=CHAT, text=text, keyboard=keyboard)

    first, second, third = api.sent(CHAT)
    assert len(ids) == 3
    assert "\n".join(m["text"] for m in (first, second, third)) == text
    assert (buttons(first), buttons(third)) == ({}, {"Zrobione": "d:1"})


def test_splitting_cuts_at_a_line_end_within_the_limit() -> None:
    parts = split_text("a" * 4000 + "\n" + "b" * 200)

    assert parts == ["a" * 4000, "b" * 200]
    assert all(len(part) <= MESSAGE_LIMIT for part in split_text("x" * 10_000))


async def test_flood_control_is_transient_with_its_wait(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", status=429, retry_after=7)

    with pytest.raises(TransportError) as failed:
        await send_text(bot, chat_id=CHAT, text="Przypomnienie")

    assert (failed.value.permanent, failed.value.retry_after) == (False, 7)


async def test_a_blocked_bot_is_permanent(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", status=403, description="Forbidden: bot was blocked by the user")

    with pytest.raises(TransportError) as failed:
        await send_text(bot, chat_id=CHAT, text="Przypomnienie")

    assert failed.value.permanent is True


async def test_an_unknown_chat_is_permanent(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", status=400, description="Bad Request: chat not found")

    with pytest.raises(TransportError) as failed:
        await send_text(bot, chat_id=CHAT, text="Przypomnienie")

    assert failed.value.permanent is True


async def test_a_server_error_is_transient(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", status=500)

    with pytest.raises(TransportError) as failed:
        await send_text(bot, chat_id=CHAT, text="Przypomnienie")

    assert (failed.value.permanent, failed.value.retry_after) == (False, None)
