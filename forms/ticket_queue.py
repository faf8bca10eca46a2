"""The IT queue, `/kolejka`: open tickets across schools for the IT specialist and the
coordinator, narrowed by a plain GET form (school, category, status, priority, SLA breached)
and sorted by the SLA due time that comes first. Everyone else gets 403.

A filter value that is not one of the form's choices (an edited address) lets everything
through, as "all" does; the form then shows "all" for it."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from core import clock, overview
from core.models import Priority, Role, TicketStatus, User
from core.tickets import active_categories, priority_label, status_label
from core.tickets.queue_filters import QueueFilters, QueueRow, filtered_queue
from core.tickets.queues import OPEN_STATUSES
from forms.auth import require_role
from forms.templating import render
from forms.ticket_pages import category_name, local_moment, sla_label, ticket_path
from forms.visitors import visitor_of

QUEUE_PATH: Final = "/kolejka"

router = APIRouter()

Worker = Annotated[User, Depends(require_role(Role.IT, Role.COORDINATOR))]


@router.get(QUEUE_PATH)
async def queue(
    request: Request,
    user: Worker,
    szkola: str = "",
    kategoria: str = "",
    status: str = "",
    priorytet: str = "",
    naruszone: str = "",
) -> Response:
    locale = visitor_of(request).locale
    filters = QueueFilters(
        school_id=int(szkola) if szkola.isdigit() else None,
        category_id=int(kategoria) if kategoria.isdigit() else None,
        status=TicketStatus(status) if status in set(OPEN_STATUSES) else None,
        priority=Priority(priorytet) if priorytet in set(Priority) else None,
        sla_breached_only=naruszone == "1",
    )
    rows = await filtered_queue(user, filters, at=clock.now())
    return render(
        request,
        "ticket_queue.html",
        {
            "filters": filters,
            "rows": [_row(row, locale) for row in rows],
            "schools": await overview.active_schools(),
            "categories": [(c.id, category_name(c, locale)) for c in await active_categories()],
            "statuses": [(s.value, status_label(s, locale)) for s in OPEN_STATUSES],
            "priorities": [(p.value, priority_label(p, locale)) for p in Priority],
        },
    )


def _row(row: QueueRow, locale: str) -> dict[str, Any]:
    ticket = row.ticket
    return {
        "number": ticket.number,
        "path": ticket_path(ticket.number),
        "title": ticket.title,
        "school": ticket.school.short_name or ticket.school.name,
        "category": category_name(ticket.category, locale),
        "status": status_label(ticket.status, locale),
        "priority": priority_label(ticket.priority, locale),
        "assignee": ticket.assignee.full_name if ticket.assignee else "",
        "due_at": local_moment(row.next_due_at),
        "breached": row.breached,
        "sla": sla_label(row.status, locale),
    }
