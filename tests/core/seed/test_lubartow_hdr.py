"""Specification of the Gmina Lubartów HDR seed data."""

from __future__ import annotations

import pytest

from core.hdr.periods import parse_period
from core.models.hdr import IndicatorSource
from core.seed.lubartow_hdr import HDR_ACTIONS, HDR_INDICATORS, HdrActionSeed

_MARKUP = ("<", ">", "&lt;", "&gt;", "&amp;", "✓", "checkbox")


def _action(number: int) -> HdrActionSeed:
    return next(action for action in HDR_ACTIONS if action.number == number)


def _text_fields(action: HdrActionSeed) -> list[str]:
    return [action.title, action.methods, action.period_text, action.resources, action.responsible]


def test_there_are_thirty_actions_numbered_one_to_thirty_in_order() -> None:
    assert [action.number for action in HDR_ACTIONS] == list(range(1, 31))


@pytest.mark.parametrize("action", HDR_ACTIONS, ids=lambda action: f"action-{action.number}")
def test_every_action_has_a_title_without_html(action: HdrActionSeed) -> None:
    assert action.title
    assert "<" not in action.title
    assert "&lt;" not in action.title


@pytest.mark.parametrize("action", HDR_ACTIONS, ids=lambda action: f"action-{action.number}")
def test_no_field_keeps_html_or_checkbox_markup(action: HdrActionSeed) -> None:
    for text in _text_fields(action):
        assert not [markup for markup in _MARKUP if markup in text], text


@pytest.mark.parametrize("action", HDR_ACTIONS, ids=lambda action: f"action-{action.number}")
def test_no_field_has_stray_whitespace(action: HdrActionSeed) -> None:
    for text in _text_fields(action):
        assert text == text.strip()
        assert "  " not in text
        assert "\t" not in text


@pytest.mark.parametrize("action", HDR_ACTIONS, ids=lambda action: f"action-{action.number}")
def test_every_action_has_methods_resources_and_someone_responsible(
    action: HdrActionSeed,
) -> None:
    assert action.methods
    assert action.resources
    assert action.responsible


def test_action_1_is_the_kick_off_meeting_of_june_2024() -> None:
    action = _action(1)
    assert action.title == (
        "Zorganizowanie i udział zespołu projektowego w spotkaniu mającym na celu wybór obszaru "
        "oraz określenie kierunku pożądanej zmiany w ramach realizowanego projektu."
    )
    assert action.period_text == "Czerwiec 2024"


def test_action_15_is_the_year_of_meetings_with_directors() -> None:
    action = _action(15)
    assert action.title == (
        "Zorganizowanie cyklu spotkań z dyrektorami szkół i placówek oświatowych w celu "
        "wymiany informacji, omówienia bieżących wyzwań oraz koordynacji działań na rzecz "
        "rozwoju edukacji i cyfryzacji."
    )
    assert action.period_text == "01.09.2024 – 30.09.2025"


def test_action_22_settles_the_course_funding_by_june_2026() -> None:
    action = _action(22)
    assert action.title == (
        "Przeprowadzenie zgodnie z wymogami formalnymi otrzymanego dofinansowania na udział "
        "w kursie „Wartościowego Zarządzania”®"
    )
    assert action.period_text == "-czerwiec 2026"


def test_action_30_develops_the_shared_it_service() -> None:
    action = _action(30)
    assert action.title == (
        "Prowadzenie działań na rzecz optymalizacji i rozwoju systemu wspólnej obsługi "
        "informatycznej w szkołach poprzez analizę funkcjonowania usług, wdrażanie usprawnień "
        "oraz dostosowywanie rozwiązań do zmieniających się potrzeb placówek oświatowych."
    )
    assert action.period_text == "Luty - czerwiec 2026"


def test_action_12_keeps_the_year_2023_as_the_document_writes_it() -> None:
    assert _action(12).period_text == "styczeń – maj 2023"


def test_cells_split_across_a_page_break_are_joined() -> None:
    action = _action(7)
    assert "analizy ich stanu oraz wypracowania rekomendacji" in action.title
    assert action.resources.endswith(
        "Zastępca dyrektora Zespołu Szkolno – Przedszkolnego w Skrobowie"
    )


def test_an_item_split_across_a_page_break_stays_one_line() -> None:
    assert (
        "• Odpowiedzi na pytania dotyczące poziomu wykorzystania technologii cyfrowych w nauczaniu."
        in _action(13).methods.splitlines()
    )


def test_methods_put_each_list_item_on_its_own_bulleted_line() -> None:
    assert _action(2).methods.splitlines() == [
        "Udział w szkoleniach:",
        "• Szanse w rozwoju cyfryzacji dla samorządów;",
        "• Kierunki rozwoju w obszarze cyfryzacji oświaty;",
        "• Zarządzanie strategiczne w oświacie;",
        "• Dobra praktyka w obszarze cyfryzacji oświaty.",
    ]


@pytest.mark.parametrize(
    "action",
    [action for action in HDR_ACTIONS if action.period_text],
    ids=lambda action: f"action-{action.number}",
)
def test_every_non_empty_period_text_parses(action: HdrActionSeed) -> None:
    period = parse_period(action.period_text)
    assert period.start <= period.end


def test_action_17_is_the_only_action_without_a_period_text() -> None:
    assert [action.number for action in HDR_ACTIONS if not action.period_text] == [17]


def test_there_are_eleven_indicators_with_the_targets_of_the_document_in_order() -> None:
    assert [indicator.target for indicator in HDR_INDICATORS] == [6, 4, 1, 4, 7, 7, 23, 1, 10, 7, 7]


def test_an_indicator_keeps_the_measure_and_documentation_of_the_document() -> None:
    first = HDR_INDICATORS[0]
    assert (first.code, first.name, first.documentation) == (
        "working_meetings",
        "Liczba spotkań roboczych",
        "Maile, podsumowanie, wnioski",
    )


def test_indicator_codes_are_unique() -> None:
    codes = [indicator.code for indicator in HDR_INDICATORS]
    assert len(set(codes)) == len(codes)


def test_a_list_of_action_numbers_is_kept_as_listed() -> None:
    working_meetings = next(i for i in HDR_INDICATORS if i.code == "working_meetings")
    assert working_meetings.action_numbers == (1, 3, 4, 7, 8, 11)


def test_a_range_of_action_numbers_includes_both_ends() -> None:
    conferences = next(i for i in HDR_INDICATORS if i.code == "conferences")
    assert conferences.action_numbers == (16, 17, 18)


def test_every_indicator_measures_only_actions_of_the_schedule() -> None:
    for indicator in HDR_INDICATORS:
        assert indicator.action_numbers
        assert all(1 <= number <= 30 for number in indicator.action_numbers), indicator.code


def test_every_action_is_measured_by_exactly_one_indicator() -> None:
    measured = sorted(n for indicator in HDR_INDICATORS for n in indicator.action_numbers)
    assert measured == list(range(1, 31))


def test_every_indicator_source_is_a_known_indicator_source() -> None:
    known = {source.value for source in IndicatorSource}
    assert all(indicator.source in known for indicator in HDR_INDICATORS)


def test_each_indicator_says_where_its_value_comes_from() -> None:
    sources = {indicator.code: indicator.source for indicator in HDR_INDICATORS}
    assert sources == {
        "working_meetings": "meetings:project_team",
        "trainings": "meetings:training",
        "debates": "meetings:debate",
        "coached_people": "manual",
        "diagnosis_sheets": "inventory:submitted_schools",
        "selfie_schools": "manual",
        "director_meetings": "meetings:directors",
        "conferences": "meetings:conference",
        "course_participants": "manual",
        "e_sheet_schools": "schools:e_sheet",
        "shared_it_schools": "schools:shared_it",
    }
