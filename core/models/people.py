"""Schools, the people who use hdr-desk, and the codes that link their chat accounts."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    TEACHER = "teacher"
    DIRECTOR = "director"
    IT = "it"
    COORDINATOR = "coordinator"


class Channel(StrEnum):
    TELEGRAM = "telegram"
    EMAIL = "email"
    WEB = "web"


class School(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=255)
    short_name = fields.CharField(max_length=100)
    address = fields.CharField(max_length=255, default="")
    pupils = fields.IntField(null=True)
    name_is_demo = fields.BooleanField(default=False)
    shared_it_since = fields.DateField(null=True)
    e_sheet_since = fields.DateField(null=True)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "school"
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class User(Model):
    id = fields.IntField(primary_key=True)
    full_name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254, unique=True, null=True)
    role = fields.CharEnumField(Role, max_length=16)
    school: fields.ForeignKeyNullableRelation[School] = fields.ForeignKeyField(
        "models.School", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    telegram_user_id = fields.BigIntField(unique=True, null=True)
    telegram_chat_id = fields.BigIntField(null=True)
    preferred_channel = fields.CharEnumField(Channel, max_length=16, default=Channel.EMAIL)
    locale = fields.CharField(max_length=8, default="pl")
    reminder_digest = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    is_demo = fields.BooleanField(default=False)
    email_unreachable_at = fields.DatetimeField(null=True)
    telegram_unreachable_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    school_id: int | None

    class Meta:
        table = "user"
        ordering = ("full_name",)

    def __str__(self) -> str:
        return self.full_name


class InviteCode(Model):
    """A single-use code that links a Telegram account to `user`. Only its hash is kept."""

    id = fields.IntField(primary_key=True)
    code_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="invite_codes", on_delete=fields.CASCADE
    )
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="issued_invite_codes", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    used_by_telegram_id = fields.BigIntField(null=True)

    user_id: int

    class Meta:
        table = "invite_code"
