"""Retention (RODO): a finished ticket keeps its personal data for the configured period
(`HDR_TICKET_RETENTION_DAYS`, counted from resolution or closing), then loses it.

What goes: who reported it (account link, name, e-mail), every free text (title,
description, comments, the rating's comment), the channel ids of its messages, who among
non-staff acted on it, and its attached files. What stays, for the statistics and the
monthly summaries: number, school, category, priority, status, every timestamp, the SLA
due times, the rating and the history of status changes. Sent outbox messages older than
the period are deleted, since they repeat ticket texts, and the records of mail read from
the helpdesk mailbox lose its sender, subject and notes (the records themselves stay: they
are what keeps each message from being read twice).

A run handles at most `batch` tickets, each in its own transaction, so a run costs what is
due and a failure leaves no ticket half-anonymised.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Final

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from core import clock
from core.config import get_settings
from core.models import (
    InboundMessage,
    OutboxMessage,
    OutboxStatus,
    Role,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketStatus,
    User,
)

logger = logging.getLogger(__name__)

ANONYMISED_TITLE: Final = "[dane usunięte]"
"""What an anonymised ticket's title and description say (stored text, not translated)."""

BATCH: Final = 500


@dataclass(frozen=True)
class RetentionCounts:
    tickets: int = 0
    outbox_messages: int = 0


async def apply_retention(*, retention: dt.timedelta, batch: int = BATCH) -> RetentionCounts:
    """Anonymises up to `batch` tickets finished more than `retention` ago, and deletes the
    finished outbox messages older than that; returns how many of each."""
    cutoff = clock.now() - retention
    due = Ticket.filter(
        Q(status=TicketStatus.CLOSED, closed_at__lt=cutoff)
        | Q(status=TicketStatus.RESOLVED, resolved_at__lt=cutoff),
        anonymised_at__isnull=True,
    )
    ticket_ids = [row["id"] for row in await due.order_by("id").limit(batch).values("id")]
    for ticket_id in ticket_ids:
        await _anonymise(ticket_id)
    deleted = await OutboxMessage.filter(
        status__in=[OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.CANCELLED],
        created_at__lt=cutoff,
    ).delete()
    await (
        InboundMessage.filter(received_at__lt=cutoff)
        .exclude(sender="", subject="")
        .update(sender="", subject="", detail="")
    )
    return RetentionCounts(tickets=len(ticket_ids), outbox_messages=deleted)


async def apply_configured_retention() -> RetentionCounts:
    """`apply_retention` with the configured period; the scheduler's daily job."""
    return await apply_retention(retention=dt.timedelta(days=get_settings().ticket_retention_days))


async def _anonymise(ticket_id: int) -> None:
    async with in_transaction():
        ticket = await Ticket.get(id=ticket_id)
        staff_ids = await User.filter(role__in=[Role.IT, Role.COORDINATOR]).values_list(
            "id", flat=True
        )
        await TicketEvent.filter(ticket_id=ticket_id).update(text="", external_id=None)
        await TicketEvent.filter(ticket_id=ticket_id, actor_id__not_in=staff_ids).update(
            actor_id=None
        )
        attachments = TicketAttachment.filter(ticket_id=ticket_id)
        files = [str(path) for path in await attachments.values_list("storage_path", flat=True)]
        await attachments.delete()
        ticket.reporter_id = None
        ticket.reporter_name = ticket.reporter_email = ticket.rating_comment = ""
        ticket.title = ticket.description = ANONYMISED_TITLE
        ticket.anonymised_at = clock.now()
        await ticket.save()
    # Files go once the rows are gone: a crash in between leaves a file without a row,
    # never a row without its file.
    for relative in files:
        path = get_settings().attachments_dir / relative
        path.unlink(missing_ok=True)
        logger.info("Attachment %s of ticket %s deleted by retention", relative, ticket.number)
