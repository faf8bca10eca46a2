"""What the web tests share: browsers signed in on the web application."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.clock import ManualClock
from core.config import get_settings
from forms.app import create_app
from tests.forms.browsing import Visit, signed_in_browsers


@pytest.fixture
async def visit(database: str, now: ManualClock) -> AsyncIterator[Visit]:
    """Opens a browser signed in as the given person, on a fresh web application."""
    async with signed_in_browsers(create_app(get_settings(), manage_database=False)) as open_as:
        yield open_as
