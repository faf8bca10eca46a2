"""The helpdesk mailbox on a real IMAP server: what people mail in becomes tickets and
comments, once, and noise is left alone."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest

from bot.email.files import MailFolderSender
from bot.email.imap import PROCESSED_KEYWORD, MailboxReader
from core import clock
from core.config import get_settings
from core.models import (
    Category,
    Channel,
    InboundMessage,
    InboundOutcome,
    InboundReason,
    OutboxMessage,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketEventKind,
    User,
)
from core.outbox.delivery import deliver_one
from tests.bot.email.dovecot import USER, Dovecot
from tests.factories import make_category
from tests.mail_builders import delivery_report, legacy_mail, raw_mail

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
async def other_category(database: str) -> Category:
    return await make_category(code="other", name_pl="Inne", name_en="Other")


def reader_of(mailbox: Dovecot) -> MailboxReader:
    return MailboxReader(mailbox.url, command_timeout=5)


async def comments_on(ticket: Ticket) -> list[str]:
    events = await TicketEvent.filter(ticket=ticket, kind=TicketEventKind.COMMENTED)
    return [event.text for event in events]


async def test_a_mailed_report_becomes_a_ticket_and_the_sender_is_told_its_number(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    uid = helpdesk_mailbox.append(raw_mail(sender=teacher.email or ""))

    assert await reader_of(helpdesk_mailbox).read_once() == 1

    ticket = await Ticket.get()
    assert (ticket.reporter_id, ticket.channel) == (teacher.id, Channel.EMAIL)
    [answer] = await OutboxMessage.filter(channel=Channel.EMAIL, address=teacher.email)
    assert answer.subject == f"[{ticket.number}] Projektor w sali 12 nie działa"
    assert {"\\Seen", PROCESSED_KEYWORD} <= helpdesk_mailbox.flags(uid)


async def test_a_person_mails_in_gets_the_number_replies_and_the_reply_is_a_comment(
    helpdesk_mailbox: Dovecot,
    teacher: User,
    other_category: Category,
    now: clock.ManualClock,
) -> None:
    reader = reader_of(helpdesk_mailbox)
    helpdesk_mailbox.append(raw_mail(sender=teacher.email or ""))
    await reader.read_once()
    senders = {Channel.EMAIL: MailFolderSender(get_settings())}
    assert await deliver_one(senders, worker="test")
    [sent_file] = get_settings().mail_dir.iterdir()
    answer = message_from_bytes(sent_file.read_bytes(), policy=policy.default)

    helpdesk_mailbox.append(
        raw_mail(
            sender=teacher.email or "",
            subject=f"Re: {answer['Subject']}",
            body="Dodam, że lampka miga na czerwono.\n\n> Dziękujemy za zgłoszenie.",
            headers={"In-Reply-To": answer["Message-ID"], "References": answer["Message-ID"]},
        )
    )
    assert await reader.read_once() == 1

    ticket = await Ticket.get()
    assert await comments_on(ticket) == ["Dodam, że lampka miga na czerwono."]


async def test_a_reply_is_threaded_by_the_number_in_its_subject(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    reader = reader_of(helpdesk_mailbox)
    helpdesk_mailbox.append(raw_mail(sender=teacher.email or ""))
    await reader.read_once()
    ticket = await Ticket.get()

    helpdesk_mailbox.append(
        raw_mail(sender=teacher.email or "", subject=f"Odp: [{ticket.number}]", body="Nadal.")
    )
    await reader.read_once()

    assert await comments_on(ticket) == ["Nadal."]
    assert await Ticket.all().count() == 1


async def test_a_stranger_gets_a_polite_answer_and_no_ticket(
    helpdesk_mailbox: Dovecot, other_category: Category, now: clock.ManualClock
) -> None:
    helpdesk_mailbox.append(raw_mail(sender="rodzic@poczta.example.com"))

    await reader_of(helpdesk_mailbox).read_once()

    record = await InboundMessage.get()
    assert (record.outcome, record.reason) == (
        InboundOutcome.REJECTED,
        InboundReason.UNKNOWN_SENDER,
    )
    assert await Ticket.all().count() == 0
    assert await OutboxMessage.filter(address="rodzic@poczta.example.com").count() == 1


async def test_auto_replies_bounces_and_our_own_mail_are_ignored_unanswered(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    address = teacher.email or ""
    helpdesk_mailbox.append(
        raw_mail(sender=address, subject="Poza biurem", headers={"Auto-Submitted": "auto-replied"})
    )
    helpdesk_mailbox.append(delivery_report(about=address))
    helpdesk_mailbox.append(raw_mail(sender=USER, subject="[IT-2026-0001] Zgłoszenie"))

    assert await reader_of(helpdesk_mailbox).read_once() == 3

    reasons = [record.reason for record in await InboundMessage.all().order_by("uid")]
    assert reasons == [InboundReason.AUTO_REPLY, InboundReason.BOUNCE, InboundReason.OWN_ADDRESS]
    assert await Ticket.all().count() == 0
    assert await OutboxMessage.all().count() == 0


@pytest.mark.parametrize("charset", ["windows-1250", "iso-8859-2"])
async def test_polish_mail_in_old_charsets_is_read_correctly(
    helpdesk_mailbox: Dovecot,
    teacher: User,
    other_category: Category,
    now: clock.ManualClock,
    charset: str,
) -> None:
    helpdesk_mailbox.append(
        legacy_mail(
            sender=teacher.email or "",
            subject="Zażółć gęślą jaźń: drukarka",
            body="Drukarka w pokoju nauczycielskim źle drukuje ąęśćńółżź.",
            charset=charset,
        )
    )

    await reader_of(helpdesk_mailbox).read_once()

    ticket = await Ticket.get()
    assert ticket.title == "Zażółć gęślą jaźń: drukarka"
    assert ticket.description == "Drukarka w pokoju nauczycielskim źle drukuje ąęśćńółżź."


async def test_an_attachment_over_the_limit_is_left_out_of_a_ticket_made_all_the_same(
    helpdesk_mailbox: Dovecot,
    teacher: User,
    other_category: Category,
    monkeypatch: pytest.MonkeyPatch,
    now: clock.ManualClock,
) -> None:
    photo = ("sala12.jpg", "image/jpeg", b"\xff\xd8" + b"j" * 1000)
    scan = ("skan.pdf", "application/pdf", b"%PDF" + b"p" * (1024 * 1024 + 1))
    monkeypatch.setattr(get_settings(), "attachment_max_mb", 1)
    helpdesk_mailbox.append(raw_mail(sender=teacher.email or "", attachments=(photo, scan)))

    await reader_of(helpdesk_mailbox).read_once()

    ticket = await Ticket.get()
    assert [a.filename for a in await TicketAttachment.filter(ticket=ticket)] == ["sala12.jpg"]
    assert "Nie dołączono pliku skan.pdf" in ticket.description


async def test_a_message_over_the_fetch_limit_is_kept_as_failed_and_flagged(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    uid = helpdesk_mailbox.append(raw_mail(sender=teacher.email or "", body="x" * 5000))

    await MailboxReader(helpdesk_mailbox.url, message_size_limit=4000).read_once()

    record = await InboundMessage.get()
    assert (record.outcome, record.reason, record.sender) == (
        InboundOutcome.FAILED,
        InboundReason.TOO_LARGE,
        teacher.email,
    )
    assert await Ticket.all().count() == 0
    assert PROCESSED_KEYWORD in helpdesk_mailbox.flags(uid)


async def test_a_broken_message_does_not_stop_the_ones_after_it(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    address = teacher.email or ""
    helpdesk_mailbox.append(
        f"From: {address}\r\nSubject: =?x-nieznany?q?Awaria=B3?=\r\n"
        "Content-Type: multipart/mixed; boundary=NIE-MA\r\n\r\n"
        "--NIE-MA\r\nContent-Type: text/plain; charset=x-nieznany\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n!!!to nie jest base64".encode()
    )
    helpdesk_mailbox.append(raw_mail(sender=address, subject="Druga sprawa"))

    assert await reader_of(helpdesk_mailbox).read_once() == 2

    titles = [ticket.title for ticket in await Ticket.all().order_by("id")]
    assert titles[1] == "Druga sprawa"
    first = await InboundMessage.filter(uid=1).get()
    assert first.outcome is InboundOutcome.NEW_TICKET
    assert "unknown charset 'x-nieznany'" in first.detail
