"""The landing page and the health check, through the real ASGI application."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest
from tortoise import Tortoise

from core.config import load_settings
from core.db import tortoise_config
from core.models import HdrAction
from forms.app import create_app
from tests.factories import make_school


@pytest.fixture
async def client(database: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(load_settings(env_file=None), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_health_check_reports_a_reachable_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_health_check_reports_an_unreachable_database() -> None:
    await Tortoise.init(config=tortoise_config("postgres://nobody@127.0.0.1:9/nothing"))
    app = create_app(load_settings(env_file=None), manage_database=False)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            response = await client.get("/healthz")
    finally:
        await Tortoise.close_connections()

    assert (response.status_code, response.json()) == (503, {"status": "database unavailable"})


async def test_landing_page_lists_schools_and_marks_demo_names(
    client: httpx.AsyncClient, now
) -> None:
    await make_school(name="Zespół Szkolno-Przedszkolny w Skrobowie")
    await make_school(name="Szkoła Podstawowa nr 1", name_is_demo=True)

    page = (await client.get("/")).text

    assert "Zespół Szkolno-Przedszkolny w Skrobowie" in page
    assert 'Szkoła Podstawowa nr 1 <span class="badge"' in page


async def test_landing_page_lists_hdr_actions_with_their_period(
    client: httpx.AsyncClient, now
) -> None:
    await HdrAction.create(
        number=29,
        title="Wdrożenie wspólnej obsługi informatycznej",
        period_text="styczeń 2026",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 1, 31),
        updated_at=now.now(),
    )

    page = (await client.get("/")).text

    assert "Wdrożenie wspólnej obsługi informatycznej" in page
    assert "01.01.2026" in page
    assert "31.01.2026" in page


async def test_text_from_the_data_is_escaped(client: httpx.AsyncClient) -> None:
    await make_school(name="<script>alert(1)</script>")

    page = (await client.get("/")).text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_empty_installation_says_how_to_load_data(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text

    assert "hdr-desk seed --demo" in page
