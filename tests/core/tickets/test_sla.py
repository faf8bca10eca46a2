"""SLA due times in business hours (Mon–Fri 08:00–16:00 Warsaw, Polish holidays off), the
pause while waiting, reopening, priority changes, and where a ticket's targets stand."""

from __future__ import annotations

from datetime import timedelta

from core import clock
from core.models import Channel, Priority, SlaPolicy, Ticket, TicketStatus, User
from core.tickets import (
    SlaStatus,
    add_comment,
    change_priority,
    change_status,
    reopen_ticket,
    sla_state,
)
from tests.conftest import warsaw
from tests.core.tickets.conftest import Report

WEB = Channel.WEB


async def _move(ticket: Ticket, to: TicketStatus, *, actor: User) -> Ticket:
    return await change_status(ticket, to=to, actor=actor, channel=WEB)


async def _stored(ticket: Ticket) -> Ticket:
    return await Ticket.get(id=ticket.id)


# Due times at creation


async def test_a_normal_ticket_on_friday_afternoon_is_due_after_the_weekend(
    report: Report, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 11, 20, 15, 0))

    ticket = await _stored(await report(priority=Priority.NORMAL))

    assert ticket.first_response_due_at == warsaw(2026, 11, 23, 11, 0)
    assert ticket.resolution_due_at == warsaw(2026, 11, 25, 15, 0)


async def test_independence_day_does_not_count(report: Report, now: clock.ManualClock) -> None:
    now.set(warsaw(2026, 11, 10, 14, 0))  # Tuesday; Wednesday 11 November is a holiday

    ticket = await _stored(await report(priority=Priority.NORMAL))

    assert ticket.first_response_due_at == warsaw(2026, 11, 12, 10, 0)


async def test_easter_monday_does_not_count(report: Report, now: clock.ManualClock) -> None:
    now.set(warsaw(2026, 4, 3, 15, 0))  # Good Friday is a working day; Easter Monday is not

    ticket = await _stored(await report(priority=Priority.HIGH))

    assert ticket.first_response_due_at == warsaw(2026, 4, 7, 9, 0)
    assert ticket.resolution_due_at == warsaw(2026, 4, 7, 15, 0)


async def test_a_ticket_reported_in_the_evening_starts_its_clock_next_morning(
    report: Report, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 11, 17, 19, 0))

    ticket = await _stored(await report(priority=Priority.NORMAL))

    assert ticket.first_response_due_at == warsaw(2026, 11, 18, 12, 0)
    assert ticket.resolution_due_at == warsaw(2026, 11, 20, 16, 0)


async def test_a_critical_ticket_gets_the_default_critical_targets(report: Report) -> None:
    ticket = await _stored(await report(priority=Priority.CRITICAL))

    assert ticket.first_response_due_at == warsaw(2026, 11, 17, 11, 0)
    assert ticket.resolution_due_at == warsaw(2026, 11, 17, 14, 0)


async def test_an_sla_policy_row_overrides_the_default_targets(report: Report) -> None:
    await SlaPolicy.create(
        priority=Priority.NORMAL, first_response_minutes=30, resolution_minutes=120
    )

    ticket = await _stored(await report(priority=Priority.NORMAL))

    assert ticket.first_response_due_at == warsaw(2026, 11, 17, 10, 30)
    assert ticket.resolution_due_at == warsaw(2026, 11, 17, 12, 0)


# The pause while waiting


async def test_entering_a_waiting_status_marks_when_the_clock_stopped(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await _move(await report(), TicketStatus.IN_PROGRESS, actor=specialist)
    now.set(warsaw(2026, 11, 17, 12, 0))

    await _move(ticket, TicketStatus.WAITING_VENDOR, actor=specialist)

    assert (await _stored(ticket)).sla_paused_at == warsaw(2026, 11, 17, 12, 0)


async def test_leaving_a_wait_pushes_the_resolution_due_time_by_the_business_time_waited(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await _move(await report(), TicketStatus.IN_PROGRESS, actor=specialist)
    assert ticket.resolution_due_at == warsaw(2026, 11, 20, 10, 0)
    now.set(warsaw(2026, 11, 17, 12, 0))
    ticket = await _move(ticket, TicketStatus.WAITING_VENDOR, actor=specialist)
    now.set(warsaw(2026, 11, 18, 12, 0))  # 8 business hours later

    await _move(ticket, TicketStatus.IN_PROGRESS, actor=specialist)

    stored = await _stored(ticket)
    assert stored.resolution_due_at == warsaw(2026, 11, 23, 10, 0)
    assert stored.sla_paused_at is None


async def test_a_wait_over_a_night_and_weekend_alone_moves_nothing(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await _move(await report(), TicketStatus.IN_PROGRESS, actor=specialist)
    now.set(warsaw(2026, 11, 20, 16, 30))
    ticket = await _move(ticket, TicketStatus.WAITING_REPORTER, actor=specialist)
    now.set(warsaw(2026, 11, 23, 7, 45))

    await _move(ticket, TicketStatus.IN_PROGRESS, actor=specialist)

    assert (await _stored(ticket)).resolution_due_at == warsaw(2026, 11, 20, 10, 0)


async def test_the_reporters_answer_ends_the_wait_and_pushes_the_due_time(
    report: Report, specialist: User, teacher: User, now: clock.ManualClock
) -> None:
    ticket = await _move(await report(), TicketStatus.IN_PROGRESS, actor=specialist)
    now.set(warsaw(2026, 11, 17, 12, 0))
    ticket = await _move(ticket, TicketStatus.WAITING_REPORTER, actor=specialist)
    now.set(warsaw(2026, 11, 18, 12, 0))

    await add_comment(ticket, author=teacher, text="To sala 12, drugie piętro.", channel=WEB)

    stored = await _stored(ticket)
    assert stored.status == TicketStatus.IN_PROGRESS
    assert stored.resolution_due_at == warsaw(2026, 11, 23, 10, 0)
    assert stored.sla_paused_at is None


async def test_resolving_straight_from_a_wait_still_discounts_the_wait(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await _move(await report(), TicketStatus.IN_PROGRESS, actor=specialist)
    now.set(warsaw(2026, 11, 17, 12, 0))
    ticket = await _move(ticket, TicketStatus.WAITING_VENDOR, actor=specialist)
    now.set(warsaw(2026, 11, 23, 12, 0))  # after the original due time of Friday 10:00

    await _move(ticket, TicketStatus.RESOLVED, actor=specialist)

    state = await sla_state(await _stored(ticket), now.now())
    assert state.resolution.status == SlaStatus.MET


# Reopening


async def test_resolving_stamps_the_moment(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    now.set(warsaw(2026, 11, 17, 12, 0))

    await _move(await report(), TicketStatus.RESOLVED, actor=specialist)

    stored = await Ticket.get(number="IT-2026-0001")
    assert stored.resolved_at == warsaw(2026, 11, 17, 12, 0)


async def test_reopening_clears_resolved_at_and_continues_the_resolution_clock(
    report: Report, specialist: User, teacher: User, now: clock.ManualClock
) -> None:
    ticket = await report()  # resolution due Friday 20 November 10:00
    now.set(warsaw(2026, 11, 17, 12, 0))
    ticket = await _move(ticket, TicketStatus.RESOLVED, actor=specialist)
    now.set(warsaw(2026, 11, 19, 12, 0))  # finished for 16 business hours

    await reopen_ticket(ticket, actor=teacher, channel=WEB, comment="Znowu nie działa.")

    stored = await _stored(ticket)
    assert stored.resolved_at is None
    assert stored.resolution_due_at == warsaw(2026, 11, 24, 10, 0)
    assert stored.reopen_count == 1


async def test_reopening_a_closed_ticket_clears_closed_at_too(
    report: Report, specialist: User, teacher: User
) -> None:
    ticket = await _move(await report(), TicketStatus.RESOLVED, actor=specialist)
    ticket = await _move(ticket, TicketStatus.CLOSED, actor=specialist)
    assert ticket.closed_at is not None

    await reopen_ticket(ticket, actor=teacher, channel=WEB)

    stored = await _stored(ticket)
    assert (stored.resolved_at, stored.closed_at) == (None, None)


# Priority changes


async def test_a_new_priority_recomputes_the_due_times_from_creation(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await report(priority=Priority.NORMAL)
    now.set(warsaw(2026, 11, 17, 10, 30))

    await change_priority(ticket, priority=Priority.HIGH, actor=specialist, channel=WEB)

    stored = await _stored(ticket)
    assert stored.first_response_due_at == warsaw(2026, 11, 17, 12, 0)
    assert stored.resolution_due_at == warsaw(2026, 11, 18, 10, 0)


async def test_a_new_priority_keeps_the_time_spent_waiting_off_the_clock(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await report(priority=Priority.NORMAL)
    now.set(warsaw(2026, 11, 17, 11, 0))
    ticket = await _move(ticket, TicketStatus.IN_PROGRESS, actor=specialist)
    now.set(warsaw(2026, 11, 17, 12, 0))
    ticket = await _move(ticket, TicketStatus.WAITING_VENDOR, actor=specialist)
    now.set(warsaw(2026, 11, 18, 12, 0))  # waited 8 business hours
    ticket = await _move(ticket, TicketStatus.IN_PROGRESS, actor=specialist)
    now.set(warsaw(2026, 11, 18, 13, 0))

    await change_priority(ticket, priority=Priority.HIGH, actor=specialist, channel=WEB)

    stored = await _stored(ticket)
    assert stored.resolution_due_at == warsaw(2026, 11, 19, 10, 0)  # 8 h target + 8 h waited
    assert stored.first_response_due_at == warsaw(2026, 11, 17, 14, 0)  # met: kept as it was


async def test_a_wait_still_going_on_at_a_priority_change_is_discounted_when_it_ends(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await _move(
        await report(priority=Priority.NORMAL), TicketStatus.IN_PROGRESS, actor=specialist
    )
    now.set(warsaw(2026, 11, 17, 12, 0))
    ticket = await _move(ticket, TicketStatus.WAITING_VENDOR, actor=specialist)
    now.set(warsaw(2026, 11, 18, 10, 0))
    ticket = await change_priority(ticket, priority=Priority.HIGH, actor=specialist, channel=WEB)
    now.set(warsaw(2026, 11, 18, 12, 0))  # the wait lasted 8 business hours

    await _move(ticket, TicketStatus.IN_PROGRESS, actor=specialist)

    assert (await _stored(ticket)).resolution_due_at == warsaw(2026, 11, 19, 10, 0)


# Where the targets stand


async def test_a_fresh_ticket_has_both_clocks_running_with_their_whole_budget(
    report: Report, now: clock.ManualClock
) -> None:
    ticket = await report(priority=Priority.NORMAL)

    state = await sla_state(ticket, now.now())

    assert state.first_response.status == SlaStatus.RUNNING
    assert state.first_response.remaining == timedelta(hours=4)
    assert state.resolution.remaining == timedelta(hours=24)


async def test_a_target_is_near_breach_once_80_percent_of_its_budget_is_used(
    report: Report,
) -> None:
    ticket = await report(priority=Priority.NORMAL)  # first response due 14:00

    just_before = await sla_state(ticket, warsaw(2026, 11, 17, 13, 11))
    at_80_percent = await sla_state(ticket, warsaw(2026, 11, 17, 13, 12))

    assert just_before.first_response.status == SlaStatus.RUNNING
    assert at_80_percent.first_response.status == SlaStatus.NEAR_BREACH
    assert at_80_percent.first_response.remaining == timedelta(minutes=48)


async def test_a_target_past_its_due_time_is_breached_with_negative_time_left(
    report: Report,
) -> None:
    ticket = await report(priority=Priority.NORMAL)

    state = await sla_state(ticket, warsaw(2026, 11, 17, 14, 30))

    assert state.first_response.status == SlaStatus.BREACHED
    assert state.first_response.remaining == -timedelta(minutes=30)


async def test_a_response_in_time_meets_the_target(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await report(priority=Priority.NORMAL)
    now.set(warsaw(2026, 11, 17, 11, 0))
    ticket = await add_comment(ticket, author=specialist, text="Sprawdzę po południu.", channel=WEB)

    state = await sla_state(ticket, warsaw(2026, 11, 19, 10, 0))

    assert state.first_response.status == SlaStatus.MET
    assert state.first_response.remaining == timedelta(hours=3)


async def test_a_late_response_leaves_the_target_breached(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await report(priority=Priority.NORMAL)
    now.set(warsaw(2026, 11, 18, 9, 0))
    ticket = await add_comment(
        ticket, author=specialist, text="Przepraszam za zwłokę.", channel=WEB
    )

    state = await sla_state(ticket, now.now())

    assert state.first_response.status == SlaStatus.BREACHED


async def test_a_waiting_ticket_is_read_at_the_moment_its_clock_stopped(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await _move(await report(), TicketStatus.IN_PROGRESS, actor=specialist)
    now.set(warsaw(2026, 11, 17, 12, 0))
    ticket = await _move(ticket, TicketStatus.WAITING_VENDOR, actor=specialist)

    state = await sla_state(ticket, warsaw(2026, 11, 27, 12, 0))

    assert state.resolution.status == SlaStatus.RUNNING
    assert state.resolution.remaining == timedelta(hours=22)
