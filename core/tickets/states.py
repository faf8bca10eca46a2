"""The life cycle of an IT ticket: which status may follow which, and the statuses' and
priorities' labels.

The main road is new → assigned → in_progress ⇄ waiting → resolved → closed, with reopen.
`TRANSITIONS` is the whole rule, and every status change goes through `check_transition`:

- A new ticket may be assigned, taken straight into work, resolved at once (fixed over the
  phone), or closed without any work as a duplicate or a withdrawn report. That last close
  needs a comment saying why (`COMMENT_REQUIRED`).
- An assigned ticket goes into work, waits, or is resolved. A ticket in work waits on the
  reporter or on a vendor, or is resolved; it does not go back to merely assigned.
- A waiting ticket goes back into work or is resolved. Switching between the two kinds of
  waiting goes through in_progress, so the history shows who was waited on and when.
- A resolved ticket is closed, or reopened when the fix did not hold (`is_reopening`): to
  assigned, or straight back to in_progress. A closed ticket can only be reopened, and only
  to assigned: after closing it has left everyone's mind, so it re-enters the assignee's
  queue rather than claiming to be worked on.
- A status never "changes" to itself.

What else a status allows is `ACTIONS_ALLOWED`: only an open ticket is (re)assigned or
reprioritised, a closed one takes no comments, only a finished one is reopened or rated.
Who may do any of it (staff, the reporter) is `core.tickets.access`'s rule.

Labels are catalog msgids of the form `context|text`: the context keeps the ticket's
"closed" apart from, say, an inventory round's (Polish inflects them differently) and is
dropped when a label is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from core.errors import IllegalTransition, InvalidInput
from core.i18n import DEFAULT_LOCALE, mark, translate, translate_label
from core.models import Priority, Ticket, TicketStatus

NEW = TicketStatus.NEW
ASSIGNED = TicketStatus.ASSIGNED
IN_PROGRESS = TicketStatus.IN_PROGRESS
WAITING_REPORTER = TicketStatus.WAITING_REPORTER
WAITING_VENDOR = TicketStatus.WAITING_VENDOR
RESOLVED = TicketStatus.RESOLVED
CLOSED = TicketStatus.CLOSED

TRANSITIONS: Final[Mapping[TicketStatus, frozenset[TicketStatus]]] = MappingProxyType(
    {
        NEW: frozenset({ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED}),
        ASSIGNED: frozenset({IN_PROGRESS, WAITING_REPORTER, WAITING_VENDOR, RESOLVED}),
        IN_PROGRESS: frozenset({WAITING_REPORTER, WAITING_VENDOR, RESOLVED}),
        WAITING_REPORTER: frozenset({IN_PROGRESS, RESOLVED}),
        WAITING_VENDOR: frozenset({IN_PROGRESS, RESOLVED}),
        RESOLVED: frozenset({CLOSED, ASSIGNED, IN_PROGRESS}),
        CLOSED: frozenset({ASSIGNED}),
    }
)
"""For each status, the statuses a ticket may move to from it."""

COMMENT_REQUIRED: Final[frozenset[tuple[TicketStatus, TicketStatus]]] = frozenset({(NEW, CLOSED)})
"""Transitions that must say why in a comment."""

WAITING_STATUSES: Final = frozenset({WAITING_REPORTER, WAITING_VENDOR})
"""Statuses in which the SLA clock stands still: the ball is in someone else's court."""

DONE_STATUSES: Final = frozenset({RESOLVED, CLOSED})
"""Statuses of a ticket nobody is working on any more; leaving one is a reopening."""

OPEN_STATUSES: Final = frozenset(TicketStatus) - DONE_STATUSES


class TicketAction(StrEnum):
    ASSIGN = "assign"
    COMMENT = "comment"
    REOPEN = "reopen"
    CHANGE_PRIORITY = "change_priority"
    RATE = "rate"


ACTIONS_ALLOWED: Final[Mapping[TicketAction, frozenset[TicketStatus]]] = MappingProxyType(
    {
        TicketAction.ASSIGN: OPEN_STATUSES,
        TicketAction.COMMENT: frozenset(TicketStatus) - {CLOSED},
        TicketAction.REOPEN: DONE_STATUSES,
        TicketAction.CHANGE_PRIORITY: OPEN_STATUSES,
        TicketAction.RATE: DONE_STATUSES,
    }
)
"""For each action on a ticket other than a status change, the statuses that allow it."""

_REFUSALS: Final[Mapping[TicketAction, str]] = MappingProxyType(
    {
        TicketAction.ASSIGN: mark("Ticket {number} is “{status}”; reopen it before assigning it."),
        TicketAction.COMMENT: mark("Ticket {number} is “{status}”; reopen it to add a comment."),
        TicketAction.REOPEN: mark(
            "Ticket {number} is “{status}”; only a resolved or closed ticket can be reopened."
        ),
        TicketAction.CHANGE_PRIORITY: mark(
            "Ticket {number} is “{status}”; its priority can no longer be changed."
        ),
        TicketAction.RATE: mark(
            "Ticket {number} is “{status}”; it can be rated once it is resolved."
        ),
    }
)

STATUS_LABELS: Final[Mapping[TicketStatus, str]] = MappingProxyType(
    {
        NEW: mark("ticket status|new"),
        ASSIGNED: mark("ticket status|assigned"),
        IN_PROGRESS: mark("ticket status|in progress"),
        WAITING_REPORTER: mark("ticket status|waiting for the reporter"),
        WAITING_VENDOR: mark("ticket status|waiting for a vendor"),
        RESOLVED: mark("ticket status|resolved"),
        CLOSED: mark("ticket status|closed"),
    }
)

PRIORITY_LABELS: Final[Mapping[Priority, str]] = MappingProxyType(
    {
        Priority.LOW: mark("ticket priority|low"),
        Priority.NORMAL: mark("ticket priority|normal"),
        Priority.HIGH: mark("ticket priority|high"),
        Priority.CRITICAL: mark("ticket priority|critical"),
    }
)


def status_label(status: TicketStatus, locale: str = DEFAULT_LOCALE) -> str:
    """The name of `status` shown to people, e.g. "w toku" for in_progress in Polish."""
    return translate_label(STATUS_LABELS[status], locale)


def priority_label(priority: Priority, locale: str = DEFAULT_LOCALE) -> str:
    """The name of `priority` shown to people, e.g. "krytyczny" for critical in Polish."""
    return translate_label(PRIORITY_LABELS[priority], locale)


class IllegalTicketTransition(IllegalTransition):
    """The ticket's status does not allow the change. Any status among the params is shown
    by its label in the reader's language."""

    def translated(self, locale: str = DEFAULT_LOCALE) -> str:
        params = {
            name: status_label(value, locale) if isinstance(value, TicketStatus) else value
            for name, value in self.params.items()
        }
        return translate(self.message, locale, **params)


def is_reopening(current: TicketStatus, target: TicketStatus) -> bool:
    """Whether moving from `current` to `target` brings a finished ticket back to work."""
    return current in DONE_STATUSES and target not in DONE_STATUSES


def check_action(ticket: Ticket, action: TicketAction) -> None:
    """Raises IllegalTicketTransition when the ticket's status does not allow `action`."""
    if ticket.status not in ACTIONS_ALLOWED[action]:
        raise IllegalTicketTransition(_REFUSALS[action], number=ticket.number, status=ticket.status)


def check_transition(ticket: Ticket, *, to: TicketStatus, comment: str) -> None:
    """Checks that `ticket` may move from its status to `to` with `comment` (already stripped).

    Raises IllegalTicketTransition when `TRANSITIONS` does not allow it, and InvalidInput
    when the transition needs a comment and `comment` is empty.
    """
    if to not in TRANSITIONS[ticket.status]:
        raise IllegalTicketTransition(
            "Ticket {number} is “{current}”; it cannot be changed to “{target}”.",
            number=ticket.number,
            current=ticket.status,
            target=to,
        )
    if (ticket.status, to) in COMMENT_REQUIRED and not comment:
        raise InvalidInput(
            "Closing a new ticket needs a comment saying why (a duplicate or a withdrawn report)."
        )
