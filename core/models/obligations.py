"""Obligations with due dates, the reminder policies that chase them, and the answers."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from core.models.people import Channel, Role

if TYPE_CHECKING:
    from core.models.hdr import HdrAction
    from core.models.inventory import InventoryRound
    from core.models.meetings import ActionItem, Meeting
    from core.models.outbox import OutboxMessage
    from core.models.people import School, User


class ObligationKind(StrEnum):
    HDR_ACTION_END = "hdr_action_end"
    INVENTORY_ROUND = "inventory_round"
    ORGANISATION_SHEET = "organisation_sheet"
    YEARLY_DEADLINE = "yearly_deadline"
    AGENDA_CALL = "agenda_call"
    AGENDA_PUBLISHED = "agenda_published"
    ACTION_ITEM = "action_item"
    MANUAL = "manual"


class ObligationStatus(StrEnum):
    OPEN = "open"
    SNOOZED = "snoozed"
    PROBLEM = "problem"
    DONE = "done"
    CANCELLED = "cancelled"


class ReminderKind(StrEnum):
    BEFORE_DUE = "before_due"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATION = "escalation"


class ReminderStatus(StrEnum):
    SCHEDULED = "scheduled"
    QUEUED = "queued"
    SKIPPED = "skipped"


class AnswerKind(StrEnum):
    DONE = "done"
    SNOOZE = "snooze"
    PROBLEM = "problem"


class ReminderPolicy(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    offsets_days: list[int] = fields.JSONField(default=list)
    overdue_every_working_days = fields.SmallIntField(default=2)
    escalate_after_overdue_days = fields.SmallIntField(default=3)
    window_start = fields.TimeField()
    window_end = fields.TimeField()

    class Meta:
        table = "reminder_policy"


class Obligation(Model):
    """Something someone must do by a date. `source_key` makes generation idempotent."""

    id = fields.IntField(primary_key=True)
    source_key = fields.CharField(max_length=200, unique=True)
    kind = fields.CharEnumField(ObligationKind, max_length=24)
    title = fields.CharField(max_length=300)
    description = fields.TextField(default="")
    legal_basis = fields.CharField(max_length=300, default="")
    school: fields.ForeignKeyNullableRelation[School] = fields.ForeignKeyField(
        "models.School", related_name="obligations", null=True, on_delete=fields.CASCADE
    )
    assignee: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="obligations", null=True, on_delete=fields.SET_NULL
    )
    assignee_role = fields.CharEnumField(Role, max_length=16, null=True)
    due_date = fields.DateField()
    status = fields.CharEnumField(ObligationStatus, max_length=16, default=ObligationStatus.OPEN)
    snoozed_until = fields.DateField(null=True)
    done_at = fields.DatetimeField(null=True)
    policy: fields.ForeignKeyNullableRelation[ReminderPolicy] = fields.ForeignKeyField(
        "models.ReminderPolicy", related_name="obligations", null=True, on_delete=fields.SET_NULL
    )
    hdr_action: fields.ForeignKeyNullableRelation[HdrAction] = fields.ForeignKeyField(
        "models.HdrAction", related_name="obligations", null=True, on_delete=fields.CASCADE
    )
    inventory_round: fields.ForeignKeyNullableRelation[InventoryRound] = fields.ForeignKeyField(
        "models.InventoryRound", related_name="obligations", null=True, on_delete=fields.CASCADE
    )
    meeting: fields.ForeignKeyNullableRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="obligations", null=True, on_delete=fields.CASCADE
    )
    action_item: fields.ForeignKeyNullableRelation[ActionItem] = fields.ForeignKeyField(
        "models.ActionItem", related_name="obligations", null=True, on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()

    school_id: int | None
    assignee_id: int | None
    meeting_id: int | None
    action_item_id: int | None

    class Meta:
        table = "obligation"
        ordering = ("due_date", "id")
        indexes = (("status", "due_date"),)


class Reminder(Model):
    """One planned reminder of an obligation to one person. Its message goes via the outbox."""

    id = fields.IntField(primary_key=True)
    obligation: fields.ForeignKeyRelation[Obligation] = fields.ForeignKeyField(
        "models.Obligation", related_name="reminders", on_delete=fields.CASCADE
    )
    recipient: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reminders", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(ReminderKind, max_length=16)
    scheduled_for = fields.DatetimeField()
    status = fields.CharEnumField(ReminderStatus, max_length=16, default=ReminderStatus.SCHEDULED)
    outbox_message: fields.ForeignKeyNullableRelation[OutboxMessage] = fields.ForeignKeyField(
        "models.OutboxMessage", related_name="reminders", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()

    obligation_id: int
    recipient_id: int

    class Meta:
        table = "reminder"
        unique_together = (("obligation", "recipient", "kind", "scheduled_for"),)
        indexes = (("status", "scheduled_for"),)


class ReminderAnswer(Model):
    id = fields.IntField(primary_key=True)
    obligation: fields.ForeignKeyRelation[Obligation] = fields.ForeignKeyField(
        "models.Obligation", related_name="answers", on_delete=fields.CASCADE
    )
    reminder: fields.ForeignKeyNullableRelation[Reminder] = fields.ForeignKeyField(
        "models.Reminder", related_name="answers", null=True, on_delete=fields.SET_NULL
    )
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reminder_answers", null=True, on_delete=fields.SET_NULL
    )
    answer = fields.CharEnumField(AnswerKind, max_length=16)
    snooze_until = fields.DateField(null=True)
    comment = fields.TextField(default="")
    channel = fields.CharEnumField(Channel, max_length=16)
    at = fields.DatetimeField()

    class Meta:
        table = "reminder_answer"
        ordering = ("at", "id")
