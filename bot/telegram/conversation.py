"""Conversations that take turns: one person, one conversation at a time.

PTB runs every conversation handler of a group on its own: each looks at an update in the
order they were added, so a person halfway through `/agenda` who presses "Dodaj komentarz"
would have their next text taken by whichever was added first. Exclusive conversations of
one group know which of them each person is in: that one sees an update first, and another
one starting ends it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

from telegram import Update
from telegram.ext import Application, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.telegram.context import BotContext

# PTB's own name for this lives in a private module.
ConversationKey = tuple[int | str, ...]


class ExclusiveConversation(ConversationHandler[BotContext]):
    """A ConversationHandler that takes turns with the others of its group (`make_exclusive`).

    Who is in which conversation is known in memory only: after a restart each stored
    conversation carries on, but without precedence, until one of them starts again.
    """

    __slots__ = ("_current",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with warnings.catch_warnings():
            # Buttons are meant to be followed per person, not per message: the warning
            # that a CallbackQueryHandler is then not tracked per message says what we want.
            warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
            super().__init__(*args, **kwargs)
        if self.name is None:
            raise ValueError("an exclusive conversation needs a name, for its persistence")
        self._current: dict[ConversationKey, ExclusiveConversation] = {}

    def check_update(self, update: object) -> Any:
        if isinstance(update, Update) and self._current_one_takes(update):
            return None
        return super().check_update(update)

    async def handle_update(
        self,
        update: Update,
        application: Application[Any, BotContext, Any, Any, Any, Any],
        check_result: Any,
        context: BotContext,
    ) -> object | None:
        result = await super().handle_update(update, application, check_result, context)
        _, key, _, _ = check_result
        previous = self._current.get(key)
        if self._is_in(key):
            if previous is not None and previous is not self:
                previous._end(key)
            self._current[key] = self
        elif previous is self:
            del self._current[key]
        return result

    def _current_one_takes(self, update: Update) -> bool:
        """Whether the person is in another conversation of the group that handles this."""
        if update.effective_chat is None or update.effective_user is None:
            return False
        key = self._get_key(update)
        current = self._current.get(key)
        if current is None or current is self or not current._is_in(key):
            return False
        return current.check_update(update) not in (None, False)

    def _is_in(self, key: ConversationKey) -> bool:
        return key in self._conversations

    def _end(self, key: ConversationKey) -> None:
        """Ends this conversation for `key` silently, with its idle timer."""
        self._update_state(self.END, key)
        timeout_job = self.timeout_jobs.pop(key, None)
        if timeout_job is not None:
            timeout_job.schedule_removal()


def make_exclusive(conversations: Iterable[ExclusiveConversation]) -> None:
    """Makes `conversations` one group that takes turns."""
    current: dict[ConversationKey, ExclusiveConversation] = {}
    for conversation in conversations:
        conversation._current = current
