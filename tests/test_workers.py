"""Several `hdr-desk worker` processes on one PostgreSQL database share the outbox: each
message goes out once."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from collections.abc import Callable
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from core import clock
from core.models import Channel, OutboxMessage, OutboxStatus
from core.outbox import enqueue_message
from tests.telegram.fakebot import FakeBotApi

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TELEGRAM_MESSAGES = 300
MAIL_MESSAGES = 5_000
WORKERS = 3
FIRST_CHAT_ID = 810_000

# SQLite is served by one process (`serve`); sharing the outbox between processes is what
# PostgreSQL is for.
pytestmark = pytest.mark.parametrize("database", ["postgres"], indirect=True)


async def _until(condition: Callable[[], bool], *, seconds: float) -> None:
    for _ in range(int(seconds / 0.2)):
        if condition():
            return
        await asyncio.sleep(0.2)


async def _start_workers(
    folder: Path, settings: dict[str, str]
) -> list[asyncio.subprocess.Process]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
    environment |= {"PYTHONPATH": str(PROJECT_ROOT)} | settings
    return [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hdr_desk.cli", "worker", cwd=folder, env=environment
        )
        for _ in range(WORKERS)
    ]


async def _stop(workers: list[asyncio.subprocess.Process]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        await asyncio.wait_for(worker.wait(), timeout=30)


async def test_three_workers_deliver_every_telegram_message_once(
    database: str, tmp_path: Path
) -> None:
    async with FakeBotApi() as api:
        chat_ids = [api.user(FIRST_CHAT_ID + n).chat_id for n in range(TELEGRAM_MESSAGES)]
        for chat_id in chat_ids:
            await enqueue_message(
                channel=Channel.TELEGRAM, address=str(chat_id), body_text=f"Termin {chat_id}"
            )
        workers = await _start_workers(
            tmp_path,
            {
                "HDR_DATABASE_URL": database,
                "HDR_TELEGRAM_TOKEN": api.token,
                "HDR_TELEGRAM_API_URL": api.base_url,
            },
        )
        try:
            await _until(lambda: all(api.sent(chat_id) for chat_id in chat_ids), seconds=90)
            # Time for a message sent twice to arrive twice.
            await asyncio.sleep(2)
        finally:
            await _stop(workers)
        received = {chat_id: len(api.sent(chat_id)) for chat_id in chat_ids}

    assert set(received.values()) == {1}
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == TELEGRAM_MESSAGES


def _recipients_of_written_mail(folder: Path) -> Counter[str]:
    parser = BytesParser(policy=policy.default)
    return Counter(str(parser.parsebytes(path.read_bytes())["To"]) for path in folder.glob("*.eml"))


async def test_three_workers_dispatch_five_thousand_mails_with_no_duplicate(
    database: str, tmp_path: Path
) -> None:
    now = clock.now()
    await OutboxMessage.bulk_create(
        [
            OutboxMessage(
                channel=Channel.EMAIL,
                address=f"dyrektor{n}@szkola.example.pl",
                subject="Przypomnienie",
                body_text="Arkusz organizacji do 21 kwietnia.",
                next_attempt_at=now,
                created_at=now,
            )
            for n in range(MAIL_MESSAGES)
        ],
        batch_size=1000,
    )
    workers = await _start_workers(tmp_path, {"HDR_DATABASE_URL": database})
    sent = 0
    try:
        for _ in range(600):
            sent = await OutboxMessage.filter(status=OutboxStatus.SENT).count()
            if sent == MAIL_MESSAGES:
                break
            await asyncio.sleep(0.5)
    finally:
        await _stop(workers)

    recipients = _recipients_of_written_mail(tmp_path / "data" / "mail")
    assert sent == MAIL_MESSAGES
    assert len(recipients) == MAIL_MESSAGES
    assert set(recipients.values()) == {1}
