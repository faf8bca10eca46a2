from datetime import date

from core.calendar.business import BusinessCalendar
from core.calendar.legal import (
    DeadlineRule,
    LegalDeadline,
    organisation_sheet_change_deadlines,
    organisation_sheet_deadlines,
    yearly_deadlines,
)
from core.calendar.school_year import SchoolYear

CALENDAR = BusinessCalendar()
SCHOOL_YEAR_2026 = SchoolYear(2026)


def by_key(deadlines: list[LegalDeadline]) -> dict[str, LegalDeadline]:
    return {deadline.key: deadline for deadline in deadlines}


# The organisation sheet (arkusz organizacji)


def test_organisation_sheet_for_2027_follows_the_spring_calendar() -> None:
    deadlines = organisation_sheet_deadlines(SchoolYear(2027))

    assert [(deadline.key, deadline.due) for deadline in deadlines] == [
        ("arkusz.union_opinion", date(2027, 4, 19)),
        ("arkusz.director_submission", date(2027, 4, 21)),
        ("arkusz.kurator_opinion", date(2027, 5, 20)),
        ("arkusz.organ_approval", date(2027, 5, 29)),
        ("arkusz.kurator_notification", date(2027, 6, 5)),
    ]


def test_organisation_sheet_without_the_kurator_opinion_drops_only_that_step() -> None:
    deadlines = organisation_sheet_deadlines(SchoolYear(2027), kurator_opinion=False)

    assert [deadline.due for deadline in deadlines] == [
        date(2027, 4, 19),
        date(2027, 4, 21),
        date(2027, 5, 29),
        date(2027, 6, 5),
    ]


def test_directors_obtain_the_union_opinion_and_submit_the_sheet() -> None:
    deadlines = by_key(organisation_sheet_deadlines(SchoolYear(2027)))

    assert deadlines["arkusz.union_opinion"].assignee_role == "director"
    assert deadlines["arkusz.director_submission"].assignee_role == "director"
    assert deadlines["arkusz.organ_approval"].assignee_role == "coordinator"


def test_every_organisation_sheet_step_concerns_each_school() -> None:
    assert all(deadline.per_school for deadline in organisation_sheet_deadlines(SchoolYear(2027)))


def test_director_submission_has_the_expected_polish_title() -> None:
    deadlines = by_key(organisation_sheet_deadlines(SchoolYear(2027)))

    assert (
        deadlines["arkusz.director_submission"].title
        == "Przekazanie arkusza organizacji organowi prowadzącemu"
    )


def test_a_gmina_can_supply_its_own_rules() -> None:
    own_rule = DeadlineRule(
        key="arkusz.internal_draft",
        title="Wewnętrzny projekt arkusza",
        month=4,
        day=10,
        year_offset=0,
        assignee_role="director",
        per_school=True,
        legal_basis="zarządzenie wójta",
        description="Dyrektor przesyła projekt arkusza do konsultacji w urzędzie gminy.",
    )

    deadlines = organisation_sheet_deadlines(SchoolYear(2027), rules=(own_rule,))

    assert [(deadline.key, deadline.due) for deadline in deadlines] == [
        ("arkusz.internal_draft", date(2027, 4, 10))
    ]


# Changes to an approved sheet (aneks)


def test_a_change_before_30_september_needs_the_kurator_opinion_within_4_working_days() -> None:
    deadlines = organisation_sheet_change_deadlines(
        date(2026, 9, 25), school_year=SCHOOL_YEAR_2026, calendar=CALENDAR
    )

    assert [(deadline.key, deadline.due) for deadline in deadlines] == [
        ("aneks.2026-09-25.kurator_opinion", date(2026, 10, 1)),
        ("aneks.2026-09-25.organ_approval", date(2026, 10, 8)),
    ]


def test_approval_of_an_early_change_explains_it_counts_from_the_opinion_due_date() -> None:
    deadlines = by_key(
        organisation_sheet_change_deadlines(
            date(2026, 9, 25), school_year=SCHOOL_YEAR_2026, calendar=CALENDAR
        )
    )

    description = deadlines["aneks.2026-09-25.organ_approval"].description
    assert "7 dni od terminu opinii kuratora" in description
    assert "01.10.2026" in description


def test_a_change_submitted_on_30_september_still_needs_the_opinions() -> None:
    deadlines = organisation_sheet_change_deadlines(
        date(2026, 9, 30), school_year=SCHOOL_YEAR_2026, calendar=CALENDAR
    )

    assert [deadline.due for deadline in deadlines] == [date(2026, 10, 6), date(2026, 10, 13)]


def test_a_change_before_30_september_without_the_kurator_is_approved_within_7_days() -> None:
    deadlines = organisation_sheet_change_deadlines(
        date(2026, 9, 25),
        school_year=SCHOOL_YEAR_2026,
        calendar=CALENDAR,
        kurator_opinion=False,
    )

    assert [(deadline.key, deadline.due) for deadline in deadlines] == [
        ("aneks.2026-09-25.organ_approval", date(2026, 10, 2))
    ]


def test_a_change_after_30_september_is_approved_by_the_organ_alone_within_7_days() -> None:
    deadlines = organisation_sheet_change_deadlines(
        date(2026, 10, 1), school_year=SCHOOL_YEAR_2026, calendar=CALENDAR
    )

    assert [(deadline.key, deadline.due, deadline.assignee_role) for deadline in deadlines] == [
        ("aneks.2026-10-01.organ_approval", date(2026, 10, 8), "coordinator")
    ]


# Yearly deadlines


def test_yearly_deadlines_for_2026_2027_fall_on_their_dates_in_order() -> None:
    deadlines = yearly_deadlines(SCHOOL_YEAR_2026)

    assert [(deadline.key, deadline.due) for deadline in deadlines] == [
        ("sio.snapshot_30_september", date(2026, 9, 30)),
        ("sio.october_submission", date(2026, 10, 10)),
        ("council.education_report", date(2026, 10, 31)),
        ("development_fund.director_requests", date(2026, 10, 31)),
        ("sio.january_wages_and_computers", date(2027, 1, 10)),
        ("teacher_pay.average_salary_analysis", date(2027, 1, 20)),
        ("development_fund.plan", date(2027, 1, 31)),
        ("teacher_pay.top_up_payment", date(2027, 1, 31)),
        ("teacher_pay.report", date(2027, 2, 10)),
    ]


def test_school_data_go_to_directors_and_gmina_tasks_to_the_coordinator() -> None:
    deadlines = by_key(yearly_deadlines(SCHOOL_YEAR_2026))

    assert deadlines["sio.snapshot_30_september"].assignee_role == "director"
    assert deadlines["sio.snapshot_30_september"].per_school
    assert deadlines["council.education_report"].assignee_role == "coordinator"
    assert not deadlines["council.education_report"].per_school
    assert deadlines["teacher_pay.report"].assignee_role == "coordinator"


def test_sio_snapshot_has_the_expected_polish_title() -> None:
    deadlines = by_key(yearly_deadlines(SCHOOL_YEAR_2026))

    assert deadlines["sio.snapshot_30_september"].title == "Stan danych w SIO na 30 września"


def test_keys_are_unique_within_a_school_year() -> None:
    deadlines = organisation_sheet_deadlines(SCHOOL_YEAR_2026) + yearly_deadlines(SCHOOL_YEAR_2026)

    keys = [deadline.key for deadline in deadlines]
    assert len(keys) == len(set(keys))


def test_every_deadline_has_a_title_a_legal_basis_and_a_description() -> None:
    deadlines = organisation_sheet_deadlines(SCHOOL_YEAR_2026) + yearly_deadlines(SCHOOL_YEAR_2026)

    assert all(d.title and d.legal_basis and d.description for d in deadlines)
