"""The ticket life cycle, driven through `change_status` on the real database."""

from __future__ import annotations

import itertools

import pytest

from core.errors import IllegalTransition, InvalidInput
from core.models import Channel, Priority, TicketEvent, TicketEventKind, TicketStatus, User
from core.tickets import TRANSITIONS, change_status, priority_label, status_label
from tests.core.tickets.conftest import Report
from tests.core.tickets.helpers import bring_to

# Sorted, so that every test process collects the same tests in the same order.
ALLOWED = sorted((source, target) for source, targets in TRANSITIONS.items() for target in targets)
REFUSED = [
    (source, target)
    for source, target in itertools.product(TicketStatus, TicketStatus)
    if target not in TRANSITIONS[source]
]
REASON = "Duplikat zgłoszenia z poprzedniego dnia."


def _ids(pairs: list[tuple[TicketStatus, TicketStatus]]) -> list[str]:
    return [f"{source}->{target}" for source, target in pairs]


def test_every_status_has_a_row_in_the_table() -> None:
    assert set(TRANSITIONS) == set(TicketStatus)


@pytest.mark.parametrize(("source", "target"), ALLOWED, ids=_ids(ALLOWED))
async def test_an_allowed_transition_changes_the_status_and_is_recorded(
    report: Report, specialist: User, source: TicketStatus, target: TicketStatus
) -> None:
    ticket = await bring_to(await report(), source, actor=specialist)

    changed = await change_status(
        ticket, to=target, actor=specialist, channel=Channel.TELEGRAM, comment=REASON
    )

    assert changed.status == target
    event = await TicketEvent.filter(ticket_id=ticket.id).order_by("-id").first()
    assert event is not None
    assert (event.kind, event.from_status, event.to_status) == (
        TicketEventKind.STATUS_CHANGED,
        source,
        target,
    )
    assert (event.actor_id, event.channel, event.text) == (
        specialist.id,
        Channel.TELEGRAM,
        REASON,
    )


@pytest.mark.parametrize(("source", "target"), REFUSED, ids=_ids(REFUSED))
async def test_a_transition_outside_the_table_is_refused_and_changes_nothing(
    report: Report, specialist: User, source: TicketStatus, target: TicketStatus
) -> None:
    ticket = await bring_to(await report(), source, actor=specialist)
    events_before = await TicketEvent.filter(ticket_id=ticket.id).count()

    with pytest.raises(IllegalTransition):
        await change_status(
            ticket, to=target, actor=specialist, channel=Channel.WEB, comment=REASON
        )

    await ticket.refresh_from_db()
    assert ticket.status == source
    assert await TicketEvent.filter(ticket_id=ticket.id).count() == events_before


async def test_the_refusal_names_the_ticket_and_both_statuses_in_polish(
    report: Report, specialist: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.CLOSED, actor=specialist)

    with pytest.raises(IllegalTransition) as refused:
        await change_status(
            ticket, to=TicketStatus.IN_PROGRESS, actor=specialist, channel=Channel.WEB
        )

    assert refused.value.translated() == (
        "Zgłoszenie IT-2026-0001 ma status „zamknięte”; nie można go zmienić na „w toku”."
    )


async def test_the_refusal_reads_in_english_for_an_english_reader(
    report: Report, specialist: User
) -> None:
    ticket = await bring_to(await report(), TicketStatus.CLOSED, actor=specialist)

    with pytest.raises(IllegalTransition) as refused:
        await change_status(ticket, to=TicketStatus.NEW, actor=specialist, channel=Channel.WEB)

    assert refused.value.translated("en") == (
        "Ticket IT-2026-0001 is “closed”; it cannot be changed to “new”."
    )


async def test_closing_a_new_ticket_without_a_reason_is_refused(
    report: Report, specialist: User
) -> None:
    ticket = await report()

    with pytest.raises(InvalidInput) as refused:
        await change_status(
            ticket, to=TicketStatus.CLOSED, actor=specialist, channel=Channel.WEB, comment="  "
        )

    assert "komentarza" in refused.value.translated()
    await ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW
    assert await TicketEvent.filter(ticket_id=ticket.id).count() == 1


@pytest.mark.parametrize(
    ("status", "polish"),
    [
        (TicketStatus.NEW, "nowe"),
        (TicketStatus.ASSIGNED, "przypisane"),
        (TicketStatus.IN_PROGRESS, "w toku"),
        (TicketStatus.WAITING_REPORTER, "czeka na zgłaszającego"),
        (TicketStatus.WAITING_VENDOR, "czeka na dostawcę"),
        (TicketStatus.RESOLVED, "rozwiązane"),
        (TicketStatus.CLOSED, "zamknięte"),
    ],
)
def test_every_status_has_a_polish_label(status: TicketStatus, polish: str) -> None:
    assert status_label(status) == polish


@pytest.mark.parametrize(
    ("priority", "polish"),
    [
        (Priority.LOW, "niski"),
        (Priority.NORMAL, "normalny"),
        (Priority.HIGH, "wysoki"),
        (Priority.CRITICAL, "krytyczny"),
    ],
)
def test_every_priority_has_a_polish_label(priority: Priority, polish: str) -> None:
    assert priority_label(priority) == polish


def test_labels_in_english_drop_the_catalog_context() -> None:
    assert status_label(TicketStatus.WAITING_VENDOR, "en") == "waiting for a vendor"
    assert priority_label(Priority.CRITICAL, "en") == "critical"
