"""The printable QR label sheets: one label per asset in use, each with its inventory number,
the school's short name and a QR code that a reader decodes back to the asset's Telegram deep
link; the layouts of common A4 stock; a clear notice instead of labels without a bot name."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
import zxingcpp
from fastapi import FastAPI

from core.clock import ManualClock
from core.config import get_settings
from core.inventory.assets import create_asset
from core.inventory.label_sheets import LAYOUTS, qr_svg
from core.models import Asset, AssetStatus, Channel, School, User
from forms.app import create_app
from tests.forms.browsing import browser, sign_in

pytestmark = pytest.mark.usefixtures("data_dir")

BOT = "hdr_desk_gmina_bot"
_SVG = re.compile(r"<svg[^>]*viewBox=\"0 0 (\d+) \d+\".*?</svg>", re.S)
_MODULE = re.compile(r"M(\d+),(\d+)H")


def decoded(svg: str) -> list[str]:
    """What a QR reader finds in `svg`: the SVG's squares drawn black on white, 4 px each."""
    match = _SVG.search(svg)
    assert match is not None, svg[:200]
    size, scale = int(match.group(1)), 4
    width = size * scale
    pixels = bytearray(b"\xff") * (width * width)
    for x, y in _MODULE.findall(match.group(0)):
        for row in range(int(y) * scale, (int(y) + 1) * scale):
            start = row * width + int(x) * scale
            pixels[start : start + scale] = b"\x00" * scale
    image = memoryview(bytes(pixels)).cast("B", (width, width))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


@pytest.fixture
async def client(
    database: str, now: ManualClock, director: User, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setattr(get_settings(), "telegram_bot_username", BOT)
    app: FastAPI = create_app(get_settings(), manage_database=False)
    async with browser(app) as signed_in:
        await sign_in(signed_in, director)
        yield signed_in


async def add(school: School, number: str, **fields: object) -> Asset:
    return await create_asset(
        school=school,
        actor=None,
        channel=Channel.WEB,
        kind="desktop",
        inventory_number=number,
        **fields,
    )


def test_the_qr_code_decodes_to_the_text_it_was_made_of() -> None:
    link = "https://t.me/hdr_desk_gmina_bot?start=a_Xy9-_abcDEF12"

    assert decoded(qr_svg(link)) == [link]


async def test_each_label_carries_the_number_the_school_and_the_assets_deep_link(
    client: httpx.AsyncClient, school: School
) -> None:
    await school.update_from_dict({"short_name": "SP 3 Dolna"}).save()
    asset = await add(school, "SP3/D/15")

    page = (await client.get("/sprzet/etykiety", params={"szkola": school.code})).text

    labels = re.findall(r'<div class="label">.*?</div>\s*</div>', page, re.S)
    assert len(labels) == 1
    assert "SP3/D/15" in labels[0]
    assert "SP 3 Dolna" in labels[0]
    assert decoded(labels[0]) == [f"https://t.me/{BOT}?start=a_{asset.public_id}"]


async def test_a_room_gets_only_its_equipment_and_decommissioned_gets_none(
    client: httpx.AsyncClient, school: School
) -> None:
    await add(school, "A/1", room="12")
    await add(school, "A/2", room="14")
    await add(school, "A/3", room="12", status=AssetStatus.DECOMMISSIONED)

    page = (await client.get("/sprzet/etykiety", params={"szkola": school.code, "sala": "12"})).text

    assert page.count('<div class="label">') == 1
    assert "A/1" in page
    assert "A/2" not in page
    assert "A/3" not in page


@pytest.mark.parametrize(("layout", "per_sheet"), [("3x8", 24), ("2x7", 14)])
async def test_labels_fill_a4_sheets_of_the_chosen_layout(
    client: httpx.AsyncClient, school: School, layout: str, per_sheet: int
) -> None:
    for n in range(per_sheet + 1):
        await add(school, f"N/{n:03}")

    page = (
        await client.get("/sprzet/etykiety", params={"szkola": school.code, "uklad": layout})
    ).text

    sheets = page.split('<section class="sheet"')[1:]
    assert [sheet.count('<div class="label">') for sheet in sheets] == [per_sheet, 1]
    chosen = LAYOUTS[layout]
    assert f"repeat({chosen.columns}, {chosen.width_mm}mm)" in page
    assert "@page { size: A4; margin: 0; }" in page


async def test_an_unknown_layout_is_not_found(client: httpx.AsyncClient, school: School) -> None:
    response = await client.get("/sprzet/etykiety", params={"szkola": school.code, "uklad": "9x9"})

    assert response.status_code == 404


async def test_without_a_bot_name_the_page_says_so_and_prints_no_codes(
    client: httpx.AsyncClient, school: School, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "telegram_bot_username", None)
    await add(school, "A/1")

    page = (await client.get("/sprzet/etykiety", params={"szkola": school.code})).text

    assert "HDR_TELEGRAM_BOT_USERNAME" in page
    assert 'role="alert"' in page
    assert "<svg" not in page
    assert "A/1" not in page
