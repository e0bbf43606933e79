"""The in-process way to the sandbox: python-telegram-bot's own request extension point."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.sandbox.model import TelegramSandbox

BASE_URL = "http://sandbox.invalid"


class SandboxRequest(BaseRequest):
    """Answers python-telegram-bot's requests from a `TelegramSandbox`, with no network."""

    def __init__(self, sandbox: TelegramSandbox) -> None:
        self.sandbox = sandbox

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        path = unquote(urlsplit(url).path)
        if path.startswith("/file/bot"):
            _token, _, file_path = path.removeprefix("/file/bot").partition("/")
            return self.sandbox.download(file_path)
        token, _, api_method = path.removeprefix("/bot").partition("/")
        params: dict[str, str] = {}
        files: dict[str, tuple[str, bytes, str]] = {}
        if request_data is not None:
            params = dict(request_data.json_parameters)
            if request_data.contains_files:
                for name, part in request_data.multipart_data.items():
                    files[name] = _read_part(part)
        return await self.sandbox.call(token, api_method, params, files)


def _read_part(part: Any) -> tuple[str, bytes, str]:
    file_name, content, mime_type = part
    if hasattr(content, "read"):
        content = content.read()
    return str(file_name), bytes(content), str(mime_type or "application/octet-stream")
