"""The FastAPI application: health check and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from tortoise.contrib.fastapi import RegisterTortoise

from core import db, overview
from core.config import Settings
from core.i18n import mark
from core.models import HdrActionStatus
from forms.admin import router as admin_router
from forms.admin_catalog import router as admin_catalog_router
from forms.admin_obligations import router as admin_obligations_router
from forms.admin_people import router as admin_people_router
from forms.answers import router as answers_router
from forms.api import api_router
from forms.auth import install_access
from forms.hdr import router as hdr_router
from forms.inventory import router as inventory_router
from forms.inventory_rounds import router as inventory_rounds_router
from forms.inventory_sheet import router as inventory_sheet_router
from forms.language import language_router
from forms.login import login_router
from forms.meetings import router as meetings_router
from forms.network_sheets import router as network_sheets_router
from forms.panel import router as panel_router
from forms.telegram_webhook import UpdateReceiver, telegram_webhook_router
from forms.templating import templates
from forms.tickets import router as tickets_router

HERE = Path(__file__).parent

ACTION_STATUS_LABELS = {
    HdrActionStatus.PLANNED: mark("planned"),
    HdrActionStatus.IN_PROGRESS: mark("in progress"),
    HdrActionStatus.DONE: mark("carried out"),
    HdrActionStatus.DELAYED: mark("delayed"),
    HdrActionStatus.CANCELLED: mark("cancelled"),
}


def create_app(
    settings: Settings,
    *,
    manage_database: bool = True,
    telegram_updates: UpdateReceiver | None = None,
) -> FastAPI:
    """The web application. With `manage_database` it connects on start-up and
    disconnects on shutdown; without, the caller owns the connection. With
    `telegram_updates` (the bot in webhook mode) it takes Telegram's updates at
    `TELEGRAM_WEBHOOK_PATH` and hands them there."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not manage_database:
            yield
            return
        # Tortoise's own FastAPI integration: requests run in other tasks than the
        # lifespan, and it makes the connection visible to them.
        async with RegisterTortoise(app, config=db.tortoise_config(settings.resolved_database_url)):
            yield

    app = FastAPI(title="hdr-desk", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_access(app, settings)
    # The pages are for people; /openapi.json describes the API alone.
    for page_router in (
        login_router(settings),
        panel_router,
        language_router(settings),
        answers_router,
        hdr_router,
        tickets_router,
        network_sheets_router,  # first: inventory's /sprzet/{public_id} matches /sprzet/siec
        inventory_sheet_router,  # first: inventory's /sprzet/{public_id} matches /sprzet/arkusz
        inventory_rounds_router,  # and /sprzet/inwentaryzacja
        inventory_router,
        meetings_router,
        admin_router,
        admin_people_router,
        admin_obligations_router,
        admin_catalog_router,
    ):
        app.include_router(page_router, include_in_schema=False)
    app.include_router(api_router())
    if telegram_updates is not None:
        if not settings.telegram_webhook_secret:
            raise ValueError("HDR_TELEGRAM_WEBHOOK_SECRET: required in webhook mode")
        app.include_router(
            telegram_webhook_router(
                secret=settings.telegram_webhook_secret, receive=telegram_updates
            )
        )

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        if await overview.database_is_reachable():
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "database unavailable"}, status_code=503)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def landing(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(
            request,
            "landing.html",
            {
                "gmina_name": settings.gmina_name,
                "schools": await overview.active_schools(),
                "actions": await overview.hdr_actions(),
                "status_labels": ACTION_STATUS_LABELS,
            },
        )

    return app
