"""The API under generated input: schemathesis sends to every endpoint, as the coordinator
and as a teacher, what /openapi.json allows and what it does not, and no answer may be a
server error or differ from the schema.

Deterministic (derandomised, no example database) and bounded (MAX_EXAMPLES per
operation and user), so it runs in seconds. The application is served by uvicorn on the
test's event loop and database; the generated requests are sent from a worker thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import socket
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Final

import pytest
import schemathesis
import uvicorn
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from core import clock
from core.models import (
    AgendaItem,
    AgendaItemStatus,
    Category,
    Channel,
    Obligation,
    ObligationKind,
    Role,
    School,
    User,
)
from forms.api import API_PREFIX
from tests.core.inventory.builders import make_asset
from tests.core.meetings.builders import make_meeting
from tests.forms.api.conftest import Report, bearer

MAX_EXAMPLES: Final = 12
STARTUP_TIMEOUT_SECONDS: Final = 10.0
CHECKS: Final = [not_a_server_error, response_schema_conformance]


@pytest.fixture
async def served(app: FastAPI) -> AsyncIterator[str]:
    """`app` served on a free loopback port; yields its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        async with asyncio.timeout(STARTUP_TIMEOUT_SECONDS):
            while not server.started:
                if serving.done():
                    serving.result()
                await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        await serving
        listener.close()


async def seed(school: School, director: User, report: Report) -> None:
    """A little of everything, so that some generated requests find something."""
    await report()
    await make_asset(school)
    meeting = await make_meeting()
    await AgendaItem.create(
        meeting=meeting,
        proposed_by=director,
        school=school,
        title="Sieć",
        status=AgendaItemStatus.ACCEPTED,
        position=1,
        channel=Channel.WEB,
        created_at=clock.now(),
    )
    await Obligation.create(
        source_key="fuzz:1",
        kind=ObligationKind.MANUAL,
        title="Arkusz organizacji",
        school=school,
        assignee_role=Role.DIRECTOR,
        due_date=dt.date(2027, 4, 21),
        created_at=clock.now(),
    )


@dataclass
class FuzzRun:
    failures: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    """How often each status was answered: proof that the requests reached the endpoints."""


def fuzz(app: FastAPI, base_url: str, headers: dict[str, str]) -> FuzzRun:
    """Runs every API operation of `app`'s schema; returns the failures found."""
    schema = schemathesis.openapi.from_dict(app.openapi()).include(path_regex=f"^{API_PREFIX}/")
    run = FuzzRun()
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation, mode in itertools.product(operations, GenerationMode):

        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(mode))
        def call(case: schemathesis.Case) -> None:
            response = case.call(base_url=base_url, headers=headers)
            run.statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)

        try:
            call()
        except (Exception, BaseExceptionGroup) as error:  # every operation is tried
            run.failures.append(f"{operation.label} ({mode.value}): {error}")
    return run


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.TEACHER])
async def test_generated_requests_get_no_server_error(
    app: FastAPI,
    served: str,
    school: School,
    teacher: User,
    director: User,
    coordinator: User,
    category: Category,
    report: Report,
    role: Role,
) -> None:
    await seed(school, director, report)
    headers = await bearer(coordinator if role is Role.COORDINATOR else teacher)

    run = await asyncio.to_thread(fuzz, app, served, headers)

    assert run.failures == []
    assert run.statuses[200] > 0, run.statuses
    assert not [status for status in run.statuses if status >= 500]
