"""Read-only views of the gmina for the landing page."""

from __future__ import annotations

from tortoise import Tortoise

from core.models import HdrAction, School


async def active_schools() -> list[School]:
    return await School.filter(is_active=True).order_by("name")


async def hdr_actions() -> list[HdrAction]:
    return await HdrAction.all().order_by("number")


async def database_is_reachable() -> bool:
    """Whether a trivial query succeeds; for health checks."""
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True
