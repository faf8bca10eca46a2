"""`hdr-desk serve` as an operator runs it: a real process, migrations, uvicorn, lifespan."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited early:\n{process.communicate()[1]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("serve did not start listening within 60 s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`hdr-desk serve` on a free loopback port, in a scratch directory."""
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HDR_")}
    environment |= {"PYTHONPATH": str(PROJECT_ROOT), "HDR_WEB_PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "hdr_desk.cli", "serve"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_served_application_reaches_its_database(served: str) -> None:
    health = httpx.get(f"{served}/healthz")
    landing = httpx.get(f"{served}/")

    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert landing.status_code == 200
