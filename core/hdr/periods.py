"""Turn the HDR's Polish period phrases ("Czerwiec 2024", "25–26.06.2024", …) into date ranges.

The phrases are read by a small tokenizer and a recursive-descent parser for this grammar:

    period := DASH point              only an end: the period is that point
            | DAY DASH DATE           a day range inside one month ("25–26.06.2024")
            | point [DASH point]
    point  := DATE | MONTH [YEAR [YEAR_MARKER]]

DATE is "dd.mm.yyyy", MONTH a Polish month name (nominative or genitive, any case, with or
without diacritics), DASH one of "-", "–", "—", and YEAR_MARKER the "r." that may follow a year.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TypeAlias


@dataclass(frozen=True)
class Period:
    """An inclusive range of days; `end` is never before `start`."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Period ends ({self.end}) before it starts ({self.start})")


class PeriodParseError(ValueError):
    """A period phrase that is not in the grammar or names no real range of days."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"Cannot parse period {text!r}: {reason}")
        self.text = text
        self.reason = reason


def parse_period(text: str) -> Period:
    """The range of days `text` names; raises PeriodParseError quoting `text` otherwise.

    A month means all of its days. A month range whose first month has no year takes the
    year of the last part, or the year before when the first month comes later in the year
    ("listopad - luty 2026" is November 2025 to February 2026).
    """
    return _Parser(text, _tokenize(text)).parse()


_MONTH_NAMES: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("styczen", "stycznia"),
            ("luty", "lutego"),
            ("marzec", "marca"),
            ("kwiecien", "kwietnia"),
            ("maj", "maja"),
            ("czerwiec", "czerwca"),
            ("lipiec", "lipca"),
            ("sierpien", "sierpnia"),
            ("wrzesien", "wrzesnia"),
            ("pazdziernik", "pazdziernika"),
            ("listopad", "listopada"),
            ("grudzien", "grudnia"),
        ),
        start=1,
    )
    for name in names
}


class _Kind(Enum):
    """Token kinds; each value names the kind in error messages."""

    DATE = "a date (dd.mm.yyyy)"
    YEAR = "a year"
    DAY = "a day of the month"
    DASH = "a dash"
    YEAR_MARKER = "'r.'"
    WORD = "a month name"
    SPACE = "whitespace"


@dataclass(frozen=True)
class _Token:
    kind: _Kind
    lexeme: str


_TOKEN_PATTERN = re.compile(
    r"""
    (?P<DATE>\d{1,2}\.\d{1,2}\.\d{4})(?!\d)
    | (?P<YEAR>\d{4})(?!\d)
    | (?P<DAY>\d{1,2})(?![\d.])
    | (?P<DASH>[-–—])
    | (?P<YEAR_MARKER>r\.)
    | (?P<WORD>[^\W\d_]+)
    | (?P<SPACE>\s+)
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _tokenize(text: str) -> list[_Token]:
    """The tokens of `text` without whitespace; raises on any character outside the grammar."""
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN_PATTERN.match(text, position)
        if match is None or match.lastgroup is None:
            raise PeriodParseError(text, f"unexpected {text[position:]!r}")
        kind = _Kind[match.lastgroup]
        if kind is not _Kind.SPACE:
            tokens.append(_Token(kind, match.group()))
        position = match.end()
    return tokens


def _month_number(word: str) -> int | None:
    """The month a Polish month name means, ignoring case and diacritics; None if not a month."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _MONTH_NAMES.get(bare)


@dataclass(frozen=True)
class _Day:
    day: date


@dataclass(frozen=True)
class _Month:
    month: int
    year: int | None


_Point: TypeAlias = _Day | _Month


def _month_span(month: int, year: int) -> Period:
    last_day = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last_day))


class _Parser:
    """Recursive descent over the tokens of one phrase; `parse` may be called once."""

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self._text = text
        self._tokens = tokens
        self._position = 0

    def parse(self) -> Period:
        if not self._tokens:
            raise self._error("the phrase is empty")
        if self._accept(_Kind.DASH):
            period = self._single(self._point())
        elif self._peek_kind() is _Kind.DAY:
            period = self._day_range()
        else:
            period = self._point_or_range()
        if self._position < len(self._tokens):
            raise self._error(f"unexpected {self._found()} after the period")
        return period

    def _point_or_range(self) -> Period:
        first = self._point()
        if self._accept(_Kind.DASH):
            return self._range(first, self._point())
        return self._single(first)

    def _day_range(self) -> Period:
        first_day = int(self._expect(_Kind.DAY).lexeme)
        self._expect(_Kind.DASH)
        last = self._date()
        return self._period(self._date_of(first_day, last.month, last.year), last)

    def _point(self) -> _Point:
        if self._peek_kind() is _Kind.DATE:
            return _Day(self._date())
        if self._peek_kind() is not _Kind.WORD:
            raise self._error(f"expected a date or a month name, found {self._found()}")
        month = self._month()
        if self._peek_kind() is not _Kind.YEAR:
            return _Month(month, None)
        year = int(self._expect(_Kind.YEAR).lexeme)
        self._accept(_Kind.YEAR_MARKER)
        return _Month(month, year)

    def _date(self) -> date:
        day, month, year = (int(part) for part in self._expect(_Kind.DATE).lexeme.split("."))
        return self._date_of(day, month, year)

    def _month(self) -> int:
        word = self._expect(_Kind.WORD).lexeme
        month = _month_number(word)
        if month is None:
            raise self._error(f"{word!r} is not a month")
        return month

    def _single(self, point: _Point) -> Period:
        if isinstance(point, _Day):
            return Period(point.day, point.day)
        return _month_span(point.month, self._year_of(point))

    def _range(self, first: _Point, last: _Point) -> Period:
        end = self._single(last).end
        if isinstance(first, _Day):
            return self._period(first.day, end)
        if first.year is not None:
            start_year = first.year
        else:
            start_year = end.year if first.month <= end.month else end.year - 1
        return self._period(_month_span(first.month, start_year).start, end)

    def _period(self, start: date, end: date) -> Period:
        if end < start:
            raise self._error(f"it ends ({end}) before it starts ({start})")
        return Period(start, end)

    def _year_of(self, month: _Month) -> int:
        if month.year is None:
            raise self._error("a month needs a year")
        return month.year

    def _date_of(self, day: int, month: int, year: int) -> date:
        try:
            return date(year, month, day)
        except ValueError:
            raise self._error(f"there is no day {day:02d}.{month:02d}.{year}") from None

    def _peek_kind(self) -> _Kind | None:
        if self._position < len(self._tokens):
            return self._tokens[self._position].kind
        return None

    def _accept(self, kind: _Kind) -> bool:
        if self._peek_kind() is kind:
            self._position += 1
            return True
        return False

    def _expect(self, kind: _Kind) -> _Token:
        if self._peek_kind() is not kind:
            raise self._error(f"expected {kind.value}, found {self._found()}")
        token = self._tokens[self._position]
        self._position += 1
        return token

    def _found(self) -> str:
        """The next token as an error message names it."""
        if self._position < len(self._tokens):
            return repr(self._tokens[self._position].lexeme)
        return "the end"

    def _error(self, reason: str) -> PeriodParseError:
        return PeriodParseError(self._text, reason)
