"""An e-mail as bytes → the `ParsedMail` the intake rules read, whatever state it is in.

Mail from schools comes from every kind of program, and Polish mail often in windows-1250
or iso-8859-2. So nothing here gives up on a message for one bad part: a charset Python
does not know, or bytes that are not what the charset says, are decoded as UTF-8 or else
as windows-1250 (the likeliest for Polish mail) with replacement characters, and a note
says so; a text body beyond `TEXT_LIMIT` characters is cut, with a note; an HTML-only mail
is turned into plain text; encoded subjects, names and file names (RFC 2047, RFC 2231,
and the raw 8-bit headers some programs send) are decoded. Only a message that the
standard library cannot read at all raises `UnreadableMail`.
"""

from __future__ import annotations

import re
from email import message_from_bytes
from email.errors import HeaderParseError
from email.header import Header, decode_header
from email.message import Message
from email.utils import parseaddr
from html.parser import HTMLParser
from typing import Final

from core.tickets.mail_intake import MailFile, ParsedMail

TEXT_LIMIT: Final = 100_000
"""The most characters of body text kept; the ticket keeps far fewer, this bounds memory."""

FALLBACK_CHARSET: Final = "windows-1250"
_HTML_BLOCKS: Final = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}
)
_HTML_SKIPPED: Final = frozenset({"script", "style", "head", "title"})


class UnreadableMail(Exception):
    """The message cannot be read at all; the text says why."""


def parse_mail(raw: bytes) -> ParsedMail:
    """The parts of the e-mail `raw` that the intake rules need (see the module docstring).

    Raises UnreadableMail when the message cannot be read at all."""
    try:
        message = message_from_bytes(raw)
        return _parsed(message)
    except (ValueError, TypeError, LookupError, IndexError, AttributeError) as error:
        # The standard library's parser is lenient, and each part is read on its own, but
        # its helpers raise these on inputs damaged in ways nobody foresaw (fuzzing found
        # a NUL in a charset name): one such message must not stop the mailbox.
        raise UnreadableMail(f"{type(error).__name__}: {error}") from error


def _parsed(message: Message) -> ParsedMail:
    notes: list[str] = []
    name, address = parseaddr(_raw_header(message, "From"))
    text, attachments = _body(message, notes)
    if message.defects:
        notes.append("damaged MIME structure: " + ", ".join(_defect_names(message)))
    return ParsedMail(
        sender=_normalised_address(address),
        sender_name=_decoded(name, notes),
        subject=_single_line(_decoded(_raw_header(message, "Subject"), notes)),
        message_id=_single_line(_raw_header(message, "Message-ID")),
        in_reply_to=_single_line(_raw_header(message, "In-Reply-To")),
        references=_single_line(_raw_header(message, "References")),
        auto_submitted=_raw_header(message, "Auto-Submitted"),
        precedence=_raw_header(message, "Precedence"),
        autoreply_header=any(
            message.get(name) is not None for name in ("X-Autoreply", "X-Autorespond")
        ),
        list_id=_raw_header(message, "List-Id"),
        return_path=_return_path(message),
        report_type=_report_type(message),
        spam_flag=_is_marked_spam(message),
        text=text,
        attachments=tuple(attachments),
        notes=tuple(dict.fromkeys(notes)),
    )


def _body(message: Message, notes: list[str]) -> tuple[str, list[MailFile]]:
    """The message's text (the first plain-text part, else the first HTML part as text)
    and its attached files. A part the standard library fails on is left out, with a note."""
    plain: str | None = None
    html: str | None = None
    files: list[MailFile] = []
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            continue
        try:
            filename = part.get_filename()
        except (ValueError, LookupError) as error:  # e.g. an RFC 2231 name in a bogus charset
            notes.append(f"part {number}: unreadable file name ({error})")
            filename = ""
        content_type = part.get_content_type()
        if filename is not None or part.get_content_disposition() == "attachment":
            files.append(_attached_file(part, filename, notes))
        elif content_type == "text/plain" and plain is None:
            plain = _part_text(part, notes)
        elif content_type == "text/html" and html is None:
            html = _part_text(part, notes)
    if plain is None and html is not None:
        plain = html_to_text(html)
    text = (plain or "").replace("\r\n", "\n").strip()
    if len(text) > TEXT_LIMIT:
        notes.append(f"body cut from {len(text)} to {TEXT_LIMIT} characters")
        text = text[:TEXT_LIMIT]
    return text, files


def _attached_file(part: Message, filename: str | None, notes: list[str]) -> MailFile:
    content_type = part.get_content_type()
    name = _decoded(filename or "", notes).strip() or _default_name(content_type)
    payload = part.get_payload(decode=True)
    content = payload if isinstance(payload, bytes) else b""
    return MailFile(filename=name, content_type=content_type, content=content)


def _default_name(content_type: str) -> str:
    return "plik." + content_type.rpartition("/")[2].replace("jpeg", "jpg")


def _part_text(part: Message, notes: list[str]) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decode_text(payload, part.get_content_charset(), notes)


def decode_text(data: bytes, charset: str | None, notes: list[str]) -> str:
    """`data` decoded as `charset`; for an unknown charset, or bytes that are not in it,
    as UTF-8 or else windows-1250 with replacement characters, with a note in `notes`."""
    label = (charset or "").strip().lower() or "utf-8"
    try:
        return data.decode(label)
    except UnicodeDecodeError:
        notes.append(f"text not valid in its charset {label!r}")
    except (LookupError, ValueError):  # ValueError: a charset name with a NUL in it
        notes.append(f"unknown charset {label!r}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        notes.append(f"decoded as {FALLBACK_CHARSET} with replacements")
        return data.decode(FALLBACK_CHARSET, errors="replace")


def _raw_header(message: Message, name: str) -> str:
    """The header's value as received (encoded words not yet decoded), or "". Raw 8-bit
    bytes, which some programs put into headers, are decoded as body text would be."""
    value = message.get(name)
    if value is None:
        return ""
    if isinstance(value, Header):  # what the parser makes of a header with 8-bit bytes
        return "".join(
            decode_text(chunk, None if charset == "unknown-8bit" else charset, [])
            if isinstance(chunk, bytes)
            else chunk
            for chunk, charset in decode_header(value)
        )
    return str(value)


def _decoded(value: str, notes: list[str]) -> str:
    """`value` with its RFC 2047 encoded words decoded."""
    if "=?" not in value:
        return value
    try:
        chunks = decode_header(value)
    except HeaderParseError:
        notes.append("undecodable encoded words in a header")
        return value
    pieces: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            # Unencoded stretches come back as raw-unicode-escape bytes.
            pieces.append(decode_text(chunk, charset or "raw-unicode-escape", notes))
        else:
            pieces.append(chunk)
    return "".join(pieces)


def _single_line(value: str) -> str:
    return " ".join(value.split())


def _normalised_address(address: str) -> str:
    """`address` stripped, its domain in lower case; "" when it is no address."""
    local, at, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if at and local and domain else ""


def _return_path(message: Message) -> str | None:
    value = message.get("Return-Path")
    if value is None:
        return None
    return parseaddr(str(value))[1].strip()


def _report_type(message: Message) -> str:
    if message.get_content_type() != "multipart/report":
        return ""
    report_type = message.get_param("report-type")
    return report_type.lower() if isinstance(report_type, str) else ""


def _is_marked_spam(message: Message) -> bool:
    flag = str(message.get("X-Spam-Flag", "")).strip().lower()
    status = str(message.get("X-Spam-Status", "")).strip().lower()
    return flag == "yes" or status.startswith("yes")


def _defect_names(message: Message) -> list[str]:
    return sorted({type(defect).__name__ for part in message.walk() for defect in part.defects})


class _HtmlText(HTMLParser):
    """Collects the visible text of an HTML document, a line for each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_SKIPPED:
            self._skipping += 1
        elif tag in _HTML_BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _HTML_BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.pieces.append(data)


def html_to_text(html: str) -> str:
    """The visible text of `html`: tags dropped, entities decoded, blocks on their lines."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.pieces).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
