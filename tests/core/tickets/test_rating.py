"""Rating a fix: only the reporter, only once the ticket is resolved or closed, 1–5, once."""

from __future__ import annotations

import pytest

from core.errors import IllegalTransition, InvalidInput, PermissionDenied
from core.models import Channel, Ticket, TicketEvent, TicketEventKind, TicketStatus, User
from core.tickets import rate_ticket
from tests.core.tickets.conftest import Report
from tests.core.tickets.helpers import bring_to


async def _ratings(ticket: Ticket) -> list[TicketEvent]:
    return await TicketEvent.filter(ticket_id=ticket.id, kind=TicketEventKind.RATED)


@pytest.fixture
async def resolved(report: Report, specialist: User) -> Ticket:
    return await bring_to(
        await report(channel=Channel.TELEGRAM), TicketStatus.RESOLVED, actor=specialist
    )


async def test_the_reporter_rates_a_resolved_ticket(resolved: Ticket, teacher: User) -> None:
    await rate_ticket(resolved, rater=teacher, rating=5, comment=" Szybko i sprawnie. ")

    stored = await Ticket.get(id=resolved.id)
    assert (stored.rating, stored.rating_comment) == (5, "Szybko i sprawnie.")
    [event] = await _ratings(resolved)
    assert (event.actor_id, event.text, event.channel) == (
        teacher.id,
        "Szybko i sprawnie.",
        Channel.TELEGRAM,
    )


async def test_a_closed_ticket_can_be_rated_too(
    resolved: Ticket, teacher: User, specialist: User
) -> None:
    closed = await bring_to(resolved, TicketStatus.CLOSED, actor=specialist)

    await rate_ticket(closed, rater=teacher, rating=4, channel=Channel.EMAIL)

    assert (await Ticket.get(id=closed.id)).rating == 4


@pytest.mark.parametrize("rating", [0, 6])
async def test_a_rating_outside_one_to_five_is_refused_and_nothing_is_written(
    resolved: Ticket, teacher: User, rating: int
) -> None:
    with pytest.raises(InvalidInput) as refused:
        await rate_ticket(resolved, rater=teacher, rating=rating)

    assert refused.value.translated() == f"Ocena musi być liczbą od 1 do 5, podano {rating}."
    assert (await Ticket.get(id=resolved.id)).rating is None
    assert await _ratings(resolved) == []


async def test_a_second_rating_is_refused_and_the_first_one_stays(
    resolved: Ticket, teacher: User
) -> None:
    await rate_ticket(resolved, rater=teacher, rating=2)

    with pytest.raises(IllegalTransition) as refused:
        await rate_ticket(resolved, rater=teacher, rating=5)

    assert refused.value.translated() == "Zgłoszenie IT-2026-0001 zostało już ocenione."
    assert (await Ticket.get(id=resolved.id)).rating == 2
    assert len(await _ratings(resolved)) == 1


async def test_a_ticket_in_work_cannot_be_rated(
    report: Report, teacher: User, specialist: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.IN_PROGRESS, actor=specialist)

    with pytest.raises(IllegalTransition):
        await rate_ticket(ticket, rater=teacher, rating=5)

    assert await _ratings(ticket) == []


async def test_only_the_reporter_rates(resolved: Ticket, specialist: User) -> None:
    with pytest.raises(PermissionDenied):
        await rate_ticket(resolved, rater=specialist, rating=5)

    assert (await Ticket.get(id=resolved.id)).rating is None
