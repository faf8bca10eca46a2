"""Files attached to a ticket: kept safely, recorded in the history, limits enforced."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import get_settings
from core.errors import InvalidInput, NotFound
from core.models import Channel, Ticket, TicketAttachment, TicketEvent, TicketEventKind, User
from core.tickets.attachments import add_attachment
from tests.core.tickets.conftest import Report
from tests.factories import make_user

PHOTO = b"\xff\xd8\xff\xe0 a projector that does not start"


pytestmark = pytest.mark.usefixtures("data_dir")


async def _attach(ticket: Ticket, author: User, **overrides: object) -> TicketAttachment:
    fields: dict[str, object] = {
        "filename": "projektor.jpg",
        "content_type": "image/jpeg",
        "content": PHOTO,
    }
    return await add_attachment(
        ticket, author=author, channel=Channel.TELEGRAM, **(fields | overrides)
    )


async def test_a_photo_is_kept_and_named_in_the_history(
    report: Report, teacher: User, data_dir: Path
) -> None:
    ticket = await report()

    attachment = await _attach(ticket, teacher)

    assert (data_dir / "attachments" / attachment.storage_path).read_bytes() == PHOTO
    event = await TicketEvent.get(ticket=ticket, kind=TicketEventKind.ATTACHMENT_ADDED)
    assert (event.text, event.actor_id) == ("projektor.jpg", teacher.id)


async def test_a_path_in_the_file_name_does_not_escape_the_ticket_folder(
    report: Report, teacher: User, data_dir: Path
) -> None:
    ticket = await report()

    attachment = await _attach(ticket, teacher, filename="../../../etc/passwd")

    assert attachment.filename == "passwd"
    stored = (data_dir / "attachments" / attachment.storage_path).resolve()
    assert stored.is_relative_to((data_dir / "attachments" / ticket.number).resolve())


async def test_a_file_over_the_limit_is_refused_and_nothing_kept(
    report: Report, teacher: User, data_dir: Path
) -> None:
    ticket = await report()
    too_big = b"x" * (get_settings().attachment_max_mb * 1024 * 1024 + 1)

    with pytest.raises(InvalidInput) as refused:
        await _attach(ticket, teacher, content=too_big)

    assert refused.value.translated() == "Plik projektor.jpg jest większy niż 10 MB."
    assert not await TicketAttachment.exists()
    assert not (data_dir / "attachments").exists()


async def test_a_type_we_do_not_keep_is_refused(report: Report, teacher: User) -> None:
    ticket = await report()

    with pytest.raises(InvalidInput):
        await _attach(
            ticket, teacher, filename="setup.exe", content_type="application/x-msdownload"
        )

    assert not await TicketAttachment.exists()


async def test_to_someone_who_cannot_see_the_ticket_it_does_not_exist(
    report: Report, school
) -> None:
    ticket = await report()
    other_teacher = await make_user(school=school)

    with pytest.raises(NotFound):
        await _attach(ticket, other_teacher)

    assert not await TicketAttachment.exists()
