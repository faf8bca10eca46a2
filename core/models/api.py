"""Access tokens of the JSON API, for integrations acting as one user.

Like sessions, no secret is stored in the clear: the row holds the SHA-256 of the token, so a
copy of the database lets nobody call the API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from core.models.people import User


class ApiToken(Model):
    """A token acting as `user`, with their role and rights, until it is revoked."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="api_tokens", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100, default="")
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "api_token"
        ordering = ("id",)
