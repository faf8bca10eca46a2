"""The network sheet page: the form filled in from the stored sheet, saving it (a refused form
keeps what was typed, marks every bad field and writes nothing), who saved it last, and who
may open which school's sheet."""

from __future__ import annotations

import httpx
import pytest

from core.config import get_settings
from core.inventory.network_sheets import save_network_sheet
from core.models import LinkType, NetworkQuality, Role, School, SchoolNetworkSheet, User
from forms.app import create_app
from tests.factories import make_school, make_user
from tests.forms.browsing import Visit, browser, csrf_token_of

pytestmark = pytest.mark.usefixtures("data_dir")


FILLED_IN = {
    "link_type": "fibre",
    "download_mbps": "600",
    "upload_mbps": "200",
    "wifi_coverage": "full",
    "network_quality": "good",
    "notes": "Punkt dostępowy w bibliotece do wymiany.",
}


def sheet_path(school: School) -> str:
    return f"/sprzet/siec?szkola={school.code}"


async def post_sheet(client: httpx.AsyncClient, path: str, data: dict[str, str]) -> httpx.Response:
    page = await client.get(path)
    return await client.post(path, data=data | {"csrf_token": csrf_token_of(page.text)})


async def test_a_director_fills_in_the_sheet_and_sees_it_saved(
    visit: Visit, director: User, school: School
) -> None:
    client = await visit(director)

    response = await post_sheet(client, "/sprzet/siec", FILLED_IN)

    assert response.status_code == 303
    assert response.headers["location"] == f"{sheet_path(school)}&zapisano=1"
    stored = await SchoolNetworkSheet.get(school_id=school.id)
    assert (stored.link_type, stored.download_mbps, stored.upload_mbps) == (
        LinkType.FIBRE,
        600,
        200,
    )
    assert stored.network_quality == NetworkQuality.GOOD
    assert stored.notes == FILLED_IN["notes"]
    assert stored.updated_by_id == director.id
    page = (await client.get(response.headers["location"])).text
    assert 'role="status"' in page
    assert "Zapisano." in page
    assert "Ostatnio zapisano 17.11.2026 10:00" in page
    assert director.full_name in page


async def test_the_form_shows_the_stored_sheet_with_polish_choices(
    visit: Visit, director: User, school: School
) -> None:
    await save_network_sheet(
        school=school, actor=None, link_type="radio", download_mbps=40, wifi_coverage="partial"
    )
    client = await visit(director)

    page = (await client.get(sheet_path(school))).text

    assert '<option value="radio" selected>radiowe</option>' in page
    assert '<option value="partial" selected>część budynku</option>' in page
    assert '<option value="" selected>brak danych</option>' in page  # quality not recorded
    assert 'value="40"' in page
    assert '<label for="download_mbps">Prędkość pobierania (Mb/s)</label>' in page


async def test_a_sheet_never_saved_says_so(visit: Visit, director: User) -> None:
    client = await visit(director)

    page = (await client.get("/sprzet/siec")).text

    assert "nie została jeszcze wypełniona" in page
    assert "Ostatnio zapisano" not in page


async def test_clearing_a_field_stores_it_as_not_recorded(
    visit: Visit, director: User, school: School
) -> None:
    await save_network_sheet(school=school, actor=director, link_type="dsl", upload_mbps=5)
    client = await visit(director)

    response = await post_sheet(client, sheet_path(school), FILLED_IN | {"upload_mbps": ""})

    assert response.status_code == 303
    stored = await SchoolNetworkSheet.get(school_id=school.id)
    assert (stored.link_type, stored.upload_mbps) == (LinkType.FIBRE, None)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("download_mbps", "szybko", "Oczekiwano liczby całkowitej od 1 do 100000, podano szybko"),
        ("download_mbps", "0", "Oczekiwano liczby całkowitej od 1 do 100000, podano 0"),
        ("download_mbps", "-20", "Oczekiwano liczby całkowitej od 1 do 100000, podano -20"),
        ("upload_mbps", "12,5", "Oczekiwano liczby całkowitej od 1 do 100000, podano 12,5"),
        ("upload_mbps", "100001", "Oczekiwano liczby całkowitej od 1 do 100000, podano 100001"),
        ("link_type", "pigeon", "Nieznana wartość pigeon"),
        ("wifi_coverage", "everywhere", "Nieznana wartość everywhere"),
        ("network_quality", "superb", "Nieznana wartość superb"),
        ("notes", "x" * 2001, "Dozwolone najwyżej 2000 znaków, podano 2001"),
    ],
)
async def test_a_bad_value_is_shown_next_to_its_field_and_nothing_is_written(
    visit: Visit, director: User, school: School, field: str, typed: str, message: str
) -> None:
    client = await visit(director)

    response = await post_sheet(client, sheet_path(school), FILLED_IN | {field: typed})

    assert response.status_code == 422
    page = response.text
    assert f'<p class="field-error" id="{field}-error">{message}' in page
    assert f'aria-describedby="{field}-error" aria-invalid="true"' in page
    assert 'role="alert"' in page
    assert f'<a href="#{field}">{message}' in page
    assert not await SchoolNetworkSheet.exists()


async def test_a_refused_form_keeps_what_was_typed_and_marks_every_bad_field(
    visit: Visit, director: User, school: School
) -> None:
    await save_network_sheet(school=school, actor=director, link_type="cable", download_mbps=80)
    client = await visit(director)
    typed = FILLED_IN | {"download_mbps": "dużo", "upload_mbps": "-1"}

    response = await post_sheet(client, sheet_path(school), typed)

    assert response.status_code == 422
    page = response.text
    assert 'value="dużo"' in page
    assert 'value="-1"' in page
    assert '<option value="fibre" selected>' in page
    assert FILLED_IN["notes"] in page
    assert 'id="download_mbps-error"' in page
    assert 'id="upload_mbps-error"' in page
    stored = await SchoolNetworkSheet.get(school_id=school.id)
    assert (stored.link_type, stored.download_mbps) == (LinkType.CABLE, 80)


async def test_a_form_without_the_csrf_token_is_refused_and_writes_nothing(
    visit: Visit, director: User, school: School
) -> None:
    client = await visit(director)

    response = await client.post(sheet_path(school), data=FILLED_IN)

    assert response.status_code == 403
    assert not await SchoolNetworkSheet.exists()


async def test_the_equipment_table_links_to_the_sheet(
    visit: Visit, director: User, school: School
) -> None:
    client = await visit(director)

    table = (await client.get("/sprzet")).text

    assert f'href="{sheet_path(school)}"' in table


async def test_staff_choose_a_school_first(visit: Visit, specialist: User, school: School) -> None:
    client = await visit(specialist)

    chooser = await client.get("/sprzet/siec")

    assert chooser.status_code == 200
    assert f'href="{sheet_path(school)}"' in chooser.text
    assert 'name="link_type"' not in chooser.text


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.IT])
async def test_staff_open_and_save_any_schools_sheet(
    visit: Visit, role: Role, school: School
) -> None:
    client = await visit(await make_user(role=role))

    page = await client.get(sheet_path(school))
    saved = await post_sheet(client, sheet_path(school), FILLED_IN)

    assert (page.status_code, saved.status_code) == (200, 303)
    assert await SchoolNetworkSheet.exists(school_id=school.id)


async def test_a_sheet_sent_by_staff_without_a_school_is_not_found(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)
    token = csrf_token_of((await client.get(sheet_path(school))).text)

    response = await client.post("/sprzet/siec", data=FILLED_IN | {"csrf_token": token})

    assert response.status_code == 404
    assert not await SchoolNetworkSheet.exists()


async def test_an_unknown_school_code_is_not_found(visit: Visit, coordinator: User) -> None:
    client = await visit(coordinator)

    assert (await client.get("/sprzet/siec", params={"szkola": "nope"})).status_code == 404


async def test_a_director_gets_not_found_for_another_schools_sheet(
    visit: Visit, director: User, school: School
) -> None:
    other = await make_school()
    client = await visit(director)
    token = csrf_token_of((await client.get(sheet_path(school))).text)

    page = await client.get(sheet_path(other))
    sent = await client.post(sheet_path(other), data=FILLED_IN | {"csrf_token": token})

    assert (page.status_code, sent.status_code) == (404, 404)
    assert not await SchoolNetworkSheet.exists()


async def test_a_teacher_may_neither_open_nor_save_the_sheet(
    visit: Visit, teacher: User, school: School
) -> None:
    client = await visit(teacher)
    token = csrf_token_of((await client.get("/panel")).text)

    page = await client.get(sheet_path(school))
    sent = await client.post(sheet_path(school), data=FILLED_IN | {"csrf_token": token})

    assert (page.status_code, sent.status_code) == (403, 403)
    assert not await SchoolNetworkSheet.exists()


async def test_someone_not_signed_in_is_sent_to_the_login_page(
    database: str, school: School
) -> None:
    app = create_app(get_settings(), manage_database=False)
    async with browser(app) as client:
        response = await client.get(sheet_path(school))

    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/logowanie")
