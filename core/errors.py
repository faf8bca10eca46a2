"""Errors a user can cause. Each carries an English msgid translated when shown."""

from __future__ import annotations

from core.i18n import DEFAULT_LOCALE, translate


class DomainError(Exception):
    """A domain rule refused the request. Nothing was changed."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params

    def translated(self, locale: str = DEFAULT_LOCALE) -> str:
        return translate(self.message, locale, **self.params)

    def details(self) -> list[str]:
        """Further lines to show under the message (e.g. each bad row of an import)."""
        return []


class NotFound(DomainError):
    """The thing asked for does not exist, or the asker may not see it."""


class InvalidInput(DomainError):
    """A value the user gave is malformed or out of range."""


class IllegalTransition(DomainError):
    """The requested change is not allowed from the current state."""


class PermissionDenied(DomainError):
    """The person may not do this (a web or API caller answers 403)."""
