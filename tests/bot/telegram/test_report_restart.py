"""A restart of the bot in the middle of /zglos: the report goes on where it stopped."""

from __future__ import annotations

from bot.telegram.app import build_application
from core.config import Settings
from core.models import User
from core.seed.demo import seed_reference_data
from tests.telegram.fakebot import FakeBotApi, buttons, polling

TELEGRAM_ID = 900002


async def test_a_restart_in_the_middle_of_a_report_keeps_what_was_entered(
    api: FakeBotApi, teacher: User, now
) -> None:
    await seed_reference_data()
    teacher.telegram_user_id = teacher.telegram_chat_id = TELEGRAM_ID
    await teacher.save()
    reporter = api.user(TELEGRAM_ID, first_name="Anna")
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=api.token,
        telegram_api_url=api.base_url,
    )
    async with polling(build_application(settings)):
        await reporter.send("/zglos")
        categories = (await api.wait_for_sent(reporter.chat_id))[-1]
        await reporter.press(categories, buttons(categories)["Drukarka"])
        await api.wait_for_sent(reporter.chat_id)
        await reporter.send("sekretariat")
        await api.wait_for_sent(reporter.chat_id)

    async with polling(build_application(settings)):
        await reporter.send("Drukarka zacina papier.")
        offer = (await api.wait_for_sent(reporter.chat_id))[-1]
        await reporter.press(offer, "files:done")
        priorities = (await api.wait_for_sent(reporter.chat_id))[-1]
        await reporter.press(priorities, buttons(priorities)["normalny"])
        summary = (await api.wait_for_sent(reporter.chat_id))[-1]

    assert summary["text"].splitlines()[1:3] == ["Kategoria: Drukarka", "Sala: sekretariat"]
