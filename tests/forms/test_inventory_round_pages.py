"""The inventory rounds page: the coordinator opens, follows and closes rounds; a director
submits the school's sheet; the IT specialist only looks; teachers may not open it."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from core.clock import ManualClock
from core.inventory.rounds import close_inventory_round, open_inventory_round, submit_inventory
from core.models import (
    Channel,
    InventoryRound,
    InventoryRoundStatus,
    InventorySubmission,
    Obligation,
    ObligationStatus,
    Role,
    School,
    User,
)
from tests.factories import make_school, make_user
from tests.forms.browsing import Visit, csrf_token_of

pytestmark = pytest.mark.usefixtures("data_dir")

ROUNDS = "/sprzet/inwentaryzacja"
DEADLINE = dt.date(2026, 11, 30)


@pytest.fixture
async def autumn(school: School, now: ManualClock) -> InventoryRound:
    return await open_inventory_round(name="Jesień 2026", deadline=DEADLINE, opened_by=None)


async def post(
    client: httpx.AsyncClient, path: str, data: dict[str, str] | None = None
) -> httpx.Response:
    page = await client.get(ROUNDS)
    return await client.post(path, data=(data or {}) | {"csrf_token": csrf_token_of(page.text)})


async def test_the_coordinator_opens_a_round_for_every_active_school(
    visit: Visit, coordinator: User, school: School
) -> None:
    client = await visit(coordinator)

    response = await post(
        client, ROUNDS + "/nowa", {"name": "Jesień 2026", "deadline": "2026-11-30"}
    )

    assert response.status_code == 303
    inventory_round = await InventoryRound.get(name="Jesień 2026")
    assert (inventory_round.deadline, inventory_round.opened_by_id) == (  # type: ignore[attr-defined]
        DEADLINE,
        coordinator.id,
    )
    assert await Obligation.filter(inventory_round=inventory_round, school=school).exists()
    page = await client.get(response.headers["location"])
    assert "Runda inwentaryzacji jest otwarta" in page.text


@pytest.mark.parametrize(
    ("name", "deadline", "message"),
    [
        ("", "2026-11-30", "Runda inwentaryzacji musi mieć nazwę"),
        ("Jesień", "2026-11-16", "Termin 2026-11-16 już minął."),
        ("Jesień", "30 listopada", "Podaj termin jako datę, np. 2026-11-30."),
        ("J" * 201, "2026-11-30", "Dozwolone najwyżej 200 znaków, podano 201"),
    ],
    ids=["no-name", "past", "not-a-date", "too-long"],
)
async def test_a_refused_round_keeps_what_was_typed_and_opens_nothing(
    visit: Visit, coordinator: User, school: School, name: str, deadline: str, message: str
) -> None:
    client = await visit(coordinator)

    response = await post(client, ROUNDS + "/nowa", {"name": name, "deadline": deadline})

    assert response.status_code == 422
    assert message in response.text
    assert 'role="alert"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert f'value="{deadline}"' in response.text
    assert not await InventoryRound.exists()


async def test_the_coordinator_sees_who_submitted_and_who_is_late(
    visit: Visit, coordinator: User, school: School, director: User, now: ManualClock
) -> None:
    late = await make_school(name="Szkoła Spóźniona")
    inventory_round = await open_inventory_round(
        name="Jesień 2026", deadline=DEADLINE, opened_by=None
    )
    await submit_inventory(
        inventory_round=inventory_round, school=school, submitted_by=director, channel=Channel.WEB
    )
    now.set(now.now() + dt.timedelta(days=20))
    client = await visit(coordinator)

    page = (await client.get(ROUNDS)).text

    assert "złożone: 1 z 2" in page
    assert director.full_name in page
    assert "17.11.2026 10:00" in page
    row = page[page.index(late.name) :]
    assert "jeszcze nie — po terminie" in row[: row.index("</tr>")]


async def test_closing_needs_the_confirmation(
    visit: Visit, coordinator: User, autumn: InventoryRound
) -> None:
    client = await visit(coordinator)

    refused = await post(client, f"{ROUNDS}/{autumn.id}/zamknij")
    closed = await post(client, f"{ROUNDS}/{autumn.id}/zamknij", {"potwierdzam": "1"})

    assert refused.status_code == 422
    assert "Zaznacz pole" in refused.text
    assert closed.status_code == 303
    stored = await InventoryRound.get(id=autumn.id)
    assert stored.status is InventoryRoundStatus.CLOSED
    statuses = await Obligation.filter(inventory_round=autumn).values_list("status", flat=True)
    assert set(statuses) == {ObligationStatus.CANCELLED}


async def test_a_closed_round_cannot_be_closed_again(
    visit: Visit, coordinator: User, autumn: InventoryRound, now: ManualClock
) -> None:
    await close_inventory_round(autumn, closed_by=None)
    closed_at = (await InventoryRound.get(id=autumn.id)).closed_at
    now.set(now.now() + dt.timedelta(hours=1))
    client = await visit(coordinator)

    response = await post(client, f"{ROUNDS}/{autumn.id}/zamknij", {"potwierdzam": "1"})

    assert response.status_code == 409
    assert "jest zamknięta" in response.text
    assert (await InventoryRound.get(id=autumn.id)).closed_at == closed_at


async def test_an_unknown_round_is_not_found(visit: Visit, coordinator: User) -> None:
    client = await visit(coordinator)

    response = await post(client, f"{ROUNDS}/999/zamknij", {"potwierdzam": "1"})

    assert response.status_code == 404


async def test_a_director_sees_the_open_round_and_submits(
    visit: Visit, director: User, school: School, autumn: InventoryRound
) -> None:
    client = await visit(director)

    page = (await client.get(ROUNDS)).text
    response = await post(client, f"{ROUNDS}/{autumn.id}/zloz")

    assert "Jesień 2026" in page
    assert "30.11.2026" in page
    assert f'href="/sprzet/arkusz.xlsx?szkola={school.code}"' in page
    assert f'href="/sprzet/arkusz?szkola={school.code}"' in page
    assert response.status_code == 303
    submission = await InventorySubmission.get(round=autumn, school=school)
    assert (submission.submitted_by_id, submission.channel) == (director.id, Channel.WEB)  # type: ignore[attr-defined]
    after = (await client.get(response.headers["location"])).text
    assert "Arkusz szkoły został złożony" in after
    assert "Złóż arkusz szkoły w tej rundzie" not in after


async def test_a_director_sees_only_their_own_school(
    visit: Visit, director: User, school: School, autumn: InventoryRound
) -> None:
    other = await make_school(name="Szkoła Obca")
    client = await visit(director)

    page = (await client.get(ROUNDS)).text

    assert school.name in page
    assert other.name not in page


async def test_a_second_submission_is_refused_with_a_message(
    visit: Visit, director: User, school: School, autumn: InventoryRound
) -> None:
    client = await visit(director)
    await post(client, f"{ROUNDS}/{autumn.id}/zloz")

    again = await post(client, f"{ROUNDS}/{autumn.id}/zloz")

    assert again.status_code == 409
    assert f"{school.name} już złożyła arkusz w tej rundzie." in again.text
    assert await InventorySubmission.filter(round=autumn).count() == 1


async def test_submitting_to_a_closed_round_is_refused(
    visit: Visit, director: User, autumn: InventoryRound
) -> None:
    await close_inventory_round(autumn, closed_by=None)
    client = await visit(director)

    response = await post(client, f"{ROUNDS}/{autumn.id}/zloz")

    assert response.status_code == 409
    assert "jest zamknięta" in response.text
    assert not await InventorySubmission.exists()


async def test_the_it_specialist_sees_the_rounds_without_forms(
    visit: Visit, specialist: User, autumn: InventoryRound
) -> None:
    client = await visit(specialist)

    page = (await client.get(ROUNDS)).text

    assert "Jesień 2026" in page
    assert "/zamknij" not in page
    assert "/zloz" not in page
    assert ROUNDS + "/nowa" not in page


async def test_teachers_may_not_open_the_rounds_page(visit: Visit, teacher: User) -> None:
    client = await visit(teacher)

    assert (await client.get(ROUNDS)).status_code == 403


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR, Role.IT])
async def test_only_the_coordinator_opens_and_closes_rounds(
    visit: Visit, school: School, autumn: InventoryRound, role: Role
) -> None:
    client = await visit(await make_user(role=role, school=school if role != Role.IT else None))
    token = csrf_token_of((await client.get("/panel")).text)

    opened = await client.post(
        ROUNDS + "/nowa", data={"name": "X", "deadline": "2026-12-01", "csrf_token": token}
    )
    closed = await client.post(
        f"{ROUNDS}/{autumn.id}/zamknij", data={"potwierdzam": "1", "csrf_token": token}
    )

    assert (opened.status_code, closed.status_code) == (403, 403)
    assert await InventoryRound.all().count() == 1
    assert (await InventoryRound.get(id=autumn.id)).status is InventoryRoundStatus.OPEN


@pytest.mark.parametrize("role", [Role.TEACHER, Role.IT, Role.COORDINATOR])
async def test_only_a_director_submits_on_this_page(
    visit: Visit, school: School, autumn: InventoryRound, role: Role
) -> None:
    client = await visit(
        await make_user(role=role, school=school if role == Role.TEACHER else None)
    )
    token = csrf_token_of((await client.get("/panel")).text)

    response = await client.post(f"{ROUNDS}/{autumn.id}/zloz", data={"csrf_token": token})

    assert response.status_code == 403
    assert not await InventorySubmission.exists()
