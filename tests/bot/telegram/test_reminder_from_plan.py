"""A deadline reminder from plan to answer: the jobs plan it, queue it at 8:00 and deliver it
to the director's Telegram chat, where one tap on Done closes the obligation."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest
from telegram.ext import Application

from bot.telegram.context import HdrApplication
from bot.telegram.sender import TelegramSender
from core import clock
from core.clock import ManualClock
from core.models import Channel, Obligation, ObligationKind, ObligationStatus, Role, School, User
from core.obligations.policies import install_default_policy
from core.obligations.reminder_delivery import send_due_reminders
from core.obligations.reminders import plan_reminders
from scheduler.jobs import deliver_outbox
from tests.conftest import warsaw
from tests.telegram.fakebot import FakeBotApi, buttons

pytestmark = pytest.mark.usefixtures("running_bot")

DIRECTOR_CHAT = 930001


async def test_a_director_answers_a_planned_reminder_with_one_tap(
    api: FakeBotApi, running_bot: Application, school: School, director: User, now: ManualClock
) -> None:
    director.telegram_user_id = director.telegram_chat_id = DIRECTOR_CHAT
    director.preferred_channel = Channel.TELEGRAM
    await director.save()
    chat = api.user(DIRECTOR_CHAT, first_name="Jan")
    obligation = await Obligation.create(
        source_key="test:arkusz",
        kind=ObligationKind.ORGANISATION_SHEET,
        title="Przekazanie arkusza organizacji organowi prowadzącemu",
        school=school,
        assignee_role=Role.DIRECTOR,
        due_date=dt.date(2026, 11, 20),
        policy=await install_default_policy(),
        created_at=clock.now(),
    )
    bot = cast(HdrApplication, running_bot)
    now.set(warsaw(2026, 11, 17, 8, 0))

    await plan_reminders()
    await send_due_reminders()
    await deliver_outbox({Channel.TELEGRAM: TelegramSender(bot.bot, bot.buttons)}, worker="t")

    [reminder] = await api.wait_for_sent(chat.chat_id)
    assert reminder["text"].startswith("Przypomnienie")
    await chat.press(reminder, buttons(reminder)["Zrobione"])
    await api.wait_for_call("editMessageText")
    await obligation.refresh_from_db()
    assert obligation.status is ObligationStatus.DONE
