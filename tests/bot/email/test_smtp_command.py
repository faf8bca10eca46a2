"""`hdr-desk` with `HDR_SMTP_HOST` set sends the outbox's e-mail through that SMTP server,
a real process against a real server."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from core import db
from core.models import Channel
from core.outbox import enqueue_message
from tests.bot.email.smtpserver import HOST, SmtpServer

PROJECT_ROOT = Path(__file__).resolve().parents[3]


async def _hdr_desk(workdir: Path, *args: str, **env: str) -> tuple[int, str]:
    """Runs `hdr-desk ARGS` in `workdir` with only the `HDR_*` settings given; returns its
    exit code and what it wrote to standard error."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
    environment |= {"PYTHONPATH": str(PROJECT_ROOT), **env}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "hdr_desk.cli",
        *args,
        cwd=workdir,
        env=environment,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    return process.returncode or 0, stderr.decode()


async def test_the_delivery_job_sends_through_the_configured_smtp_server(tmp_path: Path) -> None:
    database_url = f"sqlite://{tmp_path / 'hdr-desk.sqlite3'}"
    await db.apply_migrations(database_url)
    async with db.connected(database_url):
        await enqueue_message(
            channel=Channel.EMAIL,
            address="dyrektor@sp1.example.pl",
            subject="Przypomnienie: arkusz organizacji",
            body_text="Termin: 21.04.2027",
        )

    with SmtpServer() as server:
        exit_code, errors = await _hdr_desk(
            tmp_path,
            "jobs",
            "run",
            "deliver-outbox",
            HDR_DATABASE_URL=database_url,
            HDR_SMTP_HOST=HOST,
            HDR_SMTP_PORT=str(server.port),
            HDR_MAIL_FROM="helpdesk@lubartow.example.pl",
        )

    assert exit_code == 0, errors
    [received] = server.received
    assert received.recipients == ["dyrektor@sp1.example.pl"]
    assert received.email["Subject"] == "Przypomnienie: arkusz organizacji"
    assert server.quits == 1
    assert not (tmp_path / "data" / "mail").exists()
