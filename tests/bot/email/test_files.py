"""Without an SMTP server, e-mails are written as .eml files into the mail folder."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest

from bot.email.files import MailFolderSender
from core.clock import ManualClock
from core.models import Channel, OutboxMessage, OutboxStatus
from core.outbox import enqueue_message
from core.outbox.delivery import deliver_one

pytestmark = pytest.mark.usefixtures("database")

SENDER = "helpdesk@lubartow.example.pl"


async def _queue_mail() -> OutboxMessage:
    message = await enqueue_message(
        channel=Channel.EMAIL,
        address="dyrektor@sp1.example.pl",
        subject="[IT-2026-0001] Projektor w sali 12",
        body_text="Zgłoszenie zostało rozwiązane.",
    )
    assert message is not None
    return message


async def test_a_mail_is_written_as_an_eml_file_with_its_headers(
    tmp_path: Path, now: ManualClock
) -> None:
    message = await _queue_mail()
    senders = {Channel.EMAIL: MailFolderSender(tmp_path / "mail", sender=SENDER)}

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
    assert email.get_content().strip() == "Zgłoszenie zostało rozwiązane."
    assert (message.status, message.provider_message_id) == (OutboxStatus.SENT, email["Message-ID"])


async def test_a_folder_that_cannot_be_written_leaves_the_mail_for_a_retry(
    tmp_path: Path, now: ManualClock
) -> None:
    message = await _queue_mail()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    senders = {Channel.EMAIL: MailFolderSender(blocked, sender=SENDER)}

    await deliver_one(senders, worker="test")

    await message.refresh_from_db()
    assert message.status is OutboxStatus.PENDING
    assert message.last_error.startswith("cannot write")
