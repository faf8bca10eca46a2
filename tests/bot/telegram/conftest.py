"""The real bot application, polling a fake Bot API server on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram.ext import Application

from bot.telegram.app import build_application
from core.config import Settings
from tests.telegram.fakebot import FakeBotApi, polling


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def running_bot(api: FakeBotApi, database: str) -> AsyncIterator[Application]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=api.token,
        telegram_api_url=api.base_url,
    )
    assert settings.telegram_file_url == api.base_file_url
    application = build_application(settings)
    async with polling(application):
        yield application
