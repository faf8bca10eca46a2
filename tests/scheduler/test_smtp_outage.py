"""The SMTP server down for a while, then back: the delivery job, sending through the SMTP
sender, delivers every message exactly once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.email.smtp import SmtpSender
from core.clock import ManualClock
from core.models import Channel, OutboxMessage, OutboxStatus, User
from core.outbox import enqueue_message
from core.outbox.delivery import DEFAULT_POLICY
from scheduler.jobs import deliver_outbox
from tests.bot.email.smtpserver import SmtpServer
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("database")

PEOPLE = 12


@pytest.fixture
def smtp_server() -> SmtpServer:
    """The server, not yet started."""
    return SmtpServer()


@pytest.fixture
async def sender(smtp_server: SmtpServer, data_dir: Path) -> AsyncIterator[SmtpSender]:
    sender = SmtpSender(smtp_server.settings(data_dir=data_dir))
    yield sender
    await sender.aclose()
    smtp_server.stop()


async def _queue_reminders(people: list[User]) -> None:
    for person in people:
        await enqueue_message(
            channel=Channel.EMAIL,
            address=person.email,
            recipient=person,
            subject="Przypomnienie: arkusz organizacji",
            body_text=f"{person.full_name}: termin 21.04.2027",
        )


async def _tick(sender: SmtpSender, now: ManualClock) -> int:
    """A delivery run after the longest backoff, when every waiting message is due again."""
    now.advance(DEFAULT_POLICY.longest_retry)
    return await deliver_outbox({Channel.EMAIL: sender}, worker="test")


async def _people() -> list[User]:
    return [await make_user(email=f"dyrektor{n}@sp{n}.example.pl") for n in range(PEOPLE)]


async def _assert_each_delivered_once(server: SmtpServer, people: list[User]) -> None:
    assert sorted(address for mail in server.received for address in mail.recipients) == sorted(
        person.email for person in people
    )
    messages = await OutboxMessage.all()
    assert {message.status for message in messages} == {OutboxStatus.SENT}
    assert {message.provider_message_id for message in messages} == {
        mail.email["Message-ID"] for mail in server.received
    }


async def test_mail_queued_while_the_server_is_down_goes_out_once_when_it_is_back(
    smtp_server: SmtpServer, sender: SmtpSender, now: ManualClock
) -> None:
    people = await _people()
    await _queue_reminders(people)

    failed_runs = [await _tick(sender, now), await _tick(sender, now)]
    waiting = await OutboxMessage.all()
    smtp_server.start()
    while await _tick(sender, now):
        pass

    assert failed_runs == [PEOPLE, PEOPLE]
    assert {(message.status, message.attempts) for message in waiting} == {
        (OutboxStatus.PENDING, 2)
    }
    assert all(message.last_error.startswith("cannot connect") for message in waiting)
    await _assert_each_delivered_once(smtp_server, people)


async def test_a_server_that_goes_away_between_batches_loses_and_repeats_nothing(
    smtp_server: SmtpServer, sender: SmtpSender, now: ManualClock
) -> None:
    people = await _people()
    smtp_server.start()
    await _queue_reminders(people[:4])
    await _tick(sender, now)
    smtp_server.stop()
    await _queue_reminders(people[4:])

    await _tick(sender, now)
    smtp_server.start()
    while await _tick(sender, now):
        pass

    await _assert_each_delivered_once(smtp_server, people)
