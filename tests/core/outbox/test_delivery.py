"""Delivering outbox messages: claims, retries, fallback to the other channel, giving up."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest

from core.clock import ManualClock
from core.models import Channel, OutboxMessage, OutboxStatus, User
from core.outbox import enqueue_message
from core.outbox.delivery import DeliveryPolicy, claim_next, deliver_one
from core.outbox.transport import TransportError
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("database")

POLICY = DeliveryPolicy(
    lease=dt.timedelta(minutes=5),
    first_retry=dt.timedelta(seconds=30),
    longest_retry=dt.timedelta(minutes=10),
    give_up_after=dt.timedelta(hours=1),
)


class ScriptedChannel:
    """A channel whose next sends fail as scripted, then succeed; it keeps what it sent."""

    def __init__(self, *failures: TransportError) -> None:
        self.failures = list(failures)
        self.sent: list[tuple[str, str]] = []

    async def send(self, message: OutboxMessage) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((message.address, message.body_text))
        return f"id-{len(self.sent)}"


@pytest.fixture
async def person() -> User:
    return await make_user(email="anna@szkola.example.pl", telegram_chat_id=4242)


async def _telegram_message(person: User, text: str = "Przypomnienie") -> OutboxMessage:
    message = await enqueue_message(
        channel=Channel.TELEGRAM, address="4242", body_text=text, recipient=person
    )
    assert message is not None
    return message


async def test_a_due_message_is_sent_and_recorded_with_the_provider_id(
    person: User, now: ManualClock
) -> None:
    message = await _telegram_message(person)
    telegram = ScriptedChannel()

    assert await deliver_one({Channel.TELEGRAM: telegram}, worker="w1", policy=POLICY)

    await message.refresh_from_db()
    assert telegram.sent == [("4242", "Przypomnienie")]
    assert (message.status, message.provider_message_id, message.sent_at) == (
        OutboxStatus.SENT,
        "id-1",
        now.now(),
    )


async def test_nothing_due_means_no_work(now: ManualClock) -> None:
    assert not await deliver_one({}, worker="w1", policy=POLICY)


async def test_a_message_is_not_sent_before_its_time(person: User, now: ManualClock) -> None:
    message = await _telegram_message(person)
    await OutboxMessage.filter(id=message.id).update(
        next_attempt_at=now.now() + dt.timedelta(minutes=1)
    )

    assert not await deliver_one({Channel.TELEGRAM: ScriptedChannel()}, worker="w1", policy=POLICY)


async def test_a_transient_failure_is_retried_no_sooner_than_the_provider_asked(
    person: User, now: ManualClock
) -> None:
    message = await _telegram_message(person)
    telegram = ScriptedChannel(TransportError("429", permanent=False, retry_after=120))

    await deliver_one({Channel.TELEGRAM: telegram}, worker="w1", policy=POLICY)

    await message.refresh_from_db()
    assert message.status is OutboxStatus.PENDING
    assert message.next_attempt_at >= now.now() + dt.timedelta(seconds=120)
    assert message.last_error == "429"
    assert not await deliver_one({Channel.TELEGRAM: telegram}, worker="w1", policy=POLICY)
    now.advance(dt.timedelta(seconds=120))
    assert await deliver_one({Channel.TELEGRAM: telegram}, worker="w1", policy=POLICY)
    assert telegram.sent == [("4242", "Przypomnienie")]


async def test_retries_back_off_within_the_longest_retry() -> None:
    delays = [POLICY.retry_delay(attempts) for attempts in range(1, 10)]

    assert delays[0] <= POLICY.first_retry
    assert all(delay <= POLICY.longest_retry for delay in delays)
    assert max(delays) > POLICY.first_retry


async def test_a_permanent_telegram_failure_falls_back_to_e_mail(
    person: User, now: ManualClock
) -> None:
    message = await _telegram_message(person, "Termin: arkusz organizacji\nDo 21 kwietnia")
    telegram = ScriptedChannel(TransportError("Forbidden: bot was blocked", permanent=True))
    email = ScriptedChannel()
    senders = {Channel.TELEGRAM: telegram, Channel.EMAIL: email}

    await deliver_one(senders, worker="w1", policy=POLICY)
    await deliver_one(senders, worker="w1", policy=POLICY)

    await message.refresh_from_db()
    await person.refresh_from_db()
    assert person.telegram_unreachable_at == now.now()
    assert email.sent == [("anna@szkola.example.pl", message.body_text)]
    assert (message.channel, message.subject, message.status) == (
        Channel.EMAIL,
        "Termin: arkusz organizacji",
        OutboxStatus.SENT,
    )


async def test_a_permanent_failure_without_another_channel_fails_visibly(
    now: ManualClock,
) -> None:
    person = await make_user(email=None, telegram_chat_id=4242)
    message = await _telegram_message(person)
    telegram = ScriptedChannel(TransportError("Bad Request: chat not found", permanent=True))

    await deliver_one({Channel.TELEGRAM: telegram}, worker="w1", policy=POLICY)

    await message.refresh_from_db()
    assert (message.status, message.last_error) == (
        OutboxStatus.FAILED,
        "Bad Request: chat not found",
    )


async def test_a_message_that_cannot_be_sent_fails_without_blaming_the_address(
    person: User, now: ManualClock
) -> None:
    message = await _telegram_message(person)
    channel = ScriptedChannel(
        TransportError(
            "attachment exports/x.xlsx cannot be read", permanent=True, address_failed=False
        )
    )

    await deliver_one({Channel.TELEGRAM: channel}, worker="w", policy=POLICY)

    await message.refresh_from_db()
    await person.refresh_from_db()
    assert (message.status, message.channel) == (OutboxStatus.FAILED, Channel.TELEGRAM)
    assert person.telegram_unreachable_at is None


async def test_a_message_waits_for_a_process_that_can_send_by_its_channel(
    person: User, now: ManualClock
) -> None:
    message = await _telegram_message(person)

    assert not await deliver_one({Channel.EMAIL: ScriptedChannel()}, worker="w1", policy=POLICY)

    await message.refresh_from_db()
    assert (message.channel, message.status, message.attempts) == (
        Channel.TELEGRAM,
        OutboxStatus.PENDING,
        0,
    )


async def test_transient_failures_give_up_after_the_limit(person: User, now: ManualClock) -> None:
    message = await _telegram_message(person)
    down = TransportError("502 Bad Gateway", permanent=False)
    telegram = ScriptedChannel(*[down] * 100)

    for _ in range(20):
        await deliver_one({Channel.TELEGRAM: telegram}, worker="w1", policy=POLICY)
        now.advance(POLICY.longest_retry)

    await message.refresh_from_db()
    assert message.status is OutboxStatus.FAILED
    assert message.last_error.startswith("gave up after")


async def test_a_claim_excludes_other_workers_until_its_lease_ends(
    person: User, now: ManualClock
) -> None:
    await _telegram_message(person)

    claimed = await claim_next(worker="w1", channels=[Channel.TELEGRAM], policy=POLICY)

    assert claimed is not None
    assert await claim_next(worker="w2", channels=[Channel.TELEGRAM], policy=POLICY) is None
    now.advance(POLICY.lease + dt.timedelta(seconds=1))
    reclaimed = await claim_next(worker="w2", channels=[Channel.TELEGRAM], policy=POLICY)
    assert reclaimed is not None
    assert (reclaimed.id, reclaimed.claimed_by, reclaimed.attempts) == (claimed.id, "w2", 2)


async def test_a_claim_taken_over_is_logged_as_a_possible_duplicate(
    person: User, now: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    claimed = await _telegram_message(person)
    await claim_next(worker="w1", channels=[Channel.TELEGRAM], policy=POLICY)
    now.advance(POLICY.lease + dt.timedelta(seconds=1))

    with caplog.at_level(logging.WARNING, logger="core.outbox.delivery"):
        await claim_next(worker="w2", channels=[Channel.TELEGRAM], policy=POLICY)

    assert f"Outbox message {claimed.id} taken over from w1" in caplog.text


async def test_messages_go_out_oldest_first(person: User, now: ManualClock) -> None:
    await _telegram_message(person, "pierwsza")
    now.advance(dt.timedelta(seconds=1))
    await _telegram_message(person, "druga")
    telegram = ScriptedChannel()

    while await deliver_one({Channel.TELEGRAM: telegram}, worker="w1", policy=POLICY):
        pass

    assert [text for _, text in telegram.sent] == ["pierwsza", "druga"]


async def test_workers_delivering_at_once_send_each_message_once(
    person: User, now: ManualClock
) -> None:
    for number in range(200):
        await _telegram_message(person, f"wiadomość {number}")
    telegram = ScriptedChannel()

    async def work(worker: str) -> None:
        while await deliver_one({Channel.TELEGRAM: telegram}, worker=worker, policy=POLICY):
            pass

    await asyncio.gather(*(work(f"w{number}") for number in range(3)))

    texts = [text for _, text in telegram.sent]
    assert sorted(texts) == sorted(f"wiadomość {number}" for number in range(200))
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == 200


async def test_a_message_falls_back_only_once(person: User, now: ManualClock) -> None:
    message = await _telegram_message(person)
    senders = {
        Channel.TELEGRAM: ScriptedChannel(TransportError("blocked", permanent=True)),
        Channel.EMAIL: ScriptedChannel(TransportError("550 no such mailbox", permanent=True)),
    }

    for _ in range(3):
        await deliver_one(senders, worker="w1", policy=POLICY)

    await message.refresh_from_db()
    assert (message.channel, message.status, message.last_error) == (
        Channel.EMAIL,
        OutboxStatus.FAILED,
        "550 no such mailbox",
    )
