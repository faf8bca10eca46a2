"""Outbox rows and the transport-neutral form of the buttons a Telegram message carries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Required, TypedDict, Unpack

from core import clock
from core.models import Channel, OutboxMessage, User


@dataclass(frozen=True)
class ActionButton:
    """A button under a Telegram message: its label, already in the recipient's language,
    and the action with arguments that pressing it asks for (signed by the sender)."""

    label: str
    action: str
    args: tuple[str | int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"label": self.label, "action": self.action, "args": list(self.args)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ActionButton:
        return cls(label=data["label"], action=data["action"], args=tuple(data["args"]))


def telegram_buttons(payload: dict[str, Any]) -> list[list[ActionButton]]:
    """The rows of buttons stored in an outbox payload (none when there are none)."""
    return [
        [ActionButton.from_json(button) for button in row] for row in payload.get("buttons", [])
    ]


class MessageContent(TypedDict, total=False):
    """What one outgoing message says and where it goes. `payload` holds what the sender
    and later replies need (e.g. the ticket it is about); `buttons` are added to it."""

    channel: Required[Channel]
    address: Required[str]
    body_text: Required[str]
    recipient: User | None
    subject: str
    body_html: str
    buttons: Sequence[Sequence[ActionButton]]
    payload: dict[str, Any] | None


async def enqueue_message(
    *, dedupe_key: str | None = None, **content: Unpack[MessageContent]
) -> OutboxMessage | None:
    """Writes one outgoing message, due now. Call it inside the transaction of its cause.
    A message with a `dedupe_key` already in the outbox is not written again, and None is
    returned."""
    if dedupe_key is not None and await OutboxMessage.exists(dedupe_key=dedupe_key):
        return None
    message = outgoing_message(**content)
    message.dedupe_key = dedupe_key
    await message.save()
    return message


async def enqueue_messages(messages: Sequence[OutboxMessage]) -> None:
    """Writes `messages` (made by `outgoing_message`) together, through one prepared insert
    however many people they go to. Call it inside the transaction of their cause."""
    if messages:
        await OutboxMessage.bulk_create(messages)


def outgoing_message(**content: Unpack[MessageContent]) -> OutboxMessage:
    """One outgoing message, due now, not yet written."""
    payload = dict(content.get("payload") or {})
    if buttons := content.get("buttons"):
        payload["buttons"] = [[button.as_json() for button in row] for row in buttons]
    now = clock.now()
    return OutboxMessage(
        channel=content["channel"],
        recipient=content.get("recipient"),
        address=content["address"],
        subject=content.get("subject", ""),
        body_text=content["body_text"],
        body_html=content.get("body_html", ""),
        payload=payload,
        next_attempt_at=now,
        created_at=now,
    )
