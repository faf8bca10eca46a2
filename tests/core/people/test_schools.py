"""Schools kept by hand: the rules of the XLSX import, every refused field named and nothing
written; a school is deactivated only once none of its people is active."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import IllegalTransition, NotFound
from core.models import Role, School
from core.people.accounts import FieldsRefused
from core.people.schools import (
    change_school,
    create_school,
    deactivate_school,
    reactivate_school,
    school_with_code,
    schools,
)
from tests.factories import make_school, make_user

LONG_NAME = "Zespół Szkolno-Przedszkolny im. Jana Pawła II w Nowinach " * 2


def typed_school(**typed: str) -> dict[str, Any]:
    fields = {
        "code": "sp7",
        "name": "Szkoła Podstawowa nr 7 w Lubartowie",
        "short_name": "SP 7",
        "address": "ul. Szkolna 1, 21-100 Lubartów",
        "pupils": "120",
    }
    return fields | typed


async def refusal_of_creating(**fields: Any) -> dict[str, str]:
    """The fields `create_school` refused, with their Polish reasons; fails if it accepts."""
    with pytest.raises(FieldsRefused) as refused:
        await create_school(**fields)
    return {name: error.translated("pl") for name, error in refused.value.errors.items()}


async def test_creating_a_school_stores_the_fields_with_the_code_in_lower_case(
    database: str,
) -> None:
    school = await create_school(**typed_school(code=" SP7 ", pupils=" 120 "))

    stored = await School.get(id=school.id)
    assert (stored.code, stored.name, stored.short_name) == (
        "sp7",
        "Szkoła Podstawowa nr 7 w Lubartowie",
        "SP 7",
    )
    assert (stored.address, stored.pupils, stored.is_active) == (
        "ul. Szkolna 1, 21-100 Lubartów",
        120,
        True,
    )


async def test_an_empty_short_name_takes_the_full_name(database: str) -> None:
    school = await create_school(**typed_school(short_name="  ", pupils=""))

    assert (school.short_name, school.pupils) == ("Szkoła Podstawowa nr 7 w Lubartowie", None)


async def test_every_refused_field_is_named_at_once_and_nothing_is_written(
    database: str,
) -> None:
    refused = await refusal_of_creating(
        code="sp 7!", name=" ", short_name="S" * 101, address="A" * 256, pupils="sto"
    )

    assert set(refused) == {"code", "name", "short_name", "address", "pupils"}
    assert await School.all().count() == 0


@pytest.mark.parametrize(
    ("typed", "field", "reason"),
    [
        ({"code": ""}, "code", "pole jest wymagane"),
        ({"code": "sp_7-"}, "code", "niepoprawny kod szkoły „sp_7-”"),
        ({"code": "s" * 33}, "code", "najwyżej 32 znaków"),
        ({"name": ""}, "name", "pole jest wymagane"),
        ({"name": "N" * 256}, "name", "najwyżej 255 znaków"),
        ({"short_name": "", "name": LONG_NAME}, "short_name", "więcej niż 100 znaków"),
        ({"pupils": "-3"}, "pupils", "„-3” nie jest liczbą całkowitą"),
        ({"pupils": "1e3"}, "pupils", "„1e3”"),
        ({"pupils": "²"}, "pupils", "„²”"),
        ({"pupils": "100001"}, "pupils", "najwyżej 100000 uczniów"),
    ],
)
async def test_a_bad_field_is_refused_with_its_reason(
    database: str, typed: dict[str, str], field: str, reason: str
) -> None:
    refused = await refusal_of_creating(**typed_school(**typed))

    assert list(refused) == [field]
    assert reason in refused[field]
    assert await School.all().count() == 0


async def test_a_code_another_school_has_is_refused(database: str) -> None:
    await make_school(code="sp7")

    refused = await refusal_of_creating(**typed_school(code="SP7"))

    assert refused == {"code": "szkoła o kodzie „sp7” już istnieje"}
    assert await School.all().count() == 1


async def test_changing_a_school_keeps_its_code(database: str) -> None:
    school = await make_school(code="sp7")

    changed = await change_school(
        school, name="SP nr 7 im. Reymonta", short_name="", address="ul. Nowa 2", pupils="98"
    )

    stored = await School.get(id=school.id)
    assert changed.code == stored.code == "sp7"
    assert (stored.name, stored.short_name, stored.address, stored.pupils) == (
        "SP nr 7 im. Reymonta",
        "SP nr 7 im. Reymonta",
        "ul. Nowa 2",
        98,
    )


async def test_a_refused_change_writes_nothing(database: str) -> None:
    school = await make_school(name="Szkoła Podstawowa nr 7")

    with pytest.raises(FieldsRefused) as refused:
        await change_school(school, name="", short_name="SP 7", address="", pupils="dużo")

    assert set(refused.value.errors) == {"name", "pupils"}
    assert (await School.get(id=school.id)).name == "Szkoła Podstawowa nr 7"


async def test_a_school_without_active_people_is_deactivated_and_reactivated(
    database: str,
) -> None:
    school = await make_school()
    await make_user(role=Role.TEACHER, school=school, is_active=False)

    await deactivate_school(school)
    after_deactivation = (await School.get(id=school.id)).is_active
    await reactivate_school(school)

    assert after_deactivation is False
    assert (await School.get(id=school.id)).is_active


async def test_a_school_with_active_people_stays_active(database: str) -> None:
    school = await make_school(name="Szkoła Podstawowa nr 7")
    await make_user(role=Role.TEACHER, school=school)
    await make_user(role=Role.DIRECTOR, school=school)

    with pytest.raises(IllegalTransition) as refused:
        await deactivate_school(school)

    assert "(2)" in refused.value.translated("pl")
    assert (await School.get(id=school.id)).is_active


async def test_a_school_is_found_by_its_code_active_or_not(database: str) -> None:
    school = await make_school(code="sp7", is_active=False)

    assert (await school_with_code(" SP7 ")).id == school.id
    with pytest.raises(NotFound):
        await school_with_code("sp8")


async def test_every_school_is_listed_by_name(database: str) -> None:
    second = await make_school(name="Szkoła Podstawowa w Nowinach", is_active=False)
    first = await make_school(name="Przedszkole Samorządowe")

    assert [school.id for school in await schools()] == [first.id, second.id]
