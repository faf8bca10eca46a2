"""`hdr-desk serve` as an operator runs it: a real process with web and, given a token,
the bot on one event loop."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from tests.telegram.fakebot import FakeBotApi

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _wait_until_healthy(url: str, process: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient() as client, asyncio.timeout(60):
        while True:
            if process.returncode is not None:
                pytest.fail(f"serve exited early with {process.returncode}")
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)


@asynccontextmanager
async def serving(workdir: Path, **env: str) -> AsyncIterator[str]:
    """`hdr-desk serve` in `workdir` on a free port; yields its base URL once healthy."""
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
    environment |= {"PYTHONPATH": str(PROJECT_ROOT), "HDR_WEB_PORT": str(port), **env}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hdr_desk.cli", "serve", cwd=workdir, env=environment
    )
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=30)


async def test_served_web_reaches_its_database(tmp_path: Path) -> None:
    async with serving(tmp_path) as url, httpx.AsyncClient(base_url=url) as client:
        health = await client.get("/healthz")
        landing = await client.get("/")

    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert landing.status_code == 200


async def test_serve_with_a_token_also_answers_in_telegram(tmp_path: Path) -> None:
    async with FakeBotApi() as api:
        stranger = api.user(700300)
        env = {"HDR_TELEGRAM_TOKEN": api.token, "HDR_TELEGRAM_API_URL": api.base_url}
        async with serving(tmp_path, **env):
            await stranger.send("Dzień dobry")
            [reply] = await api.wait_for_sent(stranger.chat_id, timeout=20)

    assert reply["text"].startswith("Ten bot obsługuje szkoły gminy.")
