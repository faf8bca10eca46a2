"""Meetings (directors' monthly meetings, project team, debates, conferences) and agendas."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from core.models.people import Channel

if TYPE_CHECKING:
    from core.models.hdr import HdrAction
    from core.models.people import School, User


class MeetingKind(StrEnum):
    DIRECTORS = "directors"
    PROJECT_TEAM = "project_team"
    TRAINING = "training"
    DEBATE = "debate"
    CONFERENCE = "conference"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    AGENDA_OPEN = "agenda_open"
    AGENDA_PUBLISHED = "agenda_published"
    HELD = "held"
    CANCELLED = "cancelled"


class AgendaItemStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Meeting(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(MeetingKind, max_length=16)
    title = fields.CharField(max_length=200)
    starts_at = fields.DatetimeField()
    location = fields.CharField(max_length=200, default="")
    status = fields.CharEnumField(MeetingStatus, max_length=20, default=MeetingStatus.PLANNED)
    agenda_call_deadline = fields.DatetimeField(null=True)
    agenda_published_at = fields.DatetimeField(null=True)
    minutes = fields.TextField(default="")
    hdr_action: fields.ForeignKeyNullableRelation[HdrAction] = fields.ForeignKeyField(
        "models.HdrAction", related_name="meetings", null=True, on_delete=fields.SET_NULL
    )
    participants: fields.ManyToManyRelation[User] = fields.ManyToManyField(
        "models.User", related_name="meetings", through="meeting_participant"
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "meeting"
        ordering = ("starts_at",)


class AgendaItem(Model):
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="agenda_items", on_delete=fields.CASCADE
    )
    proposed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="proposed_agenda_items", null=True, on_delete=fields.SET_NULL
    )
    school: fields.ForeignKeyNullableRelation[School] = fields.ForeignKeyField(
        "models.School", related_name="agenda_items", null=True, on_delete=fields.SET_NULL
    )
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    status = fields.CharEnumField(
        AgendaItemStatus, max_length=16, default=AgendaItemStatus.PROPOSED
    )
    position = fields.IntField(null=True)
    channel = fields.CharEnumField(Channel, max_length=16)
    created_at = fields.DatetimeField()

    meeting_id: int
    school_id: int | None

    class Meta:
        table = "agenda_item"
        ordering = ("position", "created_at")


class ActionItem(Model):
    """A task agreed in a meeting's minutes. It becomes an obligation with reminders."""

    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="action_items", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=200)
    owner: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="action_items", on_delete=fields.RESTRICT
    )
    due_date = fields.DateField()
    done_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    meeting_id: int
    owner_id: int

    class Meta:
        table = "action_item"
        ordering = ("due_date", "id")
