"""The administration index: the coordinator's list of what can be set up, closed to others."""

from __future__ import annotations

import pytest

from core.clock import ManualClock
from core.config import get_settings
from core.models import Role, School, User
from forms.app import create_app
from tests.factories import make_user
from tests.forms.browsing import browser, sign_in

pytestmark = pytest.mark.usefixtures("data_dir")


async def test_the_coordinator_sees_every_section_of_the_administration(
    coordinator: User, now: ManualClock
) -> None:
    async with browser(create_app(get_settings(), manage_database=False)) as client:
        await sign_in(client, coordinator)
        page = await client.get("/admin")

    assert page.status_code == 200
    for section in ("uzytkownicy", "szkoly", "kategorie", "wymagania", "terminy", "przypomnienia"):
        assert f'href="/admin/{section}"' in page.text


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR, Role.IT])
async def test_other_roles_may_not_open_the_administration(
    role: Role, school: School, now: ManualClock
) -> None:
    user = await make_user(
        role=role, school=school if role in (Role.TEACHER, Role.DIRECTOR) else None
    )
    async with browser(create_app(get_settings(), manage_database=False)) as client:
        await sign_in(client, user)
        page = await client.get("/admin")

    assert page.status_code == 403


async def test_the_panel_links_the_coordinator_to_the_administration(
    coordinator: User, now: ManualClock
) -> None:
    async with browser(create_app(get_settings(), manage_database=False)) as client:
        await sign_in(client, coordinator)
        panel = await client.get("/panel")

    assert 'href="/admin"' in panel.text
