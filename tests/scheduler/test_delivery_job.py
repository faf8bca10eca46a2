"""The delivery job sends due outbox messages to Telegram through the real bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import Application

from bot.telegram.app import build_application
from bot.telegram.context import HdrApplication
from bot.telegram.sender import TelegramSender
from core.clock import ManualClock
from core.config import Settings
from core.models import Channel, OutboxMessage, OutboxStatus, User
from core.outbox import ActionButton, enqueue_message
from core.outbox.delivery import DEFAULT_POLICY
from scheduler.jobs import deliver_outbox
from tests.factories import make_user
from tests.telegram.fakebot import FakeBotApi, buttons

pytestmark = pytest.mark.usefixtures("database", "now")

CHAT_ID = 700001


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotApi, database: str) -> AsyncIterator[HdrApplication]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=api.token,
        telegram_api_url=api.base_url,
    )
    application: Application = build_application(settings)
    async with application:
        assert isinstance(application, HdrApplication)
        yield application


@pytest.fixture
async def director(api: FakeBotApi) -> User:
    api.user(CHAT_ID, first_name="Jan")
    return await make_user(email="jan@szkola.example.pl", telegram_chat_id=CHAT_ID)


async def _deliver(bot: HdrApplication) -> int:
    senders = {Channel.TELEGRAM: TelegramSender(bot.bot, bot.buttons)}
    return await deliver_outbox(senders, worker="test")


async def test_a_due_message_reaches_the_chat_with_its_buttons_signed(
    api: FakeBotApi, bot: HdrApplication, director: User
) -> None:
    message = await enqueue_message(
        channel=Channel.TELEGRAM,
        address=str(CHAT_ID),
        recipient=director,
        body_text="Arkusz organizacji: termin 21 kwietnia.",
        buttons=[[ActionButton("Zrobione", "rem.done", (17,))]],
    )
    assert message is not None

    assert await _deliver(bot) == 1

    [received] = await api.wait_for_sent(CHAT_ID)
    assert received["text"] == "Arkusz organizacji: termin 21 kwietnia."
    button = bot.buttons.unpack(buttons(received)["Zrobione"])
    assert button is not None
    assert (button.action, button.args) == ("rem.done", ("17",))
    await message.refresh_from_db()
    assert (message.status, message.provider_message_id) == (
        OutboxStatus.SENT,
        str(received["message_id"]),
    )


async def test_a_chat_that_blocked_the_bot_gets_the_message_by_e_mail_instead(
    api: FakeBotApi, bot: HdrApplication, director: User
) -> None:
    await enqueue_message(
        channel=Channel.TELEGRAM, address=str(CHAT_ID), recipient=director, body_text="Termin"
    )
    api.fail_next("sendMessage", status=403, description="Forbidden: bot was blocked by the user")

    await _deliver(bot)

    message = await OutboxMessage.get()
    await director.refresh_from_db()
    assert director.telegram_unreachable_at is not None
    assert (message.channel, message.address) == (Channel.EMAIL, "jan@szkola.example.pl")


async def test_a_message_telegram_refuses_fails_and_the_chat_stays_in_use(
    api: FakeBotApi, bot: HdrApplication, director: User
) -> None:
    await enqueue_message(
        channel=Channel.TELEGRAM, address=str(CHAT_ID), recipient=director, body_text="Termin"
    )
    api.fail_next(
        "sendMessage", status=400, description="Bad Request: can't parse entities: bad tag"
    )

    await _deliver(bot)

    message = await OutboxMessage.get()
    await director.refresh_from_db()
    assert director.telegram_unreachable_at is None
    assert (message.status, message.channel) == (OutboxStatus.FAILED, Channel.TELEGRAM)
    assert message.last_error == "Can't parse entities: bad tag"


async def test_a_chat_telegram_no_longer_knows_is_reached_by_e_mail(
    api: FakeBotApi, bot: HdrApplication, director: User
) -> None:
    await enqueue_message(
        channel=Channel.TELEGRAM, address=str(CHAT_ID), recipient=director, body_text="Termin"
    )
    api.fail_next("sendMessage", status=400, description="Bad Request: chat not found")

    await _deliver(bot)

    message = await OutboxMessage.get()
    assert (message.channel, message.address) == (Channel.EMAIL, "jan@szkola.example.pl")


async def test_flood_control_is_waited_out_and_the_message_arrives_once(
    api: FakeBotApi, bot: HdrApplication, director: User
) -> None:
    await enqueue_message(
        channel=Channel.TELEGRAM, address=str(CHAT_ID), recipient=director, body_text="Termin"
    )
    api.fail_next("sendMessage", status=429, retry_after=1)

    await _deliver(bot)

    [received] = await api.wait_for_sent(CHAT_ID)
    assert received["text"] == "Termin"
    assert api.sent(CHAT_ID) == [received]
    assert (await OutboxMessage.get()).status is OutboxStatus.SENT


async def test_a_server_error_is_retried_later_and_the_message_arrives_once(
    api: FakeBotApi, bot: HdrApplication, director: User, now: ManualClock
) -> None:
    await enqueue_message(
        channel=Channel.TELEGRAM, address=str(CHAT_ID), recipient=director, body_text="Termin"
    )
    api.fail_next("sendMessage", status=502)

    await _deliver(bot)
    waiting = await OutboxMessage.get()
    now.advance(DEFAULT_POLICY.longest_retry)
    await _deliver(bot)

    assert waiting.status is OutboxStatus.PENDING
    assert "Bad Gateway" in waiting.last_error
    assert [message["text"] for message in api.sent(CHAT_ID)] == ["Termin"]
    assert (await OutboxMessage.get()).status is OutboxStatus.SENT
