"""Signing in through the web pages: the login form, the e-mailed link and its page, the
refused links, the rate limit, CSRF, and the demo accounts of `make run`."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bot.email.files import MailFolderSender
from core.clock import ManualClock
from core.config import get_settings
from core.models import (
    Channel,
    LoginRequest,
    LoginToken,
    OutboxMessage,
    Role,
    School,
    User,
    WebSession,
)
from core.outbox.delivery import deliver_one
from core.people.login_links import LINK_VALIDITY, LINKS_PER_ADDRESS
from core.people.users import deactivate_user
from forms.app import create_app
from tests.factories import make_user
from tests.forms.browsing import (
    ask_for_link,
    browser,
    csrf_token_of,
    form_token,
    latest_login_token,
    sign_in,
    use_link,
)


def make_app(monkeypatch: pytest.MonkeyPatch, *, demo_login: bool = False) -> FastAPI:
    settings = get_settings()
    monkeypatch.setattr(settings, "demo_login", demo_login)
    return create_app(settings, manage_database=False)


@pytest.fixture
def app(database: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    return make_app(monkeypatch)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app) as client:
        yield client


async def test_the_login_page_asks_for_an_e_mail_address(client: httpx.AsyncClient) -> None:
    page = await client.get("/logowanie")

    assert page.status_code == 200
    assert '<label for="email">Adres e-mail</label>' in page.text
    assert 'type="email" id="email" name="email"' in page.text
    assert "Konta demonstracyjne" not in page.text


async def test_a_link_by_e_mail_signs_the_person_in(
    client: httpx.AsyncClient, teacher: User
) -> None:
    sent = await ask_for_link(client, str(teacher.email))
    assert sent.status_code == 200
    assert "Sprawdź pocztę" in sent.text

    token = await latest_login_token(teacher)
    confirm = await client.get(f"/logowanie/{token}")
    assert f"zalogować się jako {teacher.full_name}" in confirm.text

    signed_in = await client.post(
        f"/logowanie/{token}", data={"csrf_token": csrf_token_of(confirm.text)}
    )
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/panel")

    panel = await client.get("/panel")
    assert panel.status_code == 200
    assert f"Dzień dobry, {teacher.full_name}" in panel.text
    assert "Twoja rola: nauczyciel" in panel.text


async def test_the_mail_goes_through_the_outbox_to_the_users_address(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await ask_for_link(client, str(teacher.email))

    message = await OutboxMessage.get(recipient_id=teacher.id)
    assert message.address == teacher.email
    assert f"{get_settings().base_url}/logowanie/" in message.body_text


async def test_without_smtp_the_link_is_in_the_log_of_the_mail_folder(
    client: httpx.AsyncClient, teacher: User, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    await ask_for_link(client, str(teacher.email))
    caplog.set_level(logging.INFO, logger="bot.email.files")

    await deliver_one({Channel.EMAIL: MailFolderSender(get_settings())}, worker="test")

    logged = caplog.text
    assert "Twój link do logowania w hdr-desk" in logged
    link = re.search(re.escape(get_settings().base_url) + r"/logowanie/\S+", logged)
    assert link is not None
    assert len(list((data_dir / "mail").glob("*.eml"))) == 1
    signed_in = await use_link(client, link.group(0).rsplit("/", 1)[1])
    assert signed_in.headers["location"] == "/panel"


async def test_opening_the_link_does_not_sign_in_or_use_it(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await ask_for_link(client, str(teacher.email))
    token = await latest_login_token(teacher)

    await client.get(f"/logowanie/{token}")
    await client.get(f"/logowanie/{token}")

    assert (await client.get("/panel")).status_code == 303
    assert (await LoginToken.get(user_id=teacher.id)).used_at is None
    assert await WebSession.all().count() == 0


async def test_the_page_of_a_link_is_kept_from_caches_and_referrers(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await ask_for_link(client, str(teacher.email))

    page = await client.get(f"/logowanie/{await latest_login_token(teacher)}")

    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"


async def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client: httpx.AsyncClient, teacher: User
) -> None:
    known = await ask_for_link(client, str(teacher.email))
    unknown = await ask_for_link(client, "nikt@szkola.example.pl")

    assert unknown.status_code == known.status_code == 200
    assert unknown.text.replace("nikt@szkola.example.pl", "ADDRESS") == known.text.replace(
        str(teacher.email), "ADDRESS"
    )
    assert await OutboxMessage.all().count() == 1


async def test_an_inactive_account_gets_the_same_answer_and_no_mail(
    client: httpx.AsyncClient, teacher: User, school: School
) -> None:
    active = await make_user(role=Role.TEACHER, school=school)
    await deactivate_user(user=teacher)

    inactive_page = await ask_for_link(client, str(teacher.email))
    active_page = await ask_for_link(client, str(active.email))

    assert inactive_page.text.replace(str(teacher.email), "ADDRESS") == active_page.text.replace(
        str(active.email), "ADDRESS"
    )
    assert await OutboxMessage.filter(recipient_id=teacher.id).count() == 0


async def test_a_malformed_address_shows_the_form_again_with_the_error(
    client: httpx.AsyncClient,
) -> None:
    page = await ask_for_link(client, "jan.kowalski<script>")

    assert page.status_code == 400
    assert 'aria-invalid="true" aria-describedby="email-error"' in page.text
    assert "niepoprawny adres e-mail" in page.text
    assert 'value="jan.kowalski&lt;script&gt;"' in page.text
    assert await LoginRequest.all().count() == 0


async def test_a_blank_address_is_asked_for(client: httpx.AsyncClient) -> None:
    page = await ask_for_link(client, "  ")

    assert page.status_code == 400
    assert "Wpisz swój adres e-mail." in page.text


async def test_too_many_requests_for_one_address_are_refused_with_429(
    client: httpx.AsyncClient, teacher: User
) -> None:
    for _ in range(LINKS_PER_ADDRESS):
        await ask_for_link(client, str(teacher.email))

    refused = await ask_for_link(client, str(teacher.email))

    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "3600"
    assert "Spróbuj ponownie za 60 min." in refused.text
    assert await OutboxMessage.filter(recipient_id=teacher.id).count() == LINKS_PER_ADDRESS


async def test_a_used_link_is_refused(
    app: FastAPI, client: httpx.AsyncClient, teacher: User
) -> None:
    await sign_in(client, teacher)
    token = await latest_login_token(teacher)

    async with browser(app) as other:
        page = await other.get(f"/logowanie/{token}")
        again = await other.post(
            f"/logowanie/{token}", data={"csrf_token": csrf_token_of(page.text)}
        )

        assert page.status_code == again.status_code == 400
        assert "został już użyty" in again.text
        assert "hdr_session" not in again.headers.get("set-cookie", "")
        assert (await other.get("/panel")).status_code == 303
    assert await WebSession.all().count() == 1


async def test_an_expired_link_is_refused(
    client: httpx.AsyncClient, teacher: User, now: ManualClock
) -> None:
    await ask_for_link(client, str(teacher.email))
    token = await latest_login_token(teacher)
    page = await client.get(f"/logowanie/{token}")
    now.advance(LINK_VALIDITY + dt.timedelta(seconds=1))

    refused = await client.post(
        f"/logowanie/{token}", data={"csrf_token": csrf_token_of(page.text)}
    )

    assert refused.status_code == 400
    assert "Ten link do logowania wygasł." in refused.text
    assert 'name="email"' in refused.text  # and the form to ask for a new one
    assert await WebSession.all().count() == 0


async def test_a_changed_link_is_refused(client: httpx.AsyncClient, teacher: User) -> None:
    await ask_for_link(client, str(teacher.email))
    token = await latest_login_token(teacher)
    changed = token[:10] + ("x" if token[10] != "x" else "y") + token[11:]

    page = await client.get(f"/logowanie/{changed}")
    refused = await client.post(
        f"/logowanie/{changed}", data={"csrf_token": csrf_token_of(page.text)}
    )

    assert page.status_code == refused.status_code == 400
    assert "Ten link do logowania jest nieprawidłowy" in refused.text
    assert (await LoginToken.get(user_id=teacher.id)).used_at is None


async def test_asking_for_a_link_without_the_csrf_token_is_refused(
    client: httpx.AsyncClient, teacher: User
) -> None:
    refused = await client.post("/logowanie", data={"email": str(teacher.email)})

    assert refused.status_code == 403
    assert "Nie można przyjąć formularza" in refused.text
    assert await LoginRequest.all().count() == 0
    assert await OutboxMessage.all().count() == 0


async def test_using_a_link_with_a_wrong_csrf_token_is_refused(
    client: httpx.AsyncClient, teacher: User
) -> None:
    await ask_for_link(client, str(teacher.email))
    token = await latest_login_token(teacher)
    await client.get(f"/logowanie/{token}")

    refused = await client.post(f"/logowanie/{token}", data={"csrf_token": "0" * 64})

    assert refused.status_code == 403
    assert (await LoginToken.get(user_id=teacher.id)).used_at is None
    assert await WebSession.all().count() == 0


async def test_a_csrf_token_from_another_browser_is_refused(
    app: FastAPI, client: httpx.AsyncClient, teacher: User
) -> None:
    others_token = await form_token(client)

    async with browser(app) as attacker:
        await attacker.get("/logowanie")
        refused = await attacker.post(
            "/logowanie", data={"email": str(teacher.email), "csrf_token": others_token}
        )

    assert refused.status_code == 403
    assert await OutboxMessage.all().count() == 0


async def test_a_page_needing_sign_in_sends_to_the_login_page_and_back(
    client: httpx.AsyncClient, teacher: User
) -> None:
    redirect = await client.get("/panel")
    assert (redirect.status_code, redirect.headers["location"]) == (303, "/logowanie?dalej=/panel")

    login = await client.get(redirect.headers["location"])
    assert 'name="dalej" value="/panel"' in login.text
    await ask_for_link(client, str(teacher.email), next_path="/?widok=szkoly")
    signed_in = await use_link(client, await latest_login_token(teacher))

    assert signed_in.headers["location"] == "/?widok=szkoly"


@pytest.mark.parametrize(
    "next_path",
    ["https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com", "panel"],
)
async def test_a_link_never_leads_to_another_site(
    client: httpx.AsyncClient, teacher: User, next_path: str
) -> None:
    await ask_for_link(client, str(teacher.email), next_path=next_path)

    signed_in = await use_link(client, await latest_login_token(teacher))

    assert signed_in.headers["location"] == "/panel"


async def test_the_demo_accounts_are_offered_only_with_demo_login(
    database: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch, school: School
) -> None:
    demo = await make_user(
        role=Role.DIRECTOR, school=school, full_name="Dyrektor (demo)", is_demo=True
    )
    real = await make_user(role=Role.TEACHER, school=school, full_name="Prawdziwa Osoba")

    async with browser(make_app(monkeypatch, demo_login=True)) as client:
        page = (await client.get("/logowanie")).text

    assert "Konta demonstracyjne" in page
    assert f'name="user_id" value="{demo.id}"' in page
    assert "Zaloguj jako Dyrektor (demo)" in page
    assert '<span class="badge">demo</span>' in page
    assert f'value="{real.id}"' not in page
    assert "Prawdziwa Osoba" not in page


async def test_a_demo_account_signs_in_with_one_click(
    database: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = await make_user(role=Role.COORDINATOR, full_name="Koordynatorka (demo)", is_demo=True)

    async with browser(make_app(monkeypatch, demo_login=True)) as client:
        token = await form_token(client)
        signed_in = await client.post(
            "/logowanie-demo", data={"user_id": str(demo.id), "csrf_token": token}
        )
        panel = await client.get("/panel")

    assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/panel")
    assert "Twoja rola: koordynator HDR" in panel.text
    assert '<span class="badge" title="Konto z danych demonstracyjnych">demo</span>' in panel.text


@pytest.mark.parametrize("user_id", ["real", "404", "abc", "99999999999999999999", ""])
async def test_demo_login_opens_no_other_account(
    database: str,
    now: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
    coordinator: User,
    user_id: str,
) -> None:
    chosen = str(coordinator.id) if user_id == "real" else user_id

    async with browser(make_app(monkeypatch, demo_login=True)) as client:
        token = await form_token(client)
        refused = await client.post(
            "/logowanie-demo", data={"user_id": chosen, "csrf_token": token}
        )

    assert refused.status_code == 404
    assert "Nie ma takiego konta demonstracyjnego." in refused.text
    assert await WebSession.all().count() == 0


async def test_demo_login_needs_the_csrf_token(
    database: str, now: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = await make_user(role=Role.COORDINATOR, is_demo=True)

    async with browser(make_app(monkeypatch, demo_login=True)) as client:
        await client.get("/logowanie")
        refused = await client.post("/logowanie-demo", data={"user_id": str(demo.id)})

    assert refused.status_code == 403
    assert await WebSession.all().count() == 0


async def test_without_demo_login_there_is_no_demo_sign_in(
    client: httpx.AsyncClient, coordinator: User
) -> None:
    await coordinator.update_from_dict({"is_demo": True}).save()
    page = await client.get("/logowanie")
    token = csrf_token_of(page.text)

    refused = await client.post(
        "/logowanie-demo", data={"user_id": str(coordinator.id), "csrf_token": token}
    )

    assert "Konta demonstracyjne" not in page.text
    assert refused.status_code == 404
    assert await WebSession.all().count() == 0


async def test_the_login_mail_and_pages_escape_what_people_type(
    client: httpx.AsyncClient, school: School
) -> None:
    user = await make_user(role=Role.TEACHER, school=school, full_name="<b>Ala</b>")
    await ask_for_link(client, str(user.email))

    confirm = await client.get(f"/logowanie/{await latest_login_token(user)}")

    assert "<b>Ala</b>" not in confirm.text
    assert "&lt;b&gt;Ala&lt;/b&gt;" in confirm.text
