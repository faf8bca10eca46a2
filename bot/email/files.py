"""The e-mail channel of the embedded default: with no SMTP server configured, each message
is written as an `.eml` file (a whole RFC 5322 message, openable in any mail program) under
the mail folder, and logged with its subject and recipient."""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from core import clock
from core.models import OutboxMessage
from core.outbox.transport import TransportError

logger = logging.getLogger(__name__)


class MailFolderSender:
    """Writes outbox e-mails into `folder`, one file a message, named by time and row id."""

    def __init__(self, folder: Path, *, sender: str) -> None:
        self._folder = folder
        self._sender = sender

    async def send(self, message: OutboxMessage) -> str:
        """Writes `message`; returns its Message-ID. Raises a transient TransportError when
        the folder cannot be written (a full disk may be cleared)."""
        email = build_email(message, sender=self._sender)
        stamp = clock.now().strftime("%Y%m%dT%H%M%S")
        path = self._folder / f"{stamp}-{message.id}.eml"
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes(email))
        except OSError as error:
            raise TransportError(f"cannot write {path.name}: {error}", permanent=False) from error
        logger.info("Mail to %s written to %s: %s", message.address, path, message.subject)
        return str(email["Message-ID"])


def build_email(message: OutboxMessage, *, sender: str) -> EmailMessage:
    """The outbox row as an automatic e-mail: plain text, and HTML beside it when present."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.address
    email["Subject"] = message.subject
    email["Date"] = format_datetime(clock.now())
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    # Tells auto-responders not to answer (RFC 3834), so no mail loops start here.
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email
