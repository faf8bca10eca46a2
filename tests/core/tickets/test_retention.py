"""Retention: a ticket finished longer ago than the retention period loses its personal
data and keeps what the statistics need; nothing younger or still open is touched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core import clock
from core.models import (
    Channel,
    InboundMessage,
    InboundOutcome,
    OutboxMessage,
    OutboxStatus,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketStatus,
    User,
)
from core.outbox import enqueue_message
from core.tickets import add_comment
from core.tickets.attachments import add_attachment
from core.tickets.retention import ANONYMISED_TITLE, apply_retention
from tests.core.tickets.conftest import Report
from tests.core.tickets.helpers import bring_to

RETENTION = dt.timedelta(days=730)
PHOTO = b"\x89PNG\r\n\x1a\n" + b"0" * 100


@pytest.fixture
async def old_closed_ticket(
    report: Report, teacher: User, specialist: User, now: clock.ManualClock, data_dir: Path
) -> Ticket:
    """Reported by the teacher with a photo and a comment, answered, closed, then two years
    and a day pass."""
    ticket = await report(description="Jan Kowalski z 3b zgubił hasło do dziennika.")
    await add_attachment(
        ticket,
        author=teacher,
        channel=Channel.WEB,
        filename="ekran.png",
        content_type="image/png",
        content=PHOTO,
    )
    await add_comment(ticket, author=teacher, text="Tel. 600 100 200", channel=Channel.WEB)
    ticket = await bring_to(ticket, TicketStatus.CLOSED, actor=specialist)
    now.advance(RETENTION + dt.timedelta(days=1))
    return ticket


async def test_an_old_closed_ticket_loses_reporter_and_texts(old_closed_ticket: Ticket) -> None:
    counts = await apply_retention(retention=RETENTION)

    ticket = await Ticket.get(id=old_closed_ticket.id)
    assert counts.tickets == 1
    assert (ticket.reporter_id, ticket.reporter_name, ticket.reporter_email) == (None, "", "")
    assert (ticket.title, ticket.description) == (ANONYMISED_TITLE, ANONYMISED_TITLE)
    assert ticket.anonymised_at == clock.now()
    texts = await TicketEvent.filter(ticket_id=ticket.id).values_list("text", flat=True)
    assert set(texts) == {""}


async def test_the_statistics_of_an_anonymised_ticket_stay(old_closed_ticket: Ticket) -> None:
    status_changes = TicketEvent.filter(ticket_id=old_closed_ticket.id, to_status__isnull=False)
    history = await status_changes.values_list("to_status", "at")

    await apply_retention(retention=RETENTION)

    ticket = await Ticket.get(id=old_closed_ticket.id)
    kept = ("number", "school_id", "category_id", "priority", "status", "created_at")
    kept += ("first_response_at", "closed_at", "resolution_due_at")
    assert [getattr(ticket, name) for name in kept] == [
        getattr(old_closed_ticket, name) for name in kept
    ]
    assert await status_changes.values_list("to_status", "at") == history


async def test_the_reporter_is_gone_from_the_history_but_the_staff_stays(
    old_closed_ticket: Ticket, teacher: User, specialist: User
) -> None:
    await apply_retention(retention=RETENTION)

    actors = set(
        await TicketEvent.filter(ticket_id=old_closed_ticket.id).values_list("actor_id", flat=True)
    )
    assert actors == {None, specialist.id}


async def test_attached_files_are_deleted(old_closed_ticket: Ticket, data_dir: Path) -> None:
    await apply_retention(retention=RETENTION)

    assert await TicketAttachment.filter(ticket_id=old_closed_ticket.id).count() == 0
    assert [path for path in (data_dir / "attachments").rglob("*") if path.is_file()] == []


async def test_a_ticket_closed_within_the_period_is_kept(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await bring_to(await report(), TicketStatus.CLOSED, actor=specialist)
    now.advance(RETENTION - dt.timedelta(days=1))

    counts = await apply_retention(retention=RETENTION)

    assert counts.tickets == 0
    assert (await Ticket.get(id=ticket.id)).description == ticket.description


async def test_an_open_ticket_is_kept_however_old(report: Report, now: clock.ManualClock) -> None:
    ticket = await report()
    now.advance(RETENTION * 2)

    await apply_retention(retention=RETENTION)

    assert (await Ticket.get(id=ticket.id)).anonymised_at is None


async def test_a_run_handles_at_most_its_batch_and_the_next_run_goes_on(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    for _ in range(3):
        await bring_to(await report(), TicketStatus.RESOLVED, actor=specialist)
    now.advance(RETENTION + dt.timedelta(days=1))

    first = await apply_retention(retention=RETENTION, batch=2)
    second = await apply_retention(retention=RETENTION, batch=2)

    assert (first.tickets, second.tickets) == (2, 1)
    assert await Ticket.filter(anonymised_at__isnull=True).count() == 0


async def test_old_sent_messages_are_deleted_and_pending_ones_kept(
    now: clock.ManualClock, database: str
) -> None:
    sent = await enqueue_message(channel=Channel.EMAIL, address="a@x.pl", body_text="stara")
    pending = await enqueue_message(channel=Channel.EMAIL, address="b@x.pl", body_text="czeka")
    assert sent is not None
    assert pending is not None
    await OutboxMessage.filter(id=sent.id).update(status=OutboxStatus.SENT)
    now.advance(RETENTION + dt.timedelta(days=1))

    counts = await apply_retention(retention=RETENTION)

    assert counts.outbox_messages == 1
    assert await OutboxMessage.all().values_list("id", flat=True) == [pending.id]


async def test_old_records_of_mail_read_keep_their_place_but_not_their_sender(
    now: clock.ManualClock, database: str
) -> None:
    record = await InboundMessage.create(
        mailbox="INBOX",
        uidvalidity=1,
        uid=7,
        sender="jan.kowalski@example.pl",
        subject="Nie działa drukarka",
        outcome=InboundOutcome.NEW_TICKET,
        received_at=clock.now(),
    )
    now.advance(RETENTION + dt.timedelta(days=1))

    await apply_retention(retention=RETENTION)

    kept = await InboundMessage.get(id=record.id)
    assert (kept.uid, kept.sender, kept.subject) == (7, "", "")
