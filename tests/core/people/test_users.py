"""Creating and deactivating users: every field rule refuses bad input and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import InvalidInput, NotFound
from core.models import Channel, Role, School, User
from core.people.users import create_user, deactivate_user, user_with_email
from tests.factories import make_school, make_user


async def create_teacher(school: School, **overrides: object) -> User:
    fields: dict[str, Any] = {
        "full_name": "Anna Nowak",
        "role": Role.TEACHER,
        "email": "anna.nowak@sp1.example.pl",
        "school": school,
    }
    return await create_user(**(fields | overrides))


async def test_creating_a_user_stores_the_normalised_fields(database: str) -> None:
    school = await make_school()

    user = await create_user(
        full_name="  Anna   Nowak ",
        role=Role.TEACHER,
        email=" Anna.Nowak@SP1.Example.PL ",
        school=school,
        preferred_channel=Channel.TELEGRAM,
        locale="EN",
    )

    stored = await User.get(id=user.id)
    assert stored.full_name == "Anna Nowak"
    assert stored.email == "Anna.Nowak@sp1.example.pl"
    assert stored.role == Role.TEACHER
    assert stored.school_id == school.id
    assert stored.preferred_channel == Channel.TELEGRAM
    assert stored.locale == "en"
    assert stored.is_active


async def test_a_new_user_prefers_email_in_polish_by_default(database: str) -> None:
    user = await create_teacher(await make_school())

    stored = await User.get(id=user.id)
    assert (stored.preferred_channel, stored.locale) == (Channel.EMAIL, "pl")


@pytest.mark.parametrize("full_name", ["", "   "])
async def test_an_empty_full_name_is_refused(database: str, full_name: str) -> None:
    school = await make_school()

    with pytest.raises(InvalidInput) as refused:
        await create_teacher(school, full_name=full_name)

    assert refused.value.translated() == "imię i nazwisko nie może być puste"
    assert await User.all().count() == 0


async def test_a_full_name_longer_than_the_column_is_refused(database: str) -> None:
    school = await make_school()

    with pytest.raises(InvalidInput, match="at most 200 characters"):
        await create_teacher(school, full_name="A" * 201)

    assert await User.all().count() == 0


@pytest.mark.parametrize("email", ["jan@", "jan", "jan@szkoła", "@sp1.example.pl"])
async def test_a_malformed_email_is_refused(database: str, email: str) -> None:
    school = await make_school()

    with pytest.raises(InvalidInput) as refused:
        await create_teacher(school, email=email)

    assert refused.value.translated() == f"niepoprawny adres e-mail „{email}”"
    assert await User.all().count() == 0


async def test_an_email_of_another_user_is_refused(database: str) -> None:
    school = await make_school()
    await create_teacher(school, email="anna.nowak@sp1.example.pl")

    with pytest.raises(InvalidInput) as refused:
        await create_teacher(
            school, full_name="Anna Nowak-Kowalska", email="anna.nowak@SP1.example.pl"
        )

    assert "anna.nowak@sp1.example.pl" in refused.value.translated()
    assert await User.all().count() == 1


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR])
async def test_teachers_and_directors_must_belong_to_a_school(database: str, role: Role) -> None:
    with pytest.raises(InvalidInput) as refused:
        await create_user(
            full_name="Anna Nowak", role=role, email="anna@gmina.example.pl", school=None
        )

    assert "szkoły" in refused.value.translated()
    assert await User.all().count() == 0


@pytest.mark.parametrize("role", [Role.IT, Role.COORDINATOR])
async def test_the_it_specialist_and_the_coordinator_belong_to_no_school(
    database: str, role: Role
) -> None:
    school = await make_school()

    with pytest.raises(InvalidInput, match="belong to no school"):
        await create_user(
            full_name="Jan Kowalski", role=role, email="jan@gmina.example.pl", school=school
        )

    assert await User.all().count() == 0


@pytest.mark.parametrize("role", [Role.IT, Role.COORDINATOR])
async def test_the_it_specialist_and_the_coordinator_are_created_without_a_school(
    database: str, role: Role
) -> None:
    user = await create_user(
        full_name="Jan Kowalski", role=role, email="jan@gmina.example.pl", school=None
    )

    assert (await User.get(id=user.id)).school_id is None


async def test_an_unsupported_locale_is_refused(database: str) -> None:
    school = await make_school()

    with pytest.raises(InvalidInput) as refused:
        await create_teacher(school, locale="de")

    assert refused.value.translated() == "nieobsługiwany język „de”; dostępne: pl, en"
    assert await User.all().count() == 0


async def test_email_as_the_preferred_channel_needs_an_address(database: str) -> None:
    school = await make_school()

    with pytest.raises(InvalidInput, match="no e-mail address"):
        await create_teacher(school, email="  ", preferred_channel=Channel.EMAIL)

    assert await User.all().count() == 0


async def test_a_user_reached_by_telegram_needs_no_email(database: str) -> None:
    user = await create_teacher(await make_school(), email=None, preferred_channel=Channel.TELEGRAM)

    assert (await User.get(id=user.id)).email is None


async def test_a_user_is_found_by_email_written_with_any_case_of_domain(database: str) -> None:
    user = await create_teacher(await make_school(), email="anna.nowak@sp1.example.pl")

    assert (await user_with_email(" anna.nowak@SP1.Example.pl ")).id == user.id


async def test_looking_up_an_unknown_email_is_refused(database: str) -> None:
    with pytest.raises(NotFound) as refused:
        await user_with_email("nikt@sp1.example.pl")

    assert (
        refused.value.translated() == "Nie ma użytkownika z adresem e-mail „nikt@sp1.example.pl”."
    )


async def test_deactivating_a_user_keeps_the_row_but_marks_it_inactive(database: str) -> None:
    user = await make_user(telegram_user_id=1001, telegram_chat_id=1001)

    returned = await deactivate_user(user=user)

    stored = await User.get(id=user.id)
    assert not stored.is_active
    assert not returned.is_active
    assert stored.telegram_user_id == 1001


async def test_deactivating_an_inactive_user_changes_nothing(database: str) -> None:
    user = await make_user(is_active=False)

    await deactivate_user(user=user)

    assert not (await User.get(id=user.id)).is_active
