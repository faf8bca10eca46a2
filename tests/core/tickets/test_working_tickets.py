"""Working a ticket: assignment, status changes by staff, comments and the first response,
reopening and priority changes. Every change is an event written with it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import clock
from core.errors import IllegalTransition, InvalidInput, NotFound, PermissionDenied
from core.models import (
    Channel,
    Priority,
    Role,
    School,
    Ticket,
    TicketEvent,
    TicketEventKind,
    TicketStatus,
    User,
)
from core.tickets import (
    add_comment,
    assign_ticket,
    change_priority,
    change_status,
    reopen_ticket,
)
from tests.conftest import warsaw
from tests.core.tickets.conftest import Report
from tests.core.tickets.helpers import bring_to
from tests.factories import make_user

WEB = Channel.WEB


async def _events(ticket: Ticket) -> list[TicketEvent]:
    return await TicketEvent.filter(ticket_id=ticket.id).order_by("at", "id")


# Assignment


async def test_assigning_a_new_ticket_makes_it_assigned_and_records_who(
    report: Report, specialist: User, coordinator: User
) -> None:
    ticket = await report()

    await assign_ticket(ticket, assignee=specialist, actor=coordinator, channel=WEB)

    stored = await Ticket.get(id=ticket.id)
    assert (stored.status, stored.assignee_id) == (TicketStatus.ASSIGNED, specialist.id)
    last = (await _events(ticket))[-1]
    assert (last.kind, last.from_status, last.to_status, last.actor_id, last.text) == (
        TicketEventKind.ASSIGNED,
        TicketStatus.NEW,
        TicketStatus.ASSIGNED,
        coordinator.id,
        specialist.full_name,
    )


async def test_reassigning_a_ticket_in_work_keeps_its_status(
    report: Report, specialist: User, coordinator: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.IN_PROGRESS, actor=specialist)

    await assign_ticket(ticket, assignee=coordinator, actor=coordinator, channel=WEB)

    stored = await Ticket.get(id=ticket.id)
    assert (stored.status, stored.assignee_id) == (TicketStatus.IN_PROGRESS, coordinator.id)
    last = (await _events(ticket))[-1]
    assert (last.kind, last.from_status, last.to_status) == (TicketEventKind.ASSIGNED, None, None)


async def test_a_teacher_cannot_assign_tickets(
    report: Report, teacher: User, specialist: User
) -> None:
    ticket = await report()

    with pytest.raises(PermissionDenied):
        await assign_ticket(ticket, assignee=specialist, actor=teacher, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).assignee_id is None


async def test_a_ticket_cannot_be_assigned_to_a_teacher(
    report: Report, teacher: User, coordinator: User
) -> None:
    ticket = await report()

    with pytest.raises(InvalidInput):
        await assign_ticket(ticket, assignee=teacher, actor=coordinator, channel=WEB)

    assert len(await _events(ticket)) == 1


async def test_a_closed_ticket_cannot_be_reassigned(
    report: Report, specialist: User, coordinator: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.CLOSED, actor=specialist)

    with pytest.raises(IllegalTransition):
        await assign_ticket(ticket, assignee=coordinator, actor=coordinator, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).assignee_id == specialist.id


# Status changes


async def test_staff_moving_an_unassigned_ticket_into_work_takes_it(
    report: Report, specialist: User
) -> None:
    ticket = await report()

    await change_status(ticket, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).assignee_id == specialist.id


async def test_a_teacher_cannot_change_the_status(report: Report, teacher: User) -> None:
    ticket = await report()

    with pytest.raises(PermissionDenied) as refused:
        await change_status(ticket, to=TicketStatus.RESOLVED, actor=teacher, channel=WEB)

    assert refused.value.translated() == "Tylko informatyk lub koordynator może to zrobić."
    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.NEW


async def test_every_change_moves_updated_at(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await report()
    now.advance(timedelta(minutes=5))

    await change_status(ticket, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).updated_at == warsaw(2026, 11, 17, 10, 5)


# Comments and the first response


async def test_a_public_comment_by_staff_is_the_first_response(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await report()
    now.set(warsaw(2026, 11, 17, 10, 20))

    await add_comment(ticket, author=specialist, text="Będę o 12.", channel=Channel.TELEGRAM)

    stored = await Ticket.get(id=ticket.id)
    assert stored.first_response_at == warsaw(2026, 11, 17, 10, 20)
    last = (await _events(ticket))[-1]
    assert (last.kind, last.text, last.is_public, last.channel) == (
        TicketEventKind.COMMENTED,
        "Będę o 12.",
        True,
        Channel.TELEGRAM,
    )


async def test_assignment_is_a_first_response(
    report: Report, specialist: User, coordinator: User
) -> None:
    ticket = await report()

    await assign_ticket(ticket, assignee=specialist, actor=coordinator, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).first_response_at == warsaw(2026, 11, 17, 10, 0)


async def test_a_status_change_is_a_first_response(report: Report, specialist: User) -> None:
    ticket = await report()

    await change_status(ticket, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).first_response_at is not None


async def test_the_reporters_own_comment_is_not_a_first_response(
    report: Report, teacher: User
) -> None:
    ticket = await report()

    await add_comment(ticket, author=teacher, text="Dodam, że to sala 12.", channel=WEB)

    assert (await Ticket.get(id=ticket.id)).first_response_at is None


async def test_an_internal_note_is_not_a_first_response(report: Report, specialist: User) -> None:
    ticket = await report()

    await add_comment(ticket, author=specialist, text="Lampa?", channel=WEB, is_public=False)

    assert (await Ticket.get(id=ticket.id)).first_response_at is None
    assert (await _events(ticket))[-1].is_public is False


async def test_a_later_response_keeps_the_first_one(
    report: Report, specialist: User, now: clock.ManualClock
) -> None:
    ticket = await report()
    ticket = await add_comment(ticket, author=specialist, text="Sprawdzę.", channel=WEB)
    now.advance(timedelta(hours=1))

    await add_comment(ticket, author=specialist, text="Już jadę.", channel=WEB)

    assert (await Ticket.get(id=ticket.id)).first_response_at == warsaw(2026, 11, 17, 10, 0)


async def test_the_reporters_answer_puts_a_ticket_waiting_on_them_back_in_progress(
    report: Report, specialist: User, teacher: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.WAITING_REPORTER, actor=specialist)

    await add_comment(ticket, author=teacher, text="To sala 12.", channel=Channel.EMAIL)

    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.IN_PROGRESS
    answer, resumption = (await _events(ticket))[-2:]
    assert (answer.kind, answer.text) == (TicketEventKind.COMMENTED, "To sala 12.")
    assert (resumption.kind, resumption.from_status, resumption.to_status) == (
        TicketEventKind.STATUS_CHANGED,
        TicketStatus.WAITING_REPORTER,
        TicketStatus.IN_PROGRESS,
    )
    assert (resumption.actor_id, resumption.channel) == (teacher.id, Channel.EMAIL)


async def test_a_staff_comment_leaves_a_ticket_waiting_on_the_reporter(
    report: Report, specialist: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.WAITING_REPORTER, actor=specialist)

    await add_comment(ticket, author=specialist, text="Czekam na numer sali.", channel=WEB)

    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.WAITING_REPORTER


async def test_a_teacher_cannot_write_an_internal_note(report: Report, teacher: User) -> None:
    ticket = await report()

    with pytest.raises(PermissionDenied):
        await add_comment(ticket, author=teacher, text="Tajne.", channel=WEB, is_public=False)

    assert len(await _events(ticket)) == 1


async def test_a_teacher_cannot_comment_on_another_teachers_ticket(
    report: Report, school: School
) -> None:
    ticket = await report()
    colleague = await make_user(role=Role.TEACHER, school=school)

    with pytest.raises(NotFound):
        await add_comment(ticket, author=colleague, text="U mnie też.", channel=WEB)

    assert len(await _events(ticket)) == 1


async def test_an_empty_comment_is_refused(report: Report, teacher: User) -> None:
    ticket = await report()

    with pytest.raises(InvalidInput):
        await add_comment(ticket, author=teacher, text="   ", channel=WEB)

    assert len(await _events(ticket)) == 1


async def test_a_closed_ticket_takes_no_comments(
    report: Report, specialist: User, teacher: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.CLOSED, actor=specialist)
    events_before = len(await _events(ticket))

    with pytest.raises(IllegalTransition):
        await add_comment(ticket, author=teacher, text="Dziękuję!", channel=WEB)

    assert len(await _events(ticket)) == events_before


async def test_a_redelivered_message_is_recorded_once(report: Report, teacher: User) -> None:
    ticket = await report()

    for _ in range(2):
        await add_comment(
            ticket, author=teacher, text="Zdjęcie w załączniku.", channel=WEB, external_id="m-1"
        )

    comments = await TicketEvent.filter(ticket_id=ticket.id, kind=TicketEventKind.COMMENTED)
    assert len(comments) == 1


# Reopening


async def test_the_reporter_reopening_sends_the_ticket_back_to_its_assignees_queue(
    report: Report, specialist: User, teacher: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.RESOLVED, actor=specialist)

    await reopen_ticket(ticket, actor=teacher, channel=WEB, comment="Nadal nie działa.")

    stored = await Ticket.get(id=ticket.id)
    assert (stored.status, stored.assignee_id) == (TicketStatus.ASSIGNED, specialist.id)
    last = (await _events(ticket))[-1]
    assert (last.from_status, last.to_status, last.actor_id, last.text) == (
        TicketStatus.RESOLVED,
        TicketStatus.ASSIGNED,
        teacher.id,
        "Nadal nie działa.",
    )


async def test_the_assignee_reopening_a_resolved_ticket_goes_straight_back_to_work(
    report: Report, specialist: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.RESOLVED, actor=specialist)

    await reopen_ticket(ticket, actor=specialist, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.IN_PROGRESS


async def test_a_closed_ticket_reopens_to_assigned_even_for_its_assignee(
    report: Report, specialist: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.CLOSED, actor=specialist)

    await reopen_ticket(ticket, actor=specialist, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.ASSIGNED


async def test_a_ticket_still_in_work_cannot_be_reopened(
    report: Report, specialist: User, teacher: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.IN_PROGRESS, actor=specialist)

    with pytest.raises(IllegalTransition) as refused:
        await reopen_ticket(ticket, actor=teacher, channel=WEB)

    assert "„w toku”" in refused.value.translated()
    assert (await Ticket.get(id=ticket.id)).reopen_count == 0


async def test_only_the_reporter_or_staff_reopen(
    report: Report, specialist: User, director: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.RESOLVED, actor=specialist)

    with pytest.raises(PermissionDenied):
        await reopen_ticket(ticket, actor=director, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).status == TicketStatus.RESOLVED


# Priority


async def test_a_priority_change_is_recorded_with_old_and_new_priority(
    report: Report, specialist: User
) -> None:
    ticket = await report(priority=Priority.NORMAL)

    await change_priority(ticket, priority=Priority.CRITICAL, actor=specialist, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).priority == Priority.CRITICAL
    last = (await _events(ticket))[-1]
    assert (last.kind, last.text) == (TicketEventKind.PRIORITY_CHANGED, "normal → critical")


async def test_a_teacher_cannot_change_the_priority(report: Report, teacher: User) -> None:
    ticket = await report(priority=Priority.NORMAL)

    with pytest.raises(PermissionDenied):
        await change_priority(ticket, priority=Priority.CRITICAL, actor=teacher, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).priority == Priority.NORMAL


async def test_a_resolved_tickets_priority_is_history(report: Report, specialist: User) -> None:
    ticket = await bring_to(await report(), TicketStatus.RESOLVED, actor=specialist)

    with pytest.raises(IllegalTransition):
        await change_priority(ticket, priority=Priority.LOW, actor=specialist, channel=WEB)

    assert (await Ticket.get(id=ticket.id)).priority == Priority.NORMAL
