"""Each message is taken in exactly once: across readers that stop half-way through a
batch, a mail server that forgets our flags, and a server that goes away and comes back."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.email.imap import (
    PROCESSED_KEYWORD,
    MailboxReader,
    MailboxUnavailable,
    mailbox_reading,
)
from core import clock
from core.config import get_settings
from core.models import Category, InboundMessage, InboundOutcome, Ticket, User
from tests.bot.email.dovecot import Dovecot
from tests.factories import make_category
from tests.mail_builders import raw_mail

pytestmark = pytest.mark.usefixtures("data_dir")

FAST_RETRIES = (0.05, 0.1, 0.2)


@pytest.fixture
async def other_category(database: str) -> Category:
    return await make_category(code="other", name_pl="Inne", name_en="Other")


def deliver_reports(mailbox: Dovecot, teacher: User, count: int) -> list[int]:
    return [
        mailbox.append(raw_mail(sender=teacher.email or "", subject=f"Awaria {n}"))
        for n in range(1, count + 1)
    ]


async def eventually(condition: Callable[[], Awaitable[bool]], *, within: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await condition():
        assert loop.time() < deadline, "the condition did not come true in time"
        await asyncio.sleep(0.05)


async def records_count_reaches(count: int) -> bool:
    return await InboundMessage.all().count() >= count


async def assert_each_taken_in_once(uids: list[int]) -> None:
    records = await InboundMessage.all().order_by("uid")
    assert [record.uid for record in records] == uids
    assert {record.outcome for record in records} == {InboundOutcome.NEW_TICKET}
    titles = sorted(ticket.title for ticket in await Ticket.all())
    assert titles == sorted(f"Awaria {n}" for n in range(1, len(uids) + 1))


async def test_a_reader_stopped_part_way_through_a_batch_leaves_the_rest_to_the_next(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    uids = deliver_reports(helpdesk_mailbox, teacher, 7)

    assert await MailboxReader(helpdesk_mailbox.url).read_once(limit=3) == 3
    assert await MailboxReader(helpdesk_mailbox.url).read_once() == 4
    assert await MailboxReader(helpdesk_mailbox.url).read_once() == 0

    await assert_each_taken_in_once(uids)
    assert all(PROCESSED_KEYWORD in helpdesk_mailbox.flags(uid) for uid in uids)


async def test_a_running_reader_told_to_stop_mid_batch_loses_and_repeats_nothing(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    uids = deliver_reports(helpdesk_mailbox, teacher, 12)
    stop = asyncio.Event()
    running = asyncio.create_task(MailboxReader(helpdesk_mailbox.url).run(stop))

    await eventually(lambda: records_count_reaches(2))
    stop.set()
    await asyncio.wait_for(running, 10)
    taken_by_the_first = await InboundMessage.all().count()
    await MailboxReader(helpdesk_mailbox.url).read_once()

    assert taken_by_the_first < len(uids)
    await assert_each_taken_in_once(uids)


async def test_a_message_recorded_whose_flags_were_lost_is_not_taken_in_again(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    [uid] = deliver_reports(helpdesk_mailbox, teacher, 1)
    await MailboxReader(helpdesk_mailbox.url).read_once()
    # As after a crash between the database's commit and the flags reaching the server.
    helpdesk_mailbox.remove_flags(uid, f"\\Seen {PROCESSED_KEYWORD}")

    assert await MailboxReader(helpdesk_mailbox.url).read_once() == 0

    assert await Ticket.all().count() == 1


async def test_the_reader_comes_back_when_the_server_goes_away_and_returns(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    stop = asyncio.Event()
    reader = MailboxReader(helpdesk_mailbox.url, command_timeout=5, retry_delays=FAST_RETRIES)
    running = asyncio.create_task(reader.run(stop))
    first = deliver_reports(helpdesk_mailbox, teacher, 1)
    await eventually(lambda: records_count_reaches(1))

    await asyncio.to_thread(helpdesk_mailbox.stop)
    await asyncio.sleep(0.5)  # the reader fails to reconnect a few times meanwhile
    await asyncio.to_thread(helpdesk_mailbox.start)
    second = helpdesk_mailbox.append(raw_mail(sender=teacher.email or "", subject="Awaria 2"))
    await eventually(lambda: records_count_reaches(2))
    stop.set()
    await asyncio.wait_for(running, 10)

    await assert_each_taken_in_once([*first, second])


async def test_a_server_down_at_start_is_waited_for(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    uids = deliver_reports(helpdesk_mailbox, teacher, 1)
    await asyncio.to_thread(helpdesk_mailbox.stop)
    stop = asyncio.Event()
    reader = MailboxReader(helpdesk_mailbox.url, command_timeout=5, retry_delays=FAST_RETRIES)
    running = asyncio.create_task(reader.run(stop))

    await asyncio.sleep(0.3)
    await asyncio.to_thread(helpdesk_mailbox.start)
    await eventually(lambda: records_count_reaches(1))
    stop.set()
    await asyncio.wait_for(running, 10)

    await assert_each_taken_in_once(uids)


async def test_new_mail_wakes_an_idle_reader(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    stop = asyncio.Event()
    # Renewing IDLE only every 10 minutes: the message can only be seen through IDLE.
    reader = MailboxReader(helpdesk_mailbox.url, idle_seconds=600)
    running = asyncio.create_task(reader.run(stop))
    await asyncio.sleep(0.5)

    uids = deliver_reports(helpdesk_mailbox, teacher, 1)
    await eventually(lambda: records_count_reaches(1), within=10)
    stop.set()
    await asyncio.wait_for(running, 10)

    await assert_each_taken_in_once(uids)


async def test_reading_a_stopped_server_once_says_it_is_unavailable(
    helpdesk_mailbox: Dovecot, database: str
) -> None:
    await asyncio.to_thread(helpdesk_mailbox.stop)

    with pytest.raises(MailboxUnavailable, match="connect"):
        await MailboxReader(helpdesk_mailbox.url, command_timeout=5).read_once()


async def test_a_wrong_password_is_reported_as_a_refused_login(
    helpdesk_mailbox: Dovecot, database: str
) -> None:
    url = helpdesk_mailbox.url.replace(":sekret-testowy@", ":zle-haslo@")

    with pytest.raises(MailboxUnavailable, match="login refused"):
        await MailboxReader(url, command_timeout=5).read_once()


async def test_the_mailbox_is_read_in_the_background_while_the_block_runs(
    helpdesk_mailbox: Dovecot, teacher: User, other_category: Category, now: clock.ManualClock
) -> None:
    async with mailbox_reading(get_settings()) as reader:
        assert reader is not None
        uids = deliver_reports(helpdesk_mailbox, teacher, 1)
        await eventually(lambda: records_count_reaches(1))

    await assert_each_taken_in_once(uids)


async def test_without_a_mailbox_url_nothing_is_read(
    monkeypatch: pytest.MonkeyPatch, database: str
) -> None:
    monkeypatch.setattr(get_settings(), "imap_url", None)

    async with mailbox_reading(get_settings()) as reader:
        assert reader is None
