"""Signing in by e-mailed link: who is mailed, the limits on asking, and what a link does."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from core.clock import ManualClock
from core.config import get_settings
from core.errors import InvalidInput
from core.models import (
    AnswerKind,
    Channel,
    LoginRequest,
    LoginToken,
    OutboxMessage,
    Role,
    School,
    User,
    WebSession,
)
from core.obligations.answer_links import AnswerLink, answer_link_token
from core.people.login_links import (
    LINK_VALIDITY,
    LINKS_PER_ADDRESS,
    RATE_WINDOW,
    REQUESTS_PER_CLIENT,
    LoginLinkError,
    LoginLinkExpired,
    LoginLinkInvalid,
    LoginLinkUsed,
    TooManyLoginRequests,
    check_login_link,
    request_login_link,
    sign_in_with_link,
)
from core.people.users import deactivate_user
from core.people.web_sessions import active_session
from tests.factories import make_user

CLIENT = "192.0.2.10"
BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def token_in(message: OutboxMessage) -> str:
    """The token of the sign-in link written in `message`."""
    match = re.search(r"/logowanie/(\S+)", message.body_text)
    assert match is not None, message.body_text
    return match.group(1)


async def mailed_token(user: User, *, client: str = CLIENT, next_path: str = "") -> str:
    assert user.email is not None
    await request_login_link(email=user.email, client=client, next_path=next_path)
    message = await OutboxMessage.filter(recipient_id=user.id).order_by("-id").first()
    assert message is not None
    return token_in(message)


async def test_a_registered_address_is_mailed_a_link_to_the_login_page(
    teacher: User, now: ManualClock
) -> None:
    await request_login_link(email=str(teacher.email), client=CLIENT)

    message = await OutboxMessage.get(recipient_id=teacher.id)
    assert (message.channel, message.address) == (Channel.EMAIL, teacher.email)
    assert message.subject == "Twój link do logowania w hdr-desk"
    assert get_settings().base_url + "/logowanie/" in message.body_text
    assert "15 minut" in message.body_text


async def test_the_link_leads_to_its_user(teacher: User, now: ManualClock) -> None:
    token = await mailed_token(teacher, next_path="/panel")

    link = await check_login_link(token)

    assert (link.user.id, link.next_path) == (teacher.id, "/panel")


async def test_the_mail_is_written_in_the_users_language(school: School, now: ManualClock) -> None:
    user = await make_user(role=Role.TEACHER, school=school, locale="en")

    await request_login_link(email=str(user.email), client=CLIENT)

    message = await OutboxMessage.get(recipient_id=user.id)
    assert message.subject == "Your sign-in link to hdr-desk"
    assert message.payload["locale"] == "en"


async def test_the_address_is_found_whatever_its_case(school: School, now: ManualClock) -> None:
    user = await make_user(role=Role.TEACHER, school=school, email="Jan.Kowalski@szkola.example.pl")

    await request_login_link(email="jan.kowalski@SZKOLA.example.pl", client=CLIENT)

    assert await OutboxMessage.filter(recipient_id=user.id).count() == 1


async def test_an_unknown_address_is_answered_alike_and_mailed_nothing(
    database: str, now: ManualClock
) -> None:
    await request_login_link(email="nikt@szkola.example.pl", client=CLIENT)

    assert await OutboxMessage.all().count() == 0
    assert await LoginToken.all().count() == 0
    assert await LoginRequest.all().count() == 1


async def test_an_inactive_user_is_mailed_nothing(teacher: User, now: ManualClock) -> None:
    await deactivate_user(user=teacher)

    await request_login_link(email=str(teacher.email), client=CLIENT)

    assert await OutboxMessage.all().count() == 0
    assert await LoginToken.all().count() == 0


@pytest.mark.parametrize("email", ["", "   ", "jan.kowalski", "jan@", "@szkola.example.pl"])
async def test_a_blank_or_malformed_address_is_refused_and_not_counted(
    database: str, now: ManualClock, email: str
) -> None:
    with pytest.raises(InvalidInput):
        await request_login_link(email=email, client=CLIENT)

    assert await LoginRequest.all().count() == 0


async def test_the_address_is_limited_to_five_links_an_hour(
    teacher: User, now: ManualClock
) -> None:
    for _ in range(LINKS_PER_ADDRESS):
        await request_login_link(email=str(teacher.email), client=CLIENT)
        now.advance(dt.timedelta(minutes=1))

    with pytest.raises(TooManyLoginRequests) as refused:
        await request_login_link(email=str(teacher.email), client=CLIENT)

    assert await OutboxMessage.filter(recipient_id=teacher.id).count() == LINKS_PER_ADDRESS
    # The first request was 5 minutes ago: a place frees when it is an hour old.
    assert refused.value.retry_after == dt.timedelta(minutes=55)
    assert "55 min" in refused.value.translated("pl")


async def test_the_limit_counts_requests_from_every_client(teacher: User, now: ManualClock) -> None:
    for n in range(LINKS_PER_ADDRESS):
        await request_login_link(email=str(teacher.email), client=f"198.51.100.{n}")

    with pytest.raises(TooManyLoginRequests):
        await request_login_link(email=str(teacher.email), client="203.0.113.7")


async def test_an_unknown_address_meets_the_same_limit(database: str, now: ManualClock) -> None:
    for _ in range(LINKS_PER_ADDRESS):
        await request_login_link(email="nikt@szkola.example.pl", client=CLIENT)

    with pytest.raises(TooManyLoginRequests):
        await request_login_link(email="NIKT@szkola.example.pl", client=CLIENT)


async def test_the_address_may_ask_again_once_its_oldest_request_is_an_hour_old(
    teacher: User, now: ManualClock
) -> None:
    for _ in range(LINKS_PER_ADDRESS):
        await request_login_link(email=str(teacher.email), client=CLIENT)
    now.advance(RATE_WINDOW)

    await request_login_link(email=str(teacher.email), client=CLIENT)

    assert await OutboxMessage.filter(recipient_id=teacher.id).count() == LINKS_PER_ADDRESS + 1


async def test_a_refused_request_does_not_prolong_the_wait(teacher: User, now: ManualClock) -> None:
    for _ in range(LINKS_PER_ADDRESS):
        await request_login_link(email=str(teacher.email), client=CLIENT)
    now.advance(RATE_WINDOW - dt.timedelta(minutes=1))
    with pytest.raises(TooManyLoginRequests):
        await request_login_link(email=str(teacher.email), client=CLIENT)
    now.advance(dt.timedelta(minutes=1))

    await request_login_link(email=str(teacher.email), client=CLIENT)


async def test_one_client_is_limited_across_addresses(database: str, now: ManualClock) -> None:
    for n in range(REQUESTS_PER_CLIENT):
        await request_login_link(email=f"osoba{n}@szkola.example.pl", client=CLIENT)

    with pytest.raises(TooManyLoginRequests):
        await request_login_link(email="jeszcze.ktos@szkola.example.pl", client=CLIENT)
    await request_login_link(email="jeszcze.ktos@szkola.example.pl", client="192.0.2.11")


async def test_requests_older_than_the_window_are_forgotten(
    teacher: User, now: ManualClock
) -> None:
    await request_login_link(email=str(teacher.email), client=CLIENT)
    now.advance(RATE_WINDOW + LINK_VALIDITY)

    await request_login_link(email="nikt@szkola.example.pl", client=CLIENT)

    assert await LoginRequest.all().count() == 1
    assert await LoginToken.all().count() == 0


async def test_a_link_signs_its_user_in(teacher: User, now: ManualClock) -> None:
    token = await mailed_token(teacher, next_path="/panel")

    signed_in = await sign_in_with_link(token)

    session = await active_session(signed_in.started.key)
    assert session is not None
    assert session.user.id == teacher.id
    assert signed_in.next_path == "/panel"


async def test_a_link_works_once(teacher: User, now: ManualClock) -> None:
    token = await mailed_token(teacher)
    await sign_in_with_link(token)

    with pytest.raises(LoginLinkUsed):
        await sign_in_with_link(token)
    with pytest.raises(LoginLinkUsed):
        await check_login_link(token)
    assert await WebSession.all().count() == 1


async def test_checking_a_link_does_not_use_it(teacher: User, now: ManualClock) -> None:
    token = await mailed_token(teacher)

    await check_login_link(token)
    await check_login_link(token)

    stored = await LoginToken.get(user_id=teacher.id)
    assert stored.used_at is None
    await sign_in_with_link(token)


async def test_a_link_works_until_its_fifteenth_minute(teacher: User, now: ManualClock) -> None:
    token = await mailed_token(teacher)
    now.advance(LINK_VALIDITY - dt.timedelta(seconds=1))

    await sign_in_with_link(token)


async def test_a_link_expires_after_fifteen_minutes(teacher: User, now: ManualClock) -> None:
    token = await mailed_token(teacher)
    now.advance(LINK_VALIDITY + dt.timedelta(seconds=1))

    with pytest.raises(LoginLinkExpired):
        await sign_in_with_link(token)
    assert await WebSession.all().count() == 0


async def test_a_changed_link_is_refused(teacher: User, now: ManualClock) -> None:
    token = await mailed_token(teacher)
    changed = ("X" if token[0] != "X" else "Y") + token[1:]

    with pytest.raises(LoginLinkInvalid):
        await sign_in_with_link(changed)
    with pytest.raises(LoginLinkInvalid):
        await check_login_link(token[:20])
    assert await WebSession.all().count() == 0


async def test_a_link_spelt_differently_but_signed_alike_is_the_same_link(
    teacher: User, now: ManualClock
) -> None:
    token = await mailed_token(teacher)
    # The signature's last base64 character carries two spare bits that decoding drops.
    last = BASE64URL.index(token[-1])
    alike = token[:-1] + BASE64URL[last ^ 1]
    await sign_in_with_link(alike)

    with pytest.raises(LoginLinkUsed):
        await sign_in_with_link(token)


async def test_a_link_signed_with_another_key_is_refused(teacher: User, now: ManualClock) -> None:
    forged = URLSafeTimedSerializer("another-key", salt="hdr-desk.login-link").dumps(
        ["login", "x" * 22]
    )

    with pytest.raises(LoginLinkInvalid):
        await sign_in_with_link(forged)


async def test_a_link_made_for_answering_a_reminder_does_not_sign_in(
    teacher: User, now: ManualClock
) -> None:
    answer_token = answer_link_token(AnswerLink(1, teacher.id, AnswerKind.DONE))

    with pytest.raises(LoginLinkInvalid):
        await sign_in_with_link(answer_token)


async def test_signing_in_retires_the_persons_other_links(teacher: User, now: ManualClock) -> None:
    older = await mailed_token(teacher)
    newer = await mailed_token(teacher)

    await sign_in_with_link(newer)

    with pytest.raises(LoginLinkExpired):
        await sign_in_with_link(older)


async def test_a_link_of_a_user_deactivated_since_does_not_sign_in(
    teacher: User, now: ManualClock
) -> None:
    token = await mailed_token(teacher)
    await deactivate_user(user=teacher)

    with pytest.raises(LoginLinkError):
        await sign_in_with_link(token)
    assert await WebSession.all().count() == 0


async def test_one_link_used_twice_at_once_signs_in_once(teacher: User, now: ManualClock) -> None:
    token = await mailed_token(teacher)

    outcomes = await asyncio.gather(
        sign_in_with_link(token), sign_in_with_link(token), return_exceptions=True
    )

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["LoginLinkUsed", "SignedIn"]
    assert await WebSession.all().count() == 1
