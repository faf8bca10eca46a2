"""Telegram's send limits, measured in real time: they are about how fast the client sends."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field


@dataclass
class _Window:
    """At most `limit` events in any `period` seconds."""

    limit: int
    period: float
    stamps: deque[float] = field(default_factory=deque)

    def wait_needed(self, now: float) -> float:
        while self.stamps and now - self.stamps[0] >= self.period:
            self.stamps.popleft()
        return 0.0 if len(self.stamps) < self.limit else self.stamps[0] + self.period - now


class SendLimits:
    """Telegram's documented send limits: per chat, per group per minute, and overall."""

    def __init__(
        self, *, per_chat_per_second: int, per_group_per_minute: int, overall: int
    ) -> None:
        self._overall = _Window(overall, 1.0)
        self._per_chat = per_chat_per_second
        self._per_group = per_group_per_minute
        self._windows: dict[tuple[str, object], _Window] = {}

    def admit(self, chat_id: object) -> int | None:
        """Counts a send to `chat_id`; returns the seconds to wait instead when a limit is full."""
        windows = [self._overall, self._window("chat", chat_id, self._per_chat, 1.0)]
        if isinstance(chat_id, int) and chat_id < 0:
            windows.append(self._window("group", chat_id, self._per_group, 60.0))
        now = time.monotonic()
        wait = max(window.wait_needed(now) for window in windows)
        if wait > 0:
            return math.ceil(wait)
        for window in windows:
            window.stamps.append(now)
        return None

    def _window(self, kind: str, chat_id: object, limit: int, period: float) -> _Window:
        return self._windows.setdefault((kind, chat_id), _Window(limit, period))
