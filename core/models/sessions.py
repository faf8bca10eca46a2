"""Signing in to the web application: e-mailed sign-in links, the requests for them (for the
rate limit), and the sessions they open.

No secret is stored in the clear: the random part of a link's token and a session's cookie
value are kept as their SHA-256, and a request's address and client as keyed hashes, so a
copy of the database can neither sign anyone in nor list who asked for links from where.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from core.models.people import User


class LoginToken(Model):
    """One sign-in link sent to `user`: it works until `expires_at`, and once (`used_at`)."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="login_tokens", on_delete=fields.CASCADE
    )
    next_path = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(db_index=True)
    used_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "login_token"


class LoginRequest(Model):
    """Someone asked for a sign-in link: for which address, from which client, when.

    Kept for the rate-limit window only; written whether or not the address is a user's, so
    that the limit answers the same for every address.
    """

    id = fields.IntField(primary_key=True)
    address_key = fields.CharField(max_length=64)
    client_key = fields.CharField(max_length=64)
    requested_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "login_request"
        indexes = (("address_key", "requested_at"), ("client_key", "requested_at"))


class WebSession(Model):
    """A signed-in browser, found by the hash of its cookie's value.

    It ends at logout (`ended_at`), after a time without requests (from `last_seen_at`), or
    at the latest a fixed time after `created_at`.
    """

    id = fields.IntField(primary_key=True)
    key_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="web_sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "web_session"
