"""Webhook mode: Telegram posts updates to the web application, which hands them to the bot
only when they carry the secret token."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.telegram.app import build_application
from core.config import Settings
from hdr_desk.serve import web_app, webhook_bot
from tests.telegram.fakebot import FakeBotApi, Json

BASE_URL = "https://desk.example.pl"
SECRET = "webhook-secret-0123456789"
STRANGER_REPLY = "Ten bot obsługuje szkoły gminy."


@pytest.fixture
async def telegram(api: FakeBotApi, database: str) -> AsyncIterator[httpx.AsyncClient]:
    """Telegram's side of the webhook: a client of the web application, whose bot runs in
    webhook mode against the fake Bot API server."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        base_url=BASE_URL,
        telegram_token=api.token,
        telegram_api_url=api.base_url,
        telegram_mode="webhook",
        telegram_webhook_secret=SECRET,
    )
    async with webhook_bot(settings) as bot:
        transport = httpx.ASGITransport(app=web_app(settings, bot))
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            yield client


def _update(message: Json) -> Json:
    return {"update_id": message["message_id"], "message": message}


async def _post(
    client: httpx.AsyncClient, body: Json | bytes, secret: str | None = SECRET
) -> httpx.Response:
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    if isinstance(body, bytes):
        return await client.post("/telegram/webhook", content=body, headers=headers)
    return await client.post("/telegram/webhook", json=body, headers=headers)


async def _answered_after_a_valid_update(api: FakeBotApi, client: httpx.AsyncClient) -> None:
    """Waits until an update posted now is answered: updates are handled in order, so an
    update refused earlier would have been answered by then if it had got through."""
    witness = api.user(900999)
    await _post(client, _update(await witness.send("Dzień dobry")))
    await api.wait_for_sent(witness.chat_id)


async def test_start_registers_the_webhook_url_with_the_secret(
    api: FakeBotApi, telegram: httpx.AsyncClient
) -> None:
    assert api.webhook["url"] == f"{BASE_URL}/telegram/webhook"
    assert api.webhook["secret_token"] == SECRET


async def test_an_update_with_the_secret_is_answered_through_the_bot_api(
    api: FakeBotApi, telegram: httpx.AsyncClient
) -> None:
    stranger = api.user(900100)

    response = await _post(telegram, _update(await stranger.send("Dzień dobry")))

    assert response.status_code == 200
    [reply] = await api.wait_for_sent(stranger.chat_id)
    assert reply["text"].startswith(STRANGER_REPLY)


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET[:-1], SECRET + "0"], ids=repr)
async def test_an_update_without_the_right_secret_is_refused_and_not_handled(
    api: FakeBotApi, telegram: httpx.AsyncClient, secret: str | None
) -> None:
    intruder = api.user(900200)

    response = await _post(telegram, _update(await intruder.send("Dzień dobry")), secret)

    assert response.status_code == 403
    await _answered_after_a_valid_update(api, telegram)
    assert api.sent(intruder.chat_id) == []


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"",
        b"[1, 2]",
        b'"update"',
        b"{}",
        b'{"update_id": 1, "message": {"text": "no chat, no date"}}',
        b'{"update_id": 1, "message": 5}',
    ],
    ids=repr,
)
async def test_a_body_that_is_not_an_update_is_refused_as_bad_request(
    api: FakeBotApi, telegram: httpx.AsyncClient, body: bytes
) -> None:
    response = await _post(telegram, body)

    assert response.status_code == 400
    await _answered_after_a_valid_update(api, telegram)


async def test_the_webhook_route_is_absent_in_polling_mode(api: FakeBotApi) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=api.token,
        telegram_api_url=api.base_url,
        telegram_mode="polling",
        telegram_webhook_secret=SECRET,
    )
    transport = httpx.ASGITransport(app=web_app(settings, build_application(settings)))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        response = await _post(client, {"update_id": 1})

    assert response.status_code == 404
