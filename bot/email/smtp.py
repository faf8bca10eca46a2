"""The e-mail channel through an SMTP server (`HDR_SMTP_*`), with aiosmtplib.

Connections are kept open between messages and shared by the delivery job's lanes: at
most `max_connections` at once (a hosted mailbox refuses too many), each carrying one
message at a time. A connection that has been idle for `idle_timeout` seconds is closed
(with QUIT), so a quiet process holds none; one the server has dropped is left behind and
the next message opens a new one. `aclose()` closes them all when the process stops.

TLS: `none` (plain, for a relay on the same host or network), `starttls` (port 587:
plain connect, then STARTTLS, which must succeed) or `ssl` (port 465: TLS from the first
byte). The server's certificate is verified. With `HDR_SMTP_USER` set, the sender logs in
after TLS is up.

Failures, as one TransportError:
- permanent: the server refused the recipient with a 5xx about the mailbox (at RCPT; at
  DATA only with an enhanced status 5.1.x or 5.2.x): it does not exist or takes no mail,
  so trying again will not help and the person's other channel is used;
- transient, retried later: every 4xx (greylisting, a full queue), a refused, reset or
  dropped connection, a timeout, a failed TLS handshake or login, and a 5xx that is not
  about the mailbox (relaying or the sender refused, 5.7.x, or the message refused: a
  configuration or content problem that an operator can fix, and that says nothing of the
  recipient's address).
The error text carries the server's reply, never the password.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import ssl
from dataclasses import dataclass, field
from email.message import Message
from typing import Final

from aiosmtplib import (
    SMTP,
    SMTPDataError,
    SMTPException,
    SMTPRecipientsRefused,
    SMTPResponseException,
)

from bot.email.compose import EmailComposer
from core.config import Settings, SmtpTls
from core.models import OutboxMessage
from core.outbox.transport import TransportError

logger = logging.getLogger(__name__)

# The delivery job keeps 8 messages in flight; hosted mailboxes allow a few connections
# at once per account, so lanes beyond this wait for a free connection.
MAX_CONNECTIONS: Final = 4
# Well under the 5 minutes a server waits for the next command (RFC 5321, 4.5.3.2), so an
# open connection is still alive when it is reused.
IDLE_TIMEOUT_SECONDS: Final = 30.0
# A connection idle longer than this is checked with NOOP before it carries a message: the
# server may have dropped it meanwhile, and a message must not be lost to a dead socket.
# Within a batch connections are back in use at once, and skip the check.
PROBE_AFTER_SECONDS: Final = 1.0
# For each command and for connecting; a server that takes longer is treated as down.
COMMAND_TIMEOUT_SECONDS: Final = 30.0
# 421: the server closes the connection after this reply (RFC 5321, 3.8).
_CLOSING: Final = 421
_ENHANCED_STATUS: Final = re.compile(r"^\s*5\.(\d{1,3})\.\d{1,3}\b")
# Mailbox unavailable, user not local, mailbox name not allowed (RFC 5321, 4.2.3).
_MAILBOX_UNAVAILABLE: Final = frozenset({550, 551, 553})


@dataclass(eq=False)
class _Connection:
    client: SMTP
    idle_since: float = field(default=0.0)


class SmtpSender:
    """The outbox's e-mail channel through the configured SMTP server."""

    def __init__(
        self,
        settings: Settings,
        *,
        max_connections: int = MAX_CONNECTIONS,
        idle_timeout: float = IDLE_TIMEOUT_SECONDS,
        probe_after: float = PROBE_AFTER_SECONDS,
        timeout: float = COMMAND_TIMEOUT_SECONDS,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        """`tls_context` replaces the system's trusted certificates (a private CA)."""
        if not settings.smtp_host:
            raise ValueError("HDR_SMTP_HOST: required to send through an SMTP server")
        self._settings = settings
        self._composer = EmailComposer(settings)
        self._idle_timeout = idle_timeout
        self._probe_after = probe_after
        self._timeout = timeout
        self._tls_context = tls_context
        self._slots = asyncio.Semaphore(max_connections)
        self._idle: list[_Connection] = []
        self._closer: asyncio.Task[None] | None = None
        self._closed = False

    async def send(self, message: OutboxMessage) -> str:
        """Sends `message` to its address; returns its Message-ID. Raises TransportError."""
        email = await self._composer.compose(message)
        async with self._slots:
            connection = await self._checkout()
            try:
                await self._transmit(connection.client, email, message.address)
            finally:
                await self._release(connection)
        return str(email["Message-ID"])

    async def aclose(self) -> None:
        """Closes the idle connections now, and those in use when their message is sent."""
        self._closed = True
        if self._closer is not None:
            self._closer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._closer
        idle, self._idle = self._idle, []
        await asyncio.gather(*(_quit(connection.client) for connection in idle))

    async def _transmit(self, client: SMTP, email: Message, address: str) -> None:
        try:
            await client.send_message(
                email, sender=self._composer.envelope_sender, recipients=[address]
            )
        except SMTPRecipientsRefused as error:
            [refused] = error.recipients
            raise TransportError(
                f"SMTP {refused.code} {refused.message} (recipient {refused.recipient})",
                permanent=_is_about_the_mailbox(refused.code, refused.message),
            ) from error
        except SMTPResponseException as error:
            if error.code == _CLOSING:
                client.close()
            # Refused at DATA, only a few servers mean the recipient, and they say so with
            # an addressing status; refusals of the sender or the message are not about
            # the mailbox.
            permanent = isinstance(error, SMTPDataError) and _is_about_the_mailbox(
                error.code, error.message, when_unsaid=False
            )
            raise TransportError(f"SMTP {error.code} {error.message}", permanent=permanent) from (
                error
            )
        except ValueError as error:
            # The sender's address was checked at start (EmailComposer), so it is the
            # recipient's that cannot be put on an SMTP command line.
            raise TransportError(f"cannot send to {address!r}: {error}", permanent=True) from error
        except (SMTPException, OSError) as error:
            client.close()
            raise TransportError(f"SMTP connection failed: {error}", permanent=False) from error
        except BaseException:
            # Cancelled or failed midway: what the server saw is unknown, so not reused.
            client.close()
            raise

    async def _checkout(self) -> _Connection:
        """The most recently used connection that still works, or a new one."""
        while self._idle:
            connection = self._idle.pop()
            if await self._works(connection):
                return connection
        client = self._client()
        try:
            await client.connect()
        except (SMTPException, OSError) as error:
            raise TransportError(
                f"cannot connect to {self._settings.smtp_host}:{self._settings.smtp_port}: {error}",
                permanent=False,
            ) from error
        logger.debug("Connected to %s", self._settings.smtp_host)
        return _Connection(client)

    async def _works(self, connection: _Connection) -> bool:
        client = connection.client
        if not client.is_connected:
            return False
        if asyncio.get_running_loop().time() - connection.idle_since < self._probe_after:
            return True
        try:
            await client.noop()
        except (SMTPException, OSError):
            client.close()
            return False
        return True

    async def _release(self, connection: _Connection) -> None:
        """Back to the pool while it is open and the sender is; the closer times it out."""
        if not connection.client.is_connected:
            return
        if self._closed:
            await _quit(connection.client)
            return
        connection.idle_since = asyncio.get_running_loop().time()
        self._idle.append(connection)
        if self._closer is None or self._closer.done():
            self._closer = asyncio.get_running_loop().create_task(self._close_idle())

    async def _close_idle(self) -> None:
        """Runs while connections are idle: quits each once it has been idle too long."""
        loop = asyncio.get_running_loop()
        while self._idle:
            oldest = min(connection.idle_since for connection in self._idle)
            await asyncio.sleep(max(oldest + self._idle_timeout - loop.time(), 0))
            deadline = loop.time() - self._idle_timeout
            expired = [c for c in self._idle if c.idle_since <= deadline]
            self._idle = [c for c in self._idle if c.idle_since > deadline]
            await asyncio.gather(*(_quit(connection.client) for connection in expired))

    def _client(self) -> SMTP:
        settings = self._settings
        return SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_user or None,
            password=settings.smtp_password if settings.smtp_user else None,
            use_tls=settings.smtp_tls is SmtpTls.SSL,
            start_tls=settings.smtp_tls is SmtpTls.STARTTLS,
            tls_context=self._tls_context,
            timeout=self._timeout,
            # Named after the sender's domain: looking up this host's name may hang
            # where DNS is slow, and servers only log it.
            local_hostname=self._composer.domain,
        )


def _is_about_the_mailbox(code: int, reply: str, *, when_unsaid: bool = True) -> bool:
    """Whether a refusal says the recipient's mailbox will not take mail: a 5xx whose
    enhanced status (RFC 3463) is about the address or the mailbox (5.1.x, 5.2.x). A 5xx
    for our own setup (relaying or login refused, 5.7.x) must not mark every recipient's
    address dead. Without an enhanced status, `when_unsaid` decides."""
    if not 500 <= code < 600:
        return False
    status = _ENHANCED_STATUS.match(reply)
    if status is None:
        return when_unsaid and code in _MAILBOX_UNAVAILABLE
    return status.group(1) in {"1", "2"}


async def _quit(client: SMTP) -> None:
    """Says goodbye politely; a connection that cannot is simply closed."""
    try:
        await client.quit()
    except (SMTPException, OSError):
        client.close()
