"""`hdr-desk serve` as an operator runs it: a real process with web and, given a token,
the bot on one event loop."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from core import db
from core.models import Channel
from core.outbox import enqueue_message
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
    """`hdr-desk serve` in `workdir` on a free port, logging to `workdir/serve.log`; yields
    its base URL once healthy."""
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
    environment |= {"PYTHONPATH": str(PROJECT_ROOT), "HDR_WEB_PORT": str(port), **env}
    with (workdir / "serve.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hdr_desk.cli", "serve", cwd=workdir, env=environment, stderr=log
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
    assert api.token not in (tmp_path / "serve.log").read_text()
    [menu] = api.calls_to("setMyCommands")
    assert [command["command"] for command in menu["commands"]] == [
        "zglos",
        "moje",
        "anuluj",
        "pomoc",
    ]


async def test_serve_in_webhook_mode_registers_the_webhook_and_answers_what_is_posted(
    tmp_path: Path,
) -> None:
    secret = "webhook-secret-0123456789"
    async with FakeBotApi() as api:
        stranger = api.user(700301)
        env = {
            "HDR_TELEGRAM_TOKEN": api.token,
            "HDR_TELEGRAM_API_URL": api.base_url,
            "HDR_TELEGRAM_MODE": "webhook",
            "HDR_TELEGRAM_WEBHOOK_SECRET": secret,
            "HDR_BASE_URL": "https://desk.example.pl",
        }
        async with serving(tmp_path, **env) as url, httpx.AsyncClient(base_url=url) as client:
            update = {"update_id": 1, "message": await stranger.send("Dzień dobry")}
            response = await client.post(
                "/telegram/webhook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            )
            [reply] = await api.wait_for_sent(stranger.chat_id, timeout=20)

    assert api.webhook["url"] == "https://desk.example.pl/telegram/webhook"
    assert response.status_code == 200
    assert reply["text"].startswith("Ten bot obsługuje szkoły gminy.")


def test_the_bot_alone_refuses_webhook_mode_and_points_to_serve(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
    environment |= {
        "PYTHONPATH": str(PROJECT_ROOT),
        "HDR_TELEGRAM_TOKEN": "123456:TEST-TOKEN",
        "HDR_TELEGRAM_MODE": "webhook",
        "HDR_TELEGRAM_WEBHOOK_SECRET": "webhook-secret-0123456789",
    }

    result = subprocess.run(
        [sys.executable, "-m", "hdr_desk.cli", "bot"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 2
    assert "run `hdr-desk serve`" in result.stderr
    assert not (tmp_path / "data").exists()


async def test_serve_delivers_what_the_outbox_holds(tmp_path: Path) -> None:
    async with FakeBotApi() as api:
        director = api.user(700302)
        env = {"HDR_TELEGRAM_TOKEN": api.token, "HDR_TELEGRAM_API_URL": api.base_url}
        async with serving(tmp_path, **env):
            async with db.connected(f"sqlite://{tmp_path / 'data' / 'hdr-desk.sqlite3'}"):
                await enqueue_message(
                    channel=Channel.TELEGRAM,
                    address=str(director.chat_id),
                    body_text="Przypomnienie: arkusz organizacji do 21 kwietnia.",
                )
            [message] = await api.wait_for_sent(director.chat_id, timeout=20)

    assert message["text"] == "Przypomnienie: arkusz organizacji do 21 kwietnia."


async def test_serve_without_smtp_writes_mail_into_the_mail_folder(tmp_path: Path) -> None:
    async with serving(tmp_path):
        async with db.connected(f"sqlite://{tmp_path / 'data' / 'hdr-desk.sqlite3'}"):
            await enqueue_message(
                channel=Channel.EMAIL,
                address="dyrektor@sp1.example.pl",
                subject="Przypomnienie: arkusz organizacji",
                body_text="Termin: 21 kwietnia.",
            )
        written = await _first_file(tmp_path / "data" / "mail", "*.eml")

    assert written is not None
    assert b"Subject: Przypomnienie: arkusz organizacji" in written.read_bytes()
    log = (tmp_path / "serve.log").read_text()
    assert "Mail to dyrektor@sp1.example.pl" in log
    assert "Przypomnienie: arkusz organizacji" in log


async def _first_file(folder: Path, pattern: str, seconds: float = 20) -> Path | None:
    """The first file matching `pattern` that another process writes into `folder`."""
    for _ in range(int(seconds / 0.2)):
        if found := await asyncio.to_thread(_files, folder, pattern):
            return found[0]
        await asyncio.sleep(0.2)
    return None


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern))


async def test_a_worker_alone_delivers_what_the_outbox_holds(tmp_path: Path) -> None:
    database_url = f"sqlite://{tmp_path / 'data' / 'hdr-desk.sqlite3'}"
    (tmp_path / "data").mkdir()
    await db.apply_migrations(database_url)
    async with FakeBotApi() as api:
        director = api.user(700303)
        async with db.connected(database_url):
            await enqueue_message(
                channel=Channel.TELEGRAM, address=str(director.chat_id), body_text="Termin"
            )
        environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
        environment |= {
            "PYTHONPATH": str(PROJECT_ROOT),
            "HDR_TELEGRAM_TOKEN": api.token,
            "HDR_TELEGRAM_API_URL": api.base_url,
        }
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hdr_desk.cli", "worker", cwd=tmp_path, env=environment
        )
        try:
            [message] = await api.wait_for_sent(director.chat_id, timeout=30)
        finally:
            worker.terminate()
            await asyncio.wait_for(worker.wait(), timeout=30)

    assert message["text"] == "Termin"
    assert worker.returncode == 0
