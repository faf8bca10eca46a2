"""The SLA watch: IT specialists are warned before a target is missed, coordinators are told
when it has been, each once, and only within working hours.

A normal ticket reported on Tuesday 17 November 2026 at 10:00 needs its first response in 4
business hours (by 14:00) and is near breach at 80% of that (13:12)."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clock
from core.models import Channel, OutboxMessage, Role, TicketStatus, User
from core.tickets import assign_ticket
from core.tickets.sla_watch import SlaWatchCounts, watch_sla
from tests.conftest import warsaw
from tests.core.tickets.conftest import Report
from tests.core.tickets.helpers import bring_to
from tests.factories import make_user


async def _sla_messages() -> list[OutboxMessage]:
    return await OutboxMessage.filter(dedupe_key__startswith="sla:").order_by("id")


async def _addresses() -> list[str]:
    return [message.address for message in await _sla_messages()]


@pytest.fixture
async def second_specialist(specialist: User) -> User:
    return await make_user(role=Role.IT, email="drugi.informatyk@gmina.example.pl")


async def test_before_a_first_response_is_missed_every_it_specialist_is_warned(
    report: Report, now: clock.ManualClock, specialist: User, second_specialist: User
) -> None:
    ticket = await report()
    now.set(warsaw(2026, 11, 17, 13, 15))

    counts = await watch_sla()

    assert counts.warnings == 2
    assert sorted(await _addresses()) == sorted([specialist.email, second_specialist.email])
    message = (await _sla_messages())[0]
    assert message.subject == f"[{ticket.number}] {ticket.title}"
    assert "17.11.2026 14:00" in message.body_text


async def test_a_warning_is_sent_once(
    report: Report, now: clock.ManualClock, specialist: User
) -> None:
    await report()
    now.set(warsaw(2026, 11, 17, 13, 15))
    await watch_sla()
    now.set(warsaw(2026, 11, 17, 13, 40))

    counts = await watch_sla()

    assert counts.warnings == 0
    assert await _addresses() == [specialist.email]


async def test_an_assigned_ticket_warns_only_its_assignee(
    report: Report, now: clock.ManualClock, specialist: User, second_specialist: User
) -> None:
    ticket = await report()
    await assign_ticket(ticket, assignee=specialist, actor=second_specialist, channel=Channel.WEB)
    now.set(warsaw(2026, 11, 19, 14, 0))

    await watch_sla()

    assert await _addresses() == [specialist.email]


async def test_nothing_is_said_while_the_target_is_comfortably_far(
    report: Report, now: clock.ManualClock, specialist: User
) -> None:
    await report()
    now.set(warsaw(2026, 11, 17, 12, 0))

    assert await watch_sla() == SlaWatchCounts()
    assert await _sla_messages() == []


async def test_a_missed_first_response_is_told_to_the_coordinator_once(
    report: Report, now: clock.ManualClock, specialist: User, coordinator: User
) -> None:
    await report()
    now.set(warsaw(2026, 11, 17, 14, 5))

    first = await watch_sla()
    second = await watch_sla()

    assert (first.breach_notices, second.breach_notices) == (1, 0)
    breach = [m for m in await _sla_messages() if m.recipient_id == coordinator.id]
    assert len(breach) == 1
    assert "14:00" in breach[0].body_text


async def test_a_breach_long_past_is_not_announced_as_news(
    report: Report, now: clock.ManualClock, coordinator: User
) -> None:
    await report()
    now.set(warsaw(2026, 11, 19, 14, 5))

    counts = await watch_sla()

    assert counts.breach_notices == 0


async def test_outside_working_hours_the_warning_waits_for_the_morning(
    report: Report, now: clock.ManualClock, specialist: User
) -> None:
    now.set(warsaw(2026, 11, 17, 12, 30))
    await report()
    now.set(warsaw(2026, 11, 17, 20, 0))
    assert (await watch_sla()).warnings == 0

    now.set(warsaw(2026, 11, 18, 8, 0))
    counts = await watch_sla()

    assert counts.warnings == 1


async def test_a_ticket_waiting_on_the_reporter_is_not_watched(
    report: Report, now: clock.ManualClock, specialist: User, coordinator: User
) -> None:
    ticket = await report()
    await bring_to(ticket, TicketStatus.WAITING_REPORTER, actor=specialist)
    now.advance(dt.timedelta(days=1))

    await watch_sla()

    assert await _sla_messages() == []


async def test_after_the_first_response_only_the_resolution_is_watched(
    report: Report, now: clock.ManualClock, specialist: User, coordinator: User
) -> None:
    ticket = await report()
    await bring_to(ticket, TicketStatus.IN_PROGRESS, actor=specialist)
    # 24 business hours from Tuesday 10:00 end on Friday 10:00; 80% of them are used on
    # Thursday at 13:12.
    now.set(warsaw(2026, 11, 19, 14, 0))

    await watch_sla()

    messages = await _sla_messages()
    assert [m.dedupe_key.split(":")[1] for m in messages if m.dedupe_key] == ["near-resolution"]
    assert "powinno zostać rozwiązane do 20.11.2026 10:00" in messages[0].body_text
