"""The SMTP sender against a real SMTP server on loopback: connections kept and shared,
TLS and login, and which failures are worth another try."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from bot.email.smtp import SmtpSender
from core.models import Channel, OutboxMessage, OutboxStatus, User
from core.outbox import enqueue_message
from core.outbox.delivery import deliver_one
from core.outbox.transport import TransportError
from tests.bot.email.smtpserver import HOST, Certificate, SmtpServer, free_port
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("database", "now")


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
async def smtp_sender(smtp_server: SmtpServer, data_dir: Path) -> AsyncIterator[SmtpSender]:
    """Sends through `smtp_server`, attachments read from the test's data directory."""
    sender = SmtpSender(smtp_server.settings(data_dir=data_dir))
    yield sender
    await sender.aclose()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for 127.0.0.1."""
    return Certificate.create(tmp_path_factory.mktemp("tls"))


async def _queue(address: str = "dyrektor@sp1.example.pl", **fields: object) -> OutboxMessage:
    message = await enqueue_message(
        channel=Channel.EMAIL,
        address=address,
        subject="Przypomnienie: arkusz organizacji",
        body_text="Termin: 21.04.2027",
        **fields,  # type: ignore[arg-type]
    )
    assert message is not None
    return message


async def _send_failure(sender: SmtpSender, message: OutboxMessage) -> TransportError:
    with pytest.raises(TransportError) as failure:
        await sender.send(message)
    return failure.value


async def _eventually(condition: Callable[[], bool]) -> None:
    """Waits (5 s at most) for something the server does in its own thread, on its time."""
    async with asyncio.timeout(5):
        while not condition():  # noqa: ASYNC110 (set by the server's thread, not this loop)
            await asyncio.sleep(0.01)


# Connections


async def test_messages_one_after_another_share_one_connection(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    for number in range(3):
        await smtp_sender.send(await _queue(f"osoba{number}@szkola.example.pl"))

    assert len(smtp_server.received) == 3
    assert len({mail.connection for mail in smtp_server.received}) == 1


async def test_messages_sent_at_once_share_at_most_the_allowed_connections(
    smtp_server: SmtpServer, data_dir: Path
) -> None:
    sender = SmtpSender(smtp_server.settings(data_dir=data_dir), max_connections=2)
    messages = [await _queue(f"osoba{number}@szkola.example.pl") for number in range(8)]

    await asyncio.gather(*(sender.send(message) for message in messages))
    await sender.aclose()

    assert len(smtp_server.received) == 8
    assert len({mail.connection for mail in smtp_server.received}) == 2


async def test_an_idle_connection_is_closed_with_quit(
    smtp_server: SmtpServer, data_dir: Path
) -> None:
    sender = SmtpSender(smtp_server.settings(data_dir=data_dir), idle_timeout=0.05)

    await sender.send(await _queue())

    await _eventually(lambda: smtp_server.quits == 1)
    await sender.aclose()


async def test_closing_the_sender_quits_its_open_connections(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    await smtp_sender.send(await _queue())

    await smtp_sender.aclose()

    assert smtp_server.quits == 1


async def test_a_connection_the_server_dropped_is_replaced_and_the_message_goes(
    smtp_server: SmtpServer, data_dir: Path
) -> None:
    sender = SmtpSender(smtp_server.settings(data_dir=data_dir), probe_after=0)
    await sender.send(await _queue("pierwszy@szkola.example.pl"))
    smtp_server.stop()
    smtp_server.start()

    await sender.send(await _queue("drugi@szkola.example.pl"))
    await sender.aclose()

    first, second = smtp_server.received
    assert second.recipients == ["drugi@szkola.example.pl"]
    assert first.connection != second.connection


async def test_a_server_closing_the_connection_with_421_gets_a_new_one_next_time(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    smtp_server.answer_next_data("421 4.7.0 Too many messages on this connection")

    failure = await _send_failure(smtp_sender, await _queue("pierwszy@szkola.example.pl"))
    await smtp_sender.send(await _queue("drugi@szkola.example.pl"))

    assert not failure.permanent
    assert [mail.recipients for mail in smtp_server.received] == [["drugi@szkola.example.pl"]]


# Failures


async def test_a_temporary_refusal_is_retried_later(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    message = await _queue()
    smtp_server.answer_next_data("451 4.3.0 Mail server temporarily rejected message")

    await deliver_one({Channel.EMAIL: smtp_sender}, worker="test")

    await message.refresh_from_db()
    assert message.status is OutboxStatus.PENDING
    assert message.last_error == "SMTP 451 4.3.0 Mail server temporarily rejected message"


async def test_a_temporary_refusal_of_the_recipient_is_retried_later(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    smtp_server.refuse_recipient("dyrektor@sp1.example.pl", "450 4.2.1 Mailbox busy")

    failure = await _send_failure(smtp_sender, await _queue("dyrektor@sp1.example.pl"))

    assert not failure.permanent


async def test_a_mailbox_that_does_not_exist_is_marked_unreachable_and_the_message_fails(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    person: User = await make_user(email="nie-ma@sp1.example.pl")
    message = await _queue(person.email, recipient=person)
    smtp_server.refuse_recipient(person.email, "550 5.1.1 No such user")

    await deliver_one({Channel.EMAIL: smtp_sender}, worker="test")

    await message.refresh_from_db()
    await person.refresh_from_db()
    assert message.status is OutboxStatus.FAILED
    assert "550 5.1.1 No such user" in message.last_error
    assert person.email_unreachable_at is not None
    assert smtp_server.received == []


async def test_relaying_refused_for_our_own_setup_marks_no_address_dead(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    person: User = await make_user(email="dyrektor@sp1.example.pl")
    message = await _queue(person.email, recipient=person)
    smtp_server.refuse_recipient(person.email, "554 5.7.1 Relay access denied")

    await deliver_one({Channel.EMAIL: smtp_sender}, worker="test")

    await message.refresh_from_db()
    await person.refresh_from_db()
    assert message.status is OutboxStatus.PENDING
    assert person.email_unreachable_at is None


async def test_a_sender_address_the_server_refuses_is_retried_later(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    smtp_server.refuse_sender("553 5.1.8 Sender address rejected: Domain not found")

    failure = await _send_failure(smtp_sender, await _queue())

    assert not failure.permanent


async def test_an_unknown_recipient_refused_after_the_message_is_a_permanent_failure(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    smtp_server.answer_next_data("550 5.1.1 User unknown")

    failure = await _send_failure(smtp_sender, await _queue())

    assert failure.permanent


async def test_a_message_refused_for_its_content_is_retried_and_the_address_kept(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    smtp_server.answer_next_data("554 5.7.1 Message rejected as spam")

    failure = await _send_failure(smtp_sender, await _queue())

    assert not failure.permanent
    assert str(failure) == "SMTP 554 5.7.1 Message rejected as spam"


async def test_a_server_that_is_down_is_a_temporary_failure(data_dir: Path) -> None:
    down = SmtpServer()  # never started: nothing listens on its port
    sender = SmtpSender(down.settings(data_dir=data_dir))

    failure = await _send_failure(sender, await _queue())

    assert not failure.permanent
    assert str(failure).startswith(f"cannot connect to {HOST}:{down.port}")


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """A port that accepts connections and never says a word."""

    async def say_nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        writer.close()

    server = await asyncio.start_server(say_nothing, HOST, free_port())
    async with server:
        yield server.sockets[0].getsockname()[1]


async def test_a_server_that_does_not_answer_in_time_is_a_temporary_failure(
    silent_server: int, data_dir: Path
) -> None:
    settings = SmtpServer(port=silent_server).settings(data_dir=data_dir)
    sender = SmtpSender(settings, timeout=0.2)

    failure = await _send_failure(sender, await _queue())

    assert not failure.permanent


# TLS and login


async def test_starttls_with_a_login_sends_over_an_encrypted_authenticated_connection(
    certificate: Certificate, data_dir: Path
) -> None:
    with SmtpServer(
        tls="starttls", certificate=certificate, users={"helpdesk": "haslo-aplikacji"}
    ) as server:
        settings = server.settings(
            smtp_user="helpdesk", smtp_password="haslo-aplikacji", data_dir=data_dir
        )
        sender = SmtpSender(settings, tls_context=certificate.client_context())

        await sender.send(await _queue())
        await sender.aclose()

    [received] = server.received
    assert (received.tls, received.login) == (True, "helpdesk")


async def test_ssl_sends_over_tls_from_the_first_byte(
    certificate: Certificate, data_dir: Path
) -> None:
    with SmtpServer(tls="ssl", certificate=certificate) as server:
        sender = SmtpSender(
            server.settings(data_dir=data_dir), tls_context=certificate.client_context()
        )

        await sender.send(await _queue())
        await sender.aclose()

    [received] = server.received
    assert received.tls


async def test_a_certificate_nobody_vouches_for_is_refused(
    certificate: Certificate, data_dir: Path
) -> None:
    with SmtpServer(tls="ssl", certificate=certificate) as server:
        sender = SmtpSender(server.settings(data_dir=data_dir))  # the system's trusted CAs

        failure = await _send_failure(sender, await _queue())

    assert not failure.permanent
    assert server.received == []


async def test_a_wrong_password_is_a_temporary_failure_that_does_not_show_it(
    certificate: Certificate, data_dir: Path
) -> None:
    with SmtpServer(
        tls="starttls", certificate=certificate, users={"helpdesk": "haslo-aplikacji"}
    ) as server:
        settings = server.settings(
            smtp_user="helpdesk", smtp_password="zle-haslo", data_dir=data_dir
        )
        sender = SmtpSender(settings, tls_context=certificate.client_context())

        failure = await _send_failure(sender, await _queue())

    assert not failure.permanent
    assert "zle-haslo" not in str(failure)
    assert server.received == []


async def test_a_sender_address_that_cannot_be_sent_from_stops_the_start(
    smtp_server: SmtpServer,
) -> None:
    with pytest.raises(ValueError, match="HDR_MAIL_FROM"):
        SmtpSender(smtp_server.settings(mail_from="helpdesk@lubartow.example.pl\r\nRCPT TO:<x>"))
