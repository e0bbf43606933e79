"""Reaching the Bot API: calls that wait, with backoff, while Telegram cannot be reached.

A bureau's network or proxy may be down for an hour, at start or later; the bot must not need
a restart. Each outage is said once in full (where, why, which proxy variable is read), each
later failed try in one short line, and the recovery in one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import urllib.request
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import urlsplit

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

log = logging.getLogger(__name__)
T = TypeVar("T")
FIRST_WAIT = 1.0  # seconds before the second try; doubled after each failure...
LONGEST_WAIT = 60.0  # ...up to this


class Stopped(Exception):
    """The bot was asked to stop while it waited for the Bot API."""


def unreachable(error: BaseException | None) -> bool:
    """Whether a failure means the Bot API was not reached (the network, a proxy, a gateway, a
    timeout), as opposed to an answer from it (BadRequest is a NetworkError in
    python-telegram-bot)."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


def _one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())


class Reach:
    """The Bot API as this instance reaches it: the wait before the next try, and the log.

    Args:
        base_url: the Bot API's URL; only its host and port are ever logged (its path holds
            the token).
        stopping: set when the bot is asked to stop; a wait, or a call in flight, ends at once.
    """

    def __init__(self, base_url: str, stopping: asyncio.Event) -> None:
        parts = urlsplit(base_url)
        self.where = f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
        self._scheme = parts.scheme or "https"
        self.stopping = stopping
        self.failures = 0
        self.recoveries = 0  # how many outages have ended
        self.wait = FIRST_WAIT

    def _proxy_said(self) -> str:
        variable = f"{self._scheme.upper()}_PROXY"
        host = self.where.rsplit(":", 1)[0]
        if self._scheme not in urllib.request.getproxies():
            return f"{variable} is read for a proxy and is not set"
        if urllib.request.proxy_bypass(host):
            return f"{variable} is set, but NO_PROXY leaves this host out"
        return f"through the proxy in {variable}"

    async def call(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        """Make a Bot API call; while the Bot API cannot be reached, again after each wait.

        Args:
            what: the Bot API method, for the log.
            call: makes the call (again each time it is called).

        Returns:
            What the call returned.

        Raises:
            Stopped: the bot was asked to stop first.
            TelegramError: the Bot API answered with a refusal.
        """
        while True:
            if self.stopping.is_set():
                raise Stopped
            try:
                result = await self._unless_stopping(call())
            except RetryAfter as exc:
                after = exc.retry_after
                seconds = after.total_seconds() if isinstance(after, dt.timedelta) else after
                log.warning("%s: the Bot API asks to wait %.0f s", what, seconds)
                await self._pause(float(seconds))
                continue
            except TelegramError as exc:
                if not unreachable(exc):
                    raise
                await self.wait_after(what, exc)
                continue
            self.reached()
            return result

    async def wait_after(self, what: str, error: BaseException) -> None:
        """Say that a call did not reach the Bot API, then wait before the next try (less if
        asked to stop)."""
        wait = self.wait
        if self.failures == 0:
            log.error(
                "cannot reach the Bot API at %s (%s: %s); %s; trying again in %.0f s, "
                "then at doubling intervals up to %.0f s",
                self.where,
                what,
                _one_line(error),
                self._proxy_said(),
                wait,
                LONGEST_WAIT,
            )
        else:
            log.warning(
                "Bot API still unreachable (%s: %s); next try in %.0f s",
                what,
                _one_line(error),
                wait,
            )
        self.failures += 1
        self.wait = min(wait * 2, LONGEST_WAIT)
        await self._pause(wait)

    def reached(self) -> None:
        """A call reached the Bot API: say so if it had not, and wait little after the next
        failure."""
        if self.failures:
            log.info("reached the Bot API at %s after %s failed tries", self.where, self.failures)
            self.recoveries += 1
        self.failures, self.wait = 0, FIRST_WAIT

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    async def _unless_stopping(self, call: Awaitable[T]) -> T:
        """The call's result, unless the bot is asked to stop first (a connection attempt
        through a dead proxy can take its whole timeout)."""
        attempt = asyncio.ensure_future(call)
        stop = asyncio.ensure_future(self.stopping.wait())
        try:
            await asyncio.wait({attempt, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            if not attempt.done():
                attempt.cancel()
                await asyncio.gather(attempt, return_exceptions=True)
        if attempt.cancelled():
            raise Stopped
        return attempt.result()
