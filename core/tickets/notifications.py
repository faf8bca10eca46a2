"""Who is told of a change to a ticket, and what. Each message is an outbox row written in
the transaction of the change, so a change that is refused tells nobody anything.

- A new ticket goes to every active IT specialist, with buttons to take it, ask the
  reporter, or resolve it.
- A public change (a status change, a public comment) goes to the reporter unless they made
  it, and to the ticket's workers (its assignee, or every IT specialist while it has none)
  when someone who does not work tickets made it: the reporter answering or reopening, a
  director commenting. Internal notes go to nobody.
- Nobody is told of their own change, and an inactive account is told nothing.
- The reporter hears on the channel they reported by: Telegram when they reported there and
  their chat works, otherwise e-mail (the account's address, or the one given with the
  report), otherwise their other channel. Staff hear on Telegram once they have linked it,
  otherwise by e-mail. Someone without a working address is not told.
- A resolved ticket's Telegram message asks the reporter to rate the help 1–5 or to say it
  is not resolved; the other ticket messages on Telegram offer "Add a comment", and a reply
  to any of them is a comment on its ticket (`ticket_of_telegram_message`).

Texts are short, in the recipient's language, and name the ticket by number and title.
Every row has the subject "[number] title", which an e-mail reply keeps, and carries the
ticket's id in its payload.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from core.i18n import DEFAULT_LOCALE, mark, translate
from core.models import Channel, OutboxMessage, Role, School, Ticket, TicketStatus, User
from core.outbox import ActionButton, enqueue_messages, outgoing_message
from core.tickets.access import can_work_tickets
from core.tickets.states import is_reopening, priority_label, status_label

TAKE_ACTION: Final = "tkt.take"
ASK_ACTION: Final = "tkt.ask"
RESOLVE_ACTION: Final = "tkt.resolve"
COMMENT_ACTION: Final = "tkt.comment"
RATE_ACTION: Final = "tkt.rate"
UNRESOLVED_ACTION: Final = "tkt.unresolved"
"""The actions of the buttons under ticket messages; each takes the ticket's id first."""

DESCRIPTION_PREVIEW: Final = 300
"""The most of a description a new-ticket message quotes; the rest is in the ticket."""

Buttons = Sequence[Sequence[ActionButton]]


@dataclass(frozen=True)
class _Address:
    channel: Channel
    address: str


@dataclass(frozen=True)
class NewTicketAudience:
    """Who is told of a new ticket, read before it is numbered: the number's counter is
    locked from then until the ticket is stored, so nothing else is read meanwhile."""

    school: School
    reporter: User | None
    specialists: Sequence[tuple[User, _Address]]


async def new_ticket_audience(*, school: School, reporter: User | None) -> NewTicketAudience:
    """Every active IT specialist with a working address but the reporter."""
    specialists = await User.filter(role=Role.IT, is_active=True)
    reporter_id = reporter.id if reporter is not None else None
    return NewTicketAudience(
        school=school,
        reporter=reporter,
        specialists=[
            (specialist, address)
            for specialist in specialists
            if specialist.id != reporter_id and (address := _staff_address(specialist))
        ],
    )


async def notify_new_ticket(ticket: Ticket, audience: NewTicketAudience) -> None:
    """Tells `audience` of the just recorded `ticket`."""
    await enqueue_messages(
        [
            _new_ticket_message(ticket, audience, specialist, address)
            for specialist, address in audience.specialists
        ]
    )


def _new_ticket_message(
    ticket: Ticket, audience: NewTicketAudience, specialist: User, address: _Address
) -> OutboxMessage:
    locale = specialist.locale
    text = _new_ticket_text(
        ticket, school=audience.school, reporter=audience.reporter, locale=locale
    )
    return _ticket_message(ticket, specialist, address, text, _new_ticket_buttons(ticket, locale))


async def notify_status_change(
    ticket: Ticket, *, actor: User, from_status: TicketStatus, comment: str
) -> None:
    """Tells of `actor` moving `ticket` from `from_status` to the status it now has, with the
    public `comment` given with the move. Someone who does not work tickets moves one only
    by reopening it, so that is what the workers are told."""
    reporter = await _reporter(ticket)
    address = _reporter_address(ticket, reporter)
    if address is not None and _is_told(reporter, actor):
        locale = reporter.locale if reporter else DEFAULT_LOCALE
        text = _status_text(ticket, actor=actor, comment=comment, locale=locale)
        if ticket.status == TicketStatus.RESOLVED and address.channel == Channel.TELEGRAM:
            text += "\n\n" + translate(RATE_PROMPT, locale)
            await _enqueue(ticket, reporter, address, text, _rating_buttons(ticket, locale))
        else:
            text += "\n\n" + translate(REPLY_HINT, locale)
            await _enqueue(ticket, reporter, address, text, _comment_buttons(ticket, locale))
    if not can_work_tickets(actor) and is_reopening(from_status, ticket.status):
        for worker, worker_address in await _workers(ticket, actor):
            text = _reopened_text(ticket, actor=actor, comment=comment, locale=worker.locale)
            buttons = _comment_buttons(ticket, worker.locale)
            await _enqueue(ticket, worker, worker_address, text, buttons)


async def notify_comment(ticket: Ticket, *, author: User, text: str) -> None:
    """Tells of `author`'s public comment `text` on `ticket`."""
    reporter = await _reporter(ticket)
    recipients: list[tuple[User | None, _Address]] = []
    address = _reporter_address(ticket, reporter)
    if address is not None and _is_told(reporter, author):
        recipients.append((reporter, address))
    if not can_work_tickets(author):
        recipients += await _workers(ticket, author)
    for recipient, recipient_address in recipients:
        locale = recipient.locale if recipient else DEFAULT_LOCALE
        message = translate(
            "{name} wrote on ticket {number} “{title}”:",
            locale,
            name=author.full_name,
            number=ticket.number,
            title=ticket.title,
        )
        message += f"\n\n{text}\n\n" + translate(REPLY_HINT, locale)
        await _enqueue(
            ticket, recipient, recipient_address, message, _comment_buttons(ticket, locale)
        )


async def ticket_of_telegram_message(*, chat_id: int, message_id: int) -> Ticket | None:
    """The ticket of the notification sent as message `message_id` to Telegram chat
    `chat_id`; None when that message is no ticket notification, or its ticket is gone.

    The outbox keeps the id of a message's last part (the one with the buttons), so that is
    the part a reply is matched by."""
    sent = await OutboxMessage.filter(
        channel=Channel.TELEGRAM, address=str(chat_id), provider_message_id=str(message_id)
    ).first()
    ticket_id = sent.payload.get("ticket_id") if sent else None
    return await Ticket.get_or_none(id=ticket_id) if isinstance(ticket_id, int) else None


REPLY_HINT: Final = mark("Reply to this message to add a comment.")
RATE_PROMPT: Final = mark(
    "Is the fault fixed? Please rate our help from 1 (poor) to 5 (very good), or press "
    "“Not resolved”."
)


def _new_ticket_text(ticket: Ticket, *, school: School, reporter: User | None, locale: str) -> str:
    place = (
        translate("{school}, room {room}", locale, school=school.short_name, room=ticket.room)
        if ticket.room
        else school.short_name
    )
    name = reporter.full_name if reporter else ticket.reporter_name or ticket.reporter_email
    lines = [
        translate("New ticket {number}: {title}", locale, number=ticket.number, title=ticket.title),
        place,
        translate("Priority: {priority}", locale, priority=priority_label(ticket.priority, locale)),
        translate("Reported by: {name}", locale, name=name),
    ]
    if ticket.description != ticket.title:
        lines += ["", _preview(ticket.description)]
    return "\n".join(lines)


def _status_text(ticket: Ticket, *, actor: User, comment: str, locale: str) -> str:
    """What the reporter is told of a status change by `actor`."""
    if ticket.status == TicketStatus.WAITING_REPORTER and comment:
        heading = translate(
            "{name} has a question about your ticket {number} “{title}”:",
            locale,
            name=actor.full_name,
            number=ticket.number,
            title=ticket.title,
        )
        return f"{heading}\n\n{comment}"
    if ticket.status == TicketStatus.RESOLVED:
        heading = translate(
            "Your ticket {number} “{title}” has been resolved.",
            locale,
            number=ticket.number,
            title=ticket.title,
        )
    else:
        heading = translate(
            "Your ticket {number} “{title}” is now: {status}.",
            locale,
            number=ticket.number,
            title=ticket.title,
            status=status_label(ticket.status, locale),
        )
    return heading + _quoted(actor, comment, locale)


def _reopened_text(ticket: Ticket, *, actor: User, comment: str, locale: str) -> str:
    """What the workers are told when the reporter says the fault is not fixed."""
    heading = translate(
        "{name} says the fault of ticket {number} “{title}” is not fixed; the ticket is open "
        "again.",
        locale,
        name=actor.full_name,
        number=ticket.number,
        title=ticket.title,
    )
    return heading + _quoted(actor, comment, locale) + "\n\n" + translate(REPLY_HINT, locale)


def _quoted(author: User, comment: str, locale: str) -> str:
    """The comment given with a change, under the name of who wrote it; nothing without one."""
    if not comment:
        return ""
    return "\n\n" + translate("{name} writes:", locale, name=author.full_name) + f"\n{comment}"


def _preview(text: str) -> str:
    return text if len(text) <= DESCRIPTION_PREVIEW else text[: DESCRIPTION_PREVIEW - 1] + "…"


def _new_ticket_buttons(ticket: Ticket, locale: str) -> Buttons:
    return [
        [
            ActionButton(translate("Take it", locale), TAKE_ACTION, (ticket.id,)),
            ActionButton(translate("Resolved", locale), RESOLVE_ACTION, (ticket.id,)),
        ],
        [ActionButton(translate("Ask the reporter", locale), ASK_ACTION, (ticket.id,))],
    ]


def _rating_buttons(ticket: Ticket, locale: str) -> Buttons:
    return [
        [ActionButton(str(rating), RATE_ACTION, (ticket.id, rating)) for rating in range(1, 6)],
        [ActionButton(translate("Not resolved", locale), UNRESOLVED_ACTION, (ticket.id,))],
    ]


def _comment_buttons(ticket: Ticket, locale: str) -> Buttons:
    return [[ActionButton(translate("Add a comment", locale), COMMENT_ACTION, (ticket.id,))]]


async def _enqueue(
    ticket: Ticket, recipient: User | None, address: _Address, text: str, buttons: Buttons
) -> None:
    await enqueue_messages([_ticket_message(ticket, recipient, address, text, buttons)])


def _ticket_message(
    ticket: Ticket, recipient: User | None, address: _Address, text: str, buttons: Buttons
) -> OutboxMessage:
    return outgoing_message(
        channel=address.channel,
        address=address.address,
        recipient=recipient,
        subject=f"[{ticket.number}] {ticket.title}",
        body_text=text,
        buttons=buttons if address.channel == Channel.TELEGRAM else (),
        payload={"ticket_id": ticket.id},
    )


async def _reporter(ticket: Ticket) -> User | None:
    if ticket.reporter_id is None:
        return None
    return await User.get_or_none(id=ticket.reporter_id)


def _is_told(reporter: User | None, actor: User) -> bool:
    return reporter is None or (reporter.is_active and reporter.id != actor.id)


async def _workers(ticket: Ticket, actor: User) -> list[tuple[User, _Address]]:
    """Who works `ticket` but `actor`, with their addresses: its assignee, or every IT
    specialist while it has none; someone without a working address is left out."""
    if ticket.assignee_id is not None:
        candidates = await User.filter(id=ticket.assignee_id, is_active=True)
    else:
        candidates = await User.filter(role=Role.IT, is_active=True)
    return [
        (user, address)
        for user in candidates
        if user.id != actor.id and (address := _staff_address(user)) is not None
    ]


def _reporter_address(ticket: Ticket, reporter: User | None) -> _Address | None:
    email = _email(reporter, fallback=ticket.reporter_email)
    telegram = _telegram(reporter)
    ordered = (telegram, email) if ticket.channel == Channel.TELEGRAM else (email, telegram)
    return next((address for address in ordered if address is not None), None)


def _staff_address(user: User) -> _Address | None:
    return _telegram(user) or _email(user, fallback="")


def _telegram(user: User | None) -> _Address | None:
    if user is None or user.telegram_chat_id is None or user.telegram_unreachable_at is not None:
        return None
    return _Address(Channel.TELEGRAM, str(user.telegram_chat_id))


def _email(user: User | None, *, fallback: str) -> _Address | None:
    """The user's e-mail address, or `fallback` (the one given with a report) when they
    have none; None when there is none or the user's mail bounces."""
    if user is not None and user.email_unreachable_at is not None:
        return None
    address = (user.email if user else None) or fallback
    return _Address(Channel.EMAIL, address) if address else None
