"""Builders of meeting test data: a directors' meeting whose call for items is open."""

from __future__ import annotations

from typing import Any

from core import clock
from core.models import Meeting, MeetingKind, MeetingStatus
from tests.conftest import warsaw

DECEMBER_MEETING = "Spotkanie z dyrektorami — 12.2026"
STARTS_AT = warsaw(2026, 12, 8, 10, 0)
CALL_DEADLINE = warsaw(2026, 12, 4, 15, 0)


async def make_meeting(**fields: Any) -> Meeting:
    """A directors' meeting on Tuesday 8 December 2026, taking items until Friday 4 December,
    15:00 (both in Warsaw); `fields` override any of that."""
    defaults: dict[str, Any] = {
        "kind": MeetingKind.DIRECTORS,
        "title": DECEMBER_MEETING,
        "starts_at": STARTS_AT,
        "location": "Urząd Gminy Lubartów",
        "status": MeetingStatus.AGENDA_OPEN,
        "agenda_call_deadline": CALL_DEADLINE,
        "created_at": clock.now(),
    }
    return await Meeting.create(**(defaults | fields))
