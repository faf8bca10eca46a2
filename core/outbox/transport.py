"""The one error a channel sender raises, saying whether trying again can help."""

from __future__ import annotations


class TransportError(Exception):
    """Sending failed. `permanent` failures will fail again; transient ones are retried, not
    before `retry_after` seconds when the provider said so. A permanent failure is the
    address's (blocked bot, unknown mailbox: the person is reached by their other channel
    from now on) unless `address_failed` is False: then the message itself cannot be sent
    (an attachment gone, a request the provider refuses), and the address stays good."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        retry_after: float | None = None,
        address_failed: bool | None = None,
    ):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after
        self.address_failed = permanent if address_failed is None else address_failed
