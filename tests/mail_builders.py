"""E-mails as mail programs write them, for the tests of the helpdesk mailbox."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from tests.conftest import warsaw

_sequence = itertools.count(1)


def raw_mail(
    *,
    sender: str,
    subject: str = "Projektor w sali 12 nie działa",
    body: str = "Projektor w sali 12 nie włącza się od rana.",
    sender_name: str = "",
    headers: Mapping[str, str] | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
    message_id: str | None = None,
) -> bytes:
    """An e-mail in UTF-8 (as bytes), with `attachments` given as (name, type, content)."""
    message = EmailMessage()
    message["From"] = formataddr((sender_name, sender)) if sender_name else sender
    message["To"] = "helpdesk@gmina.example.pl"
    message["Subject"] = subject
    message["Date"] = format_datetime(warsaw(2026, 11, 17, 9, 0))
    message["Message-ID"] = message_id or f"<mail-{next(_sequence)}@szkola.example.pl>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, content_type, content in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(message)


def legacy_mail(*, sender: str, subject: str, body: str, charset: str) -> bytes:
    """An e-mail as an older Polish mail program writes it: the body as 8-bit `charset`
    (windows-1250, iso-8859-2), the subject as RFC 2047 encoded words in it."""
    head = (
        f"From: {sender}\r\n"
        "To: helpdesk@gmina.example.pl\r\n"
        f"Subject: {Header(subject, charset).encode()}\r\n"
        f"Message-ID: <legacy-{next(_sequence)}@szkola.example.pl>\r\n"
        "MIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset={charset}\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return head.encode("ascii") + body.replace("\n", "\r\n").encode(charset)


def delivery_report(*, about: str) -> bytes:
    """A bounce: a delivery-status report from the mail server's MAILER-DAEMON."""
    return (
        "Return-Path: <>\r\n"
        "From: Mail Delivery System <MAILER-DAEMON@poczta.example.pl>\r\n"
        "To: helpdesk@gmina.example.pl\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: <bounce-{next(_sequence)}@poczta.example.pl>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n"
        "--B\r\n"
        "Content-Type: text/plain\r\n\r\n"
        f"Your message to {about} could not be delivered.\r\n"
        "--B\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        f"Final-Recipient: rfc822; {about}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--B--\r\n"
    ).encode()
