"""The monthly summary workbook for the coordinator: one call writes it for a month.

`write_monthly_workbook(month=..., target=...)` is what every channel calls — the command
line (`hdr-desk export monthly`), the bot's `/raport`, the web download and the e-mail of
the first working day — with a path (written beside it and renamed into place, so nothing
half-written is ever left under that name) or a binary file (e.g. `io.BytesIO` for an
upload or an attachment). It returns the figures it wrote, which a caller can quote.

The workbook is streamed (openpyxl's write-only mode): the two long listings are written
while the figures are counted, the other sheets from the figures afterwards. Sheets are
created up front so they keep the order of `labels.SHEET_ORDER`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from core.config import get_settings
from core.export import labels
from core.export.listing_sheets import (
    OBLIGATION_COLUMNS,
    OBLIGATIONS_SUBTITLE,
    TICKET_COLUMNS,
    TICKETS_SUBTITLE,
    obligation_values,
    ticket_values,
)
from core.export.month import Month, check_exportable
from core.export.monthly_figures import MonthlyFigures, compute_monthly_figures
from core.export.sheet_writer import SheetWriter
from core.export.summary_sheet import write_summary
from core.export.table_sheets import (
    write_categories,
    write_hdr,
    write_indicators,
    write_inventory,
    write_meetings,
    write_schools,
)
from core.export.ticket_figures import Progress

WORKBOOK_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FILE_MODE: Final = 0o644


def workbook_filename(month: Month) -> str:
    """The file name a workbook of `month` is offered under, e.g. zestawienie-2026-11.xlsx."""
    return f"zestawienie-{month}.xlsx"


async def write_monthly_workbook(
    *, month: Month, target: Path | BinaryIO, progress: Progress | None = None
) -> MonthlyFigures:
    """Writes the summary workbook of `month` to `target` and returns its figures.

    Raises InvalidInput when the month has not begun yet, OSError when `target` cannot be
    written (for a path: before any figure is computed, and the file is left untouched).
    `progress` is told (tickets written, tickets in all) as the ticket listing grows.
    """
    check_exportable(month)
    if isinstance(target, Path):
        with _replacing(target) as stream:
            return await _write(month, stream, progress)
    return await _write(month, target, progress)


@contextlib.contextmanager
def _replacing(target: Path) -> Iterator[BinaryIO]:
    """A new file beside `target` that replaces it once the block succeeds; removed if the
    block fails, so `target` is either the old file or the whole new one."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 -- kept open past this call
        dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
    )
    try:
        with handle:
            yield handle  # type: ignore[misc]
        os.chmod(handle.name, _FILE_MODE)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


async def _write(month: Month, stream: BinaryIO, progress: Progress | None) -> MonthlyFigures:
    settings = get_settings()
    zone = ZoneInfo(settings.timezone)
    workbook = Workbook(write_only=True)
    sheets = {name: SheetWriter(workbook.create_sheet(name), zone) for name in labels.SHEET_ORDER}
    try:
        tickets, reminders = sheets[labels.TICKETS], sheets[labels.REMINDERS]
        tickets.start(
            title=_title(labels.TICKETS, month), subtitle=TICKETS_SUBTITLE, columns=TICKET_COLUMNS
        )
        reminders.start(
            title=_title(labels.REMINDERS, month),
            subtitle=OBLIGATIONS_SUBTITLE,
            columns=OBLIGATION_COLUMNS,
        )
        figures = await compute_monthly_figures(
            month,
            on_ticket=lambda row: tickets.append(ticket_values(row)),
            on_obligation=lambda row: reminders.append(obligation_values(row)),
            progress=progress,
        )
        for listing in (tickets, reminders):
            listing.note_if_empty()
            listing.finish()
        _write_tables(sheets, figures, gmina=settings.gmina_name)
        _describe(workbook, figures)
        await asyncio.to_thread(workbook.save, stream)
    except BaseException:
        _discard(workbook)
        raise
    return figures


def _write_tables(sheets: dict[str, SheetWriter], figures: MonthlyFigures, *, gmina: str) -> None:
    month = figures.month
    generated = sheets[labels.SUMMARY].local(figures.generated_at)
    subtitle = " · ".join(
        part for part in (gmina, f"sporządzono {generated:%d.%m.%Y %H:%M}") if part
    )
    write_summary(
        sheets[labels.SUMMARY],
        figures,
        f"{labels.WORKBOOK_TITLE} — {month.label()}",
        subtitle,
    )
    for name, write in (
        (labels.SCHOOLS, write_schools),
        (labels.CATEGORIES, write_categories),
        (labels.INVENTORY, write_inventory),
        (labels.HDR, write_hdr),
        (labels.INDICATORS, write_indicators),
        (labels.MEETINGS, write_meetings),
    ):
        write(sheets[name], figures, _title(name, month))


def _title(sheet: str, month: Month) -> str:
    return f"{sheet} — {month.label()}"


def _describe(workbook: Workbook, figures: MonthlyFigures) -> None:
    properties = workbook.properties
    properties.title = f"{labels.WORKBOOK_TITLE} — {figures.month.label()}"
    properties.creator = "hdr-desk"
    properties.created = figures.generated_at.astimezone(figures.zone).replace(tzinfo=None)


def _discard(workbook: Workbook) -> None:
    """Removes the temporary files of the sheets written so far."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()
