"""The monthly summary workbook goes to the coordinators by e-mail on the first working day
of the month, once, for the month before."""

from __future__ import annotations

import io
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import openpyxl
import pytest

from bot.email.files import MailFolderSender
from core import clock
from core.config import get_settings
from core.export.month import Month
from core.export.monthly_mail import send_monthly_summary
from core.models import Channel, OutboxMessage, Role, User
from core.outbox.delivery import deliver_one
from tests.conftest import warsaw
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("data_dir")


async def _summaries() -> list[OutboxMessage]:
    return await OutboxMessage.filter(dedupe_key__startswith="monthly-summary:").order_by("id")


async def test_on_the_first_working_day_the_coordinator_is_mailed_last_months_workbook(
    coordinator: User, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 12, 1, 8, 30))

    sent = await send_monthly_summary()

    [message] = await _summaries()
    assert sent == Month(2026, 11)
    assert (message.channel, message.address) == (Channel.EMAIL, coordinator.email)
    assert message.payload["attachments"][0]["filename"] == "zestawienie-2026-11.xlsx"


async def test_the_workbook_is_sent_once(coordinator: User, now: clock.ManualClock) -> None:
    now.set(warsaw(2026, 12, 1, 8, 30))
    await send_monthly_summary()
    now.set(warsaw(2026, 12, 1, 9, 0))

    assert await send_monthly_summary() is None
    assert len(await _summaries()) == 1


async def test_nothing_goes_out_before_working_hours(
    coordinator: User, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 12, 1, 6, 0))

    assert await send_monthly_summary() is None
    assert await _summaries() == []


async def test_after_new_year_and_a_weekend_it_waits_for_the_first_working_day(
    coordinator: User, now: clock.ManualClock
) -> None:
    # 1 January 2027 is a holiday on a Friday; the first working day is Monday the 4th.
    now.set(warsaw(2027, 1, 1, 10, 0))
    assert await send_monthly_summary() is None

    now.set(warsaw(2027, 1, 4, 8, 0))

    assert await send_monthly_summary() == Month(2026, 12)


async def test_a_worker_down_on_the_first_working_day_sends_the_next_morning(
    coordinator: User, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 12, 2, 8, 0))

    assert await send_monthly_summary() == Month(2026, 11)


async def test_every_active_coordinator_with_an_address_gets_it(
    coordinator: User, now: clock.ManualClock
) -> None:
    second = await make_user(role=Role.COORDINATOR, email="zastepca@gmina.example.pl")
    await make_user(role=Role.COORDINATOR, email="byly@gmina.example.pl", is_active=False)
    await make_user(role=Role.DIRECTOR, email="dyrektor@sp1.example.pl")
    now.set(warsaw(2026, 12, 1, 8, 30))

    await send_monthly_summary()

    assert {m.address for m in await _summaries()} == {coordinator.email, second.email}


def _written_mails() -> list[EmailMessage]:
    return [
        BytesParser(EmailMessage, policy=policy.default).parsebytes(path.read_bytes())
        for path in Path(get_settings().mail_dir).glob("*.eml")
    ]


async def test_the_mail_carries_a_workbook_that_opens(
    coordinator: User, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 12, 1, 8, 30))
    await send_monthly_summary()

    await deliver_one({Channel.EMAIL: MailFolderSender(get_settings())}, worker="test")

    [mail] = _written_mails()
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "zestawienie-2026-11.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(attachment.get_content()), read_only=True)
    assert "Podsumowanie" in workbook.sheetnames
