"""Files attached to tickets (photos of a broken device, screenshots, documents).

Contents are kept under the data directory, one folder per ticket, named by their SHA-256
so a name chosen by the sender never becomes a path; the row keeps the original name.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from tortoise.transactions import in_transaction

from core import clock
from core.config import get_settings
from core.errors import InvalidInput
from core.models import Channel, Ticket, TicketAttachment, TicketEventKind, User
from core.tickets._common import record
from core.tickets.access import require_may_comment

ALLOWED_CONTENT_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/heic",
        "application/pdf",
        "text/plain",
    }
)
FILENAME_LIMIT = 255


def check_attachment(*, filename: str, content_type: str, size_bytes: int) -> None:
    """Raises InvalidInput for an empty file, one over the configured size limit, or a type
    we do not keep. Channels call it before downloading, so nothing big is fetched in vain."""
    limit_mb = get_settings().attachment_max_mb
    if size_bytes <= 0:
        raise InvalidInput("The file {filename} is empty.", filename=filename)
    if size_bytes > limit_mb * 1024 * 1024:
        raise InvalidInput(
            "The file {filename} is larger than {limit} MB.", filename=filename, limit=limit_mb
        )
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise InvalidInput(
            "Files of type {content_type} cannot be attached; send a photo or a PDF.",
            content_type=content_type,
        )


async def add_attachment(
    ticket: Ticket,
    *,
    author: User,
    channel: Channel,
    filename: str,
    content_type: str,
    content: bytes,
) -> TicketAttachment:
    """Stores `content` and records it on the ticket's history.

    Raises as `check_attachment`, and PermissionDenied when `author` may not comment on
    the ticket. Nothing is stored then."""
    require_may_comment(author, ticket, is_public=True)
    name = PurePath(filename.replace("\\", "/")).name[:FILENAME_LIMIT] or "plik"
    check_attachment(filename=name, content_type=content_type, size_bytes=len(content))
    digest = hashlib.sha256(content).hexdigest()
    relative = PurePath(ticket.number) / digest
    path = get_settings().attachments_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    at = clock.now()
    async with in_transaction():
        await record(
            ticket,
            at=at,
            kind=TicketEventKind.ATTACHMENT_ADDED,
            actor=author,
            channel=channel,
            text=name,
        )
        return await TicketAttachment.create(
            ticket=ticket,
            filename=name,
            content_type=content_type,
            size_bytes=len(content),
            sha256=digest,
            storage_path=str(relative),
            created_at=at,
        )
