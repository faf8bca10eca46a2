"""Every outgoing message, written in the same transaction as the change that caused it."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from core.models.people import Channel

if TYPE_CHECKING:
    from core.models.people import User


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class OutboxMessage(Model):
    id = fields.IntField(primary_key=True)
    channel = fields.CharEnumField(Channel, max_length=16)
    recipient: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="outbox_messages", null=True, on_delete=fields.SET_NULL
    )
    address = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300, default="")
    body_text = fields.TextField()
    body_html = fields.TextField(default="")
    payload: dict[str, Any] = fields.JSONField(default=dict)
    dedupe_key = fields.CharField(max_length=200, unique=True, null=True)
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    next_attempt_at = fields.DatetimeField()
    lease_until = fields.DatetimeField(null=True)
    claimed_by = fields.CharField(max_length=100, null=True)
    provider_message_id = fields.CharField(max_length=255, null=True, db_index=True)
    last_error = fields.TextField(default="")
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    recipient_id: int | None

    class Meta:
        table = "outbox_message"
        indexes = (("status", "next_attempt_at"),)
