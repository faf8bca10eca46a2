"""The route Telegram posts updates to in webhook mode.

Telegram sends the secret given at `setWebhook` in the `X-Telegram-Bot-Api-Secret-Token`
header of every request; anything else that reaches this public URL is refused before its
body is read. The update is handed on to the bot and answered at once: the bot works on it
in its own time, and an answer other than 2xx would only make Telegram deliver it again.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

TELEGRAM_WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# Receives one update's JSON object for the bot; raises ValueError when it is not an update.
UpdateReceiver = Callable[[dict[str, Any]], Awaitable[None]]


def telegram_webhook_router(*, secret: str, receive: UpdateReceiver) -> APIRouter:
    """`POST /telegram/webhook`: 403 without the right secret header, 400 for a body that is
    not a Telegram update, otherwise 200 once `receive` has taken the update."""
    router = APIRouter()
    expected = secret.encode()

    @router.post(TELEGRAM_WEBHOOK_PATH, include_in_schema=False)
    async def telegram_update(request: Request) -> Response:
        offered = request.headers.get(SECRET_HEADER, "").encode()
        # In constant time, so that the secret cannot be guessed from response times.
        if not hmac.compare_digest(offered, expected):
            raise HTTPException(status_code=403, detail="wrong or missing secret token")
        try:
            # JSONDecodeError and UnicodeDecodeError are ValueErrors too.
            update = json.loads(await request.body())
            if not isinstance(update, dict):
                raise ValueError("the body is not a JSON object")
            await receive(update)
        except ValueError:
            raise HTTPException(status_code=400, detail="not a Telegram update") from None
        return Response(status_code=200)

    return router
