"""Polish school years, by the rules of the regulation on the organisation of the school year
(rozporządzenie MEN z 11 sierpnia 2017 r. w sprawie organizacji roku szkolnego, § 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from core.calendar.business import polish_public_holidays

_SEPTEMBER: Final = 9
_FRIDAY: Final = 4
_MONDAY: Final = 0


@dataclass(frozen=True, order=True)
class SchoolYear:
    """The school year that begins in September of `start_year` ("2026/2027" for 2026).

    For deciding which school year a day belongs to, a school year runs from its
    1 September to 31 August of the next year.
    """

    start_year: int

    @classmethod
    def containing(cls, day: date) -> SchoolYear:
        """The school year whose 1 September – 31 August span holds `day`."""
        return cls(day.year if day.month >= _SEPTEMBER else day.year - 1)

    @property
    def label(self) -> str:
        """The usual Polish name of the year, e.g. "2026/2027"."""
        return f"{self.start_year}/{self.start_year + 1}"

    @property
    def start(self) -> date:
        """The first day of classes: 1 September, or the following Monday when 1 September
        is a Friday, Saturday or Sunday.
        """
        first_of_september = date(self.start_year, _SEPTEMBER, 1)
        if first_of_september.weekday() < _FRIDAY:
            return first_of_september
        days_to_monday = (_MONDAY - first_of_september.weekday()) % 7
        return first_of_september + timedelta(days=days_to_monday)

    @property
    def classes_end(self) -> date:
        """The last day of classes: the first Friday strictly after 20 June of the next year,
        or the Wednesday before it when the Thursday in between is a public holiday
        (Corpus Christi; § 2 ust. 1a).
        """
        twentieth_of_june = date(self.start_year + 1, 6, 20)
        days_to_friday = (_FRIDAY - twentieth_of_june.weekday() - 1) % 7 + 1
        friday = twentieth_of_june + timedelta(days=days_to_friday)
        thursday = friday - timedelta(days=1)
        if thursday in polish_public_holidays(thursday.year):
            return friday - timedelta(days=2)
        return friday
