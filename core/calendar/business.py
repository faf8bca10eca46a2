"""Working days and working hours of the gmina's office, with Polish holidays and school breaks.

Public holidays and school breaks come from the `holidays` package and are cached per year,
since callers ask about the same years over and over in loops. For the same reason each
calendar counts a year's working time once, day by day, the first time it measures a span
in that year; measuring working time is then a few lookups, however long the span (a
monthly summary measures it for every ticket).

Working time is measured on the local wall clock: a working day always holds exactly
`work_end - work_start` of working time, also on the days clocks change. All arithmetic is
done in local wall time and converted to UTC only at the end.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

VOIVODESHIP_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "dolnośląskie": "02",
        "kujawsko-pomorskie": "04",
        "lubelskie": "06",
        "lubuskie": "08",
        "łódzkie": "10",
        "małopolskie": "12",
        "mazowieckie": "14",
        "opolskie": "16",
        "podkarpackie": "18",
        "podlaskie": "20",
        "pomorskie": "22",
        "śląskie": "24",
        "świętokrzyskie": "26",
        "warmińsko-mazurskie": "28",
        "wielkopolskie": "30",
        "zachodniopomorskie": "32",
    }
)
"""Voivodeship names, in lower case, to the TERYT codes `holidays` uses as PL subdivisions."""

_SCHOOL_CATEGORY: Final = "school"

_SCHOOL_BREAKS_SUPPORTED: Final[bool] = _SCHOOL_CATEGORY in getattr(
    holidays.PL, "supported_categories", ()
)

_SATURDAY: Final = 5
_NO_TIME: Final = timedelta(0)


@functools.cache
def polish_public_holidays(year: int) -> Mapping[date, str]:
    """The statutory days off work in Poland in `year`, each with its Polish name."""
    return MappingProxyType(dict(holidays.country_holidays("PL", years=year, language="pl")))


@functools.cache
def _school_breaks(voivodeship_code: str, year: int) -> Mapping[date, str]:
    """The school-break days of `year` in the voivodeship, each with its Polish name."""
    breaks = holidays.country_holidays(
        "PL",
        subdiv=voivodeship_code,
        years=year,
        categories=(_SCHOOL_CATEGORY,),
        language="pl",
    )
    return MappingProxyType(dict(breaks))


def voivodeship_code(name: str) -> str:
    """The TERYT code of the voivodeship named `name` in Polish, in any letter case.

    Raises ValueError naming `name` when it is not one of the sixteen voivodeships.
    """
    try:
        return VOIVODESHIP_CODES[name.strip().casefold()]
    except KeyError:
        known = ", ".join(VOIVODESHIP_CODES)
        raise ValueError(f"Unknown voivodeship {name!r}; expected one of: {known}") from None


@dataclass(frozen=True, kw_only=True)
class BusinessCalendar:
    """When the gmina's office works: Monday to Friday, `work_start` to `work_end` local time,
    except Polish public holidays and `extra_free_days`.

    School breaks of `voivodeship` (None: no school breaks) are information only: the office
    works during them. With a `holidays` version that has no school category for Poland, no
    day is a school break.

    Every datetime given to a method must be timezone-aware (ValueError otherwise); every
    datetime returned is aware and in UTC. Days (`date`) are local calendar days.
    """

    timezone: str = "Europe/Warsaw"
    work_start: time = time(8)
    work_end: time = time(16)
    extra_free_days: frozenset[date] = frozenset()
    voivodeship: str | None = "Lubelskie"

    def __post_init__(self) -> None:
        # Fail when the calendar is built, not at the first question asked of it.
        _require_window(self.work_start, self.work_end)
        self._zone  # noqa: B018 -- looked up to check the name
        self._voivodeship_code()

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a weekday that is neither a public holiday nor an extra free day."""
        _require_date(day)
        return (
            day.weekday() < _SATURDAY
            and day not in polish_public_holidays(day.year)
            and day not in self.extra_free_days
        )

    def holiday_name(self, day: date) -> str | None:
        """The Polish name of the public holiday on `day`; None on other days.

        Extra free days have no name: they are the gmina's, not the law's.
        """
        _require_date(day)
        return polish_public_holidays(day.year).get(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        candidate = day + timedelta(days=1)
        while not self.is_working_day(candidate):
            candidate += timedelta(days=1)
        return candidate

    def add_working_days(self, day: date, n: int) -> date:
        """The `n`-th working day after `day` (n ≥ 1), so that
        `working_days_between(day, result) == n`.

        With n = 0: `day` itself when it is a working day, else the next working day.
        Raises ValueError for a negative `n`.
        """
        if n < 0:
            raise ValueError(f"Cannot add a negative number of working days: {n}")
        if n == 0:
            return day if self.is_working_day(day) else self.next_working_day(day)
        result = day
        for _ in range(n):
            result = self.next_working_day(result)
        return result

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in (start, end]; 0 when `end` is not after `start`."""
        return sum(1 for day in _days(start + timedelta(days=1), end) if self.is_working_day(day))

    def add_business_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment at which `duration` of working time has elapsed since `start`.

        Time before the first working moment at or after `start` (nights, weekends,
        holidays) does not count. A zero `duration` gives `start` itself when it lies in
        working time, else the next moment working time begins. A duration that ends exactly
        at `work_end` ends then, not on the next working morning. Raises ValueError for a
        negative `duration`.
        """
        if duration < timedelta(0):
            raise ValueError(f"Cannot add a negative duration of working time: {duration}")
        cursor = self._first_moment_in_window(self._to_wall(start), self.work_start, self.work_end)
        remaining = duration
        while True:
            left_today = datetime.combine(cursor.date(), self.work_end) - cursor
            if remaining <= left_today:
                return self._to_utc(cursor + remaining)
            remaining -= left_today
            cursor = datetime.combine(self.next_working_day(cursor.date()), self.work_start)

    def business_time_between(self, start: datetime, end: datetime) -> timedelta:
        """The working time in [start, end); zero when `end` is not after `start`.

        The inverse of `add_business_time`:
        `business_time_between(s, add_business_time(s, d)) == d`.
        """
        start_wall, end_wall = self._to_wall(start), self._to_wall(end)
        # The wall clock runs back in the autumn hour that repeats: a later moment can
        # read as earlier, and no working time lies between them.
        if end <= start or end_wall <= start_wall:
            return _NO_TIME
        # The working time of the year before `end` less that before `start`, plus whole
        # years between: constant time for any span, however long.
        elapsed = self._working_time_of_year_before(end_wall) - self._working_time_of_year_before(
            start_wall
        )
        for year in range(start_wall.year, end_wall.year):
            elapsed += self._working_time_of_year(year)
        return elapsed

    def next_allowed_moment(
        self, moment: datetime, window_start: time, window_end: time
    ) -> datetime:
        """The earliest moment at or after `moment` on a working day with local time in
        [window_start, window_end).

        Raises ValueError unless `window_start` is before `window_end`.
        """
        _require_window(window_start, window_end)
        allowed = self._first_moment_in_window(self._to_wall(moment), window_start, window_end)
        return self._to_utc(allowed)

    def is_school_break(self, day: date) -> bool:
        """Whether `day` falls in a school break of the calendar's voivodeship."""
        return self.school_break_name(day) is not None

    def school_break_name(self, day: date) -> str | None:
        """The Polish name of the school break on `day` ("Ferie zimowe", …); None outside one,
        when the calendar has no voivodeship, or when `holidays` knows no school breaks.
        """
        _require_date(day)
        code = self._voivodeship_code()
        if code is None or not _SCHOOL_BREAKS_SUPPORTED:
            return None
        return _school_breaks(code, day.year).get(day)

    def _working_time_of_year_before(self, wall: datetime) -> timedelta:
        """The working time from the start of `wall`'s year up to `wall` (local wall time)."""
        day = wall.date()
        if day not in self._counted_days:
            self._count_working_time(day.year)
        before, opening = self._counted_days[day]
        if opening is None:
            return before
        return before + min(max(wall - opening, _NO_TIME), self._working_day_length)

    def _working_time_of_year(self, year: int) -> timedelta:
        if year not in self._working_time_of_years:
            self._count_working_time(year)
        return self._working_time_of_years[year]

    def _count_working_time(self, year: int) -> None:
        """Fills `_counted_days` for each day of `year` and `_working_time_of_years` for it."""
        before = _NO_TIME
        for day in _days(date(year, 1, 1), date(year, 12, 31)):
            opening = datetime.combine(day, self.work_start) if self.is_working_day(day) else None
            self._counted_days[day] = (before, opening)
            if opening is not None:
                before += self._working_day_length
        self._working_time_of_years[year] = before

    @functools.cached_property
    def _counted_days(self) -> dict[date, tuple[timedelta, datetime | None]]:
        """For each day counted so far: the working time of its year before it, and its
        opening wall time (None on a day off). A cache filled a year at a time, not a field."""
        return {}

    @functools.cached_property
    def _working_time_of_years(self) -> dict[int, timedelta]:
        """The working time of each year counted so far (a cache, not a field)."""
        return {}

    @functools.cached_property
    def _working_day_length(self) -> timedelta:
        return datetime.combine(date.min, self.work_end) - datetime.combine(
            date.min, self.work_start
        )

    @functools.cached_property
    def _zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"Unknown timezone {self.timezone!r}") from None

    def _voivodeship_code(self) -> str | None:
        return None if self.voivodeship is None else voivodeship_code(self.voivodeship)

    def _to_wall(self, moment: datetime) -> datetime:
        """`moment` as naive local wall time; raises ValueError for a naive `moment`."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"Expected a timezone-aware datetime, got naive {moment!r}")
        local = moment.astimezone(self._zone)
        # The same as `.replace(tzinfo=None)`, and a fraction of its cost: `time()` leaves
        # the zone behind and keeps `fold`.
        return datetime.combine(local.date(), local.time())

    def _to_utc(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self._zone).astimezone(UTC)

    def _first_moment_in_window(
        self, wall: datetime, window_start: time, window_end: time
    ) -> datetime:
        """The earliest wall time at or after `wall` on a working day within the window."""
        day = wall.date()
        if self.is_working_day(day):
            opening, closing = _wall_window(day, window_start, window_end)
            if wall < opening:
                return opening
            if wall < closing:
                return wall
        return datetime.combine(self.next_working_day(day), window_start)


def _require_window(start: time, end: time) -> None:
    if start.tzinfo is not None or end.tzinfo is not None:
        raise ValueError("Window bounds are local wall times and must not carry a timezone")
    if not start < end:
        raise ValueError(f"Window start {start} must be before its end {end}")


def _wall_window(day: date, window_start: time, window_end: time) -> tuple[datetime, datetime]:
    return datetime.combine(day, window_start), datetime.combine(day, window_end)


def _require_date(day: date) -> None:
    # A datetime is a date too, but it never equals the date it falls on, so it would
    # silently miss every holiday.
    if isinstance(day, datetime):
        raise TypeError(f"Expected a date, got the datetime {day!r}")


def _days(first: date, last: date) -> Iterator[date]:
    """Every day from `first` to `last`, both included; nothing when `last` is before `first`."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
