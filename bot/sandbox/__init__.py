"""A sandbox Telegram: the Bot API, in memory, for tests, benchmarks, the console and newcomers.

The real bot (same Application, handlers and python-telegram-bot request path) talks to it either
in process (`SandboxRequest`) or over HTTP (`activity-bot sandbox serve`).
"""

from bot.sandbox.model import ApiError, Outgoing, TelegramSandbox

__all__ = ["ApiError", "Outgoing", "TelegramSandbox"]
