"""How the bot talks HTTP to the Bot API: python-telegram-bot's request interface on aiohttp.

python-telegram-bot speaks HTTP through httpx by default. Measured on a bot that answers every
report with a card, httpx spent about a third of the bot's CPU time per request; aiohttp,
whose HTTP parser is compiled, does the same work for a fraction of it (docs/benchmarks.md).
`BaseRequest` is python-telegram-bot's documented way to bring another HTTP library.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# python-telegram-bot's own defaults for HTTPXRequest, in seconds.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
MEDIA_WRITE_TIMEOUT = 20.0
POOL_TIMEOUT = 1.0

_JSON = {"Content-Type": "application/json"}
log = logging.getLogger(__name__)


def _given(value: object, default: float | None) -> float | None:
    """A timeout as asked for by the caller (seconds, or None: no limit), or the default if
    the caller left it out."""
    if isinstance(value, int | float):
        return float(value)
    return None if value is None else default


class AiohttpRequest(BaseRequest):
    """Requests to the Bot API over one aiohttp session (a pool of kept-alive connections).

    A proxy, where the network needs one to reach Telegram, comes from the environment
    (HTTPS_PROXY, NO_PROXY), as with python-telegram-bot's default; it is looked up once per
    host (aiohttp's own `trust_env` would also read ~/.netrc in a thread on every request).

    Args:
        connections: at most this many connections at once (the bot's lanes, the jobs).
    """

    def __init__(self, connections: int = 16) -> None:
        self._connections = connections
        self._proxies: dict[tuple[str, str], str | None] = {}
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return READ_TIMEOUT

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _proxy(self, url: str) -> str | None:
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxies:
            proxies = urllib.request.getproxies()
            bypass = not key[1] or urllib.request.proxy_bypass(key[1])
            self._proxies[key] = None if bypass else proxies.get(key[0])
        return self._proxies[key]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data is not None else None
        data: aiohttp.FormData | bytes | None = None
        headers = None
        if files:
            # File names as UTF-8, not percent-encoded (Telegram would show "%E5%8F%B0…").
            fields = request_data.json_parameters if request_data is not None else {}
            data = aiohttp.FormData(fields, quote_fields=False, charset="utf-8")
            for name, (filename, content, *mime) in files.items():
                data.add_field(
                    name, content, filename=filename, content_type=mime[0] if mime else None
                )
        elif request_data is not None and request_data.parameters:
            # A JSON body, which the Bot API accepts: one C call, where a form is encoded
            # field by field in Python.
            data = json.dumps(request_data.parameters, ensure_ascii=False).encode("utf-8")
            headers = _JSON
        # aiohttp has no write timeout of its own: the time to send counts in the read.
        write = _given(write_timeout, MEDIA_WRITE_TIMEOUT if files else WRITE_TIMEOUT)
        read = _given(read_timeout, READ_TIMEOUT)
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_given(pool_timeout, POOL_TIMEOUT),
            sock_connect=_given(connect_timeout, CONNECT_TIMEOUT),
            sock_read=None if read is None or write is None else read + write,
        )
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout, proxy=self._proxy(url)
            ) as response:
                answer = await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # Some aiohttp errors quote the URL, and a Bot API URL holds the token.
            said = str(exc).replace(url, "<url>").replace(urlsplit(url).path, "<path>")
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {said}") from None
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s: %s", _described(url, request_data), response.status)
        return response.status, answer


def _described(url: str, request_data: RequestData | None) -> str:
    """A request for the log, by its method, ids and lengths: the texts it carries are what
    members wrote or what the bot tells them, and its URL holds the token."""
    said = [url.rsplit("/", 1)[-1]]
    parameters = request_data.parameters if request_data is not None else {}
    for name in ("chat_id", "message_id", "offset", "callback_query_id"):
        if name in parameters:
            said.append(f"{name}={parameters[name]}")
    for name in ("text", "caption"):
        value = parameters.get(name)
        if isinstance(value, str):
            said.append(f"{name} of {len(value)} characters")
    return " ".join(said)
