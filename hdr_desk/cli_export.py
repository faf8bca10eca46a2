"""`hdr-desk export monthly`: the coordinator's monthly summary workbook from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from core.errors import InvalidInput
from core.export import Month, default_month, write_monthly_workbook
from hdr_desk.runtime import fail, run_with_database, settings_or_exit

export_app = typer.Typer(help="Exports for the coordinator.", no_args_is_help=True)


class _TicketProgress:
    """A progress bar on standard error for the ticket listing, shown once the number of
    tickets is known (standard output stays for the result line)."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = typer.progressbar(length=total, label="Zgłoszenia", file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


@export_app.command("monthly")
def monthly(
    out: Annotated[Path, typer.Option("--out", help="Where to write the .xlsx workbook.")],
    month: Annotated[
        str | None,
        typer.Option("--month", help="The month as YYYY-MM; by default the last full month."),
    ] = None,
) -> None:
    """Write the monthly summary workbook (summary, tickets, schools, categories, inventory,
    HDR, indicators, meetings, reminders) for one month."""
    settings = settings_or_exit()
    try:
        chosen = Month.parse(month) if month is not None else None
    except InvalidInput as refused:
        fail(refused.translated(settings.locale))
    if out.is_dir():
        fail(f"Cannot write {out}: it is a folder.")
    progress = _TicketProgress()

    async def export() -> Month:
        target_month = chosen or default_month()
        await write_monthly_workbook(month=target_month, target=out, progress=progress)
        return target_month

    try:
        written = run_with_database(export)
    except OSError as error:
        fail(f"Cannot write {out}: {error.strerror or error}.")
    finally:
        progress.close()
    typer.echo(f"Written {out} ({written}).")
