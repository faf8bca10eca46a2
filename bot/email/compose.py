"""The e-mail of an outbox row, as an RFC 5322 message: the same for the SMTP sender and
for the mail folder.

Every mail has a plain-text part and an HTML alternative, rendered from Jinja2 templates
(TEXT_LAYOUT and `templates/message.html`): the row's text (escaped into HTML, its web
addresses made clickable), the row's links, and a footer in the recipient's language
saying that the mail is automatic, what a reply does and how to get the messages on
Telegram instead. A row's own `body_html`, when it has one, takes the place of the
converted text in the HTML part.

Headers: From (`HDR_MAIL_FROM`), To, Subject, Date (the gmina's time), Message-ID, and
`Auto-Submitted: auto-generated` (RFC 3834), so that auto-responders do not answer.

The message is built with the standard library's `email.mime` classes (its compat32 API),
as Django builds its mail: the newer `EmailMessage` API parses every header it is given
again, which made composing cost more than sending (`benchmarks/email_fanout.py`). So the
values are checked here instead: an address, a Message-ID, a subject and a file name
must not break a header's line.

The Message-ID is the row's own: a keyed hash of its id and creation time under the
`HDR_MAIL_FROM` domain, unguessable and the same on every attempt, so that a message sent
twice (delivery is at least once) is one message to mail programs that deduplicate. The
sender returns it as the provider's message id, which the outbox records.

There is no `List-Unsubscribe`: it is for mail a person may stop, and hdr-desk sends none.
Its mail is about the person's own tickets, sign-in and the deadlines of their office,
which they cannot opt out of; what they may choose (one reminder a message, or a daily
digest; e-mail or Telegram) is on their page, `/panel`.

What the payload of a row may hold for the e-mail:

- `ticket_id`: the ticket the mail is about. `In-Reply-To` and `References` then carry the
  ticket's thread id (`core.tickets.mail_threading.ticket_thread_id`), so mail programs
  show a ticket's mails as one thread and a reply is traced back to the ticket.
- `locale`: the language the row's text is written in, which the footer follows; without
  it, the recipient's (looked up), else `HDR_LOCALE`.
- `in_reply_to`: the Message-ID of the mail this one answers (an answer to mail sent to
  the helpdesk), added to `In-Reply-To` (first) and `References` (last); a value that is
  no Message-ID is left out.
- `links`: `[{"label": "Completed", "url": "https://..."}]`, actions the reader can take
  (a reminder's answers), with labels already in the recipient's language: listed as
  "label: url" under the text, and as buttons in the HTML part.
- `attachments`: `[{"path": "exports/2026-11.xlsx", "filename": "HDR 2026-11.xlsx",
  "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}]`,
  files attached to the mail. `path` is relative to the data directory (`HDR_DATA_DIR`);
  `filename` is what the reader sees (default: the file's own name); `content_type`
  defaults to a guess from the file name. A file that is missing, or lies outside the
  data directory, is a permanent TransportError naming it: trying again will not help.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email import encoders
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from core import clock
from core.config import Settings
from core.i18n import SUPPORTED_LOCALES, mark, translate
from core.models import OutboxMessage, Ticket, User
from core.outbox.transport import TransportError
from core.tickets.mail_threading import ticket_thread_id

TEMPLATES: Final = Path(__file__).parent / "templates"
# The plain-text part: the text, the links as "label: url", the footer under the "-- "
# that mail programs show as a signature. Kept here rather than in `templates/`, which is
# installed with the package for its HTML files only.
TEXT_LAYOUT: Final = """{{ text }}
{% if links %}

{% for link in links %}
{{ link.label }}: {{ link.url }}
{% endfor %}
{% endif %}

--\x20
{% for line in footer %}
{{ line }}
{% endfor %}
"""
_WEB_ADDRESS: Final = re.compile(r"https?://[^\s<>\"]*[^\s<>\".,;:!?)\]'”’]")
_MESSAGE_ID_DIGEST_CHARS: Final = 24
_MAILBOX: Final = re.compile(r"[^\s<>@]+@[^\s<>@]+")
# 39 bytes are 52 characters of base64, 64 with the "=?utf-8?b?...?=" around them: the
# first word fits on the line after "Subject: " (78 characters), which a folded header
# would otherwise start empty, and parsers then read with a leading space.
_ENCODED_WORD_BYTES: Final = 39
_MESSAGE_ID: Final = re.compile(r"<[^\s<>]+@[^\s<>]+>")

SENT_BY: Final = mark("This message was sent automatically by hdr-desk.")
SENT_BY_GMINA: Final = mark("This message was sent automatically by hdr-desk, {gmina}.")
REPLY_ADDS_COMMENT: Final = mark("A reply to this e-mail is added to ticket {number} as a comment.")
REPLY_NOT_READ: Final = mark("Replies to this e-mail are not read automatically.")
TELEGRAM_INSTEAD: Final = mark(
    "To get these messages on Telegram instead, ask the HDR coordinator for an invitation."
)


@dataclass(frozen=True)
class Link:
    """An action under the text of a mail: what it does, in the reader's language, and where."""

    label: str
    url: str


@dataclass(frozen=True)
class Attachment:
    """A file to attach: where it is under the data directory, and what the reader sees."""

    path: str
    filename: str
    content_type: str


class EmailComposer:
    """Builds the e-mails of outbox rows with one configuration: sender, gmina, secret key
    (for Message-IDs and thread ids), data directory (for attachments)."""

    def __init__(self, settings: Settings) -> None:
        """Raises ValueError naming HDR_MAIL_FROM when it is not one address to send from."""
        self._settings = settings
        self.envelope_sender = _sending_address(settings.mail_from)
        self._from = formataddr((parseaddr(settings.mail_from)[0], self.envelope_sender))
        self.domain = self.envelope_sender.rpartition("@")[2]
        templates = Environment(
            loader=FileSystemLoader(TEMPLATES),
            # HTML templates escape what they are given; the plain-text layout must not.
            autoescape=select_autoescape(["html"], default_for_string=False),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._text_template = templates.from_string(TEXT_LAYOUT)
        self._html_template = templates.get_template("message.html")

    async def compose(self, message: OutboxMessage) -> Message:
        """The whole e-mail of `message`. Raises a permanent TransportError when an
        attachment cannot be read or the row's address is none to send to: trying again
        would build the same."""
        if not _MAILBOX.fullmatch(message.address):
            raise TransportError(f"not an address to send to: {message.address!r}", permanent=True)
        locale = await self._locale_of(message)
        ticket = await self._ticket_of(message)
        links = links_of(message.payload)
        files = [await self._read(attachment) for attachment in attachments_of(message.payload)]
        footer = self._footer(ticket, locale)

        body = MIMEMultipart(
            "alternative",
            _subparts=[
                _text_part(self._render_text(message.body_text, links, footer), "plain"),
                _text_part(self._render_html(message, links, footer, locale), "html"),
            ],
        )
        email = MIMEMultipart("mixed", _subparts=[body]) if files else body
        for attachment, content in files:
            email.attach(_file_part(attachment, content))
        email["From"] = self._from
        email["To"] = message.address
        email["Subject"] = _header_text(message.subject)
        email["Date"] = format_datetime(clock.now().astimezone(ZoneInfo(self._settings.timezone)))
        email["Message-ID"] = self.message_id(message)
        # Tells auto-responders not to answer (RFC 3834), so no mail loops start here;
        # Exchange reads its own header for the same.
        email["Auto-Submitted"] = "auto-generated"
        email["X-Auto-Response-Suppress"] = "All"
        parents = self._parents(message, ticket)
        if parents:
            email["In-Reply-To"] = " ".join(reversed(parents))
            email["References"] = " ".join(parents)
        return email

    def message_id(self, message: OutboxMessage) -> str:
        """The row's Message-ID: the same on every attempt, known only to who got the mail."""
        key = f"outbox-message-id:{self._settings.secret_key}".encode()
        identity = f"{message.id}:{message.created_at.isoformat()}".encode()
        digest = hmac.new(key, identity, hashlib.sha256).hexdigest()[:_MESSAGE_ID_DIGEST_CHARS]
        return f"<hdr.{digest}@{self.domain}>"

    def _parents(self, message: OutboxMessage, ticket: Ticket | None) -> list[str]:
        """The Message-IDs this mail follows, oldest first: the ticket's thread, then the
        mail it answers."""
        parents = []
        if ticket is not None:
            parents.append(
                ticket_thread_id(
                    ticket_id=ticket.id,
                    number=ticket.number,
                    secret_key=self._settings.secret_key,
                    domain=self.domain,
                )
            )
        answered = str(message.payload.get("in_reply_to") or "").strip()
        answered = answered if answered.startswith("<") else f"<{answered}>"
        if _MESSAGE_ID.fullmatch(answered):
            parents.append(answered)
        return parents

    async def _locale_of(self, message: OutboxMessage) -> str:
        written_in = message.payload.get("locale")
        if written_in in SUPPORTED_LOCALES:
            return str(written_in)
        recipient = (
            await User.get_or_none(id=message.recipient_id) if message.recipient_id else None
        )
        if recipient is not None and recipient.locale in SUPPORTED_LOCALES:
            return recipient.locale
        return self._settings.locale

    async def _ticket_of(self, message: OutboxMessage) -> Ticket | None:
        ticket_id = message.payload.get("ticket_id")
        return await Ticket.get_or_none(id=ticket_id) if isinstance(ticket_id, int) else None

    async def _read(self, attachment: Attachment) -> tuple[Attachment, bytes]:
        data_dir = self._settings.data_dir.resolve()
        path = (data_dir / attachment.path).resolve()
        if not path.is_relative_to(data_dir):
            raise TransportError(
                f"attachment {attachment.path} is outside the data directory",
                permanent=True,
                address_failed=False,
            )
        try:
            return attachment, await asyncio.to_thread(path.read_bytes)
        except OSError as error:
            raise TransportError(
                f"attachment {attachment.path} cannot be read: {error.strerror}",
                permanent=True,
                address_failed=False,
            ) from error

    def _footer(self, ticket: Ticket | None, locale: str) -> list[str]:
        gmina = self._settings.gmina_name
        sent_by = (
            translate(SENT_BY_GMINA, locale, gmina=gmina) if gmina else translate(SENT_BY, locale)
        )
        if ticket is not None and self._settings.imap_enabled:
            reply = translate(REPLY_ADDS_COMMENT, locale, number=ticket.number)
        else:
            reply = translate(REPLY_NOT_READ, locale)
        return [sent_by, reply, translate(TELEGRAM_INSTEAD, locale)]

    def _render_text(self, text: str, links: Sequence[Link], footer: Sequence[str]) -> str:
        return self._text_template.render(text=text.strip(), links=links, footer=footer)

    def _render_html(
        self, message: OutboxMessage, links: Sequence[Link], footer: Sequence[str], locale: str
    ) -> str:
        content = (
            Markup(message.body_html) if message.body_html else text_to_html(message.body_text)
        )
        return self._html_template.render(
            lang=locale,
            subject=message.subject,
            heading=self._settings.gmina_name or "hdr-desk",
            content=content,
            links=links,
            footer=footer,
        )


def _text_part(text: str, subtype: str) -> MIMENonMultipart:
    """`text` as quoted-printable UTF-8, readable in the raw message (an .eml file, a
    log). Encoded by binascii: the email package's own encoder is written in Python."""
    part = MIMENonMultipart("text", subtype, charset="utf-8")
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload(binascii.b2a_qp(text.encode(), istext=True).decode("ascii"))
    return part


def _file_part(attachment: Attachment, content: bytes) -> MIMEBase:
    maintype, _, subtype = attachment.content_type.partition("/")
    part = MIMEBase(maintype, subtype)
    part.set_payload(content)
    encoders.encode_base64(part)
    name = _one_line(attachment.filename)
    # RFC 2231 for a name beyond ASCII ("Zestawienie – listopad.xlsx").
    part.add_header(
        "Content-Disposition",
        "attachment",
        filename=name if name.isascii() else ("utf-8", "", name),
    )
    return part


def _one_line(text: str) -> str:
    """`text` on one line: a header cannot hold a line break (a title may be pasted with one)."""
    return " ".join(text.split())


def _header_text(text: str) -> str:
    """`text` as a header value: on one line, and in encoded words when it is not ASCII."""
    line = _one_line(text)
    return line if line.isascii() else _encoded_words(line)


def _encoded_words(text: str) -> str:
    """`text` as RFC 2047 encoded words (base64 of UTF-8), each within the 75 characters
    allowed, never splitting a character. The standard library's `Header` does the same in
    time that grows with the square of the length, which made a Polish subject cost more
    than the rest of a message."""
    chunks, chunk = [], b""
    for char in text:
        encoded = char.encode()
        if len(chunk) + len(encoded) > _ENCODED_WORD_BYTES:
            chunks.append(chunk)
            chunk = b""
        chunk += encoded
    chunks.append(chunk)
    return " ".join(f"=?utf-8?b?{base64.b64encode(chunk).decode()}?=" for chunk in chunks)


def _sending_address(mail_from: str) -> str:
    """The bare address of `mail_from` ("Name <address>" or "address"), checked here because
    each message would otherwise fail on it: a header cannot hold a line break, and an
    SMTP command line no spaces or angle brackets."""
    address = parseaddr(mail_from)[1]
    if any(char in mail_from for char in "\r\n") or not _MAILBOX.fullmatch(address):
        raise ValueError(f"HDR_MAIL_FROM: not an address to send from: {mail_from!r}")
    return address


def text_to_html(text: str) -> Markup:
    """Plain text as HTML paragraphs: everything escaped, line breaks kept, and web
    addresses made into links."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>\n").join(_linked(line) for line in lines))
        for lines in (paragraph.splitlines() for paragraph in paragraphs if paragraph.strip())
    )


def _linked(line: str) -> Markup:
    pieces: list[Markup] = []
    end = 0
    for match in _WEB_ADDRESS.finditer(line):
        pieces.append(escape(line[end : match.start()]))
        pieces.append(Markup('<a href="{0}">{0}</a>').format(match.group(0)))
        end = match.end()
    pieces.append(escape(line[end:]))
    return Markup("").join(pieces)


def links_of(payload: dict[str, Any]) -> list[Link]:
    """The links an outbox payload carries (none when it carries none)."""
    return [Link(label=link["label"], url=link["url"]) for link in payload.get("links", [])]


def attachments_of(payload: dict[str, Any]) -> list[Attachment]:
    """The attachments an outbox payload names, with the defaults filled in."""
    attachments = []
    for entry in payload.get("attachments", []):
        path = str(entry["path"])
        filename = entry.get("filename") or Path(path).name
        given = str(entry.get("content_type") or "")
        content_type = (
            given
            if "/" in given
            else mimetypes.guess_type(filename)[0] or "application/octet-stream"
        )
        attachments.append(Attachment(path=path, filename=filename, content_type=content_type))
    return attachments


def web_addresses(text: str) -> list[str]:
    """The http(s) addresses in `text`, in order."""
    return _WEB_ADDRESS.findall(text)
