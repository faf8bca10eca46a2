"""Specification of `parse_period`: the HDR's Polish period phrases as date ranges."""

from __future__ import annotations

from datetime import date

import pytest

from core.hdr.periods import Period, PeriodParseError, parse_period


def _rejection_message(phrase: str) -> str:
    with pytest.raises(PeriodParseError) as error:
        parse_period(phrase)
    return str(error.value)


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("Czerwiec 2024", date(2024, 6, 1), date(2024, 6, 30)),
        ("25–26.06.2024", date(2024, 6, 25), date(2024, 6, 26)),
        ("23.07.2024", date(2024, 7, 23), date(2024, 7, 23)),
        ("09.09.2024", date(2024, 9, 9), date(2024, 9, 9)),
        ("24–25.09.2024", date(2024, 9, 24), date(2024, 9, 25)),
        ("październik 2024", date(2024, 10, 1), date(2024, 10, 31)),
        ("29.10.2024", date(2024, 10, 29), date(2024, 10, 29)),
        ("listopad 2024", date(2024, 11, 1), date(2024, 11, 30)),
        ("05.12.2024", date(2024, 12, 5), date(2024, 12, 5)),
        ("09–10.12.2024", date(2024, 12, 9), date(2024, 12, 10)),
        ("18.12.2024", date(2024, 12, 18), date(2024, 12, 18)),
        ("styczeń – maj 2023", date(2023, 1, 1), date(2023, 5, 31)),
        ("Grudzień 2024", date(2024, 12, 1), date(2024, 12, 31)),
        ("14–15.01.2025", date(2025, 1, 14), date(2025, 1, 15)),
        ("01.09.2024 – 30.09.2025", date(2024, 9, 1), date(2025, 9, 30)),
        ("kwiecień – maj 2025", date(2025, 4, 1), date(2025, 5, 31)),
        ("28.05.2025", date(2025, 5, 28), date(2025, 5, 28)),
        ("Marzec 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("Kwiecień 2025", date(2025, 4, 1), date(2025, 4, 30)),
        ("Wrzesień 2025 -czerwiec 2026", date(2025, 9, 1), date(2026, 6, 30)),
        ("-czerwiec 2026", date(2026, 6, 1), date(2026, 6, 30)),
        ("Wrzesień - listopad 2025", date(2025, 9, 1), date(2025, 11, 30)),
        ("Listopad - grudzień 2025", date(2025, 11, 1), date(2025, 12, 31)),
        ("Luty - marzec 2026", date(2026, 2, 1), date(2026, 3, 31)),
        ("Marzec - kwiecień 2026", date(2026, 3, 1), date(2026, 4, 30)),
        ("Czerwiec - wrzesień 2025", date(2025, 6, 1), date(2025, 9, 30)),
        ("Październik - listopad 2025", date(2025, 10, 1), date(2025, 11, 30)),
        ("styczeń 2026", date(2026, 1, 1), date(2026, 1, 31)),
        ("Luty - czerwiec 2026", date(2026, 2, 1), date(2026, 6, 30)),
    ],
)
def test_every_phrase_of_the_document_parses_to_its_dates(
    phrase: str, start: date, end: date
) -> None:
    assert parse_period(phrase) == Period(start, end)


def test_a_month_means_all_of_its_days() -> None:
    assert parse_period("Czerwiec 2024") == Period(date(2024, 6, 1), date(2024, 6, 30))


def test_february_ends_on_the_29th_in_a_leap_year() -> None:
    assert parse_period("luty 2028") == Period(date(2028, 2, 1), date(2028, 2, 29))


def test_february_ends_on_the_28th_in_a_common_year() -> None:
    assert parse_period("luty 2026").end == date(2026, 2, 28)


def test_a_single_date_is_a_one_day_period() -> None:
    assert parse_period("23.07.2024") == Period(date(2024, 7, 23), date(2024, 7, 23))


def test_a_day_range_runs_within_the_month_and_year_of_its_date() -> None:
    assert parse_period("25–26.06.2024") == Period(date(2024, 6, 25), date(2024, 6, 26))


def test_a_date_range_runs_from_its_first_date_to_its_last() -> None:
    assert parse_period("01.09.2024 – 30.09.2025") == Period(date(2024, 9, 1), date(2025, 9, 30))


def test_a_month_range_runs_from_the_first_day_of_one_month_to_the_last_day_of_the_other() -> None:
    assert parse_period("Wrzesień 2025 -czerwiec 2026") == Period(
        date(2025, 9, 1), date(2026, 6, 30)
    )


def test_a_first_month_without_a_year_takes_the_year_of_the_last() -> None:
    assert parse_period("Wrzesień - listopad 2025") == Period(date(2025, 9, 1), date(2025, 11, 30))


def test_a_first_month_later_in_the_year_than_the_last_belongs_to_the_year_before() -> None:
    assert parse_period("listopad - luty 2026") == Period(date(2025, 11, 1), date(2026, 2, 28))


def test_a_phrase_with_only_an_end_is_the_period_of_that_end() -> None:
    assert parse_period("-czerwiec 2026") == Period(date(2026, 6, 1), date(2026, 6, 30))


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("styczeń", 1),
        ("luty", 2),
        ("marzec", 3),
        ("kwiecień", 4),
        ("maj", 5),
        ("czerwiec", 6),
        ("lipiec", 7),
        ("sierpień", 8),
        ("wrzesień", 9),
        ("październik", 10),
        ("listopad", 11),
        ("grudzień", 12),
    ],
)
def test_nominative_month_names_are_understood(name: str, month: int) -> None:
    assert parse_period(f"{name} 2025").start == date(2025, month, 1)


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("stycznia", 1),
        ("lutego", 2),
        ("marca", 3),
        ("kwietnia", 4),
        ("maja", 5),
        ("czerwca", 6),
        ("lipca", 7),
        ("sierpnia", 8),
        ("września", 9),
        ("października", 10),
        ("listopada", 11),
        ("grudnia", 12),
    ],
)
def test_genitive_month_names_are_understood(name: str, month: int) -> None:
    assert parse_period(f"{name} 2025").start == date(2025, month, 1)


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("styczen", 1),
        ("kwiecien", 4),
        ("sierpien", 8),
        ("wrzesien", 9),
        ("wrzesnia", 9),
        ("pazdziernik", 10),
        ("pazdziernika", 10),
        ("grudzien", 12),
    ],
)
def test_month_names_without_diacritics_are_understood(name: str, month: int) -> None:
    assert parse_period(f"{name} 2025").start == date(2025, month, 1)


@pytest.mark.parametrize("name", ["PAŹDZIERNIK", "Październik", "październik", "pAźDzIeRnIk"])
def test_month_names_are_understood_in_any_case(name: str) -> None:
    assert parse_period(f"{name} 2024") == Period(date(2024, 10, 1), date(2024, 10, 31))


@pytest.mark.parametrize(
    "phrase",
    [
        "kwiecień-maj 2025",
        "kwiecień - maj 2025",
        "kwiecień–maj 2025",
        "kwiecień – maj 2025",
        "kwiecień—maj 2025",
        "kwiecień — maj 2025",
        "kwiecień -maj 2025",
        "kwiecień- maj 2025",
    ],
)
def test_any_dash_with_or_without_spaces_separates_a_range(phrase: str) -> None:
    assert parse_period(phrase) == Period(date(2025, 4, 1), date(2025, 5, 31))


def test_a_year_may_be_followed_by_the_abbreviation_r() -> None:
    assert parse_period("czerwca 2024 r.") == Period(date(2024, 6, 1), date(2024, 6, 30))


def test_both_years_of_a_range_may_be_followed_by_the_abbreviation_r() -> None:
    assert parse_period("czerwca 2024 r. – grudnia 2026 r.") == Period(
        date(2024, 6, 1), date(2026, 12, 31)
    )


def test_surrounding_whitespace_is_ignored() -> None:
    assert parse_period("  Marzec 2025 ") == Period(date(2025, 3, 1), date(2025, 3, 31))


@pytest.mark.parametrize("phrase", ["", "   "])
def test_an_empty_phrase_is_rejected_by_name(phrase: str) -> None:
    message = _rejection_message(phrase)
    assert repr(phrase) in message
    assert "empty" in message


@pytest.mark.parametrize(
    "phrase",
    ["30.09.2025 – 01.09.2024", "26–25.06.2024", "czerwiec 2026 – maj 2026"],
)
def test_a_range_that_ends_before_it_starts_is_rejected_by_name(phrase: str) -> None:
    message = _rejection_message(phrase)
    assert repr(phrase) in message
    assert "ends" in message


@pytest.mark.parametrize("phrase", ["31.02.2025", "29.02.2026", "30–31.04.2025", "01.13.2025"])
def test_an_impossible_date_is_rejected_by_name(phrase: str) -> None:
    message = _rejection_message(phrase)
    assert repr(phrase) in message
    assert "no day" in message


@pytest.mark.parametrize(
    "phrase",
    [
        "Czerwiec 2024 ok",
        "około Czerwiec 2024",
        "Czerwiec 2024?",
        "Czerwiec 2024 -",
        "Czerwiec 2024 – lipiec 2024 – sierpień 2024",
        "26.06",
        "2024",
    ],
)
def test_a_phrase_with_anything_else_in_it_is_rejected_by_name(phrase: str) -> None:
    assert repr(phrase) in _rejection_message(phrase)


def test_a_word_that_is_not_a_month_is_rejected_by_name() -> None:
    message = _rejection_message("Czerwec 2024")
    assert "'Czerwec 2024'" in message
    assert "'Czerwec' is not a month" in message


@pytest.mark.parametrize("phrase", ["czerwiec", "maj – czerwiec"])
def test_a_month_without_any_year_is_rejected_by_name(phrase: str) -> None:
    message = _rejection_message(phrase)
    assert repr(phrase) in message
    assert "needs a year" in message


def test_a_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Cannot parse period"):
        parse_period("wkrótce")


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2025, 2, 1), date(2025, 1, 31))
