"""The sandbox over HTTP: the Bot API at /bot<TOKEN>/<method>, files, webhook delivery, and a
small control API under /sandbox/ through which a test or a benchmark acts as the people.

Only for 127.0.0.1: the control API lets anyone on the socket speak as any user.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import asdict
from typing import Any

import httpx
import tornado.web
from tornado.httpserver import HTTPServer
from tornado.iostream import StreamClosedError
from tornado.netutil import bind_sockets

from bot.sandbox.model import TelegramSandbox

log = logging.getLogger(__name__)


class _Base(tornado.web.RequestHandler):
    sandbox: TelegramSandbox

    def initialize(self, sandbox: TelegramSandbox) -> None:
        self.sandbox = sandbox

    def reply(self, status: int, body: bytes) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(body)

    def send_json(self, value: Any, status: int = 200) -> None:
        self.reply(status, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def body_json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.request.body or b"{}")
        except ValueError as exc:
            raise tornado.web.HTTPError(400, "body is not JSON") from exc
        if not isinstance(value, dict):
            raise tornado.web.HTTPError(400, "body is not a JSON object")
        return value


class ApiHandler(_Base):
    """/bot<TOKEN>/<method>: query, form, multipart or JSON parameters, as Telegram accepts."""

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        params: dict[str, str] = {}
        for source in (self.request.query_arguments, self.request.body_arguments):
            for name, values in source.items():
                params[name] = values[-1].decode("utf-8")
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and self.request.body:
            for name, value in self.body_json().items():
                params[name] = value if isinstance(value, str) else json.dumps(value)
        files = {
            name: (parts[0].filename, parts[0].body, parts[0].content_type)
            for name, parts in self.request.files.items()
        }
        self.sandbox.in_flight += 1
        try:
            status, body = await self.sandbox.call(token, method, params, files)
        finally:
            self.sandbox.in_flight -= 1
            if not self.sandbox.in_flight:
                self.sandbox.idle.set()
        if self.request.connection is None or self._finished:
            return
        try:
            self.reply(status, body)
        except StreamClosedError:  # the bot went away during a long poll
            return


class FileHandler(_Base):
    def get(self, token: str, path: str) -> None:
        status, body = self.sandbox.download(path)
        self.set_status(status)
        self.finish(body)


class ControlHandler(_Base):
    """/sandbox/<action>: what people do, and what the bot has shown them."""

    def get(self, action: str) -> None:
        if action == "outgoing":
            since = int(self.get_query_argument("since", "0"))
            shown = [asdict(o) for o in self.sandbox.outgoing if o.seq > since]
            self.send_json(shown)
        elif action == "state":
            self.send_json(
                {
                    "pending_updates": len(self.sandbox.updates),
                    "webhook": self.sandbox.webhook["url"],
                    "rejections": self.sandbox.rejections,
                    "requests": len(self.sandbox.requests),
                }
            )
        else:
            raise tornado.web.HTTPError(404)

    def post(self, action: str) -> None:
        body = self.body_json()
        box = self.sandbox
        try:
            if action == "users":
                box.add_user(
                    int(body["id"]),
                    str(body["first_name"]),
                    language_code=body.get("language_code", "zh-hans"),
                )
                self.send_json({"ok": True})
            elif action == "groups":
                box.add_group(int(body["id"]), str(body["title"]))
                self.send_json({"ok": True})
            elif action == "send":
                update = box.send_text(
                    int(body["user_id"]), str(body["text"]), chat_id=body.get("chat_id")
                )
                message_id = update["message"]["message_id"]
                self.send_json({"update_id": update["update_id"], "message_id": message_id})
            elif action == "press":
                update = box.press(
                    int(body["user_id"]),
                    int(body["chat_id"]),
                    int(body["message_id"]),
                    str(body["callback_data"]),
                )
                self.send_json({"update_id": update["update_id"]})
            elif action == "block":
                box.block(int(body["user_id"]))
                self.send_json({"ok": True})
            elif action == "clock":
                from datetime import datetime

                set_clock = getattr(box.clock, "set", None)
                if set_clock is None:
                    raise ValueError("this sandbox's clock cannot be set")
                set_clock(datetime.fromisoformat(str(body["now"])))
                self.send_json({"now": box.clock.now().isoformat()})
            else:
                raise tornado.web.HTTPError(404)
        except (KeyError, ValueError, TypeError) as exc:
            self.send_json({"ok": False, "error": str(exc)}, status=400)


def make_app(sandbox: TelegramSandbox) -> tornado.web.Application:
    args = {"sandbox": sandbox}
    return tornado.web.Application(
        [
            (r"/bot([^/]+)/([A-Za-z]+)", ApiHandler, args),
            (r"/file/bot([^/]+)/(.+)", FileHandler, args),
            (r"/sandbox/([a-z]+)", ControlHandler, args),
        ]
    )


class SandboxServer:
    """Serves a sandbox on 127.0.0.1 and delivers its updates to a webhook once one is set."""

    def __init__(self, sandbox: TelegramSandbox, *, host: str = "127.0.0.1", port: int = 0):
        self.sandbox = sandbox
        self.host = host
        self.port = port
        self._server: HTTPServer | None = None
        self._pump: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        sockets = bind_sockets(self.port, self.host)
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(make_app(self.sandbox))
        self._server.add_sockets(sockets)
        self.sandbox.closing = False
        self._pump = asyncio.create_task(self._deliver())

    async def stop(self, grace: float = 2.0) -> None:
        """Answer the requests in flight (long polls end with what is queued), then close."""
        self.sandbox.release()
        if self.sandbox.in_flight:
            self.sandbox.idle.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.sandbox.idle.wait(), grace)
        if self._pump is not None:
            # The pump sees `closing` and ends by itself. (Not cancelled first: on Python 3.11
            # asyncio.wait_for drops a cancellation that lands as what it waits for completes.)
            await asyncio.wait({self._pump}, timeout=grace)
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    async def _deliver(self) -> None:
        """POST queued updates, in order, to the webhook; each leaves the queue on a 2xx."""
        async with httpx.AsyncClient(timeout=10) as client:
            while not self.sandbox.closing:
                hook = self.sandbox.webhook
                if not hook["url"] or not self.sandbox.updates:
                    await self.sandbox.wait_for_updates(0.5)
                    if not hook["url"]:
                        await asyncio.sleep(0.05)
                    continue
                update = self.sandbox.updates[0]
                headers = {"Content-Type": "application/json"}
                if hook["secret_token"]:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
                try:
                    response = await client.post(
                        hook["url"], content=json.dumps(update), headers=headers
                    )
                    delivered = 200 <= response.status_code < 300
                except httpx.HTTPError:
                    delivered = False
                if delivered:
                    if self.sandbox.updates and self.sandbox.updates[0] is update:
                        self.sandbox.updates.pop(0)
                else:
                    await asyncio.sleep(0.2)
