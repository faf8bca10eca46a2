"""A worker killed with SIGKILL in the middle of a batch loses nothing: a restarted worker
delivers the rest, and what the dead one had claimed is sent once its lease runs out. Only a
message sent but not yet recorded at the kill can arrive twice, so duplicates are bounded by
the messages in flight."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from core.models import Channel, OutboxMessage, OutboxStatus
from core.outbox import enqueue_message
from scheduler.jobs import DELIVERY_LANES
from tests.telegram.fakebot import FakeBotApi

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MESSAGES = 1_000
KILL_AFTER = 300
LEASE_SECONDS = 5
FIRST_CHAT_ID = 820_000


async def _until(condition: Callable[[], bool], *, seconds: float) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"not reached within {seconds} s")


async def _start_worker(database: str, api: FakeBotApi, folder: Path) -> asyncio.subprocess.Process:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
    environment |= {
        "PYTHONPATH": str(PROJECT_ROOT),
        "HDR_DATABASE_URL": database,
        "HDR_TELEGRAM_TOKEN": api.token,
        "HDR_TELEGRAM_API_URL": api.base_url,
        "HDR_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hdr_desk.cli", "worker", cwd=folder, env=environment
    )


@pytest.mark.usefixtures("data_dir")
async def test_a_worker_killed_mid_batch_is_restarted_and_every_message_arrives(
    database: str, tmp_path: Path
) -> None:
    async with FakeBotApi() as api:
        chat_ids = [api.user(FIRST_CHAT_ID + n).chat_id for n in range(MESSAGES)]
        for chat_id in chat_ids:
            await enqueue_message(
                channel=Channel.TELEGRAM, address=str(chat_id), body_text=f"Termin {chat_id}"
            )

        def delivered() -> int:
            return sum(1 for chat_id in chat_ids if api.sent(chat_id))

        first = await _start_worker(database, api, tmp_path)
        await _until(lambda: delivered() >= KILL_AFTER, seconds=120)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        delivered_before_restart = delivered()

        second = await _start_worker(database, api, tmp_path)
        try:
            await _until(lambda: delivered() == MESSAGES, seconds=180)
            # Time for a message sent twice to arrive twice.
            await asyncio.sleep(2)
        finally:
            second.terminate()
            await asyncio.wait_for(second.wait(), timeout=30)
        arrivals = sum(len(api.sent(chat_id)) for chat_id in chat_ids)

    assert delivered_before_restart < MESSAGES, "the kill came after the batch had finished"
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == MESSAGES
    assert arrivals - MESSAGES <= DELIVERY_LANES
