"""The business calendar the deployment is configured for."""

from __future__ import annotations

from functools import lru_cache

from core.calendar.business import BusinessCalendar
from core.config import Settings, get_settings


def calendar_from_settings(settings: Settings) -> BusinessCalendar:
    return BusinessCalendar(
        timezone=settings.timezone,
        work_start=settings.work_start,
        work_end=settings.work_end,
        extra_free_days=frozenset(settings.extra_free_days),
        voivodeship=settings.voivodeship,
    )


@lru_cache(maxsize=1)
def configured_calendar() -> BusinessCalendar:
    """The calendar of this deployment's settings, built once."""
    return calendar_from_settings(get_settings())
