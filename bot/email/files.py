"""The e-mail channel of the embedded default: with no SMTP server configured, each message
is written as an `.eml` file (a whole RFC 5322 message, openable in any mail program) under
the mail folder, and logged with its subject, recipient and links, so that the links of a
reminder can be followed on a machine that sends no mail."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot.email.compose import EmailComposer, links_of, web_addresses
from core import clock
from core.config import Settings
from core.models import OutboxMessage
from core.outbox.transport import TransportError

logger = logging.getLogger(__name__)


class MailFolderSender:
    """Writes outbox e-mails into the mail folder (`HDR_DATA_DIR/mail`), one file a message,
    named by time and row id."""

    def __init__(self, settings: Settings) -> None:
        self._folder = settings.mail_dir
        self._composer = EmailComposer(settings)

    async def send(self, message: OutboxMessage) -> str:
        """Writes `message`; returns its Message-ID. Raises a transient TransportError when
        the folder cannot be written (a full disk may be cleared), a permanent one when an
        attachment is missing."""
        email = await self._composer.compose(message)
        stamp = clock.now().strftime("%Y%m%dT%H%M%S")
        path = self._folder / f"{stamp}-{message.id}.eml"
        try:
            await asyncio.to_thread(_write, path, bytes(email))
        except OSError as error:
            raise TransportError(f"cannot write {path.name}: {error}", permanent=False) from error
        logger.info(
            "Mail to %s written to %s: %s%s",
            message.address,
            path,
            message.subject,
            "".join(f"\n  {link}" for link in _links(message)),
        )
        return str(email["Message-ID"])


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _links(message: OutboxMessage) -> list[str]:
    return web_addresses(message.body_text) + [link.url for link in links_of(message.payload)]
