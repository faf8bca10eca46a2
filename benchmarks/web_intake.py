"""Fault reports on the web under load: the report form's POST (`/zgloszenia/nowe`, as
`forms.tickets` handles it: the session looked up, the CSRF token checked, the form parsed
and checked, the ticket numbered and stored with its event and the IT specialists'
notifications) sent by 32 concurrent clients (`--clients`), against a bare FastAPI
endpoint that parses the very same multipart form and answers the same redirect without
touching the database, in the same run.

Each side is served by uvicorn in a process of its own on a free loopback port, as a real
server would be, and reached over real HTTP; the clients are httpx, one connection each, in
this process. Every client is a teacher signed in through `core.people.web_sessions` (the
session cookie and the session's CSRF token, as the browser holds them) and posts its
reports one after another, each with an empty file field, as a browser sends the form.

The two sides alternate `--rounds` times (3 by default) and the round with the highest
throughput of each counts, since the machine may be busy with other work for a moment. The
database is a fresh SQLite file, or a fresh database on the PostgreSQL server given with
`--database-url` (created, and dropped at the end). Prints each side's throughput, p50/p99
latency and the CPU time its server process spent per report (read from /proc, so Linux
only), the throughput ratio (app / bare), and whether every report answered 303 was stored
once; exits 1 when the target (ratio >= 0.5, the app's p99 < 100 ms, every
report stored) is missed. `--profile FILE` runs the app's server under cProfile and saves
its statistics to FILE (read them with `python -m pstats FILE`).

From the repository root: `python -m benchmarks.web_intake [--clients N] [--reports N]
[--rounds N] [--database-url postgres://user@host:5432/db] [--profile FILE]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import multiprocessing
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final
from urllib.parse import urlsplit, urlunsplit

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import uvicorn
from fastapi import FastAPI, File, Form, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response

from core import db
from core.config import get_settings
from core.models import Category, Role, School, Ticket, User
from core.people.web_sessions import start_session
from core.tickets.defaults import install_categories_and_sla_policies
from forms.app import create_app
from forms.tickets import NEW_TICKET_PATH
from forms.visitors import CSRF_FIELD, SESSION_COOKIE, csrf_digest

TARGET_RATIO: Final = 0.5
TARGET_P99_MS: Final = 100.0
CLIENTS: Final = 32
SCHOOLS: Final = 8
IT_SPECIALISTS: Final = 2
WARM_UP_REPORTS: Final = 2
"""Reports each client sends to each side before the rounds: connections opened, code paths
and caches warm, the year's ticket counter created."""
HOST: Final = "127.0.0.1"
SECRET_KEY: Final = "web-intake-benchmark-secret-key-0123456789"
STARTUP_TIMEOUT_SECONDS: Final = 30.0
EMPTY_FILE_FIELD: Final = {"attachment": ("", b"", "application/octet-stream")}
"""The file input left empty, as a browser sends it: a part with an empty file name."""


@dataclass(frozen=True)
class Run:
    """One round of one side: each report's latency, the round's wall time, and the CPU
    time its server process used meanwhile."""

    latencies: tuple[float, ...]
    seconds: float
    server_cpu_seconds: float
    refused: int
    """Answers other than the 303 that a stored report gets."""

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def cpu_ms_per_report(self) -> float:
        return self.server_cpu_seconds / len(self.latencies) * 1000

    def percentile_ms(self, percent: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[percent - 1] * 1000


@dataclass(frozen=True)
class Outcome:
    backend: str
    clients: int
    reports: int
    """Per client and round."""
    rounds: int
    bare: Run
    app: Run
    accepted: int
    """Reports the app answered 303, warm-up and every round included."""
    stored: int
    """Tickets in the database at the end."""

    @property
    def ratio(self) -> float:
        return self.app.rate / self.bare.rate

    @property
    def complete(self) -> bool:
        return self.stored == self.accepted and self.app.refused == self.bare.refused == 0

    @property
    def meets_target(self) -> bool:
        return (
            self.ratio >= TARGET_RATIO
            and self.app.percentile_ms(99) < TARGET_P99_MS
            and self.complete
        )

    def _line(self, name: str, run: Run) -> str:
        return (
            f"{name}: {run.rate:.0f} reports/s, p50 {run.percentile_ms(50):.1f} ms, "
            f"p99 {run.percentile_ms(99):.1f} ms, server CPU {run.cpu_ms_per_report:.1f} ms/report"
        )

    def report(self) -> str:
        verdict = "meets" if self.meets_target else "MISSES"
        return "\n".join(
            [
                f"web fault reports ({self.backend}): {self.clients} clients x {self.reports} "
                f"reports, best of {self.rounds} rounds each",
                self._line("bare FastAPI form endpoint", self.bare),
                self._line("hdr-desk report form", self.app),
                f"ratio {self.ratio:.2f} (hdr-desk / bare)",
                f"{self.accepted} reports accepted, {self.stored} tickets stored"
                + (
                    ""
                    if self.complete
                    else f"; REFUSED: {self.app.refused} by hdr-desk, {self.bare.refused} by bare"
                ),
                f"{verdict} the target: ratio >= {TARGET_RATIO}, p99 < {TARGET_P99_MS:.0f} ms, "
                "every report stored",
            ]
        )


@dataclass(frozen=True)
class Reporter:
    """A signed-in teacher as the browser holds them: the session cookie and its CSRF token."""

    session_key: str
    csrf_token: str


def bare_app() -> FastAPI:
    """The limit: FastAPI taking the report form's fields (and its file field) and answering
    the redirect the report form answers, with no session, no checks and no database."""
    app = FastAPI()

    @app.post(NEW_TICKET_PATH)
    async def report_fault(
        csrf_token: Annotated[str, Form()] = "",
        school: Annotated[str, Form()] = "",
        category: Annotated[str, Form()] = "",
        room: Annotated[str, Form()] = "",
        title: Annotated[str, Form()] = "",
        description: Annotated[str, Form()] = "",
        priority: Annotated[str, Form()] = "",
        attachment: Annotated[UploadFile | None, File()] = None,
    ) -> Response:
        return RedirectResponse("/zgloszenia/IT-2026-0001?zgloszono=1", status_code=303)

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return app


def _serve(side: str, port: int, environment: dict[str, str], profile: str | None) -> None:
    """Runs in the server's process: `side` ("app" or "bare") on `port` until interrupted;
    with `profile`, under cProfile, its statistics saved there at the end."""
    os.environ.update(environment)
    app = create_app(get_settings()) if side == "app" else bare_app()
    config = uvicorn.Config(app, host=HOST, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    profiler = cProfile.Profile() if profile is not None else None
    # After its graceful shutdown uvicorn raises the signal that stopped it again: SIGINT,
    # so that it ends here as KeyboardInterrupt, with the profile still to be saved.
    with contextlib.suppress(KeyboardInterrupt):
        if profiler is None:
            server.run()
        else:
            profiler.runcall(server.run)
    if profiler is not None and profile is not None:
        profiler.dump_stats(profile)


class _ServerProcess:
    """One side served in a process of its own, stopped (SIGINT, uvicorn's graceful
    shutdown) at the end of the block."""

    def __init__(self, side: str, environment: dict[str, str], profile: str | None) -> None:
        self.port = _free_port()
        context = multiprocessing.get_context("spawn")
        self._process = context.Process(
            target=_serve, args=(side, self.port, environment, profile), daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    async def __aenter__(self) -> _ServerProcess:
        self._process.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        async with httpx.AsyncClient(base_url=self.base_url) as probe:
            while True:
                try:
                    if (await probe.get("/healthz")).status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or not self._process.is_alive():
                    raise RuntimeError(f"the server on port {self.port} did not start")
                await asyncio.sleep(0.1)

    def cpu_seconds(self) -> float:
        """The CPU time the server's process has used so far, in all its threads (Linux)."""
        fields = Path(f"/proc/{self._process.pid}/stat").read_text().rpartition(")")[2].split()
        user_ticks, system_ticks = int(fields[11]), int(fields[12])
        return (user_ticks + system_ticks) / os.sysconf("SC_CLK_TCK")

    async def __aexit__(self, *exc_info: object) -> None:
        if self._process.pid is not None:
            os.kill(self._process.pid, signal.SIGINT)
        await asyncio.to_thread(self._process.join, 30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


async def prepare(database_url: str, *, clients: int) -> tuple[list[Reporter], dict[str, str]]:
    """The gmina the reports go to: schools, the shipped categories, two IT specialists to
    be notified, and a signed-in teacher for each client; returns the teachers and the
    report form as each of them fills it in."""
    await db.apply_migrations(database_url)
    async with db.connected(database_url):
        await install_categories_and_sla_policies()
        schools = [
            await School.create(
                code=f"sp{n}", name=f"Szkoła Podstawowa nr {n}", short_name=f"SP {n}"
            )
            for n in range(1, SCHOOLS + 1)
        ]
        for n in range(1, IT_SPECIALISTS + 1):
            await User.create(
                role=Role.IT, full_name=f"Informatyk {n}", email=f"informatyk{n}@gmina.example.pl"
            )
        reporters = []
        for n in range(clients):
            teacher = await User.create(
                role=Role.TEACHER,
                school=schools[n % SCHOOLS],
                full_name=f"Nauczyciel {n + 1}",
                email=f"nauczyciel{n + 1}@szkola.example.pl",
            )
            started = await start_session(user=teacher)
            reporters.append(Reporter(started.key, csrf_digest(SECRET_KEY, "session", started.key)))
        category = await Category.filter(is_active=True).order_by("id").first()
        assert category is not None, "the shipped categories were not installed"
    form = {
        "category": str(category.id),
        "room": "12",
        "title": "Nie działa projektor",
        "description": "Projektor w sali 12 nie włącza się, dioda miga na czerwono.",
    }
    return reporters, form


@dataclass(frozen=True)
class Browser:
    """One signed-in teacher's browser: its connection to a server and the form it sends."""

    http: httpx.AsyncClient
    form: dict[str, str]


@asynccontextmanager
async def browsers(
    base_url: str, reporters: list[Reporter], form: dict[str, str]
) -> AsyncIterator[list[Browser]]:
    """A browser for each reporter, its connection kept open across the rounds."""
    async with AsyncExitStack() as stack:
        yield [
            Browser(
                await stack.enter_async_context(
                    httpx.AsyncClient(
                        base_url=base_url,
                        cookies={SESSION_COOKIE: reporter.session_key},
                        timeout=60,
                    )
                ),
                form | {CSRF_FIELD: reporter.csrf_token},
            )
            for reporter in reporters
        ]


async def load(server: _ServerProcess, clients: list[Browser], reports: int) -> Run:
    """Each browser posts `reports` reports to `server`, one after another, all browsers at
    once."""
    latencies: list[float] = []
    refused = 0

    async def report_faults(browser: Browser) -> None:
        nonlocal refused
        for _ in range(reports):
            started = time.perf_counter()
            response = await browser.http.post(
                NEW_TICKET_PATH, data=browser.form, files=EMPTY_FILE_FIELD
            )
            latencies.append(time.perf_counter() - started)
            refused += response.status_code != 303

    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    await asyncio.gather(*(report_faults(browser) for browser in clients))
    seconds = time.perf_counter() - started
    return Run(tuple(latencies), seconds, server.cpu_seconds() - cpu_before, refused)


async def measure(
    database_url: str,
    *,
    backend: str,
    clients: int,
    reports: int,
    rounds: int,
    profile: str | None,
) -> Outcome:
    with tempfile.TemporaryDirectory() as folder:
        environment = {
            "HDR_DATABASE_URL": database_url,
            "HDR_DATA_DIR": folder,
            "HDR_SECRET_KEY": SECRET_KEY,
        }
        reporters, form = await prepare(database_url, clients=clients)
        async with (
            _ServerProcess("bare", environment, None) as bare_server,
            _ServerProcess("app", environment, profile) as app_server,
            browsers(bare_server.base_url, reporters, form) as to_bare,
            browsers(app_server.base_url, reporters, form) as to_app,
        ):
            warm_up = await load(app_server, to_app, WARM_UP_REPORTS)
            await load(bare_server, to_bare, WARM_UP_REPORTS)
            bare_runs, app_runs = [], []
            for _ in range(rounds):
                bare_runs.append(await load(bare_server, to_bare, reports))
                app_runs.append(await load(app_server, to_app, reports))
        async with db.connected(database_url):
            stored = await Ticket.all().count()
    return Outcome(
        backend=backend,
        clients=clients,
        reports=reports,
        rounds=rounds,
        bare=max(bare_runs, key=lambda run: run.rate),
        app=max(app_runs, key=lambda run: run.rate),
        accepted=sum(len(run.latencies) - run.refused for run in (warm_up, *app_runs)),
        stored=stored,
    )


def run(server_url: str | None, **options: Any) -> Outcome:
    """The measurement (`options` as `measure` takes them) on a fresh SQLite file, or on a
    fresh database on `server_url`."""
    if server_url is None:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite://{Path(folder) / 'intake.sqlite3'}"
            return asyncio.run(measure(url, backend="SQLite", **options))
    name = f"hdr_bench_web_{os.getpid()}"
    asyncio.run(_admin(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    asyncio.run(_admin(server_url, f"CREATE DATABASE {name}"))
    try:
        url = urlunsplit(urlsplit(server_url)._replace(path="/" + name))
        return asyncio.run(measure(url, backend="PostgreSQL", **options))
    finally:
        asyncio.run(_admin(server_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


async def _admin(server_url: str, statement: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    # The server's address without Tortoise's options (such as `?maxsize=20`).
    address = urlunsplit(urlsplit(server_url)._replace(query=""))
    connection = await asyncpg.connect(address.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--clients", type=int, default=CLIENTS, help=f"concurrent clients (default {CLIENTS})"
    )
    parser.add_argument(
        "--reports", type=int, default=25, help="reports per client and round (default 25)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of each side, the best counts (default 3)"
    )
    parser.add_argument("--database-url", help="a PostgreSQL server to use instead of SQLite")
    parser.add_argument("--profile", help="save the app server's cProfile statistics here")
    arguments = parser.parse_args()
    outcome = run(
        arguments.database_url,
        clients=arguments.clients,
        reports=arguments.reports,
        rounds=arguments.rounds,
        profile=arguments.profile,
    )
    print(outcome.report())
    sys.exit(0 if outcome.meets_target else 1)


if __name__ == "__main__":
    main()
