"""Who sees which tickets and who may do what with them.

A teacher sees the tickets they reported; a director those of their school (and any they
reported); the IT specialist and the coordinator see all and are the only ones who work
tickets: assign, change status or priority, write internal notes. Anyone who sees a ticket
may comment on it; its reporter may also reopen and rate it. An inactive account sees
nothing and may do nothing.
"""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from core.errors import InvalidInput, NotFound, PermissionDenied
from core.models import Role, School, Ticket, User

STAFF_ROLES = frozenset({Role.IT, Role.COORDINATOR})


def can_work_tickets(user: User) -> bool:
    """Whether `user` may take, assign, move, reprioritise and annotate tickets."""
    return user.is_active and user.role in STAFF_ROLES


def can_see_ticket(user: User, ticket: Ticket) -> bool:
    """Whether `ticket` is among `tickets_visible_to(user)`, without asking the database."""
    if not user.is_active:
        return False
    if user.role in STAFF_ROLES or ticket.reporter_id == user.id:
        return True
    return user.role == Role.DIRECTOR and ticket.school_id == user.school_id


def tickets_visible_to(user: User) -> QuerySet[Ticket]:
    """The tickets `user` may see; see the module docstring for the rule."""
    if not user.is_active:
        return Ticket.filter(id__in=[])
    if user.role in STAFF_ROLES:
        return Ticket.all()
    if user.role == Role.DIRECTOR and user.school_id is not None:
        return Ticket.filter(Q(school_id=user.school_id) | Q(reporter_id=user.id))
    return Ticket.filter(reporter_id=user.id)


def require_active(user: User) -> None:
    """Raises PermissionDenied when `user`'s account is inactive."""
    if not user.is_active:
        raise PermissionDenied("The account of {user} is inactive.", user=user.full_name)


def require_ticket_worker(user: User) -> None:
    """Raises PermissionDenied unless `user` is an active IT specialist or coordinator."""
    require_active(user)
    if not can_work_tickets(user):
        raise PermissionDenied("Only the IT specialist or the coordinator can do this.")


def require_visible(user: User, ticket: Ticket) -> None:
    """Raises PermissionDenied for an inactive `user`, NotFound when `ticket` is not theirs to see
    (so that its existence is not given away)."""
    require_active(user)
    if not can_see_ticket(user, ticket):
        raise NotFound("Ticket {number} was not found.", number=ticket.number)


def require_may_report(user: User, school: School) -> None:
    """Raises PermissionDenied for an inactive `user`, InvalidInput when `user` belongs to
    another school than `school` (IT specialists and coordinators report for any school)."""
    require_active(user)
    if user.school_id != school.id and not can_work_tickets(user):
        raise InvalidInput(
            "{user} does not belong to {school} and cannot report a fault there.",
            user=user.full_name,
            school=school.name,
        )


def require_may_comment(user: User, ticket: Ticket, *, is_public: bool) -> None:
    """Anyone who sees a ticket may comment on it; only staff write internal notes.
    Raises as `require_visible`, and PermissionDenied for an internal note by anyone else."""
    require_visible(user, ticket)
    if not is_public:
        require_ticket_worker(user)


def require_may_reopen(user: User, ticket: Ticket) -> None:
    """Raises PermissionDenied unless `user` is the ticket's active reporter or works tickets."""
    require_active(user)
    if not (can_work_tickets(user) or user.id == ticket.reporter_id):
        raise PermissionDenied(
            "Only the reporter, the IT specialist or the coordinator can reopen a ticket."
        )


def require_may_rate(user: User, ticket: Ticket) -> None:
    """Raises PermissionDenied unless `user` is the ticket's active reporter."""
    require_active(user)
    if user.id != ticket.reporter_id:
        raise PermissionDenied(
            "Only the person who reported ticket {number} can rate it.", number=ticket.number
        )
