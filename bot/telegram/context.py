"""The callback context of our handlers: PTB's, plus the hdr-desk user of the update."""

from __future__ import annotations

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from core.models import User


class BotContext(CallbackContext[ExtBot[None], dict, dict, dict]):
    """Built once per update and shared by every handler group, so the user resolved by the
    gate (group -1) is there for the handler that answers."""

    __slots__ = ("hdr_user",)

    def __init__(
        self,
        application: Application,
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.hdr_user: User | None = None

    @property
    def user(self) -> User:
        """The linked user; only for handlers behind the gate."""
        if self.hdr_user is None:
            raise RuntimeError("handler ran without the gate resolving the user")
        return self.hdr_user


CONTEXT_TYPES = ContextTypes(context=BotContext)
