"""Without an SMTP server, e-mails are written as .eml files into the mail folder."""

from __future__ import annotations

import logging
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from bot.email.files import MailFolderSender
from core.clock import ManualClock
from core.config import Settings
from core.models import Channel, OutboxMessage, OutboxStatus
from core.outbox import enqueue_message
from core.outbox.delivery import deliver_one

pytestmark = pytest.mark.usefixtures("database")

SENDER = "helpdesk@lubartow.example.pl"


def _folder_sender(data_dir: Path) -> MailFolderSender:
    settings = Settings(_env_file=None, data_dir=data_dir, mail_from=SENDER)  # type: ignore[call-arg]
    return MailFolderSender(settings)


async def _queue_mail(**fields: object) -> OutboxMessage:
    message = await enqueue_message(
        channel=Channel.EMAIL,
        address="dyrektor@sp1.example.pl",
        subject="[IT-2026-0001] Projektor w sali 12",
        body_text="Zgłoszenie zostało rozwiązane.",
        **fields,  # type: ignore[arg-type]
    )
    assert message is not None
    return message


async def test_a_mail_is_written_as_an_eml_file_with_its_headers(
    tmp_path: Path, now: ManualClock
) -> None:
    message = await _queue_mail()
    senders = {Channel.EMAIL: _folder_sender(tmp_path)}

    assert await deliver_one(senders, worker="test")

    [written] = (tmp_path / "mail").iterdir()
    email = message_from_bytes(written.read_bytes(), policy=policy.default)
    await message.refresh_from_db()
    assert (email["From"], email["To"], email["Subject"]) == (
        SENDER,
        "dyrektor@sp1.example.pl",
        "[IT-2026-0001] Projektor w sali 12",
    )
    assert email["Auto-Submitted"] == "auto-generated"
    text = email.get_body(preferencelist=("plain",))
    assert text is not None
    assert text.get_content().startswith("Zgłoszenie zostało rozwiązane.\n")
    assert (message.status, message.provider_message_id) == (OutboxStatus.SENT, email["Message-ID"])


async def test_a_folder_that_cannot_be_written_leaves_the_mail_for_a_retry(
    tmp_path: Path, now: ManualClock
) -> None:
    message = await _queue_mail()
    (tmp_path / "mail").write_text("a file where the folder should be")
    senders = {Channel.EMAIL: _folder_sender(tmp_path)}

    await deliver_one(senders, worker="test")

    await message.refresh_from_db()
    assert message.status is OutboxStatus.PENDING
    assert message.last_error.startswith("cannot write")


async def test_a_written_mail_is_logged_with_its_links_to_follow_without_mail(
    tmp_path: Path, now: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    link = "http://127.0.0.1:8000/odpowiedz/token"
    await _queue_mail(payload={"links": [{"label": "Zrobione", "url": link}]})
    caplog.set_level(logging.INFO, logger="bot.email.files")

    await deliver_one({Channel.EMAIL: _folder_sender(tmp_path)}, worker="test")

    [record] = caplog.records
    assert "[IT-2026-0001] Projektor w sali 12" in record.getMessage()
    assert link in record.getMessage()
