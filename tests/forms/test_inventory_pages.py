"""The equipment pages: the table with verdicts and the school's summary, adding and editing an
asset (a refused form keeps what was typed and writes nothing), the history of changes, the
decommission button, and who may open which page."""

from __future__ import annotations

import httpx
import pytest

from core.clock import ManualClock
from core.inventory.assets import create_asset
from core.inventory.profiles import install_requirement_profiles
from core.models import Asset, AssetChange, AssetKind, AssetStatus, Channel, Role, School, User
from tests.core.inventory.builders import FAILS_2024_PUPIL_RULE, MEETS_2024_PUPIL_RULE
from tests.factories import make_school, make_user
from tests.forms.browsing import Visit, csrf_token_of

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture(autouse=True)
async def reference_data(database: str) -> None:
    await install_requirement_profiles()


@pytest.fixture
async def laptop(school: School, now: ManualClock) -> Asset:
    return await create_asset(
        school=school,
        actor=None,
        channel=Channel.WEB,
        kind=AssetKind.LAPTOP,
        inventory_number="SP1/L/7",
        room="12",
        make="Dell",
        model="Latitude 3540",
        **{key: value for key, value in FAILS_2024_PUPIL_RULE.items()},
    )


def form_of(asset: Asset, **changes: str) -> dict[str, str]:
    """The edit form as the page fills it for `asset`, with `changes` typed over it."""
    values = {
        "kind": asset.kind.value,
        "inventory_number": asset.inventory_number,
        "room": asset.room,
        "status": asset.status.value,
        "purpose": asset.purpose.value,
        "make": asset.make,
        "model": asset.model,
        "has_internet": "yes" if asset.has_internet else "no",
    }
    return values | changes


async def post_form(client: httpx.AsyncClient, path: str, data: dict[str, str]) -> httpx.Response:
    page = await client.get(path)
    return await client.post(path, data=data | {"csrf_token": csrf_token_of(page.text)})


async def test_the_table_lists_the_schools_assets_with_verdicts_and_the_summary(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    await create_asset(
        school=school,
        actor=None,
        channel=Channel.WEB,
        kind=AssetKind.DESKTOP,
        inventory_number="SP1/D/1",
        **MEETS_2024_PUPIL_RULE,
    )
    other = await make_school()
    await create_asset(
        school=other, actor=None, channel=Channel.WEB, kind="desktop", inventory_number="X/1"
    )
    client = await visit(director)

    page = (await client.get("/sprzet")).text

    assert "SP1/L/7" in page
    assert "SP1/D/1" in page
    assert "X/1" not in page
    assert "nie spełnia wymagań" in page
    assert "spełnia wymagania" in page
    assert "RAM 8 GB" in page  # why the laptop fails
    assert 'id="summary-heading"' in page


async def test_filters_narrow_the_table_to_a_room_kind_and_status(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    await create_asset(
        school=school, actor=None, channel=Channel.WEB, kind="projector", inventory_number="P/1"
    )
    client = await visit(director)

    by_room = (await client.get("/sprzet", params={"sala": "12"})).text
    by_kind = (await client.get("/sprzet", params={"rodzaj": "projector"})).text
    by_status = (await client.get("/sprzet", params={"stan": "spare"})).text

    assert "SP1/L/7" in by_room
    assert "P/1" not in by_room
    assert "P/1" in by_kind
    assert "SP1/L/7" not in by_kind
    assert "P/1" not in by_status
    assert "SP1/L/7" not in by_status


async def test_an_unknown_filter_is_announced_and_ignored(
    visit: Visit, director: User, laptop: Asset
) -> None:
    client = await visit(director)

    page = (await client.get("/sprzet", params={"rodzaj": "toaster"})).text

    assert 'role="alert"' in page
    assert "toaster" in page
    assert "SP1/L/7" in page


async def test_staff_choose_a_school_first(
    visit: Visit, specialist: User, school: School, laptop: Asset
) -> None:
    client = await visit(specialist)

    chooser = (await client.get("/sprzet")).text
    table = (await client.get("/sprzet", params={"szkola": school.code})).text

    assert f"/sprzet?szkola={school.code}" in chooser
    assert "SP1/L/7" not in chooser
    assert "SP1/L/7" in table


async def test_adding_an_asset_stores_it_with_its_first_history_row(
    visit: Visit, director: User, school: School
) -> None:
    client = await visit(director)
    data = {
        "szkola": school.code,
        "kind": "laptop",
        "inventory_number": "NEW/1",
        "status": "in_use",
        "purpose": "teacher",
        "ram_gb": "16",
        "bluetooth_version": "5,1",
        "has_camera": "yes",
        "has_internet": "yes",
    }

    response = await post_form(client, f"/sprzet/nowy?szkola={school.code}", data)

    asset = await Asset.get(inventory_number="NEW/1")
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/sprzet/{asset.public_id}")
    assert (asset.school_id, asset.ram_gb, str(asset.bluetooth_version)) == (school.id, 16, "5.1")
    assert asset.has_camera is True
    assert asset.has_microphone is None
    assert await AssetChange.filter(asset=asset).count() == 1


async def test_a_refused_new_asset_keeps_the_fields_marks_every_error_and_writes_nothing(
    visit: Visit, director: User, school: School
) -> None:
    client = await visit(director)
    data = {
        "szkola": school.code,
        "kind": "laptop",
        "inventory_number": "  ",
        "room": "Pracownia 2",
        "ram_gb": "dużo",
        "year": "1850",
        "status": "in_use",
        "purpose": "pupil",
        "has_internet": "yes",
    }

    response = await post_form(client, f"/sprzet/nowy?szkola={school.code}", data)

    assert response.status_code == 422
    page = response.text
    assert 'role="alert"' in page
    for field in ("inventory_number", "ram_gb", "year"):
        assert f'aria-describedby="{field}-error"' in page
    assert 'value="Pracownia 2"' in page
    assert 'value="dużo"' in page
    assert await Asset.all().count() == 0


async def test_an_inventory_number_the_school_uses_is_refused(
    visit: Visit, director: User, school: School, laptop: Asset
) -> None:
    client = await visit(director)
    data = form_of(laptop, inventory_number="SP1/L/7") | {"szkola": school.code}

    response = await post_form(client, f"/sprzet/nowy?szkola={school.code}", data)

    assert response.status_code == 422
    assert "SP1/L/7" in response.text
    assert 'id="inventory_number-error"' in response.text
    assert await Asset.all().count() == 1


async def test_an_edit_is_saved_and_shown_in_the_history(
    visit: Visit, director: User, laptop: Asset, now: ManualClock
) -> None:
    client = await visit(director)

    response = await post_form(
        client, f"/sprzet/{laptop.public_id}", form_of(laptop, room="Sala 14", ram_gb="16")
    )

    stored = await Asset.get(id=laptop.id)
    assert response.status_code == 303
    assert (stored.room, stored.ram_gb) == ("Sala 14", 16)
    page = (await client.get(response.headers["location"])).text
    assert "Sala 14" in page
    assert "12 → Sala 14" in page
    assert director.full_name in page


async def test_a_refused_edit_changes_nothing(visit: Visit, director: User, laptop: Asset) -> None:
    client = await visit(director)

    response = await post_form(
        client,
        f"/sprzet/{laptop.public_id}",
        form_of(laptop, room="Sala 14", wifi_generation="12", bluetooth_version="5.15"),
    )

    assert response.status_code == 422
    assert 'id="wifi_generation-error"' in response.text
    assert 'id="bluetooth_version-error"' in response.text
    assert 'value="Sala 14"' in response.text
    stored = await Asset.get(id=laptop.id)
    assert stored.room == "12"
    assert await AssetChange.filter(asset=laptop).count() == 1


async def test_decommissioning_needs_the_confirmation(
    visit: Visit, director: User, laptop: Asset
) -> None:
    client = await visit(director)
    path = f"/sprzet/{laptop.public_id}"
    token = csrf_token_of((await client.get(path)).text)

    unconfirmed = await client.post(f"{path}/wycofaj", data={"csrf_token": token})
    confirmed = await client.post(f"{path}/wycofaj", data={"csrf_token": token, "potwierdzam": "1"})
    again = await client.post(f"{path}/wycofaj", data={"csrf_token": token, "potwierdzam": "1"})

    assert unconfirmed.status_code == 422
    assert 'role="alert"' in unconfirmed.text
    assert confirmed.status_code == 303
    assert (await Asset.get(id=laptop.id)).status == AssetStatus.DECOMMISSIONED
    assert again.status_code == 409
    assert await AssetChange.filter(asset=laptop).count() == 2


@pytest.mark.parametrize("path", ["/sprzet", "/sprzet/nowy", "/sprzet/etykiety"])
async def test_teachers_may_not_open_the_equipment_pages(
    visit: Visit, teacher: User, path: str
) -> None:
    client = await visit(teacher)

    assert (await client.get(path)).status_code == 403


async def test_a_teacher_may_not_open_or_change_an_asset(
    visit: Visit, teacher: User, director: User, laptop: Asset
) -> None:
    client = await visit(teacher)
    token = csrf_token_of((await client.get("/panel")).text)

    page = await client.get(f"/sprzet/{laptop.public_id}")
    edit = await client.post(
        f"/sprzet/{laptop.public_id}", data=form_of(laptop, room="X") | {"csrf_token": token}
    )

    assert (page.status_code, edit.status_code) == (403, 403)
    assert (await Asset.get(id=laptop.id)).room == "12"


async def test_another_schools_director_gets_not_found(
    visit: Visit, laptop: Asset, school: School
) -> None:
    stranger = await make_user(role=Role.DIRECTOR, school=await make_school())
    client = await visit(stranger)
    token = csrf_token_of((await client.get("/panel")).text)

    page = await client.get(f"/sprzet/{laptop.public_id}")
    edit = await client.post(
        f"/sprzet/{laptop.public_id}", data=form_of(laptop, room="X") | {"csrf_token": token}
    )
    decommission = await client.post(
        f"/sprzet/{laptop.public_id}/wycofaj", data={"csrf_token": token, "potwierdzam": "1"}
    )
    table = await client.get("/sprzet", params={"szkola": school.code})
    labels = await client.get("/sprzet/etykiety", params={"szkola": school.code})

    assert [r.status_code for r in (page, edit, decommission, table, labels)] == [404] * 5
    stored = await Asset.get(id=laptop.id)
    assert (stored.room, stored.status) == ("12", AssetStatus.IN_USE)


@pytest.mark.parametrize("role", [Role.IT, Role.COORDINATOR])
async def test_staff_edit_any_schools_asset(visit: Visit, role: Role, laptop: Asset) -> None:
    client = await visit(await make_user(role=role))

    response = await post_form(client, f"/sprzet/{laptop.public_id}", form_of(laptop, room="7"))

    assert response.status_code == 303
    assert (await Asset.get(id=laptop.id)).room == "7"


async def test_an_unknown_school_code_is_not_found(visit: Visit, coordinator: User) -> None:
    client = await visit(coordinator)

    assert (await client.get("/sprzet", params={"szkola": "nope"})).status_code == 404


async def test_an_unknown_asset_is_not_found(visit: Visit, coordinator: User) -> None:
    client = await visit(coordinator)

    assert (await client.get("/sprzet/no-such-id")).status_code == 404


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.IT, Role.COORDINATOR])
async def test_the_panel_links_to_the_equipment(visit: Visit, school: School, role: Role) -> None:
    client = await visit(await make_user(role=role, school=school))

    assert 'href="/sprzet"' in (await client.get("/panel")).text


async def test_the_panel_of_a_teacher_has_no_equipment_link(visit: Visit, teacher: User) -> None:
    client = await visit(teacher)

    assert 'href="/sprzet"' not in (await client.get("/panel")).text


async def test_staff_add_an_asset_to_the_school_they_chose(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)
    data = {"szkola": school.code, "kind": "printer", "inventory_number": "DR/1"}
    data |= {"status": "in_use", "purpose": "shared", "has_internet": "yes"}

    response = await post_form(client, f"/sprzet/nowy?szkola={school.code}", data)

    assert response.status_code == 303
    assert (await Asset.get(inventory_number="DR/1")).school_id == school.id


async def test_a_new_asset_for_an_unknown_school_is_not_found_and_not_stored(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)
    data = {"szkola": "nope", "kind": "printer", "inventory_number": "DR/1"}

    response = await post_form(client, f"/sprzet/nowy?szkola={school.code}", data)

    assert response.status_code == 404
    assert await Asset.all().count() == 0
