"""The JSON API under /api/v1, for integrations: each call acts as the user of its bearer
token (see `forms.api.auth`). Its OpenAPI description is the application's /openapi.json."""

from __future__ import annotations

from fastapi import APIRouter

from forms.api import assets, meetings, obligations, tickets

API_PREFIX = "/api/v1"


def api_router() -> APIRouter:
    """The router of every API endpoint, under API_PREFIX."""
    router = APIRouter(prefix=API_PREFIX)
    for module in (tickets, assets, meetings, obligations):
        router.include_router(module.router)
    return router
