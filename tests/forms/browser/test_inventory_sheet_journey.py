"""A director keeps the school's equipment in a spreadsheet, in a real browser: downloads the
prefilled sheet from the equipment page, uploads it with an error (every problem is listed,
nothing saved), then a good one, checks the preview and applies it, and submits the sheet
for the open inventory round. Every page is checked with axe-core; the problems, the
preview and the round are photographed for the user guide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.inventory.assets import create_asset
from core.inventory.rounds import open_inventory_round
from core.models import Asset, AssetChange, AssetKind, Channel, InventorySubmission, Role, User
from tests.core.inventory.sheets import edited, with_rows
from tests.factories import make_school, make_user
from tests.forms.browser.steps import navigating, sign_in

if TYPE_CHECKING:
    from playwright.async_api import Page, ViewportSize

from tests.forms.browser.conftest import AccessibilityCheck

pytestmark = pytest.mark.usefixtures("data_dir")

SCREEN: ViewportSize = {"width": 1200, "height": 900}
FILE_INPUT = "Arkusz (XLSX, najwyżej 5 MB)"


@pytest.fixture
async def director(live_server: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch) -> User:
    """Anna Nowak, director of a Lubartów school with two computers, in an open round."""
    monkeypatch.setattr(get_settings(), "gmina_name", "Gmina Lubartów")
    school = await make_school(
        code="sp1", name="Szkoła Podstawowa nr 1 w Lubartowie", short_name="SP 1 Lubartów"
    )
    for number, kind in [("SP1/K/001", AssetKind.DESKTOP), ("SP1/L/001", AssetKind.LAPTOP)]:
        await create_asset(
            school=school,
            actor=None,
            channel=Channel.WEB,
            kind=kind,
            inventory_number=number,
            room="12",
            make="Dell",
            ram_gb=8,
        )
    await open_inventory_round(
        name="Inwentaryzacja jesień 2026", deadline=dt.date(2026, 11, 30), opened_by=None
    )
    return await make_user(
        role=Role.DIRECTOR,
        school=school,
        full_name="Anna Nowak",
        email="dyrektor@sp1.lubartow.example.pl",
    )


def file_bytes(path: Path) -> bytes:
    return path.read_bytes()


async def upload(page: Page, content: bytes) -> int:
    """Chooses `content` as the sheet, sends it, and returns the answer's status."""
    await page.get_by_label(FILE_INPUT).set_input_files(
        {
            "name": "sprzet-sp1.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": content,
        }
    )
    response = await navigating(page, page.get_by_role("button", name="Sprawdź arkusz").click())
    return response.status


async def test_a_director_uploads_a_sheet_with_an_error_then_a_good_one(
    page: Page,
    live_server: str,
    director: User,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    await page.set_viewport_size(SCREEN)
    await sign_in(page, live_server, director, "/sprzet")

    await navigating(
        page, page.get_by_role("link", name="Edytuj w arkuszu kalkulacyjnym (XLSX)").click()
    )
    assert await accessibility_check(page) == []
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Pobierz arkusz sprzętu (XLSX)").click()
    download = await download_info.value
    assert download.suggested_filename == "sprzet-sp1-2026-11-17.xlsx"
    sheet = file_bytes(await download.path())

    status = await upload(page, edited(sheet, {"SP1/L/001": {"RAM (GB)": "szesnaście"}}))
    assert status == 422
    problems = page.get_by_role("table", name="Każdy problem z numerem wiersza i kolumną w arkuszu")
    assert "szesnaście" in await problems.inner_text()
    assert await page.get_by_role("alert").count() == 1
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "arkusz-bledy.png", full_page=True)
    assert (await Asset.get(inventory_number="SP1/L/001")).ram_gb == 8

    good = with_rows(
        edited(sheet, {"SP1/L/001": {"RAM (GB)": 16, "Sala": "Pokój nauczycielski"}}),
        {"Rodzaj sprzętu": "projektor", "Numer inwentarzowy": "SP1/P/001", "Sala": "aula"},
    )
    assert await upload(page, good) == 200
    assert "RAM (GB): 8 → 16" in await page.locator("main").inner_text()
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "arkusz-podglad.png", full_page=True)

    await navigating(page, page.get_by_role("button", name="Zastosuj te zmiany").click())
    assert (
        "Zapisano: nowy sprzęt – 1, zmieniony – 1." in await page.get_by_role("status").inner_text()
    )
    assert await accessibility_check(page) == []
    laptop = await Asset.get(inventory_number="SP1/L/001")
    assert (laptop.ram_gb, laptop.room) == (16, "Pokój nauczycielski")
    assert await Asset.exists(inventory_number="SP1/P/001", school_id=laptop.school_id)
    change = await AssetChange.filter(asset_id=laptop.id).order_by("-id").first()
    assert change is not None
    assert change.actor_id == director.id  # type: ignore[attr-defined]

    await navigating(
        page, page.get_by_role("button", name="Złóż arkusz szkoły w tej rundzie").click()
    )
    assert "Arkusz szkoły został złożony" in await page.get_by_role("status").inner_text()
    assert await InventorySubmission.filter(school_id=laptop.school_id).count() == 1
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "inwentaryzacja.png", full_page=True)


async def test_the_coordinator_opens_a_round_after_a_refused_try_and_follows_it(
    page: Page,
    live_server: str,
    director: User,
    accessibility_check: AccessibilityCheck,
    screenshot_dir: Path,
) -> None:
    coordinator = await make_user(
        role=Role.COORDINATOR, full_name="Jan Kowalski", email="szas@lubartow.example.pl"
    )
    await page.set_viewport_size(SCREEN)
    await sign_in(page, live_server, coordinator, "/sprzet/inwentaryzacja")

    await page.get_by_label("Nazwa rundy").fill("Inwentaryzacja wiosna 2027")
    await page.get_by_label("Termin dla szkół").fill("2026-11-01")
    refused = await navigating(page, page.get_by_role("button", name="Otwórz rundę").click())
    assert refused.status == 422
    assert await page.get_by_label("Termin dla szkół").get_attribute("aria-invalid") == "true"
    assert await accessibility_check(page) == []

    await page.get_by_label("Termin dla szkół").fill("2027-03-31")
    await navigating(page, page.get_by_role("button", name="Otwórz rundę").click())
    spring = page.get_by_role("article", name="Inwentaryzacja wiosna 2027")
    assert "jeszcze nie" in await spring.inner_text()
    assert await accessibility_check(page) == []
    await page.screenshot(path=screenshot_dir / "inwentaryzacja-koordynator.png", full_page=True)
