"""Several `hdr-desk worker` processes on one PostgreSQL database share the outbox: each
message reaches its chat once."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from core.models import Channel, OutboxMessage, OutboxStatus
from core.outbox import enqueue_message
from tests.telegram.fakebot import FakeBotApi

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MESSAGES = 300
WORKERS = 3
FIRST_CHAT_ID = 810_000


async def _all_received(api: FakeBotApi, chat_ids: list[int], seconds: float = 90) -> None:
    for _ in range(int(seconds / 0.2)):
        if all(api.sent(chat_id) for chat_id in chat_ids):
            return
        await asyncio.sleep(0.2)


# SQLite is served by one process (`serve`); sharing the outbox between processes is what
# PostgreSQL is for.
@pytest.mark.parametrize("database", ["postgres"], indirect=True)
async def test_three_workers_deliver_every_message_once(database: str, tmp_path: Path) -> None:
    async with FakeBotApi() as api:
        chat_ids = [api.user(FIRST_CHAT_ID + n).chat_id for n in range(MESSAGES)]
        for chat_id in chat_ids:
            await enqueue_message(
                channel=Channel.TELEGRAM, address=str(chat_id), body_text=f"Termin {chat_id}"
            )
        environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
        environment |= {
            "PYTHONPATH": str(PROJECT_ROOT),
            "HDR_DATABASE_URL": database,
            "HDR_TELEGRAM_TOKEN": api.token,
            "HDR_TELEGRAM_API_URL": api.base_url,
        }
        workers = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-m", "hdr_desk.cli", "worker", cwd=tmp_path, env=environment
            )
            for _ in range(WORKERS)
        ]
        try:
            await _all_received(api, chat_ids)
            # Time for a message sent twice to arrive twice.
            await asyncio.sleep(2)
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                await asyncio.wait_for(worker.wait(), timeout=30)
        received = {chat_id: len(api.sent(chat_id)) for chat_id in chat_ids}

    assert set(received.values()) == {1}
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == MESSAGES
