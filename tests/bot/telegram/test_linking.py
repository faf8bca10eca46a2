"""Linking a Telegram account with an invite code, and what strangers and groups are told."""

from __future__ import annotations

import datetime as dt

from core.clock import ManualClock
from core.models import Role, School, User
from core.people.invites import create_invite
from tests.factories import make_user
from tests.telegram.fakebot import FakeBotApi

TELEGRAM_ID = 700100


async def _invited_teacher(school: School) -> tuple[User, str]:
    teacher = await make_user(role=Role.TEACHER, school=school, full_name="Anna Nowak")
    issued = await create_invite(user=teacher, created_by=None)
    return teacher, issued.code


async def test_invite_code_links_the_account_and_greets_by_name(
    api: FakeBotApi, running_bot, school: School, now: ManualClock
) -> None:
    teacher, code = await _invited_teacher(school)
    anna = api.user(TELEGRAM_ID, first_name="Anna")

    await anna.send(f"/start {code}")

    [reply] = await api.wait_for_sent(anna.chat_id)
    assert reply["text"] == "Witaj, Anna Nowak! Twoje konto Telegram jest już połączone z hdr-desk."
    await teacher.refresh_from_db()
    assert (teacher.telegram_user_id, teacher.telegram_chat_id) == (TELEGRAM_ID, TELEGRAM_ID)


async def test_a_wrong_code_links_nothing(
    api: FakeBotApi, running_bot, school: School, now: ManualClock
) -> None:
    await _invited_teacher(school)
    stranger = api.user(TELEGRAM_ID)

    await stranger.send("/start not-a-code")

    [reply] = await api.wait_for_sent(stranger.chat_id)
    assert reply["text"] == "Ten kod zaproszenia jest nieprawidłowy. Poproś koordynatora o nowy."
    assert not await User.exists(telegram_user_id=TELEGRAM_ID)


async def test_a_used_code_cannot_link_a_second_account(
    api: FakeBotApi, running_bot, school: School, now: ManualClock
) -> None:
    _, code = await _invited_teacher(school)
    first, second = api.user(TELEGRAM_ID), api.user(TELEGRAM_ID + 1)
    await first.send(f"/start {code}")
    await api.wait_for_sent(first.chat_id)

    await second.send(f"/start {code}")

    [reply] = await api.wait_for_sent(second.chat_id)
    assert (
        reply["text"] == "Ten kod zaproszenia został już wykorzystany. Poproś koordynatora o nowy."
    )
    assert not await User.exists(telegram_user_id=TELEGRAM_ID + 1)


async def test_an_expired_code_links_nothing(
    api: FakeBotApi, running_bot, school: School, now: ManualClock
) -> None:
    _, code = await _invited_teacher(school)
    now.advance(dt.timedelta(days=8))
    anna = api.user(TELEGRAM_ID)

    await anna.send(f"/start {code}")

    [reply] = await api.wait_for_sent(anna.chat_id)
    assert "wygasł" in reply["text"]
    assert not await User.exists(telegram_user_id=TELEGRAM_ID)


async def test_a_stranger_is_told_how_to_get_access(api: FakeBotApi, running_bot) -> None:
    stranger = api.user(TELEGRAM_ID)

    await stranger.send("Dzień dobry, projektor nie działa")

    [reply] = await api.wait_for_sent(stranger.chat_id)
    assert reply["text"].startswith("Ten bot obsługuje szkoły gminy.")


async def test_a_group_chat_is_asked_to_write_privately(
    api: FakeBotApi, running_bot, school: School, now: ManualClock
) -> None:
    _, code = await _invited_teacher(school)
    in_group = api.user(TELEGRAM_ID).in_group(-1001, title="Pokój nauczycielski")

    await in_group.send(f"/start {code}")

    [reply] = await api.wait_for_sent(-1001)
    assert reply["text"].startswith("Działam tylko w rozmowach prywatnych.")
    assert not await User.exists(telegram_user_id=TELEGRAM_ID)


async def test_a_linked_user_gets_help(
    api: FakeBotApi, running_bot, school: School, now: ManualClock
) -> None:
    _, code = await _invited_teacher(school)
    anna = api.user(TELEGRAM_ID)
    await anna.send(f"/start {code}")
    await api.wait_for_sent(anna.chat_id)

    await anna.send("/pomoc")

    [reply] = await api.wait_for_sent(anna.chat_id)
    assert reply["text"].startswith("Polecenia:")
