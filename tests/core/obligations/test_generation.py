"""Obligations generated from the legal calendar and the HDR schedule."""

from __future__ import annotations

import datetime as dt

from core.calendar.school_year import SchoolYear
from core.models import HdrAction, HdrActionStatus, Obligation, ObligationStatus, Role
from core.obligations.assignees import obligation_assignees
from core.obligations.generation import (
    generate_hdr_action_obligations,
    generate_school_year_obligations,
)
from tests.factories import make_school, make_user


async def test_director_submission_is_due_on_21_april_at_every_school(database, now) -> None:
    first, second = await make_school(code="sp-a"), await make_school(code="sp-b")

    await generate_school_year_obligations(school_year=SchoolYear(2027), kurator_opinion=True)

    submissions = await Obligation.filter(source_key__contains="arkusz.director_submission")
    assert {(o.school_id, o.due_date) for o in submissions} == {
        (first.id, dt.date(2027, 4, 21)),
        (second.id, dt.date(2027, 4, 21)),
    }
    assert {o.assignee_role for o in submissions} == {Role.DIRECTOR}


async def test_kurator_step_is_left_out_when_switched_off(database, now) -> None:
    await make_school()

    await generate_school_year_obligations(school_year=SchoolYear(2027), kurator_opinion=False)

    assert not await Obligation.filter(source_key__contains="kurator_opinion").exists()
    assert await Obligation.filter(source_key__contains="organ_approval").exists()


async def test_gmina_wide_deadline_is_generated_once(database, now) -> None:
    await make_school()
    await make_school()

    await generate_school_year_obligations(school_year=SchoolYear(2026), kurator_opinion=True)

    reports = await Obligation.filter(source_key__contains="council.education_report")
    assert [(o.school_id, o.due_date) for o in reports] == [(None, dt.date(2026, 10, 31))]


async def test_generating_again_creates_nothing_and_keeps_answers(database, now) -> None:
    await make_school()
    year = SchoolYear(2027)
    first_run = await generate_school_year_obligations(school_year=year, kurator_opinion=True)
    answered = await Obligation.filter(source_key__contains="director_submission").first()
    assert answered is not None
    answered.status = ObligationStatus.DONE
    await answered.save()

    second_run = await generate_school_year_obligations(school_year=year, kurator_opinion=True)

    assert first_run > 0
    assert second_run == 0
    await answered.refresh_from_db()
    assert answered.status is ObligationStatus.DONE


async def test_open_hdr_actions_with_an_end_get_an_end_obligation(database, now) -> None:
    common = {"title": "Działanie", "updated_at": now.now()}
    await HdrAction.create(number=1, ends_on=dt.date(2026, 12, 31), **common)
    await HdrAction.create(number=2, ends_on=None, **common)
    await HdrAction.create(
        number=3, ends_on=dt.date(2026, 6, 30), status=HdrActionStatus.DONE, **common
    )

    created = await generate_hdr_action_obligations()

    obligation = await Obligation.get(source_key="hdr:1:end")
    assert created == 1
    assert obligation.due_date == dt.date(2026, 12, 31)


async def test_role_obligation_is_owed_by_that_schools_active_director(database, now) -> None:
    school, other = await make_school(), await make_school()
    director = await make_user(role=Role.DIRECTOR, school=school)
    await make_user(role=Role.DIRECTOR, school=school, is_active=False)
    await make_user(role=Role.DIRECTOR, school=other)
    await make_user(role=Role.TEACHER, school=school)
    await generate_school_year_obligations(school_year=SchoolYear(2027), kurator_opinion=True)
    obligation = await Obligation.get(
        source_key=f"2027/2028:arkusz.director_submission:school-{school.code}"
    )

    assert await obligation_assignees(obligation) == [director]
