"""Logging set up so that no secret reaches a log line, at any level."""

from __future__ import annotations

import logging
from collections.abc import Iterable


class RedactSecrets(logging.Filter):
    """Replace every secret (the bot token, above all) in a record by a placeholder."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = message
        for secret in self.secrets:
            cleaned = cleaned.replace(secret, "[secret]")
        if cleaned != message or record.exc_info:
            record.msg, record.args = cleaned, None
            if record.exc_info:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
                for secret in self.secrets:
                    record.exc_text = record.exc_text.replace(secret, "[secret]")
                record.exc_info = None
        return True


def configure_logging(level: int, secrets: Iterable[str] = ()) -> None:
    """Log to stderr; HTTP clients would log every URL, and a Bot API URL holds the token."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    logging.getLogger("httpcore").setLevel(max(level, logging.WARNING))
    logging.getLogger("aiohttp").setLevel(max(level, logging.WARNING))
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
