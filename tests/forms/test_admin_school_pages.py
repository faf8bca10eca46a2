"""The coordinator's pages of schools: the list with the form to add one, a school's page to
change it, deactivate and reactivate it. A refused form keeps what was typed, marks each
refused field and writes nothing; other roles get 403."""

from __future__ import annotations

import httpx
import pytest

from core.models import Role, School, User
from tests.factories import make_school, make_user
from tests.forms.browsing import Visit, csrf_token_of

pytestmark = pytest.mark.usefixtures("data_dir")


async def post_form(
    client: httpx.AsyncClient, path: str, data: dict[str, str], *, page: str = ""
) -> httpx.Response:
    """Sends `data` to `path` with the CSRF token of the page at `page` (default `path`)."""
    shown = await client.get(page or path)
    return await client.post(path, data=data | {"csrf_token": csrf_token_of(shown.text)})


def new_school(**typed: str) -> dict[str, str]:
    fields = {
        "code": "sp7",
        "name": "Szkoła Podstawowa nr 7 w Lubartowie",
        "short_name": "SP 7",
        "address": "ul. Szkolna 1",
        "pupils": "120",
    }
    return fields | typed


def form_of(school: School, **typed: str) -> dict[str, str]:
    fields = {
        "name": school.name,
        "short_name": school.short_name,
        "address": school.address,
        "pupils": "" if school.pupils is None else str(school.pupils),
    }
    return fields | typed


async def test_the_list_shows_every_school_active_or_not(visit: Visit, coordinator: User) -> None:
    await make_school(code="sp1", name="Szkoła w Lubartowie", short_name="SP 1", pupils=210)
    await make_school(
        code="fil", name="Szkoła Filialna w Nowinach", short_name="Filia", is_active=False
    )
    client = await visit(coordinator)

    page = (await client.get("/admin/szkoly")).text

    first = page[page.index("Szkoła w Lubartowie") :].split("</tr>")[0]
    closed = page[page.index("Szkoła Filialna w Nowinach") :].split("</tr>")[0]
    assert 'href="/admin/szkoly/sp1"' in page
    assert "<td>210</td>" in first
    assert "<td>aktywna</td>" in first
    assert "<td>dezaktywowana</td>" in closed


async def test_adding_a_school_leads_to_its_page(visit: Visit, coordinator: User) -> None:
    client = await visit(coordinator)

    response = await post_form(client, "/admin/szkoly", new_school(code="SP7"))

    school = await School.get(code="sp7")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/szkoly/sp7?zapisano=dodano"
    assert (school.name, school.short_name, school.pupils) == (
        "Szkoła Podstawowa nr 7 w Lubartowie",
        "SP 7",
        120,
    )
    assert "Dodano." in (await client.get(response.headers["location"])).text


@pytest.mark.parametrize(
    ("typed", "field", "reason"),
    [
        ({"code": ""}, "code", "pole jest wymagane"),
        ({"code": "sp 7"}, "code", "niepoprawny kod szkoły"),
        ({"name": "  "}, "name", "pole jest wymagane"),
        ({"short_name": "S" * 101}, "short_name", "najwyżej 100 znaków"),
        ({"address": "A" * 256}, "address", "najwyżej 255 znaków"),
        ({"pupils": "sto"}, "pupils", "„sto” nie jest liczbą całkowitą"),
    ],
)
async def test_a_refused_new_school_is_marked_keeps_what_was_typed_and_writes_nothing(
    visit: Visit, coordinator: User, typed: dict[str, str], field: str, reason: str
) -> None:
    client = await visit(coordinator)

    response = await post_form(client, "/admin/szkoly", new_school(**typed))

    assert response.status_code == 422
    page = response.text
    assert 'role="alert"' in page
    assert f'id="{field}-error"' in page
    assert f'aria-describedby="{field}-error' in page
    assert reason in page
    if field != "address":
        assert 'value="ul. Szkolna 1"' in page
    assert await School.all().count() == 0


async def test_a_code_another_school_has_is_refused(visit: Visit, coordinator: User) -> None:
    await make_school(code="sp7", name="Stara siódemka")
    client = await visit(coordinator)

    response = await post_form(client, "/admin/szkoly", new_school())

    assert response.status_code == 422
    assert "szkoła o kodzie „sp7” już istnieje" in response.text
    assert [school.name for school in await School.all()] == ["Stara siódemka"]


async def test_a_change_is_saved_and_the_code_stays(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)
    path = f"/admin/szkoly/{school.code}"

    response = await post_form(
        client, path, form_of(school, name="SP nr 1 im. Reymonta") | {"code": "inny"}
    )

    stored = await School.get(id=school.id)
    assert response.status_code == 303
    assert (stored.name, stored.code) == ("SP nr 1 im. Reymonta", school.code)
    assert "Zmiany zostały zapisane." in (await client.get(response.headers["location"])).text


async def test_a_refused_change_keeps_what_was_typed_and_writes_nothing(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)
    path = f"/admin/szkoly/{school.code}"

    response = await post_form(
        client, path, form_of(school, name="", address="ul. Nowa 5", pupils="-1")
    )

    assert response.status_code == 422
    assert 'id="name-error"' in response.text
    assert 'id="pupils-error"' in response.text
    assert 'value="ul. Nowa 5"' in response.text
    stored = await School.get(id=school.id)
    assert (stored.name, stored.address) == (school.name, school.address)


async def test_a_school_with_active_people_is_not_deactivated(
    visit: Visit, coordinator: User, school: School, teacher: User
) -> None:
    client = await visit(coordinator)
    path = f"/admin/szkoly/{school.code}"

    response = await post_form(client, f"{path}/dezaktywuj", {}, page=path)

    assert response.status_code == 409
    assert 'role="alert"' in response.text
    assert "ma jeszcze aktywne osoby (1)" in response.text
    assert (await School.get(id=school.id)).is_active


async def test_an_empty_school_is_deactivated_and_reactivated(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)
    path = f"/admin/szkoly/{school.code}"

    deactivated = await post_form(client, f"{path}/dezaktywuj", {}, page=path)
    inactive = (await School.get(id=school.id)).is_active
    reactivated = await post_form(client, f"{path}/aktywuj", {}, page=path)

    assert deactivated.status_code == reactivated.status_code == 303
    assert inactive is False
    assert (await School.get(id=school.id)).is_active


async def test_an_unknown_school_is_not_found(visit: Visit, coordinator: User) -> None:
    client = await visit(coordinator)

    page = await client.get("/admin/szkoly/nie-ma-takiej")

    assert page.status_code == 404


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR, Role.IT])
async def test_other_roles_may_open_or_send_nothing(
    visit: Visit, school: School, role: Role
) -> None:
    person = await make_user(
        role=role, school=school if role in (Role.TEACHER, Role.DIRECTOR) else None
    )
    empty = await make_school(code="pusta")
    client = await visit(person)
    token = csrf_token_of((await client.get("/panel")).text)
    target = f"/admin/szkoly/{school.code}"

    pages = [await client.get(path) for path in ("/admin/szkoly", target)]
    sent = [
        await client.post(path, data=data | {"csrf_token": token})
        for path, data in [
            ("/admin/szkoly", new_school()),
            (target, form_of(school, name="Przejęta")),
            (f"/admin/szkoly/{empty.code}/dezaktywuj", {}),
            (f"/admin/szkoly/{empty.code}/aktywuj", {}),
        ]
    ]

    assert [answer.status_code for answer in pages + sent] == [403] * 6
    assert await School.filter(code="sp7").count() == 0
    assert (await School.get(id=school.id)).name == school.name
    assert (await School.get(id=empty.id)).is_active
