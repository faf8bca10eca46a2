"""A report with a file is stored whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.clock import ManualClock
from core.errors import InvalidInput
from core.models import (
    Category,
    Channel,
    OutboxMessage,
    School,
    Ticket,
    TicketAttachment,
    TicketEvent,
    User,
)
from core.tickets.report_with_file import NewFile, create_ticket_with_file

PHOTO = NewFile("projektor.jpg", "image/jpeg", b"\xff\xd8\xff a dark screen")


async def _report(school: School, teacher: User, category: Category, file: NewFile) -> Ticket:
    return await create_ticket_with_file(
        school=school,
        reporter=teacher,
        channel=Channel.WEB,
        category=category,
        description="Projektor w sali 12 nie włącza się.",
        file=file,
    )


async def _stored() -> tuple[int, int, int, int]:
    return (
        await Ticket.all().count(),
        await TicketEvent.all().count(),
        await TicketAttachment.all().count(),
        await OutboxMessage.all().count(),
    )


async def test_the_ticket_and_its_photo_are_stored_together(
    school: School, teacher: User, category: Category, now: ManualClock, data_dir: Path
) -> None:
    ticket = await _report(school, teacher, category, PHOTO)

    attachment = await TicketAttachment.get(ticket_id=ticket.id)
    assert (data_dir / "attachments" / attachment.storage_path).read_bytes() == PHOTO.content


async def test_a_file_of_another_type_stops_the_report_before_anything_is_written(
    school: School, teacher: User, category: Category, now: ManualClock, data_dir: Path
) -> None:
    program = NewFile("setup.exe", "application/x-msdownload", b"MZ")

    with pytest.raises(InvalidInput):
        await _report(school, teacher, category, program)

    assert await _stored() == (0, 0, 0, 0)


async def test_a_file_that_cannot_be_stored_undoes_the_ticket_and_its_messages(
    school: School,
    teacher: User,
    specialist: User,
    category: Category,
    now: ManualClock,
    data_dir: Path,
) -> None:
    (data_dir / "attachments").write_text("a file where the folder should be")

    with pytest.raises(NotADirectoryError):
        await _report(school, teacher, category, PHOTO)

    assert await _stored() == (0, 0, 0, 0)
