"""The coordinator's pages of people: the filtered list, adding someone, a user's page with
changes, deactivation and reactivation, and the Telegram invite shown once. A refused form
keeps what was typed, marks each refused field and writes nothing; other roles get 403."""

from __future__ import annotations

import re

import httpx
import pytest

from core.config import get_settings
from core.models import Channel, InviteCode, Role, School, User, WebSession
from core.people.invites import redeem_invite
from tests.factories import make_school, make_user
from tests.forms.browsing import Visit, csrf_token_of

pytestmark = pytest.mark.usefixtures("data_dir")

TELEGRAM_ID = 700_000_123
_CODE = re.compile(r'<code class="invite-code">([^<]+)</code>')


async def post_form(
    client: httpx.AsyncClient, path: str, data: dict[str, str], *, page: str = ""
) -> httpx.Response:
    """Sends `data` to `path` with the CSRF token of the page at `page` (default `path`)."""
    shown = await client.get(page or path)
    return await client.post(path, data=data | {"csrf_token": csrf_token_of(shown.text)})


def new_director(school: School, **typed: str) -> dict[str, str]:
    fields = {
        "full_name": "Anna Nowak",
        "email": "anna.nowak@sp1.example.pl",
        "role": "director",
        "school": school.code,
        "locale": "pl",
    }
    return fields | typed


def form_of(user: User, school: School | None, **typed: str) -> dict[str, str]:
    """The change form as the page fills it for `user`, with `typed` over it."""
    fields = {
        "full_name": user.full_name,
        "email": user.email or "",
        "role": user.role.value,
        "school": school.code if school else "",
        "locale": user.locale,
    }
    return fields | typed


async def test_the_list_shows_each_users_role_school_telegram_and_state(
    visit: Visit, coordinator: User, school: School
) -> None:
    await make_user(
        role=Role.DIRECTOR, school=school, full_name="Anna Nowak", telegram_user_id=TELEGRAM_ID
    )
    await make_user(role=Role.IT, full_name="Piotr Zieliński", is_active=False)
    client = await visit(coordinator)

    page = (await client.get("/admin/uzytkownicy")).text

    anna = page[page.index("Anna Nowak") :].split("</tr>")[0]
    piotr = page[page.index("Piotr Zieliński") :].split("</tr>")[0]
    assert "dyrektor szkoły" in anna
    assert school.short_name in anna
    assert "<td>tak</td>" in anna
    assert "<td>aktywne</td>" in anna
    assert "<td>nie</td>" in piotr
    assert "dezaktywowane" in piotr


async def test_filters_narrow_the_list_to_a_role_school_and_state(
    visit: Visit, coordinator: User, school: School
) -> None:
    await make_user(role=Role.DIRECTOR, school=school, full_name="Anna Nowak")
    await make_user(role=Role.TEACHER, school=await make_school(), full_name="Ewa Kowalska")
    await make_user(role=Role.TEACHER, school=school, full_name="Jan Dawny", is_active=False)
    client = await visit(coordinator)

    by_role = (await client.get("/admin/uzytkownicy", params={"rola": "teacher"})).text
    by_school = (await client.get("/admin/uzytkownicy", params={"szkola": school.code})).text
    inactive = (await client.get("/admin/uzytkownicy", params={"stan": "nieaktywni"})).text

    assert "Ewa Kowalska" in by_role
    assert "Anna Nowak" not in by_role
    assert "Anna Nowak" in by_school
    assert "Ewa Kowalska" not in by_school
    assert "Jan Dawny" in inactive
    assert "Anna Nowak" not in inactive


@pytest.mark.parametrize(
    "params", [{"rola": "janitor"}, {"szkola": "nope"}, {"stan": "wszyscy-naraz"}]
)
async def test_an_unknown_filter_is_announced_and_ignored(
    visit: Visit, coordinator: User, params: dict[str, str]
) -> None:
    client = await visit(coordinator)

    page = await client.get("/admin/uzytkownicy", params=params)

    assert page.status_code == 200
    assert '<div class="error-summary" role="alert">' in page.text
    assert coordinator.full_name in page.text


async def test_adding_a_director_leads_to_their_page(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)

    response = await post_form(client, "/admin/uzytkownicy", new_director(school))

    added = await User.get(email="anna.nowak@sp1.example.pl")
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/uzytkownicy/{added.id}?zapisano=dodano"
    assert (added.role, added.school_id, added.preferred_channel) == (
        Role.DIRECTOR,
        school.id,
        Channel.EMAIL,
    )
    page = (await client.get(response.headers["location"])).text
    assert 'role="status"' in page
    assert "Dodano." in page


@pytest.mark.parametrize(
    ("typed", "field", "reason"),
    [
        ({"full_name": "   "}, "full_name", "imię i nazwisko nie może być puste"),
        ({"email": "anna@@example"}, "email", "anna@@example"),
        ({"role": "janitor"}, "role", "Wybierz rolę z listy."),
        ({"school": ""}, "school", "muszą być przypisani do szkoły"),
        ({"role": "it"}, "school", "całej gminy"),
        ({"school": "nope"}, "school", "Nie ma szkoły o kodzie „nope”."),
        ({"locale": "de"}, "locale", "de"),
    ],
)
async def test_a_refused_new_user_is_marked_keeps_what_was_typed_and_writes_nothing(
    visit: Visit,
    coordinator: User,
    school: School,
    typed: dict[str, str],
    field: str,
    reason: str,
) -> None:
    client = await visit(coordinator)

    response = await post_form(
        client, "/admin/uzytkownicy", new_director(school, full_name="Anna Nowak") | typed
    )

    assert response.status_code == 422
    page = response.text
    assert 'role="alert"' in page
    assert f'id="{field}-error"' in page
    assert f'aria-describedby="{field}-error' in page
    assert reason.lower() in page.lower()
    if field != "full_name":
        assert 'value="Anna Nowak"' in page
    assert await User.all().count() == 1  # the coordinator alone


async def test_an_address_another_user_has_is_refused(
    visit: Visit, coordinator: User, school: School
) -> None:
    await make_user(email="anna.nowak@sp1.example.pl")
    client = await visit(coordinator)

    response = await post_form(client, "/admin/uzytkownicy", new_director(school))

    assert response.status_code == 422
    assert 'id="email-error"' in response.text
    assert "już istnieje" in response.text
    assert await User.all().count() == 2


async def test_a_user_page_shows_the_stored_details_in_the_form(
    visit: Visit, coordinator: User, director: User, school: School
) -> None:
    client = await visit(coordinator)

    page = (await client.get(f"/admin/uzytkownicy/{director.id}")).text

    assert f'value="{director.full_name}"' in page
    assert f'value="{director.email}"' in page
    assert f'<option value="{school.code}" selected>' in page
    assert '<option value="director" selected>' in page


async def test_a_change_is_saved_and_announced(
    visit: Visit, coordinator: User, director: User, school: School
) -> None:
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{director.id}"

    response = await post_form(client, path, form_of(director, school, full_name="Anna Nowa"))

    assert response.status_code == 303
    assert (await User.get(id=director.id)).full_name == "Anna Nowa"
    assert "Zmiany zostały zapisane." in (await client.get(response.headers["location"])).text


async def test_a_refused_change_keeps_what_was_typed_and_writes_nothing(
    visit: Visit, coordinator: User, director: User, school: School
) -> None:
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{director.id}"

    response = await post_form(
        client, path, form_of(director, school, full_name="Anna Nowa", email="zła@")
    )

    assert response.status_code == 422
    assert 'value="Anna Nowa"' in response.text
    assert 'id="email-error"' in response.text
    stored = await User.get(id=director.id)
    assert (stored.full_name, stored.email) == (director.full_name, director.email)


async def test_the_last_coordinator_may_not_demote_themselves(
    visit: Visit, coordinator: User
) -> None:
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{coordinator.id}"

    response = await post_form(client, path, form_of(coordinator, None, role="it"))

    assert response.status_code == 422
    assert 'id="role-error"' in response.text
    assert "jedyną aktywną osobą w roli koordynatora" in response.text
    assert (await User.get(id=coordinator.id)).role == Role.COORDINATOR


async def test_deactivating_signs_the_person_out_and_reactivating_brings_them_back(
    visit: Visit, coordinator: User, teacher: User
) -> None:
    teachers_browser = await visit(teacher)
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{teacher.id}"

    deactivated = await post_form(client, f"{path}/dezaktywuj", {}, page=path)
    signed_out = await teachers_browser.get("/panel")
    reactivated = await post_form(client, f"{path}/aktywuj", {}, page=path)

    assert deactivated.status_code == 303
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/logowanie")
    assert await WebSession.filter(user_id=teacher.id, ended_at__isnull=True).count() == 0
    assert reactivated.status_code == 303
    assert (await User.get(id=teacher.id)).is_active


async def test_the_last_coordinator_may_not_deactivate_themselves(
    visit: Visit, coordinator: User
) -> None:
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{coordinator.id}"

    response = await post_form(client, f"{path}/dezaktywuj", {}, page=path)

    assert response.status_code == 409
    assert 'role="alert"' in response.text
    assert (await User.get(id=coordinator.id)).is_active


async def test_a_person_of_a_deactivated_school_is_not_reactivated(
    visit: Visit, coordinator: User, school: School
) -> None:
    gone = await make_user(role=Role.TEACHER, school=school, is_active=False)
    await School.filter(id=school.id).update(is_active=False)
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{gone.id}"

    response = await post_form(client, f"{path}/aktywuj", {}, page=path)

    assert response.status_code == 409
    assert "najpierw ją przywróć" in response.text
    assert not (await User.get(id=gone.id)).is_active


async def test_the_invite_code_on_the_page_links_telegram(
    visit: Visit, coordinator: User, director: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "telegram_bot_username", "hdr_lubartow_bot")
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{director.id}"

    response = await post_form(client, f"{path}/zaproszenie", {}, page=path)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    match = _CODE.search(response.text)
    assert match is not None
    code = match.group(1)
    assert f'href="https://t.me/hdr_lubartow_bot?start={code}"' in response.text
    assert "<svg" in response.text
    linked = await redeem_invite(
        code=code, telegram_user_id=TELEGRAM_ID, telegram_chat_id=TELEGRAM_ID
    )
    assert linked.id == director.id


async def test_without_a_bot_name_the_page_says_to_send_the_code_to_the_bot(
    visit: Visit, coordinator: User, director: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "telegram_bot_username", None)
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{director.id}"

    response = await post_form(client, f"{path}/zaproszenie", {}, page=path)

    assert _CODE.search(response.text) is not None
    assert "/start" in response.text
    assert "t.me" not in response.text


async def test_the_invite_code_is_never_in_an_address_and_shown_only_once(
    visit: Visit, coordinator: User, director: User
) -> None:
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{director.id}"

    response = await post_form(client, f"{path}/zaproszenie", {}, page=path)
    again = await client.get(path)

    match = _CODE.search(response.text)
    assert match is not None
    assert match.group(1) not in str(response.url)
    assert "location" not in response.headers
    assert match.group(1) not in again.text


async def test_a_deactivated_person_is_not_invited(
    visit: Visit, coordinator: User, school: School
) -> None:
    gone = await make_user(role=Role.TEACHER, school=school, is_active=False)
    client = await visit(coordinator)
    path = f"/admin/uzytkownicy/{gone.id}"

    response = await post_form(client, f"{path}/zaproszenie", {}, page=path)

    assert response.status_code == 409
    assert _CODE.search(response.text) is None
    assert await InviteCode.all().count() == 0


@pytest.mark.parametrize("user_id", ["999", "0", str(2**31)])
async def test_an_unknown_user_is_not_found(visit: Visit, coordinator: User, user_id: str) -> None:
    client = await visit(coordinator)

    page = await client.get(f"/admin/uzytkownicy/{user_id}")

    assert page.status_code == 404


async def test_a_form_without_the_csrf_token_is_refused(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)

    response = await client.post("/admin/uzytkownicy", data=new_director(school))

    assert response.status_code == 403
    assert await User.all().count() == 1


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR, Role.IT])
async def test_other_roles_may_open_or_send_nothing(
    visit: Visit, school: School, coordinator: User, role: Role
) -> None:
    person = await make_user(
        role=role, school=school if role in (Role.TEACHER, Role.DIRECTOR) else None
    )
    client = await visit(person)
    token = csrf_token_of((await client.get("/panel")).text)
    target = f"/admin/uzytkownicy/{coordinator.id}"

    pages = [await client.get(path) for path in ("/admin/uzytkownicy", target)]
    sent = [
        await client.post(path, data=data | {"csrf_token": token})
        for path, data in [
            ("/admin/uzytkownicy", new_director(school)),
            (target, form_of(coordinator, None, full_name="Przejęty")),
            (f"{target}/dezaktywuj", {}),
            (f"{target}/aktywuj", {}),
            (f"{target}/zaproszenie", {}),
        ]
    ]

    assert [answer.status_code for answer in pages + sent] == [403] * 7
    assert await User.filter(full_name="Przejęty").count() == 0
    assert (await User.get(id=coordinator.id)).is_active
    assert await InviteCode.all().count() == 0
