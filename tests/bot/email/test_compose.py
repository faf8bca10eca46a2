"""What an outbox e-mail looks like when it arrives: headers, the text and HTML parts, the
ticket thread, a reminder's answer links, attachments. Each is sent by the delivery step
through the SMTP sender to a real SMTP server and read from the bytes the server got."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from bot.email.smtp import SmtpSender
from core.clock import ManualClock
from core.models import (
    AnswerKind,
    Channel,
    Obligation,
    ObligationKind,
    ObligationStatus,
    OutboxMessage,
    OutboxStatus,
    Role,
    School,
    Ticket,
    User,
)
from core.obligations.answer_links import AnswerLink, answer_by_link, verify_answer_link
from core.obligations.policies import install_default_policy
from core.obligations.reminder_delivery import send_due_reminders
from core.obligations.reminders import plan_reminders
from core.outbox import enqueue_message
from core.outbox.delivery import deliver_one
from core.tickets import create_ticket
from core.tickets.mail_threading import is_genuine_thread_id, ticket_thread_id
from tests.bot.email.smtpserver import ReceivedMail, SmtpServer
from tests.conftest import warsaw
from tests.factories import make_category, make_user

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


ADDRESS = "dyrektor@sp1.example.pl"
WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _queue(**fields: Any) -> OutboxMessage:
    defaults: dict[str, Any] = {
        "channel": Channel.EMAIL,
        "address": ADDRESS,
        "subject": "Zestawienie miesięczne",
        "body_text": "W załączniku zestawienie za listopad.",
    }
    message = await enqueue_message(**(defaults | fields))
    assert message is not None
    return message


async def _ticket(school: School) -> Ticket:
    """Ticket IT-2026-0042 "Projektor", as stored (who reported it does not matter here)."""
    return await Ticket.create(
        number="IT-2026-0042",
        school=school,
        channel=Channel.WEB,
        category=await make_category(),
        title="Projektor",
        description="Projektor",
        created_at=warsaw(2026, 11, 17, 9, 0),
        updated_at=warsaw(2026, 11, 17, 9, 0),
        first_response_due_at=warsaw(2026, 11, 17, 12, 0),
        resolution_due_at=warsaw(2026, 11, 18, 12, 0),
    )


async def _deliver(sender: SmtpSender) -> None:
    while await deliver_one({Channel.EMAIL: sender}, worker="test"):
        pass


def _only(server: SmtpServer) -> EmailMessage:
    [received] = server.received
    return received.email


def _text(email: EmailMessage) -> str:
    part = email.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def _html(email: EmailMessage) -> str:
    part = email.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


async def test_a_mail_arrives_with_its_headers_and_the_row_records_its_message_id(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    message = await _queue()

    await _deliver(smtp_sender)

    [received] = smtp_server.received
    email = received.email
    await message.refresh_from_db()
    assert (received.sender, received.recipients) == ("helpdesk@lubartow.example.pl", [ADDRESS])
    assert (email["From"], email["To"], email["Subject"]) == (
        "helpdesk@lubartow.example.pl",
        ADDRESS,
        "Zestawienie miesięczne",
    )
    assert parsedate_to_datetime(email["Date"]) == warsaw(2026, 11, 17, 10, 0)
    assert email["Auto-Submitted"] == "auto-generated"
    assert email["Message-ID"].endswith("@lubartow.example.pl>")
    assert (message.status, message.provider_message_id) == (OutboxStatus.SENT, email["Message-ID"])


async def test_the_sender_is_shown_by_the_name_given_with_its_address(
    smtp_server: SmtpServer, data_dir: Path
) -> None:
    await _queue()
    settings = smtp_server.settings(
        mail_from="Gmina Lubartów – HDR <helpdesk@lubartow.example.pl>", data_dir=data_dir
    )
    sender = SmtpSender(settings)

    await _deliver(sender)
    await sender.aclose()

    [received] = smtp_server.received
    assert received.sender == "helpdesk@lubartow.example.pl"
    assert received.email["From"].addresses[0].display_name == "Gmina Lubartów – HDR"


async def test_no_unsubscribe_header_points_at_a_page_that_does_not_exist(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    await _queue()

    await _deliver(smtp_sender)

    assert "List-Unsubscribe" not in _only(smtp_server)


async def test_the_text_is_sent_as_plain_text_and_as_escaped_html_with_clickable_links(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    await _queue(
        body_text="Uwaga: <script>alert(1)</script> & więcej na https://hdr.example.pl/a?b=1.\n\n"
        "Drugi akapit"
    )

    await _deliver(smtp_sender)

    email = _only(smtp_server)
    assert _text(email).startswith(
        "Uwaga: <script>alert(1)</script> & więcej na https://hdr.example.pl/a?b=1.\n\n"
        "Drugi akapit\n"
    )
    html = _html(email)
    assert (
        "<p>Uwaga: &lt;script&gt;alert(1)&lt;/script&gt; &amp; więcej na "
        '<a href="https://hdr.example.pl/a?b=1">https://hdr.example.pl/a?b=1</a>.</p>'
    ) in html
    assert "<p>Drugi akapit</p>" in html
    assert "<script>" not in html


async def test_a_rows_own_html_takes_the_place_of_the_converted_text(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    await _queue(body_text="Gotowe: 3 z 7 szkół", body_html="<p>Gotowe: <b>3</b> z 7 szkół</p>")

    await _deliver(smtp_sender)

    email = _only(smtp_server)
    assert "<p>Gotowe: <b>3</b> z 7 szkół</p>" in _html(email)
    assert _text(email).startswith("Gotowe: 3 z 7 szkół\n")


async def test_the_footer_is_in_the_recipients_language_under_the_gminas_name(
    smtp_server: SmtpServer, data_dir: Path
) -> None:
    english = await make_user(email="it@gmina.example.pl", locale="en")
    await _queue(address=english.email, recipient=english)
    await _queue(address="ktos@szkola.example.pl")
    sender = SmtpSender(smtp_server.settings(gmina_name="Gmina Lubartów", data_dir=data_dir))

    await _deliver(sender)
    await sender.aclose()

    by_address = {mail.recipients[0]: mail.email for mail in smtp_server.received}
    english_text = _text(by_address["it@gmina.example.pl"])
    polish_text = _text(by_address["ktos@szkola.example.pl"])
    assert "This message was sent automatically by hdr-desk, Gmina Lubartów." in english_text
    assert "Tę wiadomość wysłał automatycznie system hdr-desk — Gmina Lubartów." in polish_text
    assert "Gmina Lubartów" in _html(by_address["ktos@szkola.example.pl"])


async def test_a_long_polish_subject_arrives_whole(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    subject = "Przypomnienie: " + "zażółć gęślą jaźń, " * 8 + "ŹŻĆŃĄŚŁĘÓ"
    await _queue(subject=subject)

    await _deliver(smtp_sender)

    [received] = smtp_server.received
    assert received.email["Subject"] == subject
    assert all(len(line) <= 78 for line in received.data.decode("ascii").splitlines())


async def test_a_subject_pasted_with_a_line_break_arrives_on_one_line(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    await _queue(subject="Projektor\r\nBcc: ktos@example.com")

    await _deliver(smtp_sender)

    email = _only(smtp_server)
    assert email["Subject"] == "Projektor Bcc: ktos@example.com"
    assert "Bcc" not in email


async def test_every_ticket_mail_names_the_tickets_thread_and_has_its_own_message_id(
    smtp_server: SmtpServer, smtp_sender: SmtpSender, school: School
) -> None:
    for name in ("Anna", "Piotr"):
        await make_user(role=Role.IT, full_name=name, email=f"{name.lower()}@gmina.example.pl")
    teacher = await make_user(role=Role.TEACHER, school=school)
    ticket = await create_ticket(
        school=school,
        reporter=teacher,
        channel=Channel.WEB,
        category=await make_category(),
        description="Projektor w sali 12 nie włącza się.",
    )

    await _deliver(smtp_sender)

    secret_key = smtp_server.settings().secret_key
    thread = ticket_thread_id(
        ticket_id=ticket.id,
        number=ticket.number,
        secret_key=secret_key,
        domain="lubartow.example.pl",
    )
    emails = [mail.email for mail in smtp_server.received]
    assert [(email["In-Reply-To"], email["References"]) for email in emails] == [
        (thread, thread),
        (thread, thread),
    ]
    assert is_genuine_thread_id(
        emails[0]["References"],
        ticket_id=ticket.id,
        number=ticket.number,
        secret_key=secret_key,
    )
    message_ids = {email["Message-ID"] for email in emails}
    assert len(message_ids) == 2
    assert thread not in message_ids
    recorded = await OutboxMessage.all().values_list("provider_message_id", flat=True)
    assert set(recorded) == message_ids


async def test_a_mail_that_is_no_ticket_mail_starts_no_thread(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    await _queue(payload={"ticket_id": 999})

    await _deliver(smtp_sender)

    email = _only(smtp_server)
    assert ("In-Reply-To" in email, "References" in email) == (False, False)


async def test_an_answer_to_a_mail_follows_that_mail_and_the_tickets_thread(
    smtp_server: SmtpServer, smtp_sender: SmtpSender, school: School
) -> None:
    ticket = await _ticket(school)
    await _queue(payload={"ticket_id": ticket.id, "in_reply_to": "<CAF-123@mail.example.pl>"})

    await _deliver(smtp_sender)

    thread = ticket_thread_id(
        ticket_id=ticket.id,
        number=ticket.number,
        secret_key=smtp_server.settings().secret_key,
        domain="lubartow.example.pl",
    )
    email = _only(smtp_server)
    assert email["In-Reply-To"] == f"<CAF-123@mail.example.pl> {thread}"
    assert email["References"] == f"{thread} <CAF-123@mail.example.pl>"


async def test_a_value_that_is_no_message_id_is_not_answered(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    await _queue(payload={"in_reply_to": "<a>\r\nBcc: ktos@example.com"})

    await _deliver(smtp_sender)

    email = _only(smtp_server)
    assert ("In-Reply-To" in email, "Bcc" in email) == (False, False)


async def test_an_address_that_would_break_its_header_fails_the_message_and_sends_nothing(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    message = await _queue(address="dyrektor@sp1.example.pl\r\nBcc: ktos@example.com")

    await _deliver(smtp_sender)

    await message.refresh_from_db()
    assert message.status is OutboxStatus.FAILED
    assert message.last_error.startswith("not an address to send to")
    assert smtp_server.received == []


async def test_a_message_has_the_same_message_id_on_every_attempt(
    smtp_server: SmtpServer, smtp_sender: SmtpSender, now: ManualClock
) -> None:
    message = await _queue()
    smtp_server.answer_next_data("451 4.3.0 Try again later")

    await _deliver(smtp_sender)
    now.advance(dt.timedelta(hours=1))
    await _deliver(smtp_sender)

    await message.refresh_from_db()
    assert message.attempts == 2
    assert _only(smtp_server)["Message-ID"] == message.provider_message_id


async def test_a_file_named_in_the_payload_is_attached_with_its_name_and_type(
    smtp_server: SmtpServer, smtp_sender: SmtpSender, data_dir: Path
) -> None:
    workbook = b"PK\x03\x04 the monthly workbook \x00\xff"
    (data_dir / "exports").mkdir()
    (data_dir / "exports" / "2026-11.xlsx").write_bytes(workbook)
    await _queue(
        payload={
            "attachments": [
                {
                    "path": "exports/2026-11.xlsx",
                    "filename": "Zestawienie HDR – listopad 2026.xlsx",
                    "content_type": WORKBOOK,
                }
            ]
        }
    )

    await _deliver(smtp_sender)

    email = _only(smtp_server)
    [attachment] = email.iter_attachments()
    assert attachment.get_filename() == "Zestawienie HDR – listopad 2026.xlsx"
    assert attachment.get_content_type() == WORKBOOK
    assert attachment.get_content() == workbook
    assert _text(email).startswith("W załączniku zestawienie za listopad.")
    assert "W załączniku zestawienie za listopad." in _html(email)


async def test_an_attachment_without_a_type_gets_one_from_its_file_name(
    smtp_server: SmtpServer, smtp_sender: SmtpSender, data_dir: Path
) -> None:
    (data_dir / "protokol.pdf").write_bytes(b"%PDF-1.7")
    await _queue(payload={"attachments": [{"path": "protokol.pdf"}]})

    await _deliver(smtp_sender)

    [attachment] = _only(smtp_server).iter_attachments()
    assert (attachment.get_filename(), attachment.get_content_type()) == (
        "protokol.pdf",
        "application/pdf",
    )


async def test_a_missing_attachment_fails_the_message_naming_the_file(
    smtp_server: SmtpServer, smtp_sender: SmtpSender
) -> None:
    message = await _queue(payload={"attachments": [{"path": "exports/2026-11.xlsx"}]})

    await _deliver(smtp_sender)

    await message.refresh_from_db()
    assert message.status is OutboxStatus.FAILED
    assert "exports/2026-11.xlsx" in message.last_error
    assert smtp_server.received == []


async def test_a_file_outside_the_data_directory_is_never_attached(
    smtp_server: SmtpServer, smtp_sender: SmtpSender, data_dir: Path
) -> None:
    secret = data_dir.parent / "secret.txt"
    secret.write_text("not for mail")
    message = await _queue(payload={"attachments": [{"path": "../secret.txt"}]})

    await _deliver(smtp_sender)

    await message.refresh_from_db()
    assert message.status is OutboxStatus.FAILED
    assert "outside the data directory" in message.last_error
    assert smtp_server.received == []


async def _director_with_a_reminder_due(school: School, now: ManualClock) -> User:
    """A director without Telegram, and an organisation-sheet obligation whose reminder is
    due now (the day before its due date)."""
    director = await make_user(role=Role.DIRECTOR, school=school, email=ADDRESS)
    await Obligation.create(
        source_key=f"test:{school.code}",
        kind=ObligationKind.ORGANISATION_SHEET,
        title="Przekazanie arkusza organizacji organowi prowadzącemu",
        school=school,
        assignee_role=Role.DIRECTOR,
        due_date=dt.date(2026, 11, 18),
        policy=await install_default_policy(),
        created_at=now.now(),
    )
    now.set(warsaw(2026, 11, 17, 8, 0))
    await plan_reminders()
    await send_due_reminders()
    return director


def _links_in_text(received: ReceivedMail) -> dict[str, str]:
    """The "label: url" lines of the answer links in the text part."""
    lines = [line for line in _text(received.email).splitlines() if "/odpowiedz/" in line]
    return dict(line.split(": ", 1) for line in lines)


async def test_a_reminder_email_carries_its_answer_links_in_both_parts(
    smtp_server: SmtpServer, smtp_sender: SmtpSender, school: School, now: ManualClock
) -> None:
    director = await _director_with_a_reminder_due(school, now)

    await _deliver(smtp_sender)

    [received] = smtp_server.received
    links = _links_in_text(received)
    assert list(links) == ["Zrobione", "Odłóż", "Problem"]
    assert all(url.startswith("http://127.0.0.1:8000/odpowiedz/") for url in links.values())
    html = _html(received.email)
    for label, url in links.items():
        assert f'<a href="{url}"' in html
        assert f">{label}</a>" in html
    answered = [verify_answer_link(url.rsplit("/", 1)[1]) for url in links.values()]
    [reminder_id] = {link.reminder_id for link in answered}
    assert answered == [
        AnswerLink(reminder_id, director.id, AnswerKind.DONE),
        AnswerLink(reminder_id, director.id, AnswerKind.SNOOZE),
        AnswerLink(reminder_id, director.id, AnswerKind.PROBLEM),
    ]


async def test_the_done_link_of_a_received_reminder_marks_the_obligation_done(
    smtp_server: SmtpServer, smtp_sender: SmtpSender, school: School, now: ManualClock
) -> None:
    await _director_with_a_reminder_due(school, now)
    await _deliver(smtp_sender)
    [received] = smtp_server.received
    done_url = _links_in_text(received)["Zrobione"]

    await answer_by_link(done_url.rsplit("/", 1)[1])

    obligation = await Obligation.get()
    assert obligation.status is ObligationStatus.DONE


async def test_ticket_mails_say_a_reply_becomes_a_comment_when_replies_are_read(
    smtp_server: SmtpServer, school: School, data_dir: Path
) -> None:
    ticket = await _ticket(school)
    await _queue(subject="[IT-2026-0042] Projektor", payload={"ticket_id": ticket.id})
    await _queue(subject="Zestawienie")
    settings = smtp_server.settings(
        imap_url="imaps://helpdesk:haslo@imap.example.pl:993/INBOX", data_dir=data_dir
    )
    sender = SmtpSender(settings)

    await _deliver(sender)
    await sender.aclose()

    by_subject = {mail.email["Subject"]: _text(mail.email) for mail in smtp_server.received}
    assert (
        "Odpowiedź na tę wiadomość zostanie dodana do zgłoszenia IT-2026-0042 jako komentarz."
        in by_subject["[IT-2026-0042] Projektor"]
    )
    assert (
        "Odpowiedzi na tę wiadomość nie są odczytywane automatycznie." in by_subject["Zestawienie"]
    )
