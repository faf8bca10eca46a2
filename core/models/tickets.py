"""IT fault tickets, their history and attachments, categories and SLA policies."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from core.models.people import Channel

if TYPE_CHECKING:
    from core.models.inventory import Asset
    from core.models.people import School, User


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"


class TicketStatus(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    WAITING_REPORTER = "waiting_reporter"
    WAITING_VENDOR = "waiting_vendor"
    RESOLVED = "resolved"
    CLOSED = "closed"


class TicketEventKind(StrEnum):
    CREATED = "created"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    COMMENTED = "commented"
    PRIORITY_CHANGED = "priority_changed"
    ATTACHMENT_ADDED = "attachment_added"
    RATED = "rated"


class Category(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name_pl = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100)
    notifies_data_protection_officer = fields.BooleanField(default=False)
    sort_order = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "ticket_category"
        ordering = ("sort_order", "code")


class SlaPolicy(Model):
    """Business-time targets for one priority, in minutes of working time."""

    id = fields.IntField(primary_key=True)
    priority = fields.CharEnumField(Priority, max_length=16, unique=True)
    first_response_minutes = fields.IntField()
    resolution_minutes = fields.IntField()
    near_breach_percent = fields.IntField(default=80)

    class Meta:
        table = "sla_policy"


class TicketCounter(Model):
    """The last ticket number issued per year, bumped atomically with each new ticket."""

    id = fields.IntField(primary_key=True)
    year = fields.IntField(unique=True)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "ticket_counter"


class Ticket(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=20, unique=True)
    school: fields.ForeignKeyRelation[School] = fields.ForeignKeyField(
        "models.School", related_name="tickets", on_delete=fields.RESTRICT
    )
    reporter: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reported_tickets", null=True, on_delete=fields.SET_NULL
    )
    reporter_name = fields.CharField(max_length=200, default="")
    reporter_email = fields.CharField(max_length=254, default="")
    channel = fields.CharEnumField(Channel, max_length=16)
    category: fields.ForeignKeyRelation[Category] = fields.ForeignKeyField(
        "models.Category", related_name="tickets", on_delete=fields.RESTRICT
    )
    priority = fields.CharEnumField(Priority, max_length=16, default=Priority.NORMAL)
    status = fields.CharEnumField(TicketStatus, max_length=20, default=TicketStatus.NEW)
    room = fields.CharField(max_length=100, default="")
    asset: fields.ForeignKeyNullableRelation[Asset] = fields.ForeignKeyField(
        "models.Asset", related_name="tickets", null=True, on_delete=fields.SET_NULL
    )
    title = fields.CharField(max_length=200)
    description = fields.TextField()
    assignee: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="assigned_tickets", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    first_response_due_at = fields.DatetimeField()
    resolution_due_at = fields.DatetimeField()
    first_response_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    sla_paused_at = fields.DatetimeField(null=True)
    reopen_count = fields.IntField(default=0)
    rating = fields.SmallIntField(null=True)
    rating_comment = fields.TextField(default="")
    anonymised_at = fields.DatetimeField(null=True)

    school_id: int
    reporter_id: int | None
    category_id: int
    asset_id: int | None
    assignee_id: int | None

    class Meta:
        table = "ticket"
        ordering = ("-created_at",)
        indexes = (("status", "priority"), ("school_id", "created_at"))


class TicketEvent(Model):
    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="events", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="ticket_events", null=True, on_delete=fields.SET_NULL
    )
    kind = fields.CharEnumField(TicketEventKind, max_length=20)
    from_status = fields.CharEnumField(TicketStatus, max_length=20, null=True)
    to_status = fields.CharEnumField(TicketStatus, max_length=20, null=True)
    text = fields.TextField(default="")
    is_public = fields.BooleanField(default=True)
    channel = fields.CharEnumField(Channel, max_length=16)
    external_id = fields.CharField(max_length=255, null=True, unique=True)

    ticket_id: int
    actor_id: int | None

    class Meta:
        table = "ticket_event"
        ordering = ("at", "id")


class TicketAttachment(Model):
    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="attachments", on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyNullableRelation[TicketEvent] = fields.ForeignKeyField(
        "models.TicketEvent", related_name="attachments", null=True, on_delete=fields.SET_NULL
    )
    filename = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=100)
    size_bytes = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    storage_path = fields.CharField(max_length=500)
    created_at = fields.DatetimeField()

    ticket_id: int

    class Meta:
        table = "ticket_attachment"
