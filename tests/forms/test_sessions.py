"""Being signed in: the session cookie and its flags, how a session ends, the pages' header,
`current_user` and `require_role` for later pages, and the language switch."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import PlainTextResponse

from core.clock import ManualClock
from core.config import get_settings
from core.models import Role, School, User, WebSession
from core.people.users import deactivate_user
from core.people.web_sessions import SESSION_IDLE_TIMEOUT, SESSION_MAX_AGE
from forms.app import create_app
from forms.auth import CsrfProtected, CurrentUser, require_role
from tests.forms.browsing import browser, csrf_token_of, form_token, sign_in

HTTPS_BASE_URL = "https://hdr.example.pl"


def probe_router() -> APIRouter:
    """Pages as later areas will write them: one for some roles, one form for anyone
    signed in."""
    router = APIRouter(dependencies=[CsrfProtected])

    @router.get("/dla-koordynatora")
    async def for_coordinator_and_it(
        user: Annotated[User, Depends(require_role(Role.COORDINATOR, Role.IT))],
    ) -> PlainTextResponse:
        return PlainTextResponse(f"witaj {user.full_name}")

    @router.post("/zapisz")
    async def save(user: CurrentUser) -> PlainTextResponse:
        return PlainTextResponse(f"zapisano dla {user.full_name}")

    return router


def make_app(monkeypatch: pytest.MonkeyPatch, *, base_url: str = "http://testserver") -> FastAPI:
    settings = get_settings()
    monkeypatch.setattr(settings, "base_url", base_url)
    app = create_app(settings, manage_database=False)
    app.include_router(probe_router())
    return app


@pytest.fixture
def app(database: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    return make_app(monkeypatch)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app) as client:
        yield client


def cookie_header(response: httpx.Response, name: str) -> str:
    headers = [value for value in response.headers.get_list("set-cookie") if value.startswith(name)]
    assert len(headers) == 1, response.headers.get_list("set-cookie")
    return headers[0]


def flags(header: str) -> set[str]:
    return {part.strip().lower() for part in header.split(";")[1:]}


async def test_the_session_cookie_is_http_only_and_same_site_lax_and_not_secure_over_http(
    client: httpx.AsyncClient, teacher: User
) -> None:
    signed_in = await sign_in(client, teacher)

    cookie = flags(cookie_header(signed_in, "hdr_session="))
    assert {"httponly", "samesite=lax", "path=/"} <= cookie
    assert f"max-age={int(SESSION_MAX_AGE.total_seconds())}" in cookie
    assert "secure" not in cookie


async def test_the_session_cookie_is_secure_when_served_over_https(
    database: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch, teacher: User
) -> None:
    async with browser(
        make_app(monkeypatch, base_url=HTTPS_BASE_URL), base_url=HTTPS_BASE_URL
    ) as client:
        login_page = await client.get("/logowanie")
        signed_in = await sign_in(client, teacher)
        panel = await client.get("/panel")

    assert {"secure", "httponly", "samesite=lax"} <= flags(cookie_header(signed_in, "hdr_session="))
    assert {"secure", "httponly", "samesite=lax"} <= flags(cookie_header(login_page, "hdr_csrf="))
    assert panel.status_code == 200


async def test_the_form_cookie_of_a_visitor_is_http_only_and_same_site_lax(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/logowanie")

    cookie = flags(cookie_header(page, "hdr_csrf="))
    assert {"httponly", "samesite=lax", "path=/"} <= cookie
    assert "secure" not in cookie


async def test_no_cookie_is_set_where_no_form_is_shown(client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")

    assert "set-cookie" not in health.headers


async def test_the_header_shows_who_is_signed_in_and_a_logout_button(
    client: httpx.AsyncClient, director: User
) -> None:
    await sign_in(client, director)

    page = (await client.get("/")).text

    assert '<html lang="pl">' in page
    assert '<a class="skip" href="#main">Przejdź do treści</a>' in page
    assert f'<a href="/panel">{director.full_name}</a>' in page
    assert "(dyrektor szkoły)" in page
    assert '<form method="post" action="/wyloguj">' in page
    assert csrf_token_of(page.split('action="/wyloguj"')[1])


async def test_pages_of_a_signed_in_user_are_not_kept_in_caches(
    client: httpx.AsyncClient, teacher: User
) -> None:
    anonymous = await client.get("/")
    await sign_in(client, teacher)

    signed_in = await client.get("/")

    assert "cache-control" not in anonymous.headers
    assert signed_in.headers["cache-control"] == "no-store"


async def test_the_home_page_greets_and_names_the_school(
    client: httpx.AsyncClient, director: User
) -> None:
    await sign_in(client, director)
    school = await School.get(id=director.school_id)

    page = (await client.get("/panel")).text

    assert f"Dzień dobry, {director.full_name}" in page
    assert f"Twoja rola: dyrektor szkoły, {school.name}." in page
    assert '<a href="/">' in page


async def test_logging_out_ends_the_session_for_good(
    app: FastAPI, client: httpx.AsyncClient, teacher: User
) -> None:
    await sign_in(client, teacher)
    session_key = client.cookies["hdr_session"]
    token = await form_token(client, "/panel")

    logged_out = await client.post("/wyloguj", data={"csrf_token": token})

    assert (logged_out.status_code, logged_out.headers["location"]) == (
        303,
        "/logowanie?wylogowano=1",
    )
    assert "max-age=0" in flags(cookie_header(logged_out, "hdr_session="))
    assert "Wylogowano." in (await client.get(logged_out.headers["location"])).text
    assert (await WebSession.get(user_id=teacher.id)).ended_at is not None
    async with browser(app) as copy:
        copy.cookies.set("hdr_session", session_key)
        assert (await copy.get("/panel")).status_code == 303


async def test_logging_out_without_the_csrf_token_is_refused(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await sign_in(client, teacher)

    refused = await client.post("/wyloguj", data={"csrf_token": "forged"})

    assert refused.status_code == 403
    assert (await client.get("/panel")).status_code == 200
    assert (await WebSession.get(user_id=teacher.id)).ended_at is None


async def test_a_session_survives_a_working_day_of_pauses(
    client: httpx.AsyncClient, teacher: User, now: ManualClock
) -> None:
    await sign_in(client, teacher)

    for _ in range(3):
        now.advance(SESSION_IDLE_TIMEOUT - dt.timedelta(minutes=1))
        assert (await client.get("/panel")).status_code == 200


async def test_a_session_ends_after_twelve_idle_hours(
    client: httpx.AsyncClient, teacher: User, now: ManualClock
) -> None:
    await sign_in(client, teacher)
    now.advance(SESSION_IDLE_TIMEOUT)

    expired = await client.get("/panel")

    assert (expired.status_code, expired.headers["location"]) == (303, "/logowanie?dalej=/panel")


async def test_a_session_ends_after_seven_days_however_much_it_is_used(
    client: httpx.AsyncClient, teacher: User, now: ManualClock
) -> None:
    await sign_in(client, teacher)
    for _ in range(15):
        now.advance(dt.timedelta(hours=11))
        assert (await client.get("/panel")).status_code == 200

    now.advance(SESSION_MAX_AGE - dt.timedelta(hours=15 * 11))

    assert (await client.get("/panel")).status_code == 303


async def test_a_deactivated_user_is_signed_out_at_once(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await sign_in(client, teacher)

    await deactivate_user(user=teacher)

    assert (await client.get("/panel")).status_code == 303


async def test_a_cookie_of_an_ended_session_is_removed(
    client: httpx.AsyncClient, teacher: User, now: ManualClock
) -> None:
    await sign_in(client, teacher)
    now.advance(SESSION_IDLE_TIMEOUT)

    page = await client.get("/")

    assert page.status_code == 200
    assert "max-age=0" in flags(cookie_header(page, "hdr_session="))
    assert "hdr_session" not in client.cookies


async def test_signing_in_again_ends_the_browsers_earlier_session(
    app: FastAPI, client: httpx.AsyncClient, teacher: User, coordinator: User
) -> None:
    await sign_in(client, teacher)
    earlier_key = client.cookies["hdr_session"]

    await sign_in(client, coordinator)

    assert "koordynator HDR" in (await client.get("/panel")).text
    async with browser(app) as copy:
        copy.cookies.set("hdr_session", earlier_key)
        assert (await copy.get("/panel")).status_code == 303


async def test_a_page_for_some_roles_lets_them_in(
    client: httpx.AsyncClient, coordinator: User
) -> None:
    await sign_in(client, coordinator)

    page = await client.get("/dla-koordynatora")

    assert (page.status_code, page.text) == (200, f"witaj {coordinator.full_name}")


async def test_a_page_for_some_roles_refuses_others_with_403(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await sign_in(client, teacher)

    refused = await client.get("/dla-koordynatora")

    assert refused.status_code == 403
    assert "Brak dostępu" in refused.text
    assert "Twoja rola nie daje dostępu do tej strony." in refused.text


async def test_a_page_for_some_roles_sends_visitors_to_sign_in(
    client: httpx.AsyncClient,
) -> None:
    redirect = await client.get("/dla-koordynatora")

    assert (redirect.status_code, redirect.headers["location"]) == (
        303,
        "/logowanie?dalej=/dla-koordynatora",
    )


async def test_a_form_sent_after_the_session_ended_is_answered_401_and_changes_nothing(
    client: httpx.AsyncClient, teacher: User, now: ManualClock
) -> None:
    await sign_in(client, teacher)
    token = await form_token(client, "/panel")
    now.advance(SESSION_IDLE_TIMEOUT)

    refused = await client.post("/zapisz", data={"csrf_token": token})

    assert refused.status_code == 401
    assert '<a href="/logowanie">Zaloguj się</a>' in refused.text


async def test_a_form_of_a_signed_in_user_needs_the_csrf_token(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await sign_in(client, teacher)

    missing = await client.post("/zapisz", data={})
    accepted = await client.post("/zapisz", data={"csrf_token": await form_token(client, "/panel")})

    assert missing.status_code == 403
    assert (accepted.status_code, accepted.text) == (200, f"zapisano dla {teacher.full_name}")


async def test_the_language_switch_is_kept_on_the_account(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await sign_in(client, teacher)
    token = await form_token(client, "/panel")

    switched = await client.post(
        "/jezyk", data={"locale": "en", "dalej": "/panel", "csrf_token": token}
    )

    assert (switched.status_code, switched.headers["location"]) == (303, "/panel")
    await teacher.refresh_from_db()
    assert teacher.locale == "en"
    panel = (await client.get("/panel")).text
    assert '<html lang="en">' in panel
    assert f"Hello, {teacher.full_name}" in panel
    assert '<button type="submit" name="locale" value="pl" lang="pl">Polski</button>' in panel


async def test_a_visitor_s_language_is_kept_in_a_cookie(client: httpx.AsyncClient) -> None:
    token = await form_token(client, "/")

    switched = await client.post("/jezyk", data={"locale": "en", "dalej": "/", "csrf_token": token})

    assert {"httponly", "samesite=lax"} <= flags(cookie_header(switched, "hdr_lang=en"))
    landing = (await client.get("/")).text
    assert '<html lang="en">' in landing
    assert "Development Action Schedule" in landing
    assert "Sign in with a link by e-mail" in (await client.get("/logowanie")).text


async def test_an_unknown_language_is_refused(client: httpx.AsyncClient, teacher: User) -> None:
    await sign_in(client, teacher)
    token = await form_token(client, "/panel")

    refused = await client.post("/jezyk", data={"locale": "de", "csrf_token": token})

    assert refused.status_code == 400
    assert "Nieznany język" in refused.text
    await teacher.refresh_from_db()
    assert teacher.locale == "pl"


async def test_switching_language_without_the_csrf_token_changes_nothing(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await sign_in(client, teacher)

    refused = await client.post("/jezyk", data={"locale": "en"})

    assert refused.status_code == 403
    await teacher.refresh_from_db()
    assert teacher.locale == "pl"
