from datetime import date

import pytest

from core.calendar.school_year import SchoolYear


def test_school_year_2024_starts_on_monday_2_september_because_1_september_is_sunday() -> None:
    assert SchoolYear(2024).start == date(2024, 9, 2)


def test_school_year_2025_starts_on_monday_1_september() -> None:
    assert SchoolYear(2025).start == date(2025, 9, 1)


def test_school_year_2026_starts_on_tuesday_1_september() -> None:
    assert SchoolYear(2026).start == date(2026, 9, 1)


def test_school_year_2029_starts_on_monday_3_september_because_1_september_is_saturday() -> None:
    assert SchoolYear(2029).start == date(2029, 9, 3)


def test_school_year_2023_starts_on_monday_4_september_because_1_september_is_friday() -> None:
    assert SchoolYear(2023).start == date(2023, 9, 4)


def test_classes_end_a_week_later_when_20_june_is_a_friday() -> None:
    assert SchoolYear(2024).classes_end == date(2025, 6, 27)


def test_classes_end_on_the_first_friday_after_20_june() -> None:
    assert SchoolYear(2025).classes_end == date(2026, 6, 26)


def test_classes_end_on_wednesday_when_corpus_christi_falls_on_the_thursday_before() -> None:
    # Corpus Christi 2030 is Thursday 20 June, the day before the first Friday after 20 June.
    assert SchoolYear(2029).classes_end == date(2030, 6, 19)


def test_label_names_both_years() -> None:
    assert SchoolYear(2026).label == "2026/2027"


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (date(2026, 9, 1), 2026),
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 1), 2026),
        (date(2027, 8, 31), 2026),
        (date(2026, 8, 31), 2025),
    ],
)
def test_containing_runs_from_1_september_to_31_august(day: date, start_year: int) -> None:
    assert SchoolYear.containing(day) == SchoolYear(start_year)


def test_school_years_are_ordered_by_start_year() -> None:
    assert SchoolYear(2025) < SchoolYear(2026)
