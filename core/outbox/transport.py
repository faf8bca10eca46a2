"""The one error a channel sender raises, saying whether trying again can help."""

from __future__ import annotations


class TransportError(Exception):
    """Sending failed. `permanent` failures (blocked bot, unknown mailbox) will fail again and
    call for another channel; transient ones are retried, not before `retry_after` seconds
    when the provider said so."""

    def __init__(self, message: str, *, permanent: bool, retry_after: float | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after
