"""The HDR's development actions and its monitoring indicators."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from core.models.people import User


class HdrActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


class IndicatorSource(StrEnum):
    """Where an indicator's value comes from: counted from the data, or entered by hand."""

    MANUAL = "manual"
    MEETINGS_PROJECT_TEAM = "meetings:project_team"
    MEETINGS_TRAINING = "meetings:training"
    MEETINGS_DEBATE = "meetings:debate"
    MEETINGS_DIRECTORS = "meetings:directors"
    MEETINGS_CONFERENCE = "meetings:conference"
    INVENTORY_SUBMITTED_SCHOOLS = "inventory:submitted_schools"
    SCHOOLS_E_SHEET = "schools:e_sheet"
    SCHOOLS_SHARED_IT = "schools:shared_it"


class HdrAction(Model):
    id = fields.IntField(primary_key=True)
    number = fields.IntField(unique=True)
    title = fields.TextField()
    methods = fields.TextField(default="")
    period_text = fields.CharField(max_length=100, default="")
    starts_on = fields.DateField(null=True)
    ends_on = fields.DateField(null=True)
    resources = fields.TextField(default="")
    responsible = fields.CharField(max_length=300, default="")
    responsible_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="hdr_actions", null=True, on_delete=fields.SET_NULL
    )
    status = fields.CharEnumField(HdrActionStatus, max_length=16, default=HdrActionStatus.PLANNED)
    notes = fields.TextField(default="")
    updated_at = fields.DatetimeField()

    responsible_user_id: int | None

    class Meta:
        table = "hdr_action"
        ordering = ("number",)


class Indicator(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=48, unique=True)
    name = fields.CharField(max_length=200)
    target = fields.IntField()
    action_numbers: list[int] = fields.JSONField(default=list)
    documentation = fields.CharField(max_length=300, default="")
    source = fields.CharEnumField(IndicatorSource, max_length=40)
    manual_value = fields.IntField(null=True)
    sort_order = fields.IntField(default=0)

    class Meta:
        table = "indicator"
        ordering = ("sort_order", "code")
