"""Steps the browser journeys share: following a click to its page, and signing in the way
people do (the login form, the e-mailed link, the button)."""

from __future__ import annotations

from collections.abc import Awaitable

from playwright.async_api import Page, Response

from core.models import User
from tests.forms.browsing import latest_login_token


async def navigating(page: Page, action: Awaitable[None]) -> Response:
    """Does `action` (a pending click) and returns the page it leads to."""
    async with page.expect_navigation() as navigation:
        await action
    response = await navigation.value
    assert response is not None
    return response


async def sign_in(page: Page, base_url: str, user: User, next_path: str = "") -> None:
    """Signs `user` in through the login form and the e-mailed link; lands on `next_path`
    (the panel when empty)."""
    await page.goto(f"{base_url}/logowanie?dalej={next_path}")
    await page.get_by_label("Adres e-mail").fill(str(user.email))
    await navigating(page, page.get_by_role("button", name="Wyślij mi link do logowania").click())
    await page.goto(f"{base_url}/logowanie/{await latest_login_token(user)}")
    await navigating(page, page.get_by_role("button", name="Zaloguj się").click())
