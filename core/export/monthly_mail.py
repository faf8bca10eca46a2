"""The monthly summary workbook mailed to the coordinators on the first working day of the
month, for the month before.

The scheduler calls `send_monthly_summary` often; it acts once a month: on or after the
month's first working day, within working hours, when some active coordinator with an
e-mail address has not yet been sent last month's workbook. A worker that was down on the
first working day therefore sends it on its next working morning, and the outbox's dedupe
key (month and person) keeps it single across runs and processes. The workbook is written
once into the data directory (`exports/`) and attached by reference, so a retried mail
sends the same file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath
from typing import Final

from core import clock
from core.calendar.configured import configured_calendar
from core.config import get_settings
from core.export.month import Month, default_month
from core.export.monthly_workbook import (
    WORKBOOK_CONTENT_TYPE,
    workbook_filename,
    write_monthly_workbook,
)
from core.i18n import translate
from core.models import Channel, OutboxMessage, Role, User
from core.outbox import enqueue_message

EXPORTS_FOLDER: Final = PurePosixPath("exports")


async def send_monthly_summary() -> Month | None:
    """Queues last month's workbook to every coordinator not yet sent it, when it is time
    (see the module docstring); returns the month sent, or None when nothing was due."""
    now = clock.now()
    calendar = configured_calendar()
    month = default_month()
    if calendar.next_allowed_moment(now, calendar.work_start, calendar.work_end) != now:
        return None
    if clock.today() < first_working_day(month.next()):
        return None
    waiting = [
        coordinator
        for coordinator in await User.filter(
            role=Role.COORDINATOR, is_active=True, email__isnull=False
        ).order_by("id")
        if coordinator.email_unreachable_at is None
        and not await OutboxMessage.exists(dedupe_key=_dedupe_key(month, coordinator))
    ]
    if not waiting:
        return None
    relative = EXPORTS_FOLDER / workbook_filename(month)
    await write_monthly_workbook(month=month, target=_prepared_path(relative))
    for coordinator in waiting:
        await _queue_mail(coordinator, month, relative)
    return month


def _prepared_path(relative: PurePosixPath) -> Path:
    """`relative` under the data directory, its folder created."""
    path = get_settings().data_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def first_working_day(month: Month) -> dt.date:
    """The first working day of `month` in the configured calendar."""
    calendar = configured_calendar()
    first = month.first_day
    return first if calendar.is_working_day(first) else calendar.next_working_day(first)


async def _queue_mail(coordinator: User, month: Month, workbook: PurePosixPath) -> None:
    locale = coordinator.locale
    label = month.label(locale)
    await enqueue_message(
        channel=Channel.EMAIL,
        address=str(coordinator.email),
        recipient=coordinator,
        subject=translate("Monthly summary for {month}", locale, month=label),
        body_text=translate(
            "Attached is the HDR monthly summary workbook for {month}: tickets, SLA, "
            "inventory, HDR actions, indicators, meetings and reminders.",
            locale,
            month=label,
        ),
        payload={
            "attachments": [
                {
                    "path": str(workbook),
                    "filename": workbook.name,
                    "content_type": WORKBOOK_CONTENT_TYPE,
                }
            ],
            "locale": locale,
        },
        dedupe_key=_dedupe_key(month, coordinator),
    )


def _dedupe_key(month: Month, coordinator: User) -> str:
    return f"monthly-summary:{month}:{coordinator.id}"
