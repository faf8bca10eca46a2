"""The daily digest: a person who asked for it gets the day's reminders as one e-mail, with
answer links for each, at most once a day."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from core.clock import ManualClock
from core.models import (
    Channel,
    Obligation,
    ObligationKind,
    ObligationStatus,
    OutboxMessage,
    Reminder,
    ReminderKind,
    ReminderStatus,
    User,
)
from core.obligations.answer_links import answer_by_link
from core.obligations.reminder_delivery import send_due_reminders
from core.people.preferences import set_reminder_digest
from tests.conftest import warsaw

TITLES = ("Arkusz organizacji: opinia związków", "Dane do SIO", "Plan doskonalenia")


async def _reminder(recipient: User, title: str, *, at: dt.datetime) -> Reminder:
    obligation = await Obligation.create(
        source_key=f"test:{title}",
        kind=ObligationKind.MANUAL,
        title=title,
        assignee=recipient,
        due_date=dt.date(2026, 11, 20),
        created_at=warsaw(2026, 11, 1, 8, 0),
    )
    return await Reminder.create(
        obligation=obligation,
        recipient=recipient,
        kind=ReminderKind.BEFORE_DUE,
        scheduled_for=at,
        created_at=warsaw(2026, 11, 1, 8, 0),
    )


@pytest.fixture
async def digest_reader(director: User) -> User:
    return await set_reminder_digest(user=director, daily=True)


@pytest.fixture
async def morning_reminders(digest_reader: User, now: ManualClock) -> list[Reminder]:
    now.set(warsaw(2026, 11, 17, 8, 0))
    return [await _reminder(digest_reader, title, at=now.now()) for title in TITLES[:2]]


async def test_the_days_reminders_come_as_one_mail_listing_them_all(
    digest_reader: User, morning_reminders: list[Reminder]
) -> None:
    counts = await send_due_reminders()

    [message] = await OutboxMessage.all()
    assert counts.in_digests == 2
    assert (message.channel, message.address) == (Channel.EMAIL, digest_reader.email)
    assert message.subject == "Przypomnienia na 17.11.2026"
    assert f"1. Przypomnienie: {TITLES[0]}" in message.body_text
    assert f"2. Przypomnienie: {TITLES[1]}" in message.body_text
    assert [link["label"] for link in message.payload["links"]][:4] == [
        "1. Zrobione",
        "1. Odłóż",
        "1. Problem",
        "2. Zrobione",
    ]


async def test_every_reminder_of_the_digest_is_queued_with_it(
    morning_reminders: list[Reminder],
) -> None:
    await send_due_reminders()

    message = await OutboxMessage.get()
    queued = await Reminder.filter(outbox_message_id=message.id, status=ReminderStatus.QUEUED)
    assert {r.id for r in queued} == {r.id for r in morning_reminders}


async def test_a_digest_reader_with_telegram_still_gets_the_digest_by_mail(
    digest_reader: User, morning_reminders: list[Reminder]
) -> None:
    await User.filter(id=digest_reader.id).update(telegram_chat_id=4242)

    await send_due_reminders()

    assert await OutboxMessage.filter(channel=Channel.TELEGRAM).count() == 0
    assert await OutboxMessage.filter(channel=Channel.EMAIL).count() == 1


async def test_a_reminder_due_after_the_days_digest_waits_for_the_next_one(
    digest_reader: User, morning_reminders: list[Reminder], now: ManualClock
) -> None:
    await send_due_reminders()
    now.set(warsaw(2026, 11, 17, 12, 0))
    late = await _reminder(digest_reader, TITLES[2], at=now.now())

    held = await send_due_reminders()
    now.set(warsaw(2026, 11, 18, 8, 0))
    await send_due_reminders()

    messages = await OutboxMessage.all().order_by("id")
    assert held.held_back == 1
    assert len(messages) == 2
    assert TITLES[2] in messages[1].body_text
    assert (await Reminder.get(id=late.id)).outbox_message_id == messages[1].id


async def test_a_reminder_of_a_finished_obligation_is_left_out(
    morning_reminders: list[Reminder],
) -> None:
    done = morning_reminders[0]
    await Obligation.filter(id=done.obligation_id).update(status=ObligationStatus.DONE)

    await send_due_reminders()

    message = await OutboxMessage.get()
    assert TITLES[0] not in message.body_text
    assert (await Reminder.get(id=done.id)).status is ReminderStatus.SKIPPED


async def test_without_a_working_address_the_reminders_come_one_by_one(
    digest_reader: User, morning_reminders: list[Reminder], now: ManualClock
) -> None:
    await User.filter(id=digest_reader.id).update(
        telegram_chat_id=4242, email_unreachable_at=now.now()
    )

    await send_due_reminders()

    assert await OutboxMessage.filter(channel=Channel.TELEGRAM).count() == 2


async def test_each_link_in_the_digest_answers_its_own_reminder(
    morning_reminders: list[Reminder],
) -> None:
    await send_due_reminders()
    message = await OutboxMessage.get()
    second_done = next(
        link["url"] for link in message.payload["links"] if link["label"] == "2. Zrobione"
    )

    await answer_by_link(urlsplit(second_done).path.rsplit("/", 1)[1])

    statuses = [(await Obligation.get(id=r.obligation_id)).status for r in morning_reminders]
    assert statuses == [ObligationStatus.OPEN, ObligationStatus.DONE]
