"""Scheduler scale, two figures.

1. Planning: the reminder-planning tick (`core.obligations.reminders.plan_reminders`) with
   the same 100 obligations due within its window, beside 1,000 and then 1,000,000 future
   obligations that are not due yet, each in a fresh SQLite database. Prints the time ratio
   (large / small); the tick must cost what is due, not what exists: target <= 2.
2. Outbox throughput: N e-mail messages delivered by 1 and then by 3 `hdr-desk worker`
   processes sharing one PostgreSQL database (mail goes to a folder, so the figure is the
   outbox's claiming and recording, not a mail server's). Prints each rate and their ratio,
   and checks that every message was delivered exactly once.

From the repository root: `python -m benchmarks.scheduler_scale [--future N]
[--messages N] [--postgres URL]`; `--skip-workers` runs the planning part alone.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
from tortoise import Tortoise

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import clock, db
from core.models import Channel, ObligationKind, OutboxMessage, OutboxStatus, Role, School, User
from core.obligations.policies import install_default_policy
from core.obligations.reminders import plan_reminders

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SCHOOLS = 7
DUE_SOON = 100
PLANNING_TARGET = 2.0
INSERT_CHUNK = 10_000
# Tuesday 17 November 2026, 10:00 in Warsaw: a working day with no holiday near.
NOW = dt.datetime(2026, 11, 17, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


async def planning_tick_seconds(*, future: int) -> tuple[float, int]:
    """Seconds the planning tick takes with `future` not-yet-due obligations beside the
    due ones, and how many reminders it planned."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite://{Path(folder) / 'planning.sqlite3'}"
        await db.apply_migrations(url)
        async with db.connected(url):
            await _seed_obligations(future=future)
            previous = clock.install(clock.ManualClock(NOW))
            try:
                started = time.perf_counter()
                planned = await plan_reminders()
                seconds = time.perf_counter() - started
            finally:
                clock.install(previous)
    return seconds, planned


async def _seed_obligations(*, future: int) -> None:
    policy = await install_default_policy()
    schools = [
        await School.create(code=f"sp{n}", name=f"Szkoła {n}", short_name=f"SP {n}")
        for n in range(1, SCHOOLS + 1)
    ]
    for school in schools:
        await User.create(
            full_name=f"Dyrektor {school.code}",
            email=f"dyrektor.{school.code}@example.pl",
            role=Role.DIRECTOR,
            school=school,
        )
    today = NOW.date()
    rows = [
        (f"due-{n}", today + dt.timedelta(days=n % 3), schools[n % SCHOOLS].id)
        for n in range(DUE_SOON)
    ]
    # Not due: from two months to three years ahead, past any policy's longest offset.
    rows += [
        (f"future-{n}", today + dt.timedelta(days=60 + n % 1000), schools[n % SCHOOLS].id)
        for n in range(future)
    ]
    connection = Tortoise.get_connection("default")
    statement = (
        "INSERT INTO obligation (source_key, kind, title, description, legal_basis, school_id, "
        "assignee_role, due_date, status, policy_id, created_at) "
        "VALUES (?, ?, ?, '', '', ?, ?, ?, 'open', ?, ?)"
    )
    created_at = NOW.astimezone(dt.UTC).isoformat()
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start : start + INSERT_CHUNK]
        await connection.execute_many(
            statement,
            [
                [
                    key,
                    ObligationKind.MANUAL.value,
                    "Termin",
                    school_id,
                    Role.DIRECTOR.value,
                    due.isoformat(),
                    policy.id,
                    created_at,
                ]
                for key, due, school_id in chunk
            ],
        )


async def worker_throughput(*, server_url: str, messages: int, workers: int) -> tuple[float, int]:
    """Messages per second that `workers` worker processes deliver from one PostgreSQL
    outbox, and how many mail files they wrote (each message once: equal to `messages`)."""
    name = f"hdr_desk_scale_{os.getpid()}"
    admin = server_url.replace("postgres://", "postgresql://", 1)
    await _admin(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    await _admin(admin, f"CREATE DATABASE {name}")
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        await db.apply_migrations(url)
        with tempfile.TemporaryDirectory() as folder:
            processes = await _start_workers(url, Path(folder), workers)
            try:
                # Time for the workers to start and find the outbox empty.
                await asyncio.sleep(5)
                async with db.connected(url):
                    started = time.perf_counter()
                    await _queue_mail(messages)
                    await _all_sent(messages)
                    seconds = time.perf_counter() - started
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    await process.wait()
            files = len(list((Path(folder) / "data" / "mail").glob("*.eml")))
    finally:
        await _admin(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return messages / seconds, files


async def _all_sent(messages: int) -> None:
    sent = 0
    while sent < messages:
        await asyncio.sleep(0.05)
        sent = await OutboxMessage.filter(status=OutboxStatus.SENT).count()


async def _queue_mail(messages: int) -> None:
    now = clock.now()
    await OutboxMessage.bulk_create(
        [
            OutboxMessage(
                channel=Channel.EMAIL,
                address=f"dyrektor{n}@example.pl",
                subject="Przypomnienie: arkusz organizacji",
                body_text="Arkusz organizacji trzeba przekazać do 21 kwietnia.",
                next_attempt_at=now,
                created_at=now,
            )
            for n in range(messages)
        ],
        batch_size=1000,
    )


async def _start_workers(url: str, folder: Path, count: int) -> list[asyncio.subprocess.Process]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
    environment |= {"PYTHONPATH": str(PROJECT_ROOT), "HDR_DATABASE_URL": url}
    return [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "hdr_desk.cli",
            "worker",
            cwd=folder,
            env=environment,
            stderr=asyncio.subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


async def _admin(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--future", type=int, default=1_000_000, help="the large run's size")
    parser.add_argument("--messages", type=int, default=5_000, help="outbox messages to send")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-workers", action="store_true", help="planning figure only")
    arguments = parser.parse_args()

    small, planned_small = asyncio.run(planning_tick_seconds(future=1_000))
    large, planned_large = asyncio.run(planning_tick_seconds(future=arguments.future))
    ratio = large / small
    print(
        f"planning tick, {DUE_SOON} obligations due: {small * 1000:.0f} ms beside 1,000 "
        f"future, {large * 1000:.0f} ms beside {arguments.future:,} future; "
        f"ratio {ratio:.2f} (target <= {PLANNING_TARGET}); "
        f"reminders planned {planned_small} / {planned_large}"
    )
    ok = ratio <= PLANNING_TARGET and planned_small == planned_large
    if not arguments.skip_workers:
        one, files_one = asyncio.run(
            worker_throughput(server_url=arguments.postgres, messages=arguments.messages, workers=1)
        )
        three, files_three = asyncio.run(
            worker_throughput(server_url=arguments.postgres, messages=arguments.messages, workers=3)
        )
        print(
            f"outbox, {arguments.messages:,} e-mails on PostgreSQL: 1 worker {one:.0f} msg/s, "
            f"3 workers {three:.0f} msg/s; ratio {three / one:.2f}; "
            f"files written {files_one:,} / {files_three:,} (each message once: "
            f"{arguments.messages:,})"
        )
        ok = ok and files_one == files_three == arguments.messages
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
