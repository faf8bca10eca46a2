"""Writing outbox messages: one, deduplicated by its key, or many together."""

from __future__ import annotations

import pytest

from core.clock import ManualClock
from core.models import Channel, OutboxMessage, OutboxStatus
from core.outbox import ActionButton, enqueue_message, enqueue_messages, outgoing_message
from core.outbox.messages import telegram_buttons
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("database")


async def test_messages_written_together_are_each_pending_and_due_now(now: ManualClock) -> None:
    anna = await make_user(email="anna@szkola.example.pl")
    jan = await make_user(email="jan@szkola.example.pl", telegram_chat_id=77)

    await enqueue_messages(
        [
            outgoing_message(
                channel=Channel.EMAIL,
                address="anna@szkola.example.pl",
                body_text="Dla Anny",
                recipient=anna,
                subject="Temat",
            ),
            outgoing_message(
                channel=Channel.TELEGRAM,
                address="77",
                body_text="Dla Jana",
                recipient=jan,
                buttons=[[ActionButton("Biorę", "take", (5,))]],
                payload={"ticket_id": 5},
            ),
        ]
    )

    stored = await OutboxMessage.all().order_by("id")
    assert [(m.recipient_id, m.address, m.body_text) for m in stored] == [
        (anna.id, "anna@szkola.example.pl", "Dla Anny"),
        (jan.id, "77", "Dla Jana"),
    ]
    assert all(m.status == OutboxStatus.PENDING and m.next_attempt_at == now.now() for m in stored)
    assert stored[1].payload["ticket_id"] == 5
    assert telegram_buttons(stored[1].payload) == [[ActionButton("Biorę", "take", (5,))]]


async def test_writing_no_messages_writes_nothing() -> None:
    await enqueue_messages([])

    assert await OutboxMessage.all().count() == 0


async def test_a_message_whose_key_is_already_in_the_outbox_is_not_written_again() -> None:
    first = await enqueue_message(
        channel=Channel.EMAIL, address="a@szkola.example.pl", body_text="Raz", dedupe_key="k-1"
    )
    second = await enqueue_message(
        channel=Channel.EMAIL, address="a@szkola.example.pl", body_text="Dwa", dedupe_key="k-1"
    )

    assert first is not None
    assert second is None
    assert [m.body_text for m in await OutboxMessage.all()] == ["Raz"]
