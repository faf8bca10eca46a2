"""Invite codes link a Telegram account to a user once, and only with a valid code."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import secrets

import pytest
from tortoise import Tortoise

from core.clock import ManualClock
from core.config import get_settings
from core.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from core.models import Channel, InviteCode, Role, User
from core.people.invites import create_invite, invite_deep_link, redeem_invite
from tests.factories import make_school, make_user

TELEGRAM_ID = 700_000_001
OTHER_TELEGRAM_ID = 700_000_002


async def make_teacher(**fields: object) -> User:
    return await make_user(role=Role.TEACHER, school=await make_school(), **fields)


async def make_coordinator() -> User:
    return await make_user(role=Role.COORDINATOR)


async def test_redeeming_a_code_links_the_telegram_account(database: str, now: ManualClock) -> None:
    teacher = await make_teacher()
    issued = await create_invite(user=teacher, created_by=await make_coordinator())

    returned = await redeem_invite(
        code=issued.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=TELEGRAM_ID + 5
    )

    stored = await User.get(id=teacher.id)
    assert (stored.telegram_user_id, stored.telegram_chat_id) == (TELEGRAM_ID, TELEGRAM_ID + 5)
    assert returned.telegram_user_id == TELEGRAM_ID
    invite = await InviteCode.get(id=issued.invite.id)
    assert invite.used_at == now.now()
    assert invite.used_by_telegram_id == TELEGRAM_ID


async def test_a_linked_telegram_becomes_the_preferred_channel(
    database: str, now: ManualClock
) -> None:
    teacher = await make_teacher()
    issued = await create_invite(user=teacher, created_by=await make_coordinator())

    await redeem_invite(
        code=issued.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=TELEGRAM_ID
    )

    assert (await User.get(id=teacher.id)).preferred_channel is Channel.TELEGRAM


async def test_a_code_is_valid_for_the_configured_number_of_days(
    database: str, now: ManualClock
) -> None:
    issued = await create_invite(user=await make_teacher(), created_by=None)

    invite = await InviteCode.get(id=issued.invite.id)
    assert invite.created_at == now.now()
    assert invite.expires_at == now.now() + dt.timedelta(days=get_settings().invite_valid_days)


async def test_a_code_can_be_given_its_own_validity(database: str, now: ManualClock) -> None:
    issued = await create_invite(
        user=await make_teacher(), created_by=None, valid_for=dt.timedelta(hours=2)
    )

    invite = await InviteCode.get(id=issued.invite.id)
    assert invite.expires_at == now.now() + dt.timedelta(hours=2)


async def test_a_code_fits_a_telegram_deep_link_and_is_unguessable(
    database: str, now: ManualClock
) -> None:
    teacher = await make_teacher()

    codes = [(await create_invite(user=teacher, created_by=None)).code for _ in range(20)]

    for code in codes:
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", code)
        # 6 bits per character: at least 80 bits of randomness needs at least 14 characters.
        assert len(code) * 6 >= 80
    assert len(set(codes)) == len(codes)


async def test_a_code_never_reads_as_a_qr_label_link(
    database: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = iter(["a_" + "Q" * 20, "a_" + "R" * 20, "B" * 22])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda size: next(drawn))

    issued = await create_invite(user=await make_teacher(), created_by=None)

    assert issued.code == "B" * 22


async def test_only_the_hash_of_a_code_is_stored(database: str, now: ManualClock) -> None:
    issued = await create_invite(user=await make_teacher(), created_by=None)

    rows = await Tortoise.get_connection("default").execute_query_dict(
        'SELECT * FROM "invite_code"'
    )

    assert len(rows) == 1
    assert all(issued.code not in str(value) for value in rows[0].values())
    assert len(rows[0]["code_hash"]) == 64


def test_the_deep_link_opens_the_bot_with_the_code() -> None:
    assert invite_deep_link("Ab3_x-Y", "@hdr_desk_bot") == "https://t.me/hdr_desk_bot?start=Ab3_x-Y"


async def test_a_wrong_code_is_refused_and_links_nothing(database: str, now: ManualClock) -> None:
    teacher = await make_teacher()
    await create_invite(user=teacher, created_by=None)

    with pytest.raises(NotFound) as refused:
        await redeem_invite(
            code="not-the-code", telegram_user_id=TELEGRAM_ID, telegram_chat_id=TELEGRAM_ID
        )

    assert "nieprawidłowy" in refused.value.translated()
    assert (await User.get(id=teacher.id)).telegram_user_id is None


async def test_a_used_code_cannot_be_redeemed_again(database: str, now: ManualClock) -> None:
    teacher = await make_teacher()
    issued = await create_invite(user=teacher, created_by=None)
    await redeem_invite(code=issued.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1)

    with pytest.raises(IllegalTransition, match="already been used"):
        await redeem_invite(
            code=issued.code, telegram_user_id=OTHER_TELEGRAM_ID, telegram_chat_id=2
        )

    assert (await User.get(id=teacher.id)).telegram_user_id == TELEGRAM_ID
    assert (await InviteCode.get(id=issued.invite.id)).used_by_telegram_id == TELEGRAM_ID


async def test_an_expired_code_is_refused_and_links_nothing(
    database: str, now: ManualClock
) -> None:
    teacher = await make_teacher()
    issued = await create_invite(user=teacher, created_by=None)
    now.advance(dt.timedelta(days=get_settings().invite_valid_days, seconds=1))

    with pytest.raises(IllegalTransition, match="expired"):
        await redeem_invite(code=issued.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1)

    assert (await User.get(id=teacher.id)).telegram_user_id is None
    assert (await InviteCode.get(id=issued.invite.id)).used_at is None


async def test_a_code_works_until_the_moment_it_expires(database: str, now: ManualClock) -> None:
    teacher = await make_teacher()
    issued = await create_invite(user=teacher, created_by=None, valid_for=dt.timedelta(hours=1))
    now.advance(dt.timedelta(minutes=59))

    await redeem_invite(code=issued.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1)

    assert (await User.get(id=teacher.id)).telegram_user_id == TELEGRAM_ID


async def test_a_code_of_a_deactivated_user_is_refused(database: str, now: ManualClock) -> None:
    teacher = await make_teacher()
    issued = await create_invite(user=teacher, created_by=None)
    await User.filter(id=teacher.id).update(is_active=False)

    with pytest.raises(IllegalTransition, match="deactivated"):
        await redeem_invite(code=issued.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1)

    assert (await User.get(id=teacher.id)).telegram_user_id is None
    assert (await InviteCode.get(id=issued.invite.id)).used_at is None


async def test_a_telegram_account_linked_to_another_user_is_refused(
    database: str, now: ManualClock
) -> None:
    await make_teacher(telegram_user_id=TELEGRAM_ID, telegram_chat_id=TELEGRAM_ID)
    teacher = await make_teacher()
    issued = await create_invite(user=teacher, created_by=None)

    with pytest.raises(IllegalTransition, match="linked to another user"):
        await redeem_invite(code=issued.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1)

    assert (await User.get(id=teacher.id)).telegram_user_id is None
    assert (await InviteCode.get(id=issued.invite.id)).used_at is None


async def test_concurrent_redemptions_of_one_code_link_once(
    database: str, now: ManualClock
) -> None:
    teacher = await make_teacher()
    issued = await create_invite(user=teacher, created_by=None)

    outcomes = await asyncio.gather(
        redeem_invite(code=issued.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1),
        redeem_invite(code=issued.code, telegram_user_id=OTHER_TELEGRAM_ID, telegram_chat_id=2),
        return_exceptions=True,
    )

    linked = [outcome for outcome in outcomes if isinstance(outcome, User)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, IllegalTransition)]
    assert (len(linked), len(refused)) == (1, 1)
    stored = await User.get(id=teacher.id)
    invite = await InviteCode.get(id=issued.invite.id)
    assert stored.telegram_user_id == invite.used_by_telegram_id == linked[0].telegram_user_id


async def test_one_telegram_account_redeeming_two_codes_at_once_links_one_user(
    database: str, now: ManualClock
) -> None:
    first = await create_invite(user=await make_teacher(), created_by=None)
    second = await create_invite(user=await make_teacher(), created_by=None)

    outcomes = await asyncio.gather(
        redeem_invite(code=first.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1),
        redeem_invite(code=second.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1),
        return_exceptions=True,
    )

    refused = [outcome for outcome in outcomes if isinstance(outcome, IllegalTransition)]
    assert len(refused) == 1
    assert "linked to another user" in str(refused[0])
    assert await User.filter(telegram_user_id=TELEGRAM_ID).count() == 1
    assert await InviteCode.filter(used_at__isnull=False).count() == 1


async def test_a_new_code_expires_the_earlier_unused_ones(database: str, now: ManualClock) -> None:
    teacher = await make_teacher()
    first = await create_invite(user=teacher, created_by=None)
    second = await create_invite(user=teacher, created_by=None)

    with pytest.raises(IllegalTransition, match="expired"):
        await redeem_invite(code=first.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1)
    await redeem_invite(code=second.code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=1)

    assert (await User.get(id=teacher.id)).telegram_user_id == TELEGRAM_ID


async def test_only_a_coordinator_issues_codes(database: str, now: ManualClock) -> None:
    teacher = await make_teacher()
    director = await make_user(role=Role.DIRECTOR, school=await make_school())

    with pytest.raises(DomainError, match="Only the coordinator"):
        await create_invite(user=teacher, created_by=director)

    assert await InviteCode.all().count() == 0


async def test_a_deactivated_user_cannot_be_invited(database: str, now: ManualClock) -> None:
    teacher = await make_teacher(is_active=False)

    with pytest.raises(IllegalTransition, match="deactivated"):
        await create_invite(user=teacher, created_by=await make_coordinator())

    assert await InviteCode.all().count() == 0


async def test_a_code_must_be_valid_for_some_time(database: str, now: ManualClock) -> None:
    with pytest.raises(InvalidInput):
        await create_invite(user=await make_teacher(), created_by=None, valid_for=dt.timedelta())

    assert await InviteCode.all().count() == 0
