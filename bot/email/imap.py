"""The helpdesk mailbox, read over IMAP: each new message is taken in once
(`core.tickets.mail_intake`), then marked in the mailbox.

The client is aioimaplib: it speaks IMAP on the process's own event loop, beside the web
application and the bot, with IDLE, and needs no thread. Its known weak spots — a command
that waits forever when the server drops the connection, an IDLE that never ends — are
covered here: every command races the connection-lost signal and a timeout, and any
failure ends the session, which `MailboxReader.run` opens again after a growing pause.

Exactly once: messages are taken in by ascending UID, and each one is recorded in the
database (mailbox, UIDVALIDITY, UID) in the transaction that makes its ticket or comment,
so a message whose record exists is never acted on again, after a crash or a restart or
when the mail server forgets our flags. Only the UIDs above the last recorded one are
fetched; the first time a mailbox (or a new UIDVALIDITY of it) is seen, only its unseen
messages, so old, read mail does not turn into tickets. After the record is written the
message is flagged `\\Seen` and `$HdrProcessed`, for the people who read the mailbox too;
it is not moved, so nothing disappears from their view. Several processes may read one
mailbox: the record's unique key decides who acts on a message, and as each reader stops
at the first message it cannot record, none records a later one over a gap. One is enough.

A message that cannot be read, is too large to fetch (`message_size_limit`) or makes our
own code fail is recorded as failed with the reason, flagged, and left for a person: the
reader goes on with the next one. Only a database that does not answer stops the batch,
to be tried again later with the same message.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import logging
import re
import ssl
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar
from urllib.parse import unquote, urlsplit

import aioimaplib
from tortoise.exceptions import DBConnectionError, OperationalError

from bot.email.mail_parsing import UnreadableMail, parse_mail
from core.config import Settings, get_settings
from core.models import InboundReason
from core.tickets.mail_intake import (
    MailboxPlace,
    last_taken_uid,
    record_unreadable_mail,
    take_in_mail,
)

logger = logging.getLogger(__name__)

PROCESSED_KEYWORD: Final = "$HdrProcessed"
IDLE_SECONDS: Final = 5 * 60.0
"""How long one IDLE lasts before it is renewed (servers drop it after 30 minutes), which
also bounds how late a message that slipped in just before an IDLE is seen."""
POLL_SECONDS: Final = 60.0
"""How often a server without IDLE is asked for new mail."""
COMMAND_TIMEOUT: Final = 60.0
RETRY_DELAYS: Final = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0)
"""Pauses before each further attempt to reach the server or the database; the last one
repeats."""

_T = TypeVar("_T")


@contextlib.asynccontextmanager
async def mailbox_reading(settings: Settings) -> AsyncIterator[MailboxReader | None]:
    """Reads `HDR_IMAP_URL`'s mailbox in the background for the duration of the block
    (`MailboxReader.run`); does nothing when it is unset. On leaving, the message being
    taken in is finished first. Raises ValueError for a malformed URL, before anything runs."""
    if not settings.imap_url:
        logger.info("Inbound mail is off: HDR_IMAP_URL is not set")
        yield None
        return
    reader = MailboxReader(settings.imap_url)
    stop = asyncio.Event()
    running = asyncio.create_task(reader.run(stop), name=f"mailbox {reader.address.key}")
    try:
        yield reader
    finally:
        stop.set()
        await running


class MailboxUnavailable(Exception):
    """The server cannot be reached, refused us, or dropped the connection."""


@dataclass(frozen=True)
class MailboxAddress:
    """Where the mailbox is, from `HDR_IMAP_URL` (`imap://` plain, `imaps://` TLS)."""

    host: str
    port: int
    tls: bool
    user: str
    password: str = field(repr=False)
    folder: str = "INBOX"

    @classmethod
    def from_url(cls, url: str) -> MailboxAddress:
        """Raises ValueError for anything but `imap[s]://user:password@host[:port][/folder]`."""
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps"):
            raise ValueError("HDR_IMAP_URL: must start with imap:// or imaps://")
        if not (parts.hostname and parts.username and parts.password):
            raise ValueError("HDR_IMAP_URL: give the user, password and host")
        tls = parts.scheme == "imaps"
        return cls(
            host=parts.hostname,
            port=parts.port or (993 if tls else 143),
            tls=tls,
            user=unquote(parts.username),
            password=unquote(parts.password),
            folder=unquote(parts.path.strip("/")) or "INBOX",
        )

    @property
    def key(self) -> str:
        """The mailbox's name in the records: login, host and folder, no password."""
        return f"{self.user}@{self.host}/{self.folder}"[:255]


@dataclass(frozen=True)
class _Fetched:
    uid: int
    size: int
    raw: bytes
    """The whole message, or only its header when it is over the size limit."""
    whole: bool


class MailboxReader:
    """Takes in the new messages of one mailbox; see the module docstring."""

    def __init__(
        self,
        url: str,
        *,
        idle_seconds: float = IDLE_SECONDS,
        poll_seconds: float = POLL_SECONDS,
        command_timeout: float = COMMAND_TIMEOUT,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
        message_size_limit: int | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """`message_size_limit` (bytes) defaults to three times the attachment limit, room
        for a couple of attachments at the limit in base64; larger messages are not fetched.
        Raises ValueError for a malformed `url`."""
        self.address = MailboxAddress.from_url(url)
        self._idle_seconds = idle_seconds
        self._poll_seconds = poll_seconds
        self._timeout = command_timeout
        self._retry_delays = retry_delays
        self._size_limit = message_size_limit or (
            3 * get_settings().attachment_max_mb * 1024 * 1024 + 1024 * 1024
        )
        self._ssl_context = ssl_context

    async def read_once(self, *, limit: int | None = None) -> int:
        """Connects, takes in up to `limit` new messages (all when None) and disconnects;
        returns how many were taken in. Raises MailboxUnavailable when the server cannot be
        reached or fails on the way; what was taken in until then stays taken."""
        async with self._session() as session:
            return await self._take_in_new(session, limit=limit, stop=None)

    async def run(self, stop: asyncio.Event) -> None:
        """Takes in new mail until `stop` is set: waits for it with IDLE where the server
        offers it, polls otherwise, and reconnects after a pause when the server or the
        database fails. Returns once `stop` is set (a message being taken in is finished)."""
        attempt = 0
        while not stop.is_set():
            try:
                async with self._session() as session:
                    attempt = 0
                    while not stop.is_set():
                        await self._take_in_new(session, limit=None, stop=stop)
                        if not stop.is_set():
                            await session.wait_for_news(stop, self._idle_seconds)
            except Exception as failure:
                # Nothing but `stop` ends the reader: a failure is logged and tried again.
                delay = self._retry_delays[min(attempt, len(self._retry_delays) - 1)]
                attempt += 1
                log = logger.warning if _is_expected(failure) else logger.exception
                log("Mailbox %s: %s; trying again in %.0f s", self.address.key, failure, delay)
                await _wait(stop, delay)

    async def _take_in_new(
        self, session: _Session, *, limit: int | None, stop: asyncio.Event | None
    ) -> int:
        last = await last_taken_uid(mailbox=self.address.key, uidvalidity=session.uidvalidity)
        uids = await session.new_uids(after=last)
        taken = 0
        for uid in uids[:limit]:
            if stop is not None and stop.is_set():
                break
            fetched = await session.fetch(uid, size_limit=self._size_limit)
            if fetched is None:
                continue  # deleted from the mailbox meanwhile
            await self._take_in(fetched, MailboxPlace(self.address.key, session.uidvalidity, uid))
            await session.mark_taken(uid)
            taken += 1
        return taken

    async def _take_in(self, fetched: _Fetched, place: MailboxPlace) -> None:
        """Takes in one fetched message; whatever goes wrong but the database is recorded."""
        if not fetched.whole:
            headers = _headers_only(fetched.raw)
            await record_unreadable_mail(
                place=place,
                reason=InboundReason.TOO_LARGE,
                detail=f"{fetched.size} bytes, over the limit of {self._size_limit}",
                **headers,
            )
            return
        try:
            mail = parse_mail(fetched.raw)
        except UnreadableMail as unreadable:
            await record_unreadable_mail(
                place=place, reason=InboundReason.UNREADABLE, detail=str(unreadable)
            )
            return
        try:
            await take_in_mail(mail, place=place)
        except Exception as error:
            if _is_transient(error):
                raise
            # A fault of ours with this one message must not stop the mailbox.
            logger.exception("Mail %s from %s could not be taken in", place, mail.sender)
            await record_unreadable_mail(
                place=place,
                reason=InboundReason.ERROR,
                detail=f"{type(error).__name__}: {error}",
                sender=mail.sender,
                subject=mail.subject,
                message_id=mail.message_id,
            )

    @contextlib.asynccontextmanager
    async def _session(self) -> AsyncIterator[_Session]:
        session = await _Session.open(
            self.address, command_timeout=self._timeout, ssl_context=self._ssl_context
        )
        try:
            yield session
        finally:
            await session.close()


def _is_expected(failure: Exception) -> bool:
    """Whether `failure` is the server or the database being away, not a fault of ours."""
    return isinstance(failure, MailboxUnavailable) or _is_transient(failure)


def _is_transient(error: Exception) -> bool:
    """Whether `error` says the database (or the disk) is away rather than that something
    is wrong with the message: then the message is tried again later."""
    return isinstance(error, DBConnectionError | OSError | TimeoutError) or (
        type(error) is OperationalError
    )


def _headers_only(raw_header: bytes) -> dict[str, str]:
    """Sender, subject and Message-ID from a message's header, for the record."""
    try:
        mail = parse_mail(raw_header)
    except UnreadableMail:
        return {}
    return {"sender": mail.sender, "subject": mail.subject, "message_id": mail.message_id}


class _Session:
    """One logged-in connection with the mailbox's folder selected."""

    def __init__(self, client: aioimaplib.IMAP4, lost: asyncio.Event, *, timeout: float) -> None:
        self._client = client
        self._lost = lost
        self._timeout = timeout
        self.uidvalidity = 0

    @classmethod
    async def open(
        cls, address: MailboxAddress, *, command_timeout: float, ssl_context: ssl.SSLContext | None
    ) -> _Session:
        """Raises MailboxUnavailable when the server cannot be reached or refuses us."""
        lost = asyncio.Event()
        try:
            if address.tls:
                client = aioimaplib.IMAP4_SSL(
                    address.host, address.port, timeout=command_timeout, ssl_context=ssl_context
                )
            else:
                client = aioimaplib.IMAP4(address.host, address.port, timeout=command_timeout)
        except OSError as error:
            raise MailboxUnavailable(f"cannot connect: {error}") from error
        client.protocol.conn_lost_cb = lambda _error: lost.set()
        session = cls(client, lost, timeout=command_timeout)
        try:
            await session._call(client.wait_hello_from_server(), "connect")
            await session._checked(client.login(address.user, address.password), "login")
            selected = await session._checked(
                client.select(_mailbox_name(address.folder)), "select"
            )
        except BaseException:
            await session.close()
            raise
        session.uidvalidity = _uidvalidity(selected.lines)
        return session

    async def new_uids(self, *, after: int | None) -> list[int]:
        """The UIDs above `after`, ascending; the unseen ones when `after` is None."""
        if after is None:
            response = await self._checked(
                self._client.uid_search("UNSEEN", charset=None), "search"
            )
        else:
            criteria = f"UID {after + 1}:*"
            response = await self._checked(
                self._client.uid_search(criteria, charset=None), "search"
            )
        found = {int(token) for line in response.lines[:-1] for token in bytes(line).split()}
        # "N:*" always includes the highest UID, even when it is below N.
        return sorted(uid for uid in found if after is None or uid > after)

    async def fetch(self, uid: int, *, size_limit: int) -> _Fetched | None:
        """The message `uid` (only its header when over `size_limit`); None when it is
        gone. Peeks, so the message stays unseen until it is marked."""
        sized = await self._checked(
            self._client.uid("fetch", str(uid), "(UID RFC822.SIZE)"), "fetch"
        )
        size = _fetched_number(sized.lines, "RFC822.SIZE")
        if size is None:
            return None
        whole = size <= size_limit
        part = "BODY.PEEK[]" if whole else "BODY.PEEK[HEADER]"
        response = await self._checked(
            self._client.uid("fetch", str(uid), f"(UID {part})"), "fetch"
        )
        raw = next((bytes(line) for line in response.lines if isinstance(line, bytearray)), None)
        if raw is None:
            return None
        return _Fetched(uid=uid, size=size, raw=raw, whole=whole)

    async def mark_taken(self, uid: int) -> None:
        """Flags message `uid` as seen and processed (only seen on a server that keeps no
        keywords of its own)."""
        flags = f"(\\Seen {PROCESSED_KEYWORD})"
        response = await self._call(
            self._client.uid("store", str(uid), "+FLAGS.SILENT", flags), "store"
        )
        if response.result != "OK":
            await self._checked(
                self._client.uid("store", str(uid), "+FLAGS.SILENT", "(\\Seen)"), "store"
            )

    async def wait_for_news(self, stop: asyncio.Event, seconds: float) -> None:
        """Returns when the server tells of a change (IDLE), after `seconds` at most, or
        when `stop` is set; without IDLE, after the poll interval."""
        if not self._client.has_capability("IDLE"):
            await _wait(stop, min(seconds, POLL_SECONDS))
            return
        idle = await self._call(self._client.idle_start(timeout=seconds), "idle")
        push = asyncio.ensure_future(self._client.wait_server_push(timeout=seconds + self._timeout))
        stopped = asyncio.ensure_future(stop.wait())
        lost = asyncio.ensure_future(self._lost.wait())
        try:
            await asyncio.wait({push, stopped, lost}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in (push, stopped, lost):
                waiter.cancel()
        if self._lost.is_set():
            raise MailboxUnavailable("connection lost")
        if self._client.has_pending_idle():
            self._client.idle_done()
        await self._call(idle, "idle")

    async def close(self) -> None:
        """Logs out politely when the connection still works, and closes it."""
        if not self._lost.is_set() and self._client.get_state() in ("AUTH", "SELECTED"):
            with contextlib.suppress(MailboxUnavailable, aioimaplib.AioImapException):
                await self._call(self._client.logout(), "logout")
        transport = self._client.protocol.transport
        if transport is not None:
            transport.close()

    async def _checked(self, command: Awaitable[Any], what: str) -> Any:
        """The response of `command`; raises MailboxUnavailable unless it is OK."""
        response = await self._call(command, what)
        if response.result != "OK":
            text = b" ".join(bytes(line) for line in response.lines).decode(errors="replace")
            raise MailboxUnavailable(f"{what} refused: {response.result} {text}")
        return response

    async def _call(self, command: Awaitable[_T], what: str) -> _T:
        """The result of `command`, unless the connection is lost or it times out first:
        then raises MailboxUnavailable."""
        task = asyncio.ensure_future(command)
        lost = asyncio.ensure_future(self._lost.wait())
        try:
            done, _ = await asyncio.wait(
                {task, lost}, timeout=self._timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            lost.cancel()
        if task not in done:
            task.cancel()
            reason = "connection lost" if self._lost.is_set() else "no answer in time"
            raise MailboxUnavailable(f"{what}: {reason}")
        try:
            return task.result()
        except (OSError, TimeoutError, aioimaplib.AioImapException) as error:
            raise MailboxUnavailable(f"{what}: {type(error).__name__} {error}") from error


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    """Sleeps `seconds`, or less when `stop` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def _uidvalidity(select_lines: list[Any]) -> int:
    for line in select_lines:
        found = re.search(rb"\[UIDVALIDITY (\d+)\]", bytes(line))
        if found:
            return int(found.group(1))
    raise MailboxUnavailable("the server named no UIDVALIDITY for the folder")


def _fetched_number(lines: list[Any], item: str) -> int | None:
    for line in lines:
        if isinstance(line, bytes):
            found = re.search(rb"\b" + re.escape(item.encode()) + rb" (\d+)", line)
            if found:
                return int(found.group(1))
    return None


def _mailbox_name(folder: str) -> str:
    """`folder` as an IMAP argument: in modified UTF-7 (RFC 3501 5.1.3), quoted."""
    pieces = []
    for printable, run in itertools.groupby(folder, key=lambda char: " " <= char <= "~"):
        text = "".join(run)
        if printable:
            pieces.append(text.replace("&", "&-"))
        else:
            utf16 = base64.b64encode(text.encode("utf-16-be")).decode().rstrip("=")
            pieces.append("&" + utf16.replace("/", ",") + "-")
    name = "".join(pieces).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{name}"'
