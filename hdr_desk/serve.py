"""Wiring of `hdr-desk serve`: the web application under uvicorn."""

from __future__ import annotations

import uvicorn

from core.config import Settings
from forms.app import create_app


def run(settings: Settings, *, host: str, port: int) -> None:
    uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=True)
