"""The IT-ticket life-cycle services: assign or take a reported ticket, move it through its
life cycle, ask its reporter, comment on it, reopen, reprioritise and rate it. Reporting a
fault is `core.tickets.intake`'s.

Each service checks its input and the actor's rights, then makes its change and writes the
matching `TicketEvent` in one transaction, working on the ticket row re-read under a lock so
that concurrent changes queue rather than overwrite each other; the messages that tell people
of the change (`core.tickets.notifications`) are written in the same transaction. Every
change moves `updated_at`; every service returns the ticket as stored afterwards. Bad input
raises a DomainError and changes nothing.

The `check_may_*` functions raise what a service would before the text it needs is known,
so that a channel can refuse before asking for the text.

Rules beyond the status table of `core.tickets.states`:

- Who may do what is `core.tickets.access`'s rule. Nobody comments on a closed ticket.
- A staff member who moves an unassigned ticket out of "new" takes it: they become its
  assignee. So every ticket that has been worked on has an assignee. Taking a ticket that
  someone else has taken is refused; assigning it to someone else is not.
- Asking the reporter a question makes the ticket wait on them; a new ticket is taken on
  the way, as the status table leads through "assigned".
- A public comment by the reporter on a ticket waiting on them puts it back in progress.
- The reporter and staff may reopen a resolved or closed ticket. A resolved ticket reopened
  by its assignee goes back to in_progress; any other reopening to assigned, that is back
  into the assignee's queue.
- Only the reporter rates a ticket, once, 1–5, when it is resolved or closed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from tortoise.transactions import in_transaction

from core import clock
from core.errors import InvalidInput, NotFound
from core.models import (
    Channel,
    Priority,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
    User,
)
from core.tickets._common import checked_text, record, reloaded
from core.tickets.access import (
    can_work_tickets,
    require_may_comment,
    require_may_rate,
    require_may_reopen,
    require_ticket_worker,
)
from core.tickets.notifications import notify_comment, notify_status_change
from core.tickets.sla import move_clock, recompute_due_times, record_first_response
from core.tickets.states import (
    TRANSITIONS,
    IllegalTicketTransition,
    TicketAction,
    check_action,
    check_transition,
    is_reopening,
)

RATINGS: Final = range(1, 6)


async def ticket_with_id(ticket_id: int) -> Ticket:
    """The ticket with `ticket_id`, e.g. from a button; raises NotFound when there is none.
    Whether someone may see or change it is each service's check."""
    ticket = await Ticket.get_or_none(id=ticket_id)
    if ticket is None:
        raise NotFound("This ticket no longer exists.")
    return ticket


async def assign_ticket(ticket: Ticket, *, assignee: User, actor: User, channel: Channel) -> Ticket:
    """Makes `assignee` responsible for `ticket`; a new ticket becomes assigned. Assigning
    the current assignee again changes nothing.

    Raises PermissionDenied unless `actor` works tickets, InvalidInput when `assignee` cannot
    work tickets, IllegalTicketTransition when the ticket is resolved or closed.
    """
    require_ticket_worker(actor)
    if not can_work_tickets(assignee):
        raise InvalidInput(
            "{user} is not an IT specialist or the coordinator and cannot be assigned tickets.",
            user=assignee.full_name,
        )
    async with in_transaction():
        current = await _locked(ticket)
        check_action(current, TicketAction.ASSIGN)
        await _assign(current, assignee=assignee, actor=actor, channel=channel)
    return await reloaded(current)


async def take_ticket(ticket: Ticket, *, actor: User, channel: Channel) -> Ticket:
    """`actor` takes `ticket`: as `assign_ticket` to themselves, unless someone else has
    taken it already (say, a colleague who pressed the same button a moment earlier).

    Raises as `assign_ticket`, and IllegalTicketTransition when another person has it.
    """
    require_ticket_worker(actor)
    async with in_transaction():
        current = await _locked(ticket)
        check_action(current, TicketAction.ASSIGN)
        if current.assignee_id not in (None, actor.id):
            holder = await User.get(id=current.assignee_id)
            raise IllegalTicketTransition(
                "Ticket {number} has already been taken by {user}.",
                number=current.number,
                user=holder.full_name,
            )
        await _assign(current, assignee=actor, actor=actor, channel=channel)
    return await reloaded(current)


async def _assign(current: Ticket, *, assignee: User, actor: User, channel: Channel) -> None:
    """Assigns the locked `current`, whose status allows it, to `assignee`."""
    if current.assignee_id == assignee.id:
        return
    at = clock.now()
    from_status = current.status
    to_status = TicketStatus.ASSIGNED if from_status == TicketStatus.NEW else None
    if to_status:
        check_transition(current, to=to_status, comment="")
        _move(current, to=to_status, at=at)
    current.assignee = assignee
    record_first_response(current, at)
    await record(
        current,
        kind=TicketEventKind.ASSIGNED,
        actor=actor,
        channel=channel,
        at=at,
        from_status=from_status if to_status else None,
        to_status=to_status,
        text=assignee.full_name,
    )
    if to_status:
        await notify_status_change(current, actor=actor, from_status=from_status, comment="")


async def change_status(
    ticket: Ticket, *, to: TicketStatus, actor: User, channel: Channel, comment: str = ""
) -> Ticket:
    """Moves `ticket` to status `to` on behalf of staff member `actor`, with an optional
    public `comment` (required when closing a new ticket). Leaving resolved or closed is a
    reopening (see `reopen_ticket`).

    Raises PermissionDenied unless `actor` works tickets, InvalidInput for a missing or too long
    comment, IllegalTicketTransition when the status table does not allow the move.
    """
    require_ticket_worker(actor)
    comment = _checked_comment(comment, required=False)
    async with in_transaction():
        current = await _locked(ticket)
        check_transition(current, to=to, comment=comment)
        from_status = current.status
        at = clock.now()
        await _change_status(current, to=to, actor=actor, channel=channel, comment=comment, at=at)
        await notify_status_change(current, actor=actor, from_status=from_status, comment=comment)
    return await reloaded(current)


async def ask_reporter(ticket: Ticket, *, actor: User, question: str, channel: Channel) -> Ticket:
    """Puts `question` to the reporter of `ticket` on behalf of staff member `actor`: the
    ticket waits on the reporter, with the question as the change's public comment. A new
    ticket is taken by `actor` on the way.

    Raises as `change_status`, and InvalidInput for an empty question.
    """
    require_ticket_worker(actor)
    question = _checked_comment(question, required=True)
    async with in_transaction():
        current = await _locked(ticket)
        from_status = current.status
        at = clock.now()
        if from_status == TicketStatus.NEW:
            check_transition(current, to=TicketStatus.ASSIGNED, comment="")
            await _change_status(
                current, to=TicketStatus.ASSIGNED, actor=actor, channel=channel, at=at
            )
        check_transition(current, to=TicketStatus.WAITING_REPORTER, comment=question)
        await _change_status(
            current,
            to=TicketStatus.WAITING_REPORTER,
            actor=actor,
            channel=channel,
            comment=question,
            at=at,
        )
        await notify_status_change(current, actor=actor, from_status=from_status, comment=question)
    return await reloaded(current)


def check_may_ask_reporter(ticket: Ticket, *, actor: User) -> None:
    """Raises what `ask_reporter` would for `ticket` as it is now, but for the question."""
    require_ticket_worker(actor)
    if ticket.status != TicketStatus.NEW:  # a new ticket is taken, then it may wait
        check_transition(ticket, to=TicketStatus.WAITING_REPORTER, comment="")


def check_may_resolve(ticket: Ticket, *, actor: User) -> None:
    """Raises what `change_status` to resolved would for `ticket` as it is now."""
    require_ticket_worker(actor)
    check_transition(ticket, to=TicketStatus.RESOLVED, comment="")


def check_may_comment(ticket: Ticket, *, author: User) -> None:
    """Raises what `add_comment` of a public comment would for `ticket`, but for the text."""
    require_may_comment(author, ticket, is_public=True)
    check_action(ticket, TicketAction.COMMENT)


async def add_comment(
    ticket: Ticket,
    *,
    author: User,
    text: str,
    channel: Channel,
    is_public: bool = True,
    external_id: str | None = None,
) -> Ticket:
    """Adds `text` by `author` to the ticket's history: a public comment, or with
    `is_public=False` an internal note that the reporter never sees (staff only).

    A public comment by staff is a first response; one by the reporter on a ticket waiting
    on them puts it back in progress. `external_id` is the channel's id of the message: one
    already recorded means a redelivery, which changes nothing.

    Raises NotFound when `author` may not see the ticket, PermissionDenied for an inactive author
    or an internal note by someone other than staff, InvalidInput for an empty or too long
    text, IllegalTicketTransition when the ticket is closed.
    """
    require_may_comment(author, ticket, is_public=is_public)
    text = _checked_comment(text, required=True)
    async with in_transaction():
        current = await _locked(ticket)
        if external_id is not None and await TicketEvent.exists(external_id=external_id):
            return current
        check_action(current, TicketAction.COMMENT)
        at = clock.now()
        if is_public and can_work_tickets(author):
            record_first_response(current, at)
        await record(
            current,
            kind=TicketEventKind.COMMENTED,
            actor=author,
            channel=channel,
            at=at,
            text=text,
            is_public=is_public,
            external_id=external_id,
        )
        if is_public and _is_reporter_answering(current, author):
            # The answer itself is what the workers are told of, not this move.
            await _change_status(
                current, to=TicketStatus.IN_PROGRESS, actor=author, channel=channel, at=at
            )
        if is_public:
            await notify_comment(current, author=author, text=text)
    return await reloaded(current)


async def reopen_ticket(
    ticket: Ticket, *, actor: User, channel: Channel, comment: str = ""
) -> Ticket:
    """Brings a resolved or closed ticket back to work, e.g. when the reporter answers that
    the fault is not fixed; the resolution clock continues from the time that was left.
    The ticket goes back to in_progress when its assignee reopens it and the status table
    allows that (from resolved), otherwise to assigned.

    Raises PermissionDenied unless `actor` is the reporter or works tickets, InvalidInput for a
    too long comment, IllegalTicketTransition when the ticket is not resolved or closed.
    """
    require_may_reopen(actor, ticket)
    comment = _checked_comment(comment, required=False)
    async with in_transaction():
        current = await _locked(ticket)
        check_action(current, TicketAction.REOPEN)
        _take_if_unassigned(current, actor)
        to = _reopen_target(current, actor)
        check_transition(current, to=to, comment=comment)
        from_status = current.status
        at = clock.now()
        await _change_status(current, to=to, actor=actor, channel=channel, comment=comment, at=at)
        await notify_status_change(current, actor=actor, from_status=from_status, comment=comment)
    return await reloaded(current)


async def change_priority(
    ticket: Ticket, *, priority: Priority, actor: User, channel: Channel
) -> Ticket:
    """Gives `ticket` a new priority and recomputes its still-open SLA due times from its
    creation. The event's text records the change as "old → new" priority codes. Setting the
    current priority again changes nothing.

    Raises PermissionDenied unless `actor` works tickets, IllegalTicketTransition when the ticket
    is resolved or closed.
    """
    require_ticket_worker(actor)
    async with in_transaction():
        current = await _locked(ticket)
        check_action(current, TicketAction.CHANGE_PRIORITY)
        if current.priority == priority:
            return current
        at = clock.now()
        previous = current.priority
        current.priority = priority
        await recompute_due_times(current)
        await record(
            current,
            kind=TicketEventKind.PRIORITY_CHANGED,
            actor=actor,
            channel=channel,
            at=at,
            text=f"{previous} → {priority}",
        )
    return await reloaded(current)


async def rate_ticket(
    ticket: Ticket,
    *,
    rater: User,
    rating: int,
    comment: str = "",
    channel: Channel | None = None,
) -> Ticket:
    """Records the reporter's rating, 1–5, of a resolved or closed ticket; once. A reporter
    who answers that the fault is not fixed reopens the ticket instead (`reopen_ticket`).
    `channel` defaults to the one the ticket was reported by.

    Raises PermissionDenied unless `rater` is the ticket's active reporter, InvalidInput for a
    rating outside 1–5 or a too long comment, IllegalTicketTransition when the ticket is not
    resolved or closed, or was rated already.
    """
    require_may_rate(rater, ticket)
    if rating not in RATINGS:
        raise InvalidInput("The rating must be between 1 and 5, got {rating}.", rating=rating)
    comment = _checked_comment(comment, required=False)
    async with in_transaction():
        current = await _locked(ticket)
        check_action(current, TicketAction.RATE)
        if current.rating is not None:
            raise IllegalTicketTransition(
                "Ticket {number} has already been rated.", number=current.number
            )
        at = clock.now()
        current.rating = rating
        current.rating_comment = comment
        await record(
            current,
            kind=TicketEventKind.RATED,
            actor=rater,
            channel=channel or current.channel,
            at=at,
            text=comment,
        )
    return await reloaded(current)


def _checked_comment(text: str, *, required: bool) -> str:
    """`text` checked as `checked_text`; raises InvalidInput when `required` and empty."""
    text = checked_text("comment", text)
    if required and not text:
        raise InvalidInput("The comment must not be empty.")
    return text


def _is_reporter_answering(ticket: Ticket, author: User) -> bool:
    return author.id == ticket.reporter_id and ticket.status == TicketStatus.WAITING_REPORTER


def _reopen_target(ticket: Ticket, actor: User) -> TicketStatus:
    straight_to_work = ticket.assignee_id == actor.id
    if straight_to_work and TicketStatus.IN_PROGRESS in TRANSITIONS[ticket.status]:
        return TicketStatus.IN_PROGRESS
    return TicketStatus.ASSIGNED


def _take_if_unassigned(ticket: Ticket, actor: User) -> None:
    if ticket.assignee_id is None and can_work_tickets(actor):
        ticket.assignee = actor


def _move(ticket: Ticket, *, to: TicketStatus, at: datetime) -> None:
    if is_reopening(ticket.status, to):
        ticket.reopen_count += 1
    move_clock(ticket, to=to, at=at)
    ticket.status = to


async def _change_status(
    ticket: Ticket,
    *,
    to: TicketStatus,
    actor: User,
    channel: Channel,
    at: datetime,
    comment: str = "",
) -> None:
    """Moves the locked `ticket` to `to`, saves it and records the change."""
    from_status = ticket.status
    if from_status == TicketStatus.NEW:
        _take_if_unassigned(ticket, actor)
    _move(ticket, to=to, at=at)
    if can_work_tickets(actor):
        record_first_response(ticket, at)
    await record(
        ticket,
        kind=TicketEventKind.STATUS_CHANGED,
        actor=actor,
        channel=channel,
        at=at,
        from_status=from_status,
        to_status=to,
        text=comment,
    )


async def _locked(ticket: Ticket) -> Ticket:
    """The ticket's row as stored now, locked until the transaction ends (PostgreSQL;
    SQLite runs one transaction at a time anyway)."""
    return await Ticket.select_for_update().get(id=ticket.id)
