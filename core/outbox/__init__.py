"""Writing outgoing messages: each one is an outbox row, created in the transaction of the
change that caused it and sent later by the dispatcher through its channel's sender."""

from core.outbox.messages import (
    ActionButton,
    enqueue_message,
    enqueue_messages,
    outgoing_message,
    telegram_buttons,
)

__all__ = [
    "ActionButton",
    "enqueue_message",
    "enqueue_messages",
    "outgoing_message",
    "telegram_buttons",
]
