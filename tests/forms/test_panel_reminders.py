"""On their page a signed-in person chooses how reminders reach them: one message each, or
the day's reminders in one e-mail."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from core.clock import ManualClock
from core.config import get_settings
from core.models import User
from forms.app import create_app
from tests.forms.browsing import browser, form_token, sign_in


@pytest.fixture
async def signed_in(
    database: str, now: ManualClock, director: User
) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(get_settings(), manage_database=False)
    async with browser(app) as client:
        await sign_in(client, director)
        yield client


async def test_a_director_chooses_the_daily_digest(
    signed_in: httpx.AsyncClient, director: User
) -> None:
    token = await form_token(signed_in, "/panel")

    answer = await signed_in.post(
        "/panel/przypomnienia", data={"digest": "daily", "csrf_token": token}
    )
    page = await signed_in.get(answer.headers["location"])

    assert answer.status_code == 303
    assert (await User.get(id=director.id)).reminder_digest is True
    assert 'value="daily" checked' in page.text
    assert 'role="status"' in page.text


async def test_a_director_goes_back_to_single_reminders(
    signed_in: httpx.AsyncClient, director: User
) -> None:
    await User.filter(id=director.id).update(reminder_digest=True)
    token = await form_token(signed_in, "/panel")

    await signed_in.post("/panel/przypomnienia", data={"digest": "single", "csrf_token": token})

    assert (await User.get(id=director.id)).reminder_digest is False


async def test_the_choice_without_the_form_token_is_refused_and_nothing_changes(
    signed_in: httpx.AsyncClient, director: User
) -> None:
    refused = await signed_in.post("/panel/przypomnienia", data={"digest": "daily"})

    assert refused.status_code == 403
    assert (await User.get(id=director.id)).reminder_digest is False


async def test_a_visitor_who_is_not_signed_in_cannot_choose(database: str) -> None:
    app = create_app(get_settings(), manage_database=False)
    async with browser(app) as client:
        token = await form_token(client)
        refused = await client.post(
            "/panel/przypomnienia", data={"digest": "daily", "csrf_token": token}
        )

    assert refused.status_code == 401


async def test_the_page_title_is_only_the_title(signed_in: httpx.AsyncClient) -> None:
    page = await signed_in.get("/panel")

    title = page.text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title
