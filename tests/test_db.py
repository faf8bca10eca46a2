"""Stored moments compare correctly whatever time zone a query names them in."""

from __future__ import annotations

import datetime as dt

from core.models import Meeting, MeetingKind
from tests.conftest import warsaw


async def _meeting_at(moment: dt.datetime) -> Meeting:
    return await Meeting.create(
        kind=MeetingKind.DIRECTORS, title="Spotkanie", starts_at=moment, created_at=moment
    )


async def test_a_row_is_found_by_its_local_time(database) -> None:
    await _meeting_at(warsaw(2026, 12, 8, 10, 0))

    assert await Meeting.exists(starts_at=warsaw(2026, 12, 8, 10, 0))


async def test_a_local_time_range_includes_the_row_within_it(database) -> None:
    await _meeting_at(warsaw(2026, 12, 8, 10, 0))

    found = await Meeting.filter(
        starts_at__gte=warsaw(2026, 12, 8, 10, 0), starts_at__lt=warsaw(2026, 12, 8, 10, 30)
    ).count()

    assert found == 1


async def test_a_moment_reads_back_as_the_same_instant(database) -> None:
    meeting = await _meeting_at(warsaw(2026, 7, 1, 9, 15))

    await meeting.refresh_from_db()

    assert meeting.starts_at == warsaw(2026, 7, 1, 9, 15)
