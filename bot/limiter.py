"""Pacing outgoing messages under Telegram's limits: about 30 a second overall, about one a
second to one chat, 20 a minute to a group. Sliding windows, so no window ever holds more than
its limit (a leaky bucket lets a burst plus a second's worth through)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable


class Limiter:
    """Waits until a message to a chat may go."""

    def __init__(
        self,
        *,
        overall: tuple[int, float] = (25, 1.0),
        per_chat: tuple[int, float] = (1, 1.05),
        per_group: tuple[int, float] = (19, 60.0),
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.overall = overall
        self.per_chat = per_chat
        self.per_group = per_group
        self.monotonic = monotonic
        self.sleep = sleep
        self._all: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}
        self._lock = asyncio.Lock()

    @staticmethod
    def _wait_for(stamps: deque[float], now: float, limit: tuple[int, float]) -> float:
        count, window = limit
        while stamps and stamps[0] <= now - window:
            stamps.popleft()
        if len(stamps) < count:
            return 0.0
        return stamps[0] + window - now + 1e-3

    async def wait(self, chat_id: int) -> None:
        """Return when a message to `chat_id` (negative: a group) may be sent; count it."""
        async with self._lock:
            stamps = self._chats.setdefault(chat_id, deque())
            limit = self.per_group if chat_id < 0 else self.per_chat
            while True:
                now = self.monotonic()
                delay = max(
                    self._wait_for(self._all, now, self.overall), self._wait_for(stamps, now, limit)
                )
                if delay <= 0:
                    break
                await self.sleep(delay)
            now = self.monotonic()
            self._all.append(now)
            stamps.append(now)
