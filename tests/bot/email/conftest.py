"""A throw-away Dovecot for the mailbox tests, and settings that point the reader at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.config import get_settings
from tests.bot.email.dovecot import USER, Dovecot, dovecot_binary


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A running Dovecot with an empty INBOX; skipped when Dovecot is not installed."""
    binary = dovecot_binary()
    if binary is None:
        pytest.skip("Dovecot is not installed (Debian package dovecot-imapd); IMAP tests need it")
    server = Dovecot(binary)
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def helpdesk_mailbox(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Dovecot:
    """The settings of a deployment whose helpdesk mailbox is `dovecot`'s INBOX and which
    sends its own mail from the same address."""
    settings = get_settings()
    monkeypatch.setattr(settings, "imap_url", dovecot.url)
    monkeypatch.setattr(settings, "mail_from", f"Helpdesk IT <{USER}>")
    return dovecot
