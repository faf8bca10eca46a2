"""The one place that says what time it is, so tests can move time."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

from core.config import get_settings


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class ManualClock:
    """A clock that stands still until told to move; for tests and simulations."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start")
        self._now = start

    def now(self) -> dt.datetime:
        return self._now

    def set(self, moment: dt.datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware moment")
        self._now = moment

    def advance(self, delta: dt.timedelta) -> None:
        self._now += delta


_current: Clock = SystemClock()


def now() -> dt.datetime:
    """The current moment in UTC, from the installed clock."""
    return _current.now().astimezone(dt.UTC)


def today() -> dt.date:
    """Today's date in the gmina's time zone (in Warsaw, a day starts before it does in UTC)."""
    return now().astimezone(ZoneInfo(get_settings().timezone)).date()


def install(clock: Clock) -> Clock:
    """Make `clock` the process clock; returns the one it replaced."""
    global _current
    previous, _current = _current, clock
    return previous
