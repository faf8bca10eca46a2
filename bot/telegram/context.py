"""The application and callback context of our handlers: PTB's, plus the settings the bot was
built with and the hdr-desk user of the update."""

from __future__ import annotations

from typing import Any, cast

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.telegram.buttons import ButtonSigner
from core.config import Settings
from core.i18n import DEFAULT_LOCALE
from core.models import User


class HdrApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's application, carrying the settings it was built from and the signer of its
    buttons (the same secret signs buttons sent by any process, so any process can check them).
    """

    __slots__ = ("buttons", "settings")

    def __init__(self, *, settings: Settings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.buttons = ButtonSigner(settings.secret_key)


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

    @property
    def locale(self) -> str:
        """The language to answer in: the linked user's, else the default."""
        return self.hdr_user.locale if self.hdr_user is not None else DEFAULT_LOCALE

    @property
    def hdr_application(self) -> HdrApplication:
        # build_application always builds an HdrApplication.
        return cast(HdrApplication, self.application)

    @property
    def settings(self) -> Settings:
        return self.hdr_application.settings

    @property
    def buttons(self) -> ButtonSigner:
        return self.hdr_application.buttons


CONTEXT_TYPES = ContextTypes(context=BotContext)
