from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from core.calendar.business import VOIVODESHIP_CODES, BusinessCalendar

WARSAW = ZoneInfo("Europe/Warsaw")
CALENDAR = BusinessCalendar()
REMINDER_START = time(9)
REMINDER_END = time(17)


def warsaw(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WARSAW)


def naive(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return warsaw(year, month, day, hour).replace(tzinfo=None)


# Working days


def test_weekend_days_are_not_working_days() -> None:
    assert not CALENDAR.is_working_day(date(2026, 3, 7))
    assert not CALENDAR.is_working_day(date(2026, 3, 8))


def test_an_ordinary_weekday_is_a_working_day() -> None:
    assert CALENDAR.is_working_day(date(2026, 3, 9))


def test_independence_day_is_not_a_working_day() -> None:
    assert not CALENDAR.is_working_day(date(2026, 11, 11))


def test_independence_day_is_named_in_polish() -> None:
    name = CALENDAR.holiday_name(date(2026, 11, 11))

    assert name is not None
    assert "Święto Niepodległości" in name


def test_an_ordinary_day_has_no_holiday_name() -> None:
    assert CALENDAR.holiday_name(date(2026, 11, 12)) is None


def test_easter_monday_2026_is_not_a_working_day() -> None:
    assert not CALENDAR.is_working_day(date(2026, 4, 6))


def test_christmas_eve_2026_is_not_a_working_day() -> None:
    assert not CALENDAR.is_working_day(date(2026, 12, 24))


def test_poland_has_fourteen_public_holidays_in_2026() -> None:
    days_2026 = (date(2026, 1, 1) + timedelta(days=n) for n in range(365))

    assert sum(CALENDAR.holiday_name(day) is not None for day in days_2026) == 14


def test_an_extra_free_day_from_configuration_is_not_a_working_day() -> None:
    calendar = BusinessCalendar(extra_free_days=frozenset({date(2026, 1, 2)}))

    assert not calendar.is_working_day(date(2026, 1, 2))
    assert CALENDAR.is_working_day(date(2026, 1, 2))


def test_a_datetime_is_refused_where_a_day_is_expected() -> None:
    with pytest.raises(TypeError, match="datetime"):
        CALENDAR.is_working_day(warsaw(2026, 11, 11))


def test_next_working_day_after_friday_is_monday() -> None:
    assert CALENDAR.next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)


def test_next_working_day_skips_independence_day() -> None:
    assert CALENDAR.next_working_day(date(2026, 11, 10)) == date(2026, 11, 12)


def test_next_working_day_skips_the_christmas_holidays() -> None:
    assert CALENDAR.next_working_day(date(2026, 12, 23)) == date(2026, 12, 28)


def test_adding_working_days_skips_the_weekend() -> None:
    assert CALENDAR.add_working_days(date(2026, 3, 5), 2) == date(2026, 3, 9)


def test_adding_working_days_skips_easter_monday() -> None:
    assert CALENDAR.add_working_days(date(2026, 4, 3), 1) == date(2026, 4, 7)


def test_adding_zero_working_days_keeps_a_working_day() -> None:
    assert CALENDAR.add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)


def test_adding_zero_working_days_to_a_saturday_gives_monday() -> None:
    assert CALENDAR.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 9)


def test_adding_a_negative_number_of_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="-1"):
        CALENDAR.add_working_days(date(2026, 3, 9), -1)


def test_working_days_between_exclude_the_start_and_include_the_end() -> None:
    assert CALENDAR.working_days_between(date(2026, 3, 9), date(2026, 3, 10)) == 1


def test_working_days_between_skip_the_weekend_and_independence_day() -> None:
    assert CALENDAR.working_days_between(date(2026, 11, 6), date(2026, 11, 13)) == 4


def test_working_days_between_are_zero_when_end_is_not_after_start() -> None:
    assert CALENDAR.working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 0
    assert CALENDAR.working_days_between(date(2026, 3, 10), date(2026, 3, 2)) == 0


def test_working_days_between_undo_adding_working_days() -> None:
    start = date(2026, 12, 18)
    end = CALENDAR.add_working_days(start, 7)

    assert CALENDAR.working_days_between(start, end) == 7


# Adding working time


def test_adding_business_time_on_friday_afternoon_continues_on_monday_morning() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 3, 6, 15, 30), timedelta(hours=1))

    assert result == warsaw(2026, 3, 9, 8, 30)


def test_adding_business_time_returns_an_aware_utc_datetime() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 3, 9, 10), timedelta(hours=1))

    assert result.tzinfo is UTC
    assert result == datetime(2026, 3, 9, 10, tzinfo=UTC)


def test_adding_business_time_after_hours_counts_from_the_next_morning() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 3, 10, 18), timedelta(hours=2))

    assert result == warsaw(2026, 3, 11, 10)


def test_adding_business_time_at_a_weekend_counts_from_monday_morning() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 3, 7, 11), timedelta(hours=3))

    assert result == warsaw(2026, 3, 9, 11)


def test_adding_business_time_before_hours_counts_from_that_morning() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 3, 10, 6), timedelta(hours=1))

    assert result == warsaw(2026, 3, 10, 9)


def test_adding_business_time_skips_easter_monday() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 4, 3, 15), timedelta(hours=2))

    assert result == warsaw(2026, 4, 7, 9)


def test_adding_business_time_skips_independence_day() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 11, 10, 14), timedelta(hours=4))

    assert result == warsaw(2026, 11, 12, 10)


def test_adding_business_time_skips_an_extra_free_day() -> None:
    calendar = BusinessCalendar(extra_free_days=frozenset({date(2026, 1, 2)}))

    result = calendar.add_business_time(warsaw(2025, 12, 31, 15), timedelta(hours=2))

    assert result == warsaw(2026, 1, 5, 9)


def test_adding_business_time_across_the_spring_clock_change_keeps_wall_hours() -> None:
    # Clocks go forward on Sunday 29 March 2026: Friday is UTC+1, Monday UTC+2.
    result = CALENDAR.add_business_time(warsaw(2026, 3, 27, 15), timedelta(hours=2))

    assert result == datetime(2026, 3, 30, 7, tzinfo=UTC)


def test_adding_business_time_across_the_autumn_clock_change_keeps_wall_hours() -> None:
    # Clocks go back on Sunday 25 October 2026: Friday is UTC+2, Monday UTC+1.
    result = CALENDAR.add_business_time(warsaw(2026, 10, 23, 15), timedelta(hours=2))

    assert result == datetime(2026, 10, 26, 8, tzinfo=UTC)


def test_adding_business_time_at_one_minute_to_midnight_counts_from_the_next_morning() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 3, 10, 23, 59), timedelta(hours=1))

    assert result == warsaw(2026, 3, 11, 9)


def test_adding_business_time_at_midnight_counts_from_that_morning() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 3, 11), timedelta(hours=1))

    assert result == warsaw(2026, 3, 11, 9)


def test_adding_business_time_accepts_a_start_given_in_utc() -> None:
    start = datetime(2026, 3, 9, 9, tzinfo=UTC)  # 10:00 in Warsaw

    assert CALENDAR.add_business_time(start, timedelta(hours=1)) == warsaw(2026, 3, 9, 11)


def test_adding_zero_business_time_inside_working_hours_returns_the_start() -> None:
    start = warsaw(2026, 3, 9, 10, 15)

    assert CALENDAR.add_business_time(start, timedelta(0)) == start


def test_adding_zero_business_time_after_hours_returns_the_next_working_morning() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 3, 6, 16), timedelta(0))

    assert result == warsaw(2026, 3, 9, 8)


def test_business_time_ending_exactly_at_closing_ends_that_day() -> None:
    result = CALENDAR.add_business_time(warsaw(2026, 3, 6, 15), timedelta(hours=1))

    assert result == warsaw(2026, 3, 6, 16)


def test_adding_one_hundred_working_days_of_business_time_ends_at_the_hundredth_closing() -> None:
    start = warsaw(2026, 1, 5, 8)
    last_day = CALENDAR.add_working_days(date(2026, 1, 5), 99)

    result = CALENDAR.add_business_time(start, timedelta(hours=8 * 100))

    assert result == datetime.combine(last_day, time(16), tzinfo=WARSAW)


def test_adding_negative_business_time_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_business_time(warsaw(2026, 3, 9, 10), timedelta(minutes=-1))


def test_adding_business_time_to_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.add_business_time(naive(2026, 3, 9, 10), timedelta(hours=1))


# Measuring working time


def test_business_time_between_skips_the_weekend() -> None:
    elapsed = CALENDAR.business_time_between(warsaw(2026, 3, 6, 15), warsaw(2026, 3, 9, 9))

    assert elapsed == timedelta(hours=2)


def test_business_time_between_ignores_time_outside_working_hours() -> None:
    elapsed = CALENDAR.business_time_between(warsaw(2026, 3, 9, 6), warsaw(2026, 3, 9, 20))

    assert elapsed == timedelta(hours=8)


def test_business_time_between_skips_a_holiday() -> None:
    elapsed = CALENDAR.business_time_between(warsaw(2026, 11, 10, 8), warsaw(2026, 11, 12, 16))

    assert elapsed == timedelta(hours=16)


def test_business_time_between_crosses_the_new_year_without_its_holiday() -> None:
    # Wed 30 Dec 2026 15:00 to Mon 4 Jan 2027 9:00: an hour, Thursday 31st, New Year's
    # Day (a Friday) and the weekend off, an hour on Monday.
    elapsed = CALENDAR.business_time_between(warsaw(2026, 12, 30, 15), warsaw(2027, 1, 4, 9))

    assert elapsed == timedelta(hours=10)


def test_business_time_between_is_zero_when_end_is_not_after_start() -> None:
    moment = warsaw(2026, 3, 9, 10)

    assert CALENDAR.business_time_between(moment, moment) == timedelta(0)
    assert CALENDAR.business_time_between(moment, moment - timedelta(hours=1)) == timedelta(0)


def test_business_time_between_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.business_time_between(warsaw(2026, 3, 9, 10), naive(2026, 3, 9, 12))


@pytest.mark.parametrize(
    ("start", "duration"),
    [
        (warsaw(2026, 3, 6, 15, 30), timedelta(hours=1)),
        (warsaw(2026, 3, 10, 18), timedelta(hours=2)),
        (warsaw(2026, 3, 27, 12, 10), timedelta(hours=13, minutes=5)),
        (warsaw(2026, 10, 23, 9), timedelta(hours=30)),
        (warsaw(2026, 12, 23, 14, 45), timedelta(hours=7, seconds=1)),
        (warsaw(2026, 4, 4, 3), timedelta(0)),
        (warsaw(2026, 1, 5, 8), timedelta(hours=800)),
        (warsaw(2025, 12, 30, 11, 20), timedelta(hours=20)),
        (warsaw(2026, 6, 1, 9, 15), timedelta(hours=8 * 400, minutes=5)),
    ],
)
def test_business_time_between_undoes_adding_business_time(
    start: datetime, duration: timedelta
) -> None:
    end = CALENDAR.add_business_time(start, duration)

    assert CALENDAR.business_time_between(start, end) == duration


# Windows for reminders


def test_next_allowed_moment_at_night_is_that_morning() -> None:
    result = CALENDAR.next_allowed_moment(warsaw(2026, 3, 10, 2), REMINDER_START, REMINDER_END)

    assert result == warsaw(2026, 3, 10, 9)


def test_next_allowed_moment_in_the_evening_is_the_next_morning() -> None:
    result = CALENDAR.next_allowed_moment(warsaw(2026, 3, 10, 17), REMINDER_START, REMINDER_END)

    assert result == warsaw(2026, 3, 11, 9)


def test_next_allowed_moment_on_a_saturday_is_monday_morning() -> None:
    result = CALENDAR.next_allowed_moment(warsaw(2026, 3, 7, 12), REMINDER_START, REMINDER_END)

    assert result == warsaw(2026, 3, 9, 9)


def test_next_allowed_moment_on_the_eve_of_a_holiday_skips_the_holiday() -> None:
    result = CALENDAR.next_allowed_moment(warsaw(2026, 11, 10, 18), REMINDER_START, REMINDER_END)

    assert result == warsaw(2026, 11, 12, 9)


def test_next_allowed_moment_inside_the_window_is_the_moment_itself_in_utc() -> None:
    moment = warsaw(2026, 3, 10, 11, 20)

    result = CALENDAR.next_allowed_moment(moment, REMINDER_START, REMINDER_END)

    assert result == moment
    assert result.tzinfo is UTC


def test_next_allowed_moment_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.next_allowed_moment(naive(2026, 3, 10, 11), REMINDER_START, REMINDER_END)


def test_next_allowed_moment_refuses_a_window_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before its end"):
        CALENDAR.next_allowed_moment(warsaw(2026, 3, 10, 11), REMINDER_END, REMINDER_START)


# School breaks


def test_lubelskie_winter_break_2026_is_a_school_break() -> None:
    assert CALENDAR.is_school_break(date(2026, 2, 16))
    assert CALENDAR.is_school_break(date(2026, 3, 1))
    assert CALENDAR.school_break_name(date(2026, 2, 18)) == "Ferie zimowe"


def test_days_around_lubelskie_winter_break_2026_are_not_school_breaks() -> None:
    assert not CALENDAR.is_school_break(date(2026, 2, 15))
    assert not CALENDAR.is_school_break(date(2026, 3, 2))


def test_weekdays_of_a_school_break_are_still_working_days() -> None:
    assert CALENDAR.is_working_day(date(2026, 2, 18))


def test_a_voivodeship_is_recognised_in_any_letter_case() -> None:
    calendar = BusinessCalendar(voivodeship="lubelskie")

    assert calendar.is_school_break(date(2026, 2, 16))


def test_winter_breaks_differ_between_voivodeships() -> None:
    calendar = BusinessCalendar(voivodeship="Mazowieckie")

    assert not calendar.is_school_break(date(2026, 2, 16))


def test_without_a_voivodeship_no_day_is_a_school_break() -> None:
    calendar = BusinessCalendar(voivodeship=None)

    assert not calendar.is_school_break(date(2026, 7, 15))
    assert calendar.school_break_name(date(2026, 7, 15)) is None


def test_an_unknown_voivodeship_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="Lubelszczyzna"):
        BusinessCalendar(voivodeship="Lubelszczyzna")


def test_voivodeship_codes_match_the_holidays_package() -> None:
    package_codes = {
        name.casefold(): code for name, code in holidays.PL.subdivisions_aliases.items()
    }

    assert package_codes == dict(VOIVODESHIP_CODES)


# Configuration


def test_working_hours_that_end_before_they_start_are_refused() -> None:
    with pytest.raises(ValueError, match="before its end"):
        BusinessCalendar(work_start=time(16), work_end=time(8))


def test_an_unknown_timezone_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="Europe/Lublin"):
        BusinessCalendar(timezone="Europe/Lublin")


def test_other_working_hours_are_honoured() -> None:
    calendar = BusinessCalendar(work_start=time(7, 30), work_end=time(15, 30))

    result = calendar.add_business_time(warsaw(2026, 3, 6, 15), timedelta(hours=1))

    assert result == warsaw(2026, 3, 9, 8)
