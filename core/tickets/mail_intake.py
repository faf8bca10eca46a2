"""Mail to the helpdesk mailbox: what each message becomes.

`take_in_mail` acts on one message, already parsed (`ParsedMail`), and records it
(`InboundMessage`) in the same transaction, keyed by its place in the mailbox; a place
recorded before is never acted on again. The rules, in order:

1. **Noise is ignored**, with the reason counted: mail from our own address; bounces
   (delivery-status reports, mail from MAILER-DAEMON, mail with an empty return path);
   automatic replies (`Auto-Submitted` other than "no", `X-Autoreply`/`X-Autorespond`,
   read receipts, vacation-responder subjects such as "Automatic reply:" or "Odpowiedź
   automatyczna:"); bulk and list mail (`Precedence: bulk|junk|list`, `List-Id`); mail the
   mail server marked as spam; a Message-ID already taken in (the same mail delivered twice).
2. **The sender** is the active user with the From address (compared without case). A
   sender without an account whose domain is one of `HDR_IMAP_ALLOWED_DOMAINS` gets one: a
   teacher of the school the domain is configured for, named as the From header names them.
   Whoever has a mailbox at a school's own domain works there, and an account is what
   lets them follow and answer their tickets like everyone else.
3. **A reply to a ticket** is found by, first, our own Message-IDs (an `In-Reply-To` or
   `References` value equal to the provider id of an e-mail we sent about a ticket), then a
   genuine ticket thread id (`core.tickets.mail_threading`), then a ticket number in the
   subject. Whichever way it is found, it counts only from someone who may see the ticket
   (`core.tickets.access`): its reporter, a director of its school, or staff. That is what
   a number in a subject needs, being a guess anyone could make; a reply from anyone else
   is their own new report (rule 4), so nobody writes into a ticket they cannot see. It
   becomes:
   - on a resolved or closed ticket, when it is a courtesy reply
     (`core.tickets.mail_text.is_courtesy_reply`): a comment on a resolved ticket, or only
     this record on a closed one (which takes no comments); the ticket stays as it is;
   - otherwise on a resolved or closed ticket, from its reporter or staff: the ticket is
     reopened with the text as the reason; from anyone else, a comment on a resolved
     ticket, and a new ticket instead of a comment on a closed one;
   - otherwise a comment (which puts a ticket waiting on the reporter back in progress).
   The comment is the reply's own text, without the quoted mail and the signature.
4. **Any other mail from a user of a school** becomes a new ticket of that school (category
   "other"), titled by the subject, described by the whole text (a forwarded report is the
   point of a forward); the sender gets an e-mail with the number. A user without a school
   (the IT specialist, the coordinator) is refused: which school would it be?
5. **A stranger's mail** makes nothing. They get one polite answer a day saying how to
   reach the helpdesk: a parent or a new teacher who writes here would otherwise wait for an
   answer that never comes. One a day bounds what a forged sender address can make us send
   to an innocent third party (backscatter), and noise — where forged senders are the
   rule — is never answered.

Attachments become ticket attachments within `core.tickets.attachments`' limits; a file
over them is left out with a line in the ticket's text saying so, and the ticket or comment
is made all the same: the report matters more than the file.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote, urlsplit

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core import clock
from core.config import get_settings
from core.errors import DomainError, InvalidInput
from core.i18n import DEFAULT_LOCALE, mark, translate
from core.models import (
    Category,
    Channel,
    InboundMessage,
    InboundOutcome,
    InboundReason,
    OutboxMessage,
    Role,
    School,
    Ticket,
    TicketStatus,
    User,
)
from core.outbox import enqueue_message
from core.people.users import create_user
from core.tickets._common import TEXT_LIMITS
from core.tickets.access import can_see_ticket, can_work_tickets
from core.tickets.attachments import add_attachment, check_attachment
from core.tickets.intake import create_ticket
from core.tickets.mail_text import is_courtesy_reply, own_text
from core.tickets.mail_threading import (
    TICKET_NUMBER_IN_SUBJECT,
    is_genuine_thread_id,
    ticket_numbers_in_thread_ids,
)
from core.tickets.service import add_comment, reopen_ticket
from core.tickets.states import DONE_STATUSES

logger = logging.getLogger(__name__)

MAIL_CATEGORY: Final = "other"
"""The category of a ticket made from an e-mail; the IT specialist sorts it."""

SUBJECT_LIMIT: Final = 300
"""The longest subject an outbox row and an inbound record keep."""

_MESSAGE_ID: Final = re.compile(r"<[^<>\s]+>")
_REPLY_PREFIX: Final = re.compile(r"^\s*((re|odp|fwd?|pd|aw|wg)\s*(\[\d+\])?\s*:\s*)+", re.I)
_VACATION_SUBJECT: Final = re.compile(
    r"^\s*(automatic reply|auto[- ]?reply|out of (the )?office|autoresponse|"
    r"odpowiedź automatyczna|automatyczna odpowiedź|nieobecność|poza biurem)\b",
    re.IGNORECASE,
)
_BOUNCE_SENDERS: Final = frozenset({"mailer-daemon", "postmaster"})
_BULK_PRECEDENCE: Final = frozenset({"bulk", "junk", "list"})


@dataclass(frozen=True)
class MailFile:
    """A file attached to an e-mail."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True, kw_only=True)
class ParsedMail:
    """What the rules need of one e-mail, decoded.

    `sender` is the From address and `sender_name` its display name. `in_reply_to` and
    `references` are the raw header values. `return_path` is None when the header is
    absent and "" for the empty path (`<>`) that bounces carry. `report_type` is the
    `report-type` of a multipart/report ("delivery-status" for a bounce,
    "disposition-notification" for a read receipt). `notes` say what had to be repaired
    or cut when decoding (an unknown charset, a huge body); they are kept with the record.
    """

    sender: str
    sender_name: str = ""
    subject: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: str = ""
    auto_submitted: str = ""
    precedence: str = ""
    autoreply_header: bool = False
    list_id: str = ""
    return_path: str | None = None
    report_type: str = ""
    spam_flag: bool = False
    text: str = ""
    attachments: tuple[MailFile, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MailboxPlace:
    """Where a message is: its mailbox, the mailbox's UIDVALIDITY and the message's UID."""

    mailbox: str
    uidvalidity: int
    uid: int


async def take_in_mail(mail: ParsedMail, *, place: MailboxPlace) -> InboundMessage:
    """Acts on `mail` found at `place` by the rules of the module docstring and records it,
    in one transaction; returns the record. When `place` is recorded already, that record
    is returned and nothing else happens.

    A rule that refuses (say, the category for mail has been retired) leaves the message
    recorded as failed, with the reason. Database errors propagate: nothing is recorded
    then, and the message is to be taken in again later.
    """
    if (taken := await _record_at(place)) is not None:
        return taken
    try:
        async with in_transaction():
            return await _take_in(mail, place)
    except IntegrityError:
        # Another process recorded this place while we worked; its transaction won.
        if (taken := await _record_at(place)) is not None:
            return taken
        raise
    except DomainError as refused:
        logger.warning("Mail %s from %s failed: %s", place, mail.sender, refused)
        return await _record(
            place, mail, InboundOutcome.FAILED, InboundReason.ERROR, detail=str(refused)
        )


async def record_unreadable_mail(
    *,
    place: MailboxPlace,
    reason: InboundReason,
    detail: str,
    sender: str = "",
    subject: str = "",
    message_id: str = "",
) -> InboundMessage:
    """Records the message at `place` as failed for `reason` (say, too large to read, or an
    error of our own while taking it in), so it is not tried again; it stays in the mailbox
    for a person to look at. Returns the record (the earlier one when there is one)."""
    if (taken := await _record_at(place)) is not None:
        return taken
    mail = ParsedMail(sender=sender, subject=subject, message_id=message_id)
    return await _record(place, mail, InboundOutcome.FAILED, reason, detail=detail)


async def last_taken_uid(*, mailbox: str, uidvalidity: int) -> int | None:
    """The highest UID recorded for `mailbox` under `uidvalidity`; None before the first."""
    last = (
        await InboundMessage.filter(mailbox=mailbox, uidvalidity=uidvalidity)
        .order_by("-uid")
        .first()
    )
    return last.uid if last else None


async def taken_uids(*, mailbox: str, uidvalidity: int, uids: Sequence[int]) -> set[int]:
    """Those of `uids` that are recorded for `mailbox` under `uidvalidity`."""
    rows = await InboundMessage.filter(
        mailbox=mailbox, uidvalidity=uidvalidity, uid__in=list(uids)
    ).only("id", "uid")
    return {row.uid for row in rows}


def noise_reason(mail: ParsedMail) -> InboundReason | None:
    """Why `mail` is noise that nobody answers (rule 1), or None when it is not."""
    address = mail.sender.lower()
    if address in _own_addresses():
        return InboundReason.OWN_ADDRESS
    if mail.report_type == "delivery-status" or address.partition("@")[0] in _BOUNCE_SENDERS:
        return InboundReason.BOUNCE
    if (
        mail.auto_submitted.strip().lower() not in ("", "no")
        or mail.autoreply_header
        or mail.report_type == "disposition-notification"
        or _VACATION_SUBJECT.match(mail.subject)
    ):
        return InboundReason.AUTO_REPLY
    if mail.precedence.strip().lower() in _BULK_PRECEDENCE or mail.list_id:
        return InboundReason.BULK
    if mail.spam_flag:
        return InboundReason.SPAM
    if mail.return_path == "":
        return InboundReason.BOUNCE
    return None


async def _take_in(mail: ParsedMail, place: MailboxPlace) -> InboundMessage:
    # Claimed first: a second process taking the same place waits here, then fails.
    record = await _record(place, mail, InboundOutcome.FAILED, InboundReason.ERROR)
    if (noise := noise_reason(mail)) is not None:
        return await _finish(record, InboundOutcome.IGNORED, noise)
    if await _taken_before(mail.message_id, record):
        return await _finish(record, InboundOutcome.IGNORED, InboundReason.DUPLICATE)
    sender = await _sender_account(mail)
    if sender is None:
        await _answer_stranger(mail)
        return await _finish(record, InboundOutcome.REJECTED, InboundReason.UNKNOWN_SENDER)
    ticket = await _ticket_replied_to(mail, sender)
    if ticket is not None:
        taken = await _take_reply(mail, ticket, sender, record)
        if taken is not None:
            return taken
    if sender.school_id is None:
        return await _finish(record, InboundOutcome.REJECTED, InboundReason.NO_SCHOOL)
    return await _open_ticket(mail, sender, record)


async def _take_reply(
    mail: ParsedMail, ticket: Ticket, sender: User, record: InboundMessage
) -> InboundMessage | None:
    """Acts on `mail`, a reply by `sender` to `ticket` (rule 3); None when it is to be taken
    as a new report instead."""
    files, refusals = _checked_files(mail.attachments)
    text = _fitted("comment", _joined(own_text(mail.text), refusals))
    if not text and not files:
        return await _finish(record, InboundOutcome.IGNORED, InboundReason.EMPTY, ticket=ticket)
    outcome = InboundOutcome.COMMENT
    if ticket.status in DONE_STATUSES and is_courtesy_reply(mail.text):
        outcome = InboundOutcome.COURTESY
        if ticket.status == TicketStatus.RESOLVED:
            ticket = await _comment(mail, ticket, sender, text)
    elif ticket.status in DONE_STATUSES and _may_reopen(sender, ticket):
        outcome = InboundOutcome.REOPENED
        ticket = await reopen_ticket(ticket, actor=sender, channel=Channel.EMAIL, comment=text)
    elif ticket.status == TicketStatus.CLOSED:
        return None
    else:
        ticket = await _comment(mail, ticket, sender, text)
    if outcome is not InboundOutcome.COURTESY or ticket.status == TicketStatus.RESOLVED:
        await _attach(ticket, sender, files)
    return await _finish(record, outcome, ticket=ticket, notes=refusals)


async def _comment(mail: ParsedMail, ticket: Ticket, sender: User, text: str) -> Ticket:
    """`ticket` with `text` added as `sender`'s comment; unchanged when `text` is empty."""
    if not text:
        return ticket
    return await add_comment(
        ticket, author=sender, text=text, channel=Channel.EMAIL, external_id=_external_id(mail)
    )


def _may_reopen(user: User, ticket: Ticket) -> bool:
    return user.id == ticket.reporter_id or can_work_tickets(user)


async def _open_ticket(mail: ParsedMail, reporter: User, record: InboundMessage) -> InboundMessage:
    """A new ticket of `reporter`'s school from `mail` (rule 4), and the e-mail with its
    number to the sender."""
    files, refusals = _checked_files(mail.attachments)
    title = _fitted("title", _REPLY_PREFIX.sub("", mail.subject))
    body = mail.text.strip() or title or (translate(NO_TEXT) if files else "")
    description = _fitted("description", _joined(body, refusals))
    if not description:
        return await _finish(record, InboundOutcome.IGNORED, InboundReason.EMPTY)
    ticket = await create_ticket(
        school=await School.get(id=reporter.school_id),
        reporter=reporter,
        channel=Channel.EMAIL,
        category=await _mail_category(),
        description=description,
        title=title or None,
    )
    await _attach(ticket, reporter, files)
    await enqueue_message(
        channel=Channel.EMAIL,
        address=mail.sender,
        recipient=reporter,
        subject=f"[{ticket.number}] {ticket.title}",
        body_text=_new_ticket_answer(ticket, refusals, reporter.locale),
        payload={"ticket_id": ticket.id, "in_reply_to": mail.message_id},
    )
    return await _finish(record, InboundOutcome.NEW_TICKET, ticket=ticket, notes=refusals)


NEW_TICKET_ANSWER: Final = mark(
    "Thank you for your report. It is registered as ticket {number}: “{title}”.\n\n"
    "Reply to this e-mail to add a comment or files; please keep {number} in the subject."
)
FILES_LEFT_OUT: Final = mark("These files were not attached:")
FILE_LEFT_OUT: Final = mark("[The file {filename} was not attached: {reason}]")
NO_TEXT: Final = mark("(The e-mail had no text; see the attached files.)")
TEXT_CUT: Final = mark("[The rest of the e-mail was cut off.]")
STRANGER_ANSWER: Final = mark(
    "Your message to the IT helpdesk was not registered: the helpdesk takes reports only "
    "from the e-mail addresses of registered school staff.\n\n"
    "Please ask your school's director to register your address, or report the fault "
    "through your school."
)


def _new_ticket_answer(ticket: Ticket, refusals: Sequence[str], locale: str) -> str:
    text = translate(NEW_TICKET_ANSWER, locale, number=ticket.number, title=ticket.title)
    if refusals:
        text += "\n\n" + translate(FILES_LEFT_OUT, locale) + "\n" + "\n".join(refusals)
    return text


async def _answer_stranger(mail: ParsedMail) -> None:
    """Tells a sender without an account how to reach the helpdesk, once a day (rule 5)."""
    digest = hashlib.sha256(mail.sender.lower().encode()).hexdigest()[:32]
    subject = f"Re: {mail.subject}" if mail.subject else "Re:"
    await enqueue_message(
        channel=Channel.EMAIL,
        address=mail.sender,
        subject=subject[:SUBJECT_LIMIT],
        body_text=translate(STRANGER_ANSWER),
        payload={"in_reply_to": mail.message_id},
        dedupe_key=f"mail-stranger:{digest}:{clock.today().isoformat()}",
    )


async def _sender_account(mail: ParsedMail) -> User | None:
    """The active user who sent `mail`; for an allowed domain, made now (rule 2)."""
    user = await User.filter(email__iexact=mail.sender).first()
    if user is not None:
        return user if user.is_active else None
    domain = mail.sender.rpartition("@")[2].lower()
    school_code = get_settings().imap_allowed_domains.get(domain)
    if school_code is None:
        return None
    school = await School.get_or_none(code=school_code, is_active=True)
    if school is None:
        logger.error("HDR_IMAP_ALLOWED_DOMAINS names %s, which is no active school", school_code)
        return None
    try:
        return await create_user(
            full_name=mail.sender_name or mail.sender.partition("@")[0],
            role=Role.TEACHER,
            email=mail.sender,
            school=school,
        )
    except InvalidInput as refused:
        logger.warning("No account made for %s: %s", mail.sender, refused)
        return None


async def _ticket_replied_to(mail: ParsedMail, sender: User) -> Ticket | None:
    """The ticket `mail` answers, by the order of rule 3, among those `sender` may see."""
    headers = f"{mail.in_reply_to} {mail.references}"
    candidates = await _tickets_of_our_message_ids(_referenced_ids(mail))
    secret_key = get_settings().secret_key
    for number in ticket_numbers_in_thread_ids(headers):
        threaded = await Ticket.get_or_none(number=number)
        if threaded is not None and is_genuine_thread_id(
            headers, ticket_id=threaded.id, number=number, secret_key=secret_key
        ):
            candidates.append(threaded)
    if (in_subject := TICKET_NUMBER_IN_SUBJECT.search(mail.subject)) is not None:
        candidates += await Ticket.filter(number=in_subject.group(1))
    return next((ticket for ticket in candidates if can_see_ticket(sender, ticket)), None)


def _referenced_ids(mail: ParsedMail) -> list[str]:
    """The Message-IDs `mail` answers: `In-Reply-To` first, then `References` from the
    newest (the last) back."""
    replied = _MESSAGE_ID.findall(mail.in_reply_to)
    referenced = list(reversed(_MESSAGE_ID.findall(mail.references)))
    return list(dict.fromkeys(replied + referenced))


async def _tickets_of_our_message_ids(message_ids: list[str]) -> list[Ticket]:
    """The tickets of the e-mails we sent as `message_ids`, in their order."""
    if not message_ids:
        return []
    bare = [message_id.strip("<>") for message_id in message_ids]
    sent = await OutboxMessage.filter(
        channel=Channel.EMAIL, provider_message_id__in=message_ids + bare
    )
    ticket_of = {
        row.provider_message_id.strip("<>"): row.payload.get("ticket_id")
        for row in sent
        if row.provider_message_id
    }
    ticket_ids = [ticket_of[key] for key in bare if isinstance(ticket_of.get(key), int)]
    tickets = {ticket.id: ticket for ticket in await Ticket.filter(id__in=ticket_ids)}
    return [tickets[ticket_id] for ticket_id in ticket_ids if ticket_id in tickets]


def _checked_files(files: Sequence[MailFile]) -> tuple[list[MailFile], list[str]]:
    """The files within the attachment limits, and a line for each one left out."""
    kept: list[MailFile] = []
    refusals: list[str] = []
    for file in files:
        try:
            check_attachment(
                filename=file.filename,
                content_type=file.content_type,
                size_bytes=len(file.content),
            )
        except InvalidInput as refused:
            reason = refused.translated(DEFAULT_LOCALE)
            refusals.append(translate(FILE_LEFT_OUT, filename=file.filename, reason=reason))
        else:
            kept.append(file)
    return kept, refusals


async def _attach(ticket: Ticket, author: User, files: Sequence[MailFile]) -> None:
    for file in files:
        await add_attachment(
            ticket,
            author=author,
            channel=Channel.EMAIL,
            filename=file.filename,
            content_type=file.content_type,
            content=file.content,
        )


async def _mail_category() -> Category:
    """The category for mail: "other", or the last active one when that is retired."""
    category = await Category.get_or_none(code=MAIL_CATEGORY, is_active=True)
    if category is None:
        category = await Category.filter(is_active=True).order_by("-sort_order").first()
    if category is None:
        raise InvalidInput("There is no active ticket category to file the e-mail under.")
    return category


def _joined(text: str, lines: Sequence[str]) -> str:
    return "\n\n".join(part for part in (text.strip(), "\n".join(lines)) if part)


def _fitted(field_name: str, text: str) -> str:
    """`text` stripped and, when longer than the field allows, cut with a note saying so."""
    text = text.strip()
    limit = TEXT_LIMITS[field_name][0]
    if len(text) <= limit:
        return text
    if field_name == "title":
        return text[: limit - 1].rstrip() + "…"
    note = "\n\n" + translate(TEXT_CUT)
    return text[: limit - len(note) - 1].rstrip() + "…" + note


def _external_id(mail: ParsedMail) -> str | None:
    """The comment's id in the ticket history, which makes a repeated delivery harmless."""
    return f"email:{mail.message_id}"[:255] if mail.message_id else None


def _own_addresses() -> frozenset[str]:
    """The addresses mail from us comes from: the sender of our mail, and the mailbox's
    login when it is an address."""
    settings = get_settings()
    addresses = {_bare_address(settings.mail_from)}
    if settings.imap_url:
        login = unquote(urlsplit(settings.imap_url).username or "")
        addresses.add(login.lower())
    return frozenset(address for address in addresses if "@" in address)


def _bare_address(header_value: str) -> str:
    """`Name <user@host>` → `user@host`, lower case."""
    inside = re.search(r"<([^<>]+)>", header_value)
    return (inside.group(1) if inside else header_value).strip().lower()


async def _taken_before(message_id: str, record: InboundMessage) -> bool:
    """Whether another record took in the mail with `message_id` (not as a failure)."""
    if not message_id:
        return False
    return (
        await InboundMessage.filter(message_id=message_id[:255])
        .exclude(id=record.id)
        .exclude(outcome=InboundOutcome.FAILED)
        .exists()
    )


async def _record_at(place: MailboxPlace) -> InboundMessage | None:
    return await InboundMessage.get_or_none(
        mailbox=place.mailbox, uidvalidity=place.uidvalidity, uid=place.uid
    )


async def _record(
    place: MailboxPlace,
    mail: ParsedMail,
    outcome: InboundOutcome,
    reason: InboundReason,
    *,
    detail: str = "",
) -> InboundMessage:
    return await InboundMessage.create(
        mailbox=place.mailbox,
        uidvalidity=place.uidvalidity,
        uid=place.uid,
        message_id=mail.message_id[:255],
        sender=mail.sender[:254],
        subject=mail.subject[:SUBJECT_LIMIT],
        outcome=outcome,
        reason=reason,
        detail=_joined(detail, mail.notes),
        received_at=clock.now(),
    )


async def _finish(
    record: InboundMessage,
    outcome: InboundOutcome,
    reason: InboundReason = InboundReason.NONE,
    *,
    ticket: Ticket | None = None,
    notes: Sequence[str] = (),
) -> InboundMessage:
    """`record` with what became of its message."""
    record.outcome = outcome
    record.reason = reason
    record.ticket_id = ticket.id if ticket else None
    record.detail = _joined(record.detail, notes)
    await record.save()
    return record
