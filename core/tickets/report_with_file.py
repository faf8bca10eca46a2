"""Reporting a fault together with a file (a photo of the broken device), as one change:
the ticket and its attachment are both stored, or neither is."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from tortoise.transactions import in_transaction

from core.models import Category, Channel, Priority, School, Ticket, User
from core.tickets.attachments import add_attachment, check_attachment
from core.tickets.intake import create_ticket


@dataclass(frozen=True)
class NewFile:
    """A file sent with a report, as the channel received it."""

    filename: str
    content_type: str
    content: bytes


async def create_ticket_with_file(
    *,
    school: School,
    reporter: User,
    channel: Channel,
    category: Category,
    description: str,
    file: NewFile | None,
    title: str | None = None,
    priority: Priority = Priority.NORMAL,
    room: str = "",
) -> Ticket:
    """As `create_ticket` by a registered `reporter`, with `file` attached when given.

    Raises as `create_ticket` and `check_attachment`; the file is checked before anything is
    written, and the ticket, its events and its messages are undone when storing the file
    fails, so a report is never half-stored."""
    report = partial(
        create_ticket,
        school=school,
        reporter=reporter,
        channel=channel,
        category=category,
        description=description,
        title=title,
        priority=priority,
        room=room,
    )
    if file is None:
        return await report()
    check_attachment(
        filename=file.filename, content_type=file.content_type, size_bytes=len(file.content)
    )
    async with in_transaction():
        ticket = await report()
        await add_attachment(
            ticket,
            author=reporter,
            channel=channel,
            filename=file.filename,
            content_type=file.content_type,
            content=file.content,
        )
    return ticket
