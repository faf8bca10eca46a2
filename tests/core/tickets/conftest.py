"""A category to report faults with, and a way to report one (people: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from core import clock
from core.models import Category, Channel, School, Ticket, User
from core.tickets import create_ticket
from tests.factories import make_category

Report = Callable[..., Awaitable[Ticket]]


@pytest.fixture
async def category(database: str) -> Category:
    return await make_category()


@pytest.fixture
def report(school: School, teacher: User, category: Category, now: clock.ManualClock) -> Report:
    """Reports a projector fault as `teacher` by the web form; keywords override any field."""

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
