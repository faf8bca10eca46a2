"""Every message read from the helpdesk mailbox, and what became of it.

A row is written in the transaction that acts on the message (the new ticket, the comment),
keyed by the message's place in the mailbox: IMAP names a message by its UID, which is
unique and never reused while the mailbox keeps its UIDVALIDITY. The unique key is what
makes each message processed once, whichever process reads it and however often it is
fetched again. The rows are also the counts of what was ignored, and why.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from core.models.tickets import Ticket


class InboundOutcome(StrEnum):
    NEW_TICKET = "new_ticket"
    COMMENT = "comment"
    REOPENED = "reopened"
    COURTESY = "courtesy"
    IGNORED = "ignored"
    REJECTED = "rejected"
    FAILED = "failed"


class InboundReason(StrEnum):
    """Why a message made no ticket change (or, for a courtesy note, a small one)."""

    NONE = ""
    OWN_ADDRESS = "own_address"
    AUTO_REPLY = "auto_reply"
    BULK = "bulk"
    BOUNCE = "bounce"
    SPAM = "spam"
    DUPLICATE = "duplicate"
    UNKNOWN_SENDER = "unknown_sender"
    NO_SCHOOL = "no_school"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    ERROR = "error"


class InboundMessage(Model):
    id = fields.IntField(primary_key=True)
    mailbox = fields.CharField(max_length=255)
    uidvalidity = fields.BigIntField()
    uid = fields.BigIntField()
    message_id = fields.CharField(max_length=255, default="", db_index=True)
    sender = fields.CharField(max_length=254, default="")
    subject = fields.CharField(max_length=300, default="")
    outcome = fields.CharEnumField(InboundOutcome, max_length=16)
    reason = fields.CharEnumField(InboundReason, max_length=20, default=InboundReason.NONE)
    detail = fields.TextField(default="")
    ticket: fields.ForeignKeyNullableRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="inbound_messages", null=True, on_delete=fields.SET_NULL
    )
    received_at = fields.DatetimeField()

    ticket_id: int | None

    class Meta:
        table = "inbound_mail"
        unique_together = (("mailbox", "uidvalidity", "uid"),)
