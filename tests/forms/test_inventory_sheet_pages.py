"""The equipment sheet pages: download the prefilled XLSX, upload it back, see every problem
(422, nothing written) or the preview, apply it once, or cancel; and who may do what."""

from __future__ import annotations

import httpx
import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.inventory.assets import create_asset
from core.inventory.rounds import open_inventory_round
from core.inventory.sheet_workbook import school_sheet
from core.models import Asset, AssetChange, Channel, Role, School, User
from tests.core.inventory.sheets import edited, open_sheet, with_rows
from tests.factories import make_school, make_user
from tests.forms.browsing import Visit, csrf_token_of

pytestmark = pytest.mark.usefixtures("data_dir")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def laptop(school: School, now: ManualClock) -> Asset:
    return await create_asset(
        school=school,
        actor=None,
        channel=Channel.WEB,
        kind="laptop",
        inventory_number="SP/L/1",
        room="12",
        ram_gb=8,
    )


async def upload(
    client: httpx.AsyncClient, school: School, data: bytes, *, filename: str = "arkusz.xlsx"
) -> httpx.Response:
    page = await client.get("/sprzet/arkusz", params={"szkola": school.code})
    return await client.post(
        "/sprzet/arkusz",
        data={"szkola": school.code, "csrf_token": csrf_token_of(page.text)},
        files={"plik": (filename, data, XLSX)},
    )


def hidden(page: str, name: str) -> str:
    marker = f'name="{name}" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


async def confirm(client: httpx.AsyncClient, preview: httpx.Response) -> httpx.Response:
    return await client.post(
        "/sprzet/arkusz/zatwierdz",
        data={
            "token": hidden(preview.text, "token"),
            "szkola": hidden(preview.text, "szkola"),
            "csrf_token": csrf_token_of(preview.text),
        },
    )


async def test_the_download_is_the_schools_prefilled_sheet(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)

    response = await client.get("/sprzet/arkusz.xlsx")

    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"] == (
        f'attachment; filename="sprzet-{school.code}-2026-11-17.xlsx"'
    )
    _, sheet = open_sheet(response.content)
    assert sheet.cell(row=2, column=1).value == laptop.public_id


async def test_an_upload_shows_the_preview_and_writes_nothing_yet(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)
    data = with_rows(
        edited(await school_sheet(school), {"SP/L/1": {"RAM (GB)": 16}}),
        {"Rodzaj sprzętu": "projektor", "Numer inwentarzowy": "SP/P/1", "Sala": "aula"},
    )

    preview = await upload(client, school, data)

    assert preview.status_code == 200
    assert "RAM (GB): 8 → 16" in preview.text
    assert "SP/P/1" in preview.text
    assert "Sala: aula" in preview.text
    assert "Nowy sprzęt: 1. Zmieniony: 1. Bez zmian: 0." in preview.text
    assert (await Asset.get(id=laptop.id)).ram_gb == 8
    assert not await Asset.exists(inventory_number="SP/P/1")


async def test_applying_saves_the_changes_with_history_and_says_so(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)
    data = edited(await school_sheet(school), {"SP/L/1": {"RAM (GB)": 16}})
    preview = await upload(client, school, data)

    applied = await confirm(client, preview)

    assert applied.status_code == 303
    assert applied.headers["location"] == (
        f"/sprzet/arkusz?szkola={school.code}&zapisano=1&nowe=0&zmienione=1"
    )
    assert (await Asset.get(id=laptop.id)).ram_gb == 16
    change = await AssetChange.filter(asset_id=laptop.id).order_by("-id").first()
    assert change is not None
    assert (change.channel, change.actor_id) == (Channel.WEB, director.id)  # type: ignore[attr-defined]
    page = await client.get(applied.headers["location"])
    assert "Zapisano: nowy sprzęt – 0, zmieniony – 1." in page.text


async def test_a_second_confirmation_says_it_is_gone_and_writes_nothing(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)
    data = with_rows(
        await school_sheet(school), {"Rodzaj sprzętu": "tablet", "Numer inwentarzowy": "T/1"}
    )
    preview = await upload(client, school, data)
    await confirm(client, preview)

    again = await confirm(client, preview)

    assert again.status_code == 410
    assert "został już zastosowany lub anulowany" in again.text
    assert await Asset.filter(school_id=school.id).count() == 2


async def test_a_preview_outdated_by_an_edit_is_shown_again(
    visit: Visit, director: User, coordinator: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)
    data = edited(await school_sheet(school), {"SP/L/1": {"RAM (GB)": 16}})
    preview = await upload(client, school, data)
    staff = await visit(coordinator)
    edit_page = await staff.get(f"/sprzet/{laptop.public_id}")
    await staff.post(
        f"/sprzet/{laptop.public_id}",
        data={
            "kind": "laptop",
            "inventory_number": "SP/L/1",
            "room": "12",
            "status": "in_use",
            "purpose": "pupil",
            "has_internet": "yes",
            "ram_gb": "12",
            "csrf_token": csrf_token_of(edit_page.text),
        },
    )

    shown_again = await confirm(client, preview)

    assert shown_again.status_code == 200
    assert "ktoś inny zmienił sprzęt" in shown_again.text
    assert "RAM (GB): 12 → 16" in shown_again.text
    assert (await Asset.get(id=laptop.id)).ram_gb == 12


async def test_a_confirmation_finding_errors_by_now_lists_them_and_writes_nothing(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)
    data = with_rows(
        edited(await school_sheet(school), {"SP/L/1": {"Sala": "99"}}),
        {"Rodzaj sprzętu": "tablet", "Numer inwentarzowy": "T/1"},
    )
    preview = await upload(client, school, data)
    await create_asset(
        school=school, actor=None, channel=Channel.WEB, kind="tablet", inventory_number="T/1"
    )

    response = await confirm(client, preview)

    assert response.status_code == 422
    assert "Numer inwentarzowy T/1 jest już użyty w tej szkole" in response.text
    assert (await Asset.get(id=laptop.id)).room == "12"


async def test_a_file_with_errors_lists_each_with_row_column_and_value(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)
    data = with_rows(
        edited(await school_sheet(school), {"SP/L/1": {"RAM (GB)": "dużo", "Sala": "99"}}),
        {"Rodzaj sprzętu": "toster", "Numer inwentarzowy": "SP/L/1"},
    )

    response = await upload(client, school, data)

    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert "Plik zawiera błędy (liczba: 3); nic nie zostało zapisane." in response.text
    assert '<th scope="row">2</th><td>N (RAM (GB))</td><td>dużo</td>' in response.text
    assert "<td>B (Rodzaj sprzętu)</td><td>toster</td>" in response.text
    assert "Numer inwentarzowy SP/L/1 jest już użyty w tej szkole" in response.text
    assert (await Asset.get(id=laptop.id)).room == "12"
    assert await Asset.filter(school_id=school.id).count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Plik jest pusty."),
        (b"not a workbook", "Plik nie jest skoroszytem XLSX."),
        (b"PK" + bytes(5 * 1024 * 1024), "Plik jest większy niż 5 MB."),
    ],
    ids=["empty", "not-xlsx", "too-big"],
)
async def test_a_bad_file_is_refused_with_a_clear_message(
    visit: Visit, director: User, school: School, laptop: Asset, content: bytes, message: str
) -> None:
    client = await visit(director)

    response = await upload(client, school, content)

    assert response.status_code == 422
    assert message in response.text
    assert await AssetChange.filter(asset_id=laptop.id).count() == 1


async def test_a_form_without_a_file_is_refused(
    visit: Visit, director: User, school: School
) -> None:
    client = await visit(director)
    page = await client.get("/sprzet/arkusz")

    response = await client.post(
        "/sprzet/arkusz", data={"szkola": school.code, "csrf_token": csrf_token_of(page.text)}
    )

    assert response.status_code == 422
    assert "Plik jest pusty." in response.text


async def test_cancelling_discards_the_upload(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)
    preview = await upload(
        client, school, edited(await school_sheet(school), {"SP/L/1": {"RAM (GB)": 16}})
    )

    cancelled = await client.post(
        "/sprzet/arkusz/anuluj",
        data={
            "token": hidden(preview.text, "token"),
            "szkola": school.code,
            "csrf_token": csrf_token_of(preview.text),
        },
    )

    assert cancelled.status_code == 303
    assert "nic nie zostało zmienione" in (await client.get(cancelled.headers["location"])).text
    assert (await confirm(client, preview)).status_code == 410
    assert (await Asset.get(id=laptop.id)).ram_gb == 8


async def test_another_users_token_is_refused(
    visit: Visit, director: User, coordinator: User, school: School, laptop: Asset
) -> None:
    owner = await visit(coordinator)
    preview = await upload(
        owner, school, edited(await school_sheet(school), {"SP/L/1": {"RAM (GB)": 16}})
    )
    intruder = await visit(director)
    page = await intruder.get("/sprzet/arkusz")

    response = await intruder.post(
        "/sprzet/arkusz/zatwierdz",
        data={
            "token": hidden(preview.text, "token"),
            "szkola": school.code,
            "csrf_token": csrf_token_of(page.text),
        },
    )

    assert response.status_code == 410
    assert (await Asset.get(id=laptop.id)).ram_gb == 8


async def test_a_token_sent_for_another_school_is_refused(
    visit: Visit, coordinator: User, school: School, laptop: Asset
) -> None:
    other = await make_school()
    client = await visit(coordinator)
    preview = await upload(
        client, school, edited(await school_sheet(school), {"SP/L/1": {"RAM (GB)": 16}})
    )

    response = await client.post(
        "/sprzet/arkusz/zatwierdz",
        data={
            "token": hidden(preview.text, "token"),
            "szkola": other.code,
            "csrf_token": csrf_token_of(preview.text),
        },
    )

    assert response.status_code == 410
    assert (await Asset.get(id=laptop.id)).ram_gb == 8


async def test_after_applying_a_director_is_offered_to_submit_for_the_open_round(
    visit: Visit, director: User, school: School, laptop: Asset, now: ManualClock
) -> None:
    inventory_round = await open_inventory_round(
        name="Jesień 2026", deadline=now.now().date(), opened_by=None
    )
    client = await visit(director)
    preview = await upload(
        client, school, edited(await school_sheet(school), {"SP/L/1": {"Sala": "13"}})
    )

    applied = await client.get((await confirm(client, preview)).headers["location"])

    assert f'action="/sprzet/inwentaryzacja/{inventory_round.id}/zloz"' in applied.text
    assert "Runda „Jesień 2026”" in applied.text


async def test_the_equipment_table_links_to_the_sheet(
    visit: Visit, director: User, school: School
) -> None:
    client = await visit(director)

    page = await client.get("/sprzet")

    assert f'href="/sprzet/arkusz?szkola={school.code}"' in page.text


# Who may do what.

SHEET_PAGES = ["/sprzet/arkusz.xlsx", "/sprzet/arkusz"]


@pytest.mark.parametrize("path", SHEET_PAGES)
async def test_teachers_may_not_open_the_sheet_pages(
    visit: Visit, teacher: User, school: School, path: str
) -> None:
    client = await visit(teacher)

    assert (await client.get(path, params={"szkola": school.code})).status_code == 403


async def test_teachers_may_not_upload_or_confirm(
    visit: Visit, teacher: User, school: School, laptop: Asset
) -> None:
    client = await visit(teacher)
    token = csrf_token_of((await client.get("/panel")).text)

    uploaded = await client.post(
        "/sprzet/arkusz",
        data={"szkola": school.code, "csrf_token": token},
        files={"plik": ("a.xlsx", await school_sheet(school), XLSX)},
    )
    confirmed = await client.post(
        "/sprzet/arkusz/zatwierdz", data={"token": "x" * 32, "csrf_token": token}
    )

    assert (uploaded.status_code, confirmed.status_code) == (403, 403)


@pytest.mark.parametrize("path", SHEET_PAGES)
async def test_a_director_gets_not_found_for_another_school(
    visit: Visit, director: User, path: str
) -> None:
    other = await make_school()
    client = await visit(director)

    assert (await client.get(path, params={"szkola": other.code})).status_code == 404


async def test_a_director_may_not_upload_for_another_school(
    visit: Visit, director: User, school: School
) -> None:
    other = await make_school()
    await create_asset(
        school=other, actor=None, channel=Channel.WEB, kind="tablet", inventory_number="X/1"
    )
    client = await visit(director)
    page = await client.get("/sprzet/arkusz")

    response = await client.post(
        "/sprzet/arkusz",
        data={"szkola": other.code, "csrf_token": csrf_token_of(page.text)},
        files={"plik": ("a.xlsx", await school_sheet(other), XLSX)},
    )

    assert response.status_code == 404
    assert not any(get_settings().data_dir.glob("inventory-uploads/*"))


@pytest.mark.parametrize("role", [Role.IT, Role.COORDINATOR])
async def test_staff_download_and_upload_any_schools_sheet(
    visit: Visit, role: Role, school: School, laptop: Asset
) -> None:
    client = await visit(await make_user(role=role))

    download = await client.get("/sprzet/arkusz.xlsx", params={"szkola": school.code})
    preview = await upload(client, school, edited(download.content, {"SP/L/1": {"Sala": "1"}}))
    applied = await confirm(client, preview)

    assert (download.status_code, preview.status_code, applied.status_code) == (200, 200, 303)
    assert (await Asset.get(id=laptop.id)).room == "1"


async def test_staff_without_a_chosen_school_are_sent_to_choose_one(
    visit: Visit, coordinator: User
) -> None:
    client = await visit(coordinator)

    response = await client.get("/sprzet/arkusz")

    assert (response.status_code, response.headers["location"]) == (303, "/sprzet")


async def test_an_upload_without_the_csrf_token_is_refused(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)

    response = await client.post(
        "/sprzet/arkusz",
        data={"szkola": school.code},
        files={"plik": ("a.xlsx", await school_sheet(school), XLSX)},
    )

    assert response.status_code == 403
