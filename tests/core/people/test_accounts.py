"""The coordinator's changes to accounts: every refused field is named and nothing is
written; the gmina keeps an active coordinator; a deactivated account is signed out."""

from __future__ import annotations

from typing import Any

import pytest

from core.clock import ManualClock
from core.errors import IllegalTransition, NotFound
from core.models import Channel, Role, School, User, WebSession
from core.people.accounts import (
    FieldsRefused,
    add_user,
    change_user,
    deactivate_account,
    people,
    reactivate_account,
    user_with_id,
)
from core.people.web_sessions import active_session, start_session
from tests.factories import make_school, make_user


def director_fields(school: School, **typed: str) -> dict[str, Any]:
    fields = {
        "full_name": "Anna Nowak",
        "email": "anna.nowak@sp1.example.pl",
        "role": "director",
        "school_code": school.code,
        "locale": "pl",
    }
    return fields | typed


def fields_of(user: User, **typed: str) -> dict[str, Any]:
    """The change form as the page fills it for `user` (with their school loaded), with
    `typed` over it."""
    fields = {
        "full_name": user.full_name,
        "email": user.email or "",
        "role": user.role.value,
        "school_code": user.school.code if user.school else "",
        "locale": user.locale,
    }
    return fields | typed


async def refusal_of_adding(**fields: Any) -> dict[str, str]:
    """The fields `add_user` refused, each with its Polish reason; fails when it accepts."""
    with pytest.raises(FieldsRefused) as refused:
        await add_user(**fields)
    return {name: error.translated("pl") for name, error in refused.value.errors.items()}


async def test_adding_a_director_stores_the_normalised_fields(school: School) -> None:
    user = await add_user(
        **director_fields(school, full_name="  Anna   Nowak ", email=" Anna@SP1.Example.PL ")
    )

    stored = await User.get(id=user.id)
    assert (stored.full_name, stored.email) == ("Anna Nowak", "Anna@sp1.example.pl")
    assert (stored.role, stored.school_id, stored.locale) == (Role.DIRECTOR, school.id, "pl")
    assert stored.preferred_channel == Channel.EMAIL
    assert stored.is_active


async def test_someone_without_an_address_is_reached_on_telegram(school: School) -> None:
    user = await add_user(**director_fields(school, email=""))

    stored = await User.get(id=user.id)
    assert (stored.email, stored.preferred_channel) == (None, Channel.TELEGRAM)


async def test_the_school_code_is_found_whatever_its_case(school: School) -> None:
    user = await add_user(**director_fields(school, school_code=f" {school.code.upper()} "))

    assert user.school_id == school.id


async def test_every_refused_field_is_named_at_once_and_nothing_is_written(
    school: School,
) -> None:
    refused = await refusal_of_adding(
        full_name="  ", email="anna@", role="janitor", school_code="nope", locale="de"
    )

    assert set(refused) == {"full_name", "email", "role", "school", "locale"}
    assert refused["school"] == "Nie ma szkoły o kodzie „nope”."
    assert await User.all().count() == 0


@pytest.mark.parametrize(
    ("typed", "field", "reason"),
    [
        ({"full_name": ""}, "full_name", "puste"),
        ({"full_name": "A" * 201}, "full_name", "200"),
        ({"email": "not-an-address"}, "email", "not-an-address"),
        ({"role": "janitor"}, "role", "Wybierz rolę z listy."),
        ({"school_code": ""}, "school", "muszą być przypisani do szkoły"),
        ({"role": "it"}, "school", "całej gminy"),
        ({"role": "coordinator"}, "school", "całej gminy"),
        ({"locale": "xx"}, "locale", "xx"),
    ],
)
async def test_a_bad_field_is_refused_with_its_reason(
    school: School, typed: dict[str, str], field: str, reason: str
) -> None:
    refused = await refusal_of_adding(**director_fields(school, **typed))

    assert list(refused) == [field]
    assert reason in refused[field]
    assert await User.all().count() == 0


async def test_an_address_someone_has_is_refused_whatever_its_domain_case(
    school: School,
) -> None:
    await make_user(email="anna.nowak@sp1.example.pl")

    refused = await refusal_of_adding(**director_fields(school, email="anna.nowak@SP1.example.pl"))

    assert list(refused) == ["email"]
    assert "już istnieje" in refused["email"]
    assert await User.all().count() == 1


async def test_nobody_new_joins_a_deactivated_school(school: School) -> None:
    closed = await make_school(is_active=False, name="Szkoła Filialna w Nowinach")

    refused = await refusal_of_adding(**director_fields(school, school_code=closed.code))

    assert refused == {
        "school": "Szkoła „Szkoła Filialna w Nowinach” jest dezaktywowana "
        "i nie przyjmuje nowych osób."
    }


async def test_changing_a_user_stores_every_field(school: School, teacher: User) -> None:
    other = await make_school()
    teacher = await user_with_id(teacher.id)

    await change_user(
        teacher,
        **fields_of(
            teacher,
            full_name="Ewa Kowalska",
            email="ewa@sp2.example.pl",
            role="director",
            school_code=other.code,
            locale="en",
        ),
    )

    stored = await User.get(id=teacher.id)
    assert (stored.full_name, stored.email, stored.role) == (
        "Ewa Kowalska",
        "ewa@sp2.example.pl",
        Role.DIRECTOR,
    )
    assert (stored.school_id, stored.locale) == (other.id, "en")


async def test_a_user_keeps_their_own_address(teacher: User) -> None:
    teacher = await user_with_id(teacher.id)

    changed = await change_user(teacher, **fields_of(teacher, full_name="Jan Nowy"))

    assert changed.full_name == "Jan Nowy"


async def test_a_new_address_is_tried_again_after_the_old_one_bounced(
    teacher: User, now: ManualClock
) -> None:
    await User.filter(id=teacher.id).update(email_unreachable_at=now.now())
    teacher = await user_with_id(teacher.id)

    await change_user(teacher, **fields_of(teacher, email="nowy@sp1.example.pl"))

    assert (await User.get(id=teacher.id)).email_unreachable_at is None


async def test_keeping_the_address_keeps_it_marked_unreachable(
    teacher: User, now: ManualClock
) -> None:
    await User.filter(id=teacher.id).update(email_unreachable_at=now.now())
    teacher = await user_with_id(teacher.id)

    await change_user(teacher, **fields_of(teacher, full_name="Jan Nowy"))

    assert (await User.get(id=teacher.id)).email_unreachable_at == now.now()


async def test_a_change_to_another_users_address_is_refused(teacher: User) -> None:
    await make_user(email="zajety@example.pl")
    teacher = await user_with_id(teacher.id)

    with pytest.raises(FieldsRefused) as refused:
        await change_user(
            teacher, **fields_of(teacher, email="zajety@example.pl", full_name="Jan Nowy")
        )

    assert list(refused.value.errors) == ["email"]
    assert (await User.get(id=teacher.id)).full_name == teacher.full_name


async def test_someone_reached_by_email_keeps_an_address(teacher: User) -> None:
    teacher = await user_with_id(teacher.id)

    with pytest.raises(FieldsRefused) as refused:
        await change_user(teacher, **fields_of(teacher, email=""))

    assert list(refused.value.errors) == ["email"]
    assert (await User.get(id=teacher.id)).email == teacher.email


async def test_moving_a_teacher_to_the_it_role_needs_the_school_cleared(teacher: User) -> None:
    teacher = await user_with_id(teacher.id)

    with pytest.raises(FieldsRefused) as refused:
        await change_user(teacher, **fields_of(teacher, role="it"))
    moved = await change_user(teacher, **fields_of(teacher, role="it", school_code=""))

    assert list(refused.value.errors) == ["school"]
    assert (moved.role, moved.school_id) == (Role.IT, None)


async def test_a_person_may_stay_in_their_deactivated_school(school: School) -> None:
    teacher = await make_user(role=Role.TEACHER, school=school, is_active=False)
    await School.filter(id=school.id).update(is_active=False)
    teacher = await user_with_id(teacher.id)

    changed = await change_user(teacher, **fields_of(teacher, full_name="Jan Nowy"))

    assert (changed.full_name, changed.school_id) == ("Jan Nowy", school.id)


async def test_the_last_active_coordinator_may_not_demote_themselves(
    coordinator: User,
) -> None:
    coordinator = await user_with_id(coordinator.id)

    with pytest.raises(FieldsRefused) as refused:
        await change_user(coordinator, **fields_of(coordinator, role="it"))

    assert list(refused.value.errors) == ["role"]
    assert isinstance(refused.value.errors["role"], IllegalTransition)
    assert (await User.get(id=coordinator.id)).role == Role.COORDINATOR


async def test_a_coordinator_may_hand_over_to_another(coordinator: User) -> None:
    await make_user(role=Role.COORDINATOR)
    coordinator = await user_with_id(coordinator.id)

    changed = await change_user(coordinator, **fields_of(coordinator, role="it"))

    assert changed.role == Role.IT


async def test_a_deactivated_coordinator_does_not_count(coordinator: User) -> None:
    await make_user(role=Role.COORDINATOR, is_active=False)
    coordinator = await user_with_id(coordinator.id)

    with pytest.raises(FieldsRefused):
        await change_user(coordinator, **fields_of(coordinator, role="it"))


async def test_deactivating_ends_the_persons_web_sessions(teacher: User, now: ManualClock) -> None:
    started = await start_session(user=teacher)

    await deactivate_account(teacher)

    assert not (await User.get(id=teacher.id)).is_active
    assert (await WebSession.get(id=started.session.id)).ended_at == now.now()


async def test_a_reactivated_person_signs_in_again_rather_than_resuming(
    teacher: User, now: ManualClock
) -> None:
    started = await start_session(user=teacher)
    await deactivate_account(teacher)

    await reactivate_account(teacher)

    assert (await User.get(id=teacher.id)).is_active
    assert await active_session(started.key) is None


async def test_the_last_active_coordinator_may_not_be_deactivated(
    coordinator: User, now: ManualClock
) -> None:
    started = await start_session(user=coordinator)

    with pytest.raises(IllegalTransition):
        await deactivate_account(coordinator)

    assert (await User.get(id=coordinator.id)).is_active
    assert await active_session(started.key) is not None


async def test_one_of_two_coordinators_may_be_deactivated(coordinator: User) -> None:
    await make_user(role=Role.COORDINATOR)

    await deactivate_account(coordinator)

    assert not (await User.get(id=coordinator.id)).is_active


async def test_a_person_of_a_deactivated_school_is_not_reactivated(school: School) -> None:
    teacher = await make_user(role=Role.TEACHER, school=school, is_active=False)
    await School.filter(id=school.id).update(is_active=False)

    with pytest.raises(IllegalTransition):
        await reactivate_account(teacher)

    assert not (await User.get(id=teacher.id)).is_active


async def test_people_are_filtered_by_role_school_and_state(
    school: School, teacher: User, director: User, coordinator: User
) -> None:
    other = await make_user(role=Role.TEACHER, school=await make_school())
    gone = await make_user(role=Role.TEACHER, school=school, is_active=False)

    teachers = await people(role=Role.TEACHER)
    of_school = await people(school=school)
    inactive = await people(active=False)

    assert {user.id for user in teachers} == {teacher.id, other.id, gone.id}
    assert {user.id for user in of_school} == {teacher.id, director.id, gone.id}
    assert [user.id for user in inactive] == [gone.id]


async def test_an_unknown_user_id_is_not_found(database: str) -> None:
    with pytest.raises(NotFound):
        await user_with_id(2**31)
