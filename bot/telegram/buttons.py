"""Signed callback data for buttons that act on a record: a ticket, a reminder, an asset.

Telegram hands back whatever a button carries, and a client can send any callback data it
likes, so a button's data is `action:arg:...` followed by an HMAC signature made with the
secret key. A handler acts only on data that `unpack` accepts; it still checks that the
person pressing may do what the button says, since a signed button can be forwarded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from itsdangerous import BadSignature, Signer

# Telegram's limit on callback data (Bot API: 1-64 bytes).
CALLBACK_DATA_LIMIT = 64
ACTION_PATTERN = re.compile(r"^[a-z][a-z_.]*$")


@dataclass(frozen=True)
class Button:
    """What a pressed button asked for: an action and its arguments, as sent."""

    action: str
    args: tuple[str, ...]


class ButtonSigner:
    """Packs and checks the callback data of action buttons with one secret key."""

    def __init__(self, secret_key: str) -> None:
        self._signer = Signer(secret_key, salt="telegram-button", sep="~")

    def pack(self, action: str, *args: str | int) -> str:
        """Callback data for `action` on `args`; raises ValueError when it would not fit."""
        if not ACTION_PATTERN.match(action):
            raise ValueError(f"not an action name: {action!r}")
        texts = [str(arg) for arg in args]
        if any(":" in text or "~" in text for text in texts):
            raise ValueError(f"button arguments may not contain ':' or '~': {texts!r}")
        data = self._signer.sign(":".join([action, *texts])).decode()
        if len(data.encode()) > CALLBACK_DATA_LIMIT:
            raise ValueError(f"callback data longer than {CALLBACK_DATA_LIMIT} bytes: {data!r}")
        return data

    def unpack(self, data: str | None) -> Button | None:
        """The button behind `data`, or None when it was not signed with our key."""
        if not data:
            return None
        try:
            body = self._signer.unsign(data).decode()
        except BadSignature:
            return None
        action, *args = body.split(":")
        return Button(action=action, args=tuple(args))


def action_pattern(*actions: str) -> re.Pattern[str]:
    """A CallbackQueryHandler pattern for the data of buttons of `actions`. It only routes:
    the handler must still `unpack` the data, which also checks the signature."""
    return re.compile("^(?:" + "|".join(re.escape(action) for action in actions) + "):")
