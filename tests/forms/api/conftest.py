"""The API driven through the real ASGI application, each call with a real token."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from core import clock
from core.config import get_settings
from core.models import Category, Channel, School, Ticket, User
from core.people.api_tokens import create_api_token
from core.tickets import create_ticket
from forms.app import create_app
from tests.factories import make_category

Report = Callable[..., Awaitable[Ticket]]


@pytest.fixture
def app(database: str, now: clock.ManualClock) -> FastAPI:
    return create_app(get_settings(), manage_database=False)


@pytest.fixture
async def api(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the application, sending no token of its own."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def bearer(user: User) -> dict[str, str]:
    """The Authorization header of a new token of `user`."""
    issued = await create_api_token(user=user, name="test")
    return {"Authorization": f"Bearer {issued.secret}"}


@pytest.fixture
async def category(database: str) -> Category:
    return await make_category(code="projector")


@pytest.fixture
def report(school: School, teacher: User, category: Category, now: clock.ManualClock) -> Report:
    """Reports a projector fault as `teacher`; keywords override any field."""

    async def report(**fields: Any) -> Ticket:
        defaults: dict[str, Any] = {
            "school": school,
            "reporter": teacher,
            "channel": Channel.WEB,
            "category": category,
            "description": "Projektor w sali 12 nie włącza się.",
        }
        return await create_ticket(**(defaults | fields))

    return report
