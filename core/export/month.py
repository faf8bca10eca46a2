"""The calendar month a monthly summary covers, as people name it ("2026-11") and as the
database is asked about it (the instants it starts and ends at in the gmina's time zone)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_date

from core import clock
from core.errors import InvalidInput

_MONTH_TEXT = re.compile(r"(\d{4})-(\d{2})")


class MonthFormatError(InvalidInput):
    """A month that is not written as YYYY-MM, or names no real month."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not (1 <= self.year <= 9999 and 1 <= self.month <= 12):
            raise ValueError(f"No such month: {self.year:04d}-{self.month:02d}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """The month `text` names as YYYY-MM ("2026-03"); raises MonthFormatError for
        anything else ("2026-3", "03-2026", "2026-13", "0000-05")."""
        match = _MONTH_TEXT.fullmatch(text.strip())
        if match is not None:
            year, month = int(match[1]), int(match[2])
            if year >= 1 and 1 <= month <= 12:
                return cls(year, month)
        raise MonthFormatError(
            "Give the month as YYYY-MM, e.g. {example}; got “{text}”.",
            example=f"{default_month()}",
            text=text,
        )

    @classmethod
    def containing(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def minus(self, months: int) -> Month:
        """The month `months` before this one."""
        index = self.year * 12 + self.month - 1 - months
        return Month(index // 12, index % 12 + 1)

    def bounds(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """The instants, in UTC, the month starts and ends at (end excluded): the local
        midnights in `zone`, so that 1 December 00:30 in Warsaw (30 November in UTC)
        already belongs to December."""
        start = dt.datetime.combine(self.first_day, dt.time(0), tzinfo=zone)
        end = dt.datetime.combine(self.next().first_day, dt.time(0), tzinfo=zone)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)

    def label(self, locale: str = "pl") -> str:
        """The month as people say it, e.g. "listopad 2026"."""
        return format_date(self.first_day, "LLLL y", locale=locale)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def default_month() -> Month:
    """The last full month in the gmina's time zone: October on any day of November."""
    return Month.containing(clock.today()).previous()


def check_exportable(month: Month) -> None:
    """Raises InvalidInput when `month` has not begun yet in the gmina's time zone; the
    current month may be exported, with what it holds so far."""
    current = Month.containing(clock.today())
    if month > current:
        raise InvalidInput(
            "The month {month} has not begun yet; the latest month that can be exported "
            "is {latest}.",
            month=str(month),
            latest=str(current),
        )
