"""Monthly export at voivodeship scale: the workbook of a month of 100,000 tickets (with
their history events, and 20,000 assets in 1,000 schools), against a bare openpyxl
write-only dump of the very same cells, measured in the same run.

The data goes into a throw-away database (a fresh SQLite file, or a fresh database on the
PostgreSQL server of `--database-url`). Then, each in a child process of its own:

1. the product export (`core.export.write_monthly_workbook`, as `hdr-desk export monthly`
   runs it), timed around the call; its peak memory is the child's `ru_maxrss`
   (`resource.getrusage(RUSAGE_SELF)`, the whole process: interpreter, imports and all);
2. the baseline: the cell values of the workbook just written are read into memory, then
   only their writing to a write-only workbook, with no styles, charts or figures, is timed.

The two alternate `--repeat` times (3 by default) and the fastest run of each counts, so a
burst of other work on the machine during one run does not decide the figure. Prints the
time ratio (export / baseline) and the export's peak RSS; exits 1 when the target
(ratio <= 1.5, peak RSS < 300 MB) is missed.

From the repository root: `python -m benchmarks.export_scale [--tickets N] [--assets N]
[--repeat N] [--database-url postgres://user@host:5432/db]`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import clock, db
from core.export import Month, write_monthly_workbook
from core.inventory.profiles import install_requirement_profiles
from core.models import (
    Asset,
    AssetKind,
    AssetPurpose,
    Category,
    Channel,
    Priority,
    School,
    StorageType,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
)
from core.tickets.defaults import install_categories_and_sla_policies

TARGET_RATIO = 1.5
TARGET_PEAK_MB = 300
MONTH = Month(2026, 10)
NOW = dt.datetime(2026, 11, 17, 9, 0, tzinfo=dt.UTC)
"""The benchmark's clock: October 2026 is then last month, as on a real export day."""
SCHOOLS = 1000
BATCH = 5000


@dataclass(frozen=True)
class Outcome:
    tickets: int
    assets: int
    backend: str
    runs: int
    export_seconds: float
    baseline_seconds: float
    peak_mb: float
    cells: int

    def _runs_text(self) -> str:
        return f"fastest of {self.runs} runs each" if self.runs > 1 else "one run each"

    @property
    def ratio(self) -> float:
        return self.export_seconds / self.baseline_seconds

    @property
    def meets_target(self) -> bool:
        return self.ratio <= TARGET_RATIO and self.peak_mb < TARGET_PEAK_MB

    def report(self) -> str:
        verdict = "meets" if self.meets_target else "MISSES"
        return "\n".join(
            [
                f"monthly export: {self.tickets} tickets, {self.assets} assets, {SCHOOLS} "
                f"schools ({self.backend}); {self.cells} cells",
                f"export {self.export_seconds:.1f} s / bare openpyxl dump of the same cells "
                f"{self.baseline_seconds:.1f} s = ratio {self.ratio:.2f} ({self._runs_text()})",
                f"peak RSS of the export process: {self.peak_mb:.0f} MB (ru_maxrss)",
                f"{verdict} the target: ratio <= {TARGET_RATIO}, peak RSS < {TARGET_PEAK_MB} MB",
            ]
        )


async def seed(database_url: str, *, tickets: int, assets: int) -> None:
    """Schools, the shipped categories and profiles, and random but reproducible tickets
    of `MONTH` with the events the services record of them (created, answered, resolved),
    and assets."""
    await db.apply_migrations(database_url)
    rng = random.Random(2026)
    async with db.connected(database_url):
        await install_categories_and_sla_policies()
        await install_requirement_profiles()
        await School.bulk_create(
            [
                School(code=f"s{n}", name=f"Szkoła Podstawowa nr {n}", short_name=f"SP {n}")
                for n in range(1, SCHOOLS + 1)
            ]
        )
        school_ids = [school.id for school in await School.all()]
        category_ids = [category.id for category in await Category.all()]
        for first in range(0, tickets, BATCH):
            count = min(BATCH, tickets - first)
            await Ticket.bulk_create(
                [_ticket(first + n, rng, school_ids, category_ids) for n in range(count)]
            )
        await _seed_events()
        for first in range(0, assets, BATCH):
            count = min(BATCH, assets - first)
            await Asset.bulk_create([_asset(first + n, rng, school_ids) for n in range(count)])


def _ticket(n: int, rng: random.Random, schools: list[int], categories: list[int]) -> Ticket:
    start = dt.datetime(2026, 10, 1, 6, 0, tzinfo=dt.UTC)
    created = start + dt.timedelta(minutes=rng.randrange(30 * 24 * 60))
    responded = created + dt.timedelta(minutes=rng.randrange(10, 3000))
    resolved = responded + dt.timedelta(minutes=rng.randrange(30, 8000))
    is_responded, is_resolved = rng.random() < 0.9, rng.random() < 0.7
    title = rng.choice(
        ["Projektor w sali 12 nie działa", "Brak Wi-Fi w pokoju nauczycielskim",
         "=HYPERLINK(\"http://x\")", "Drukarka nie drukuje", "-nie działa e-dziennik"]
    )  # fmt: skip
    return Ticket(
        number=f"IT-2026-{n + 1:06d}",
        school_id=rng.choice(schools),
        category_id=rng.choice(categories),
        reporter_name=f"Nauczyciel {n % 5000}",
        channel=rng.choice(list(Channel)),
        priority=rng.choice(list(Priority)),
        status=TicketStatus.RESOLVED if is_resolved and is_responded else TicketStatus.ASSIGNED,
        title=title,
        description=title,
        created_at=created,
        updated_at=created,
        first_response_due_at=created + dt.timedelta(hours=4),
        resolution_due_at=created + dt.timedelta(days=3),
        first_response_at=responded if is_responded else None,
        resolved_at=resolved if is_responded and is_resolved else None,
        rating=rng.choice([None, 3, 4, 5]) if is_resolved else None,
    )


async def _seed_events() -> None:
    """Each ticket's history as the services write it: created, then a status change at
    the first response and at the resolution."""
    last_id = 0
    while stamps := (
        await Ticket.filter(id__gt=last_id)
        .order_by("id")
        .limit(BATCH)
        .values_list("id", "created_at", "first_response_at", "resolved_at")
    ):
        events = []
        for ticket_id, created, responded, resolved in stamps:
            events.append(_event(ticket_id, created, TicketEventKind.CREATED, TicketStatus.NEW))
            if responded is not None:
                events.append(
                    _event(
                        ticket_id,
                        responded,
                        TicketEventKind.STATUS_CHANGED,
                        TicketStatus.IN_PROGRESS,
                    )
                )
            if resolved is not None:
                events.append(
                    _event(
                        ticket_id, resolved, TicketEventKind.STATUS_CHANGED, TicketStatus.RESOLVED
                    )
                )
        await TicketEvent.bulk_create(events)
        last_id = stamps[-1][0]


def _event(
    ticket_id: int, at: dt.datetime, kind: TicketEventKind, status: TicketStatus
) -> TicketEvent:
    return TicketEvent(
        ticket_id=ticket_id, at=at, kind=kind, to_status=status, channel=Channel.WEB, text=""
    )


def _asset(n: int, rng: random.Random, schools: list[int]) -> Asset:
    kind = rng.choice([AssetKind.DESKTOP, AssetKind.DESKTOP, AssetKind.LAPTOP, AssetKind.PROJECTOR])
    return Asset(
        public_id=f"a{n}",
        school_id=rng.choice(schools),
        kind=kind,
        inventory_number=f"INV/{n}",
        purpose=rng.choice([AssetPurpose.PUPIL, AssetPurpose.TEACHER]),
        crossmark_score=rng.choice([None, 900, 1300]),
        ram_gb=rng.choice([4, 8, 16]),
        storage_gb=rng.choice([256, 512]),
        storage_type=rng.choice([StorageType.SSD, StorageType.HDD]),
        created_at=NOW,
        updated_at=NOW,
    )


async def export_in_this_process(database_url: str, out: Path) -> dict[str, float]:
    """The product export, as the command line runs it; what the child reports."""
    clock.install(clock.ManualClock(NOW))
    async with db.connected(database_url):
        started = time.perf_counter()
        await write_monthly_workbook(month=MONTH, target=out)
        seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mb": peak_kb / 1024}


def bare_dump_in_this_process(source: Path, out: Path) -> dict[str, float]:
    """Reads every cell value of `source`, then times writing them with nothing else."""
    from openpyxl import Workbook, load_workbook

    readable = load_workbook(source, read_only=True)
    sheets = [
        (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
        for sheet in readable.worksheets
    ]
    readable.close()
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(out)
    seconds = time.perf_counter() - started
    cells = sum(1 for _, rows in sheets for row in rows for value in row if value is not None)
    return {"seconds": seconds, "cells": cells}


def _child(*arguments: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.export_scale", *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    if result.returncode != 0:
        raise SystemExit(f"child {arguments[0]} failed:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def run(*, tickets: int, assets: int, repeat: int, server_url: str | None) -> Outcome:
    with tempfile.TemporaryDirectory() as folder:
        if server_url is None:
            database_url, backend = f"sqlite://{Path(folder) / 'export.sqlite3'}", "SQLite"
        else:
            database_url, backend = _throwaway_database(server_url), "PostgreSQL"
        try:
            asyncio.run(seed(database_url, tickets=tickets, assets=assets))
            product, bare = Path(folder) / "product.xlsx", Path(folder) / "bare.xlsx"
            exported, baseline = [], []
            for _ in range(repeat):
                exported.append(_child("--child-export", database_url, str(product)))
                baseline.append(_child("--child-bare", str(product), str(bare)))
        finally:
            if server_url is not None:
                asyncio.run(_admin(server_url, f"DROP DATABASE IF EXISTS {_name()} WITH (FORCE)"))
    return Outcome(
        tickets=tickets,
        assets=assets,
        backend=backend,
        runs=repeat,
        export_seconds=min(run["seconds"] for run in exported),
        baseline_seconds=min(run["seconds"] for run in baseline),
        peak_mb=max(run["peak_mb"] for run in exported),
        cells=int(baseline[-1]["cells"]),
    )


def _name() -> str:
    return f"hdr_desk_bench_{os.getpid()}"


def _throwaway_database(server_url: str) -> str:
    asyncio.run(_admin(server_url, f"DROP DATABASE IF EXISTS {_name()} WITH (FORCE)"))
    asyncio.run(_admin(server_url, f"CREATE DATABASE {_name()}"))
    return urlunsplit(urlsplit(server_url)._replace(path="/" + _name()))


async def _admin(server_url: str, statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(server_url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--assets", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (default 3)")
    parser.add_argument("--database-url", help="a PostgreSQL server to use instead of SQLite")
    parser.add_argument("--child-export", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-bare", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child_export:
        url, out = arguments.child_export
        print(json.dumps(asyncio.run(export_in_this_process(url, Path(out)))))
        return
    if arguments.child_bare:
        source, out = arguments.child_bare
        print(json.dumps(bare_dump_in_this_process(Path(source), Path(out))))
        return
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    outcome = run(
        tickets=arguments.tickets,
        assets=arguments.assets,
        repeat=arguments.repeat,
        server_url=arguments.database_url,
    )
    print(outcome.report())
    sys.exit(0 if outcome.meets_target else 1)


if __name__ == "__main__":
    main()
