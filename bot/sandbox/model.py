"""The sandbox's model of Telegram: users, chats, messages, updates, files, and the Bot API on them.

`TelegramSandbox.call(token, method, params, files)` answers a Bot API request as Telegram would —
status code and JSON body, errors in Telegram's shape — from parameters as they travel over HTTP
(strings; JSON for structured values). People act through `send_text`, `press` and `send_file`,
which queue updates as Telegram would deliver them. Everything the bot shows a person is kept in
`outgoing`, in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import math
import struct
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.clock import Clock
from bot.sandbox.html import EntityError, plain_text, utf16_length

JSON = dict[str, Any]
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64


class ApiError(Exception):
    """A Bot API error: HTTP status, Telegram's description, and retry_after for a 429."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Outgoing:
    """Something the bot did that a person sees: a message sent or edited, an answer to a press."""

    seq: int
    method: str
    chat_id: int
    message_id: int | None
    text: str
    html: str | None = None
    buttons: tuple[tuple[Button, ...], ...] = ()
    file_name: str | None = None
    alert: bool = False

    def button_list(self) -> list[Button]:
        return [button for row in self.buttons for button in row]


@dataclass
class UploadedFile:
    file_id: str
    file_unique_id: str
    name: str
    mime_type: str
    content: bytes
    path: str = ""

    def as_document(self) -> JSON:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.name,
            "mime_type": self.mime_type,
            "file_size": len(self.content),
        }


@dataclass
class _Flood:
    """Telegram flood limits: ~30 messages/s overall, ~1/s a chat (in bursts), 20/min a group."""

    monotonic: Callable[[], float]
    overall: deque[float] = field(default_factory=deque)
    per_chat: dict[int, deque[float]] = field(default_factory=dict)

    def check(self, chat_id: int, is_group: bool) -> None:
        now = self.monotonic()
        self._limit(self.overall, now, 1.0, 30)
        window, limit = (60.0, 20) if is_group else (3.0, 3)
        self._limit(self.per_chat.setdefault(chat_id, deque()), now, window, limit)
        self.overall.append(now)
        self.per_chat[chat_id].append(now)

    @staticmethod
    def _limit(stamps: deque[float], now: float, window: float, limit: int) -> None:
        while stamps and stamps[0] <= now - window:
            stamps.popleft()
        if len(stamps) >= limit:
            wait = max(1, math.ceil(stamps[0] + window - now))
            raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)


def _image_size(content: bytes) -> tuple[int, int]:
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    i = 2
    while content[:2] == b"\xff\xd8" and i + 9 < len(content):
        marker, length = content[i + 1], int.from_bytes(content[i + 2 : i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", content[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")


class TelegramSandbox:
    """An in-memory Telegram with one bot."""

    def __init__(
        self,
        *,
        clock: Clock,
        bot_username: str = "activity_sandbox_bot",
        flood_limits: bool = False,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.bot_username = bot_username
        self.bot_id: int | None = None
        self.flood = _Flood(monotonic) if flood_limits else None
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, JSON] = {}
        self.started: set[int] = set()
        self.blocked: set[int] = set()
        self.messages: dict[tuple[int, int], JSON] = {}
        self.outgoing: list[Outgoing] = []
        self.requests: list[tuple[str, JSON]] = []
        self.responses: list[tuple[str, Any]] = []
        self.commands: dict[str, list[JSON]] = {}
        self.files: dict[str, UploadedFile] = {}
        self.webhook: JSON = {"url": "", "secret_token": None}
        self.updates: list[JSON] = []
        self.created_updates: list[JSON] = []
        self.listeners: list[Callable[[Outgoing], None]] = []  # told of each thing the bot shows
        self.callbacks: dict[str, JSON] = {}
        self.answered: dict[str, JSON] = {}
        self.rejections = 0
        self.last_rejection = ""
        self._last_update = 0
        self._last_message: dict[int, int] = {}  # per chat; new chats start above the floor
        self._message_floor = 0
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._seq = itertools.count(1)
        self._arrived: asyncio.Event | None = None
        self._outage_in: int | None = None
        self.closing = False  # the server is stopping: long polls answer at once
        self.in_flight = 0  # Bot API requests being answered over HTTP
        self.idle = asyncio.Event()  # set when the last of them is answered

    # People and chats ---------------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self.users[user_id] = user
        chat = {k: v for k, v in user.items() if k in ("id", "first_name", "last_name", "username")}
        self.chats[user_id] = {**chat, "type": "private"}
        return user

    def add_group(self, chat_id: int, title: str) -> JSON:
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        self.chats[chat_id] = {"id": chat_id, "type": "group", "title": title}
        return self.chats[chat_id]

    def bot_joins_group(self, chat_id: int, title: str, by_user: int) -> JSON:
        """Someone adds the bot to a group: Telegram tells the bot with a my_chat_member update."""
        chat = self.chats.get(chat_id) or self.add_group(chat_id, title)
        change = {
            "chat": chat,
            "from": self.users[by_user],
            "date": self._timestamp(),
            "old_chat_member": {"status": "left", "user": self.me},
            "new_chat_member": {"status": "member", "user": self.me},
        }
        return self._queue({"my_chat_member": change})

    def block(self, user_id: int) -> None:
        self.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self.blocked.discard(user_id)

    # What people do ----------------------------------------------------------------------------

    def send_text(self, user_id: int, text: str, *, chat_id: int | None = None) -> JSON:
        """The user writes `text` in a chat (their private chat with the bot by default)."""
        message = self._user_message(user_id, chat_id, {"text": text, **_entities(text)})
        return self._queue({"message": message})

    def send_file(
        self,
        user_id: int,
        name: str,
        content: bytes,
        *,
        mime_type: str,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> JSON:
        """The user sends a document."""
        stored = self._store_file(name, content, mime_type)
        body: JSON = {"document": stored.as_document()}
        if caption:
            body["caption"] = caption
        return self._queue({"message": self._user_message(user_id, chat_id, body)})

    def send_photo(
        self,
        user_id: int,
        content: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> JSON:
        """The user sends a photo (Telegram hands the bot its sizes; here the one size sent)."""
        stored = self._store_file("photo.jpg", content, "image/jpeg")
        try:
            width, height = _image_size(content)
        except ApiError:
            width, height = 1280, 960
        size = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": len(content),
        }
        body: JSON = {"photo": [size]}
        if caption:
            body["caption"] = caption
        return self._queue({"message": self._user_message(user_id, chat_id, body)})

    def press(self, user_id: int, chat_id: int, message_id: int, callback_data: str) -> JSON:
        """The user presses the button carrying `callback_data` under a message the bot sent."""
        message = self.messages.get((chat_id, message_id))
        if message is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        if callback_data not in {b.get("callback_data") for row in rows for b in row}:
            raise ValueError("that message has no button with this callback_data")
        query: JSON = {
            "id": str(next(self._callback_ids)),
            "from": self.users[user_id],
            "message": message,
            "chat_instance": str(chat_id * 7919),
            "data": callback_data,
        }
        self.callbacks[query["id"]] = query
        return self._queue({"callback_query": query})

    def forge_press(self, user_id: int, chat_id: int, message_id: int, data: str) -> JSON:
        """A press whose data the bot never sent (a crafted client): the bot must refuse it."""
        message = self.messages.get((chat_id, message_id)) or {
            "message_id": message_id,
            "date": 0,
            "chat": self.chats[chat_id],
        }
        query: JSON = {
            "id": str(next(self._callback_ids)),
            "from": self.users[user_id],
            "message": message,
            "chat_instance": str(chat_id * 7919),
            "data": data,
        }
        self.callbacks[query["id"]] = query
        return self._queue({"callback_query": query})

    def _user_message(self, user_id: int, chat_id: int | None, body: JSON) -> JSON:
        user = self.users[user_id]
        chat = self.chats[chat_id if chat_id is not None else user_id]
        if chat["type"] == "private":
            self.started.add(user_id)
            self.blocked.discard(user_id)
        message = {
            "message_id": self._next_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": self._timestamp(),
            **body,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _queue(self, body: JSON) -> JSON:
        self._last_update += 1
        update = {"update_id": self._last_update, **body}
        self.updates.append(update)
        self.created_updates.append(update)
        if self._arrived is not None:
            self._arrived.set()
        return update

    def take(self, update_id: int) -> JSON:
        """Hand one queued update to a driver that processes it itself (it counts as confirmed)."""
        for i, update in enumerate(self.updates):
            if update["update_id"] == update_id:
                return self.updates.pop(i)
        raise KeyError(update_id)

    # The Bot API --------------------------------------------------------------------------------

    async def call(
        self,
        token: str,
        method: str,
        params: Mapping[str, str],
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> tuple[int, bytes]:
        """Answer one Bot API request: (HTTP status, JSON body)."""
        bot_id, sep, secret = token.partition(":")
        if not (sep and bot_id.isdigit() and secret):
            return 401, _dump({"ok": False, "error_code": 401, "description": "Unauthorized"})
        if self.bot_id is None:
            self.bot_id = int(bot_id)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 404, _dump({"ok": False, "error_code": 404, "description": "Not Found"})
        uploads = {name: f"<upload {upload[0]}>" for name, upload in (files or {}).items()}
        self.requests.append((method, {**uploads, **params}))
        try:
            result = await handler(_Params(params, files or {}))
        except ApiError as exc:
            self.rejections += 1
            self.last_rejection = f"{method}: {exc.code} {exc.description}"
            return exc.code, _dump(exc.body())
        self.responses.append((method, result))
        return 200, _dump({"ok": True, "result": result})

    def download(self, file_path: str) -> tuple[int, bytes]:
        for stored in self.files.values():
            if stored.path == file_path:
                return 200, stored.content
        return 404, _dump({"ok": False, "error_code": 404, "description": "Not Found"})

    @property
    def me(self) -> JSON:
        return {
            "id": self.bot_id or 1,
            "is_bot": True,
            "first_name": "activity-bot",
            "username": self.bot_username,
        }

    async def _api_getMe(self, p: _Params) -> JSON:
        return {
            **self.me,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_getUpdates(self, p: _Params) -> list[JSON]:
        if self.webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit = p.integer("offset", 0), p.integer("limit", 100)
        timeout = p.number("timeout", 0)
        if not 1 <= limit <= 100:
            limit = 100
        self._confirm(offset)
        if not self.updates and timeout > 0:
            await self.wait_for_updates(timeout)
            self._confirm(offset)
        return self.updates[:limit]

    async def wait_for_updates(self, seconds: float) -> bool:
        """Wait until an update is queued (or the webhook changes); True if one is there."""
        if not self.updates and not self.closing:
            self._arrived = self._arrived or asyncio.Event()
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), seconds)
        return bool(self.updates)

    def release(self) -> None:
        """End every long poll now, with what is queued (a stopping server answers them
        instead of cutting them off)."""
        self.closing = True
        if self._arrived is not None:
            self._arrived.set()

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

    async def _api_setWebhook(self, p: _Params) -> bool:
        url = p.required("url")
        if url and not url.startswith(("http://", "https://")):
            raise ApiError(400, "Bad Request: bad webhook: an HTTPS URL must be provided")
        if p.flag("drop_pending_updates"):
            self.updates.clear()
        self.webhook = {"url": url, "secret_token": p.get("secret_token")}
        if self._arrived is not None:
            self._arrived.set()
        return True

    async def _api_deleteWebhook(self, p: _Params) -> bool:
        if p.flag("drop_pending_updates"):
            self.updates.clear()
        self.webhook = {"url": "", "secret_token": None}
        return True

    async def _api_getWebhookInfo(self, p: _Params) -> JSON:
        return {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    async def _api_setMyCommands(self, p: _Params) -> bool:
        commands = p.structured("commands")
        if not isinstance(commands, list) or not all(
            isinstance(c, dict) and c.get("command") and c.get("description") for c in commands
        ):
            raise ApiError(400, "Bad Request: BOT_COMMANDS_INVALID")
        self.commands[p.get("language_code") or ""] = commands
        return True

    async def _api_getMyCommands(self, p: _Params) -> list[JSON]:
        return self.commands.get(p.get("language_code") or "", [])

    async def _api_deleteMyCommands(self, p: _Params) -> bool:
        self.commands.pop(p.get("language_code") or "", None)
        return True

    async def _api_sendChatAction(self, p: _Params) -> bool:
        self._chat_for_sending(p.integer("chat_id"))
        return True

    async def _api_close(self, p: _Params) -> bool:
        return True

    async def _api_logOut(self, p: _Params) -> bool:
        return True

    async def _api_sendMessage(self, p: _Params) -> JSON:
        chat = self._chat_for_sending(p.integer("chat_id"))
        text, shown = self._text(
            p, "text", MAX_TEXT, "message text is empty", "message is too long"
        )
        markup = self._markup(p)
        self._flood(chat)
        message = self._bot_message(chat, {"text": shown, **_entities(shown)}, markup)
        self._record("sendMessage", message, shown, text if p.get("parse_mode") else None)
        return message

    async def _api_sendDocument(self, p: _Params) -> JSON:
        chat = self._chat_for_sending(p.integer("chat_id"))
        stored = self._input_file(p, "document")
        body: JSON = {"document": stored.as_document()}
        caption = self._caption(p, body)
        markup = self._markup(p)
        self._flood(chat)
        message = self._bot_message(chat, body, markup)
        self._record("sendDocument", message, caption, None, file_name=stored.name)
        return message

    async def _api_sendPhoto(self, p: _Params) -> JSON:
        chat = self._chat_for_sending(p.integer("chat_id"))
        stored = self._input_file(p, "photo")
        width, height = _image_size(stored.content)
        body: JSON = {
            "photo": [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": width,
                    "height": height,
                    "file_size": len(stored.content),
                }
            ]
        }
        caption = self._caption(p, body)
        markup = self._markup(p)
        self._flood(chat)
        message = self._bot_message(chat, body, markup)
        self._record("sendPhoto", message, caption, None, file_name=stored.name)
        return message

    async def _api_getFile(self, p: _Params) -> JSON:
        stored = self.files.get(p.required("file_id"))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        stored.path = stored.path or f"documents/file_{stored.file_unique_id}"
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.path,
        }

    async def _api_editMessageText(self, p: _Params) -> JSON:
        message = self._message_to_edit(p)
        text, shown = self._text(p, "text", MAX_TEXT, "message text is empty", "MESSAGE_TOO_LONG")
        markup = self._markup(p)
        if shown == message.get("text") and markup == message.get("reply_markup"):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same as a current "
                "content and reply markup of the message",
            )
        message.update({"text": shown, "edit_date": self._timestamp(), **_entities(shown)})
        _set_markup(message, markup)
        self._record("editMessageText", message, shown, text if p.get("parse_mode") else None)
        return message

    async def _api_editMessageReplyMarkup(self, p: _Params) -> JSON:
        message = self._message_to_edit(p)
        markup = self._markup(p)
        if markup == message.get("reply_markup"):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same as a current "
                "content and reply markup of the message",
            )
        message["edit_date"] = self._timestamp()
        _set_markup(message, markup)
        self._record("editMessageReplyMarkup", message, message.get("text", ""), None)
        return message

    async def _api_deleteMessage(self, p: _Params) -> bool:
        key = (p.integer("chat_id"), p.integer("message_id"))
        if self.messages.pop(key, None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    async def _api_answerCallbackQuery(self, p: _Params) -> bool:
        query_id = p.required("callback_query_id")
        if query_id not in self.callbacks or query_id in self.answered:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        text = p.get("text") or ""
        if len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query = self.callbacks[query_id]
        self.answered[query_id] = {"text": text, "show_alert": p.flag("show_alert")}
        if text:
            chat_id = query.get("message", {}).get("chat", {}).get("id", query["from"]["id"])
            self.outgoing.append(
                Outgoing(
                    next(self._seq),
                    "answerCallbackQuery",
                    chat_id,
                    None,
                    text,
                    alert=p.flag("show_alert"),
                )
            )
        return True

    # Helpers ------------------------------------------------------------------------------------

    def _timestamp(self) -> int:
        return int(self.clock.now().timestamp())

    def _next_message_id(self, chat_id: int) -> int:
        last = max(self._last_message.get(chat_id, 0), self._message_floor)
        self._last_message[chat_id] = last + 1
        return last + 1

    def continue_after(self, update_id: int, message_id: int) -> None:
        """Number what comes next above these ids, as Telegram never gives an update id or a
        chat's message id twice: a sandbox started again on a bot's old data goes on from them."""
        self._last_update = max(self._last_update, update_id)
        self._message_floor = max(self._message_floor, message_id)

    def numbering(self) -> JSON:
        """The last ids given, to keep across a restart (`continue_after`)."""
        return {
            "update_id": self._last_update,
            "message_id": max([self._message_floor, *self._last_message.values()]),
        }

    def _chat_for_sending(self, chat_id: int) -> JSON:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat["type"] == "private":
            if chat_id in self.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if chat_id not in self.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def outage_after(self, sends: int | None) -> None:
        """After this many more messages, answer every send with 502 (None: no outage)."""
        self._outage_in = sends

    def _flood(self, chat: JSON) -> None:
        if self._outage_in is not None:
            if self._outage_in <= 0:
                raise ApiError(502, "Bad Gateway")
            self._outage_in -= 1
        if self.flood is not None:
            self.flood.check(chat["id"], chat["type"] != "private")

    def _text(self, p: _Params, name: str, limit: int, empty: str, long: str) -> tuple[str, str]:
        text = p.get(name) or ""
        mode = (p.get("parse_mode") or "").upper()
        shown = text
        if mode == "HTML":
            try:
                shown = plain_text(text)
            except EntityError as exc:
                raise ApiError(400, f"Bad Request: {exc}") from None
        elif mode:
            raise ApiError(400, f"Bad Request: unsupported parse_mode {mode}")
        if not shown.strip():
            raise ApiError(400, f"Bad Request: {empty}")
        if utf16_length(shown) > limit:
            raise ApiError(400, f"Bad Request: {long}")
        return text, shown

    def _caption(self, p: _Params, body: JSON) -> str:
        if not p.get("caption"):
            return ""
        _, shown = self._text(
            p, "caption", MAX_CAPTION, "caption is empty", "message caption is too long"
        )
        body["caption"] = shown
        return shown

    def _markup(self, p: _Params) -> JSON | None:
        markup = p.structured("reply_markup") if p.get("reply_markup") else None
        if markup is None or "inline_keyboard" not in markup:
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise ApiError(
                400,
                "Bad Request: can't parse inline keyboard button: "
                "InlineKeyboardButton must be an Object",
            )
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard",
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if data is None and not button.get("url"):
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: "
                        'field "callback_data" or "url" must be present',
                    )
        return {"inline_keyboard": rows}

    def _input_file(self, p: _Params, name: str) -> UploadedFile:
        value = p.get(name) or ""
        upload = p.files.get(value.removeprefix("attach://")) or p.files.get(name)
        if upload is not None:
            file_name, content, mime = upload
            return self._store_file(file_name, content, mime)
        if value in self.files:
            return self.files[value]
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _store_file(self, name: str, content: bytes, mime_type: str) -> UploadedFile:
        unique = hashlib.sha256(content).hexdigest()[:16]
        file_id = f"SBX{next(self._file_ids):06d}{unique}"
        stored = UploadedFile(file_id, unique, name, mime_type, content)
        self.files[file_id] = stored
        return stored

    def _bot_message(self, chat: JSON, body: JSON, markup: JSON | None) -> JSON:
        message: JSON = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self.me,
            "chat": chat,
            "date": self._timestamp(),
            **body,
        }
        _set_markup(message, markup)
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _message_to_edit(self, p: _Params) -> JSON:
        if p.get("inline_message_id"):
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        message = self.messages.get((p.integer("chat_id"), p.integer("message_id")))
        if message is None or message["from"].get("id") != self.me["id"]:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _record(
        self, method: str, message: JSON, text: str, html: str | None, file_name: str | None = None
    ) -> None:
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        buttons = tuple(
            tuple(Button(b["text"], b.get("callback_data"), b.get("url")) for b in row)
            for row in rows
        )
        self.outgoing.append(
            Outgoing(
                next(self._seq),
                method,
                message["chat"]["id"],
                message["message_id"],
                text,
                html,
                buttons,
                file_name,
            )
        )
        for listener in self.listeners:
            listener(self.outgoing[-1])


class _Params:
    """Bot API parameters as they come over HTTP: strings, with JSON for structured values."""

    def __init__(self, raw: Mapping[str, str], files: Mapping[str, tuple[str, bytes, str]]):
        self.raw = raw
        self.files = files

    def get(self, name: str) -> str | None:
        value = self.raw.get(name)
        return None if value is None else str(value)

    def required(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise ApiError(400, f'Bad Request: parameter "{name}" is required')
        return value

    def integer(self, name: str, default: int | None = None) -> int:
        value = self.get(name)
        if value is None:
            if default is None:
                raise ApiError(400, f'Bad Request: parameter "{name}" is required')
            return default
        try:
            return int(value)
        except ValueError:
            raise ApiError(400, f"Bad Request: invalid {name} specified") from None

    def number(self, name: str, default: float) -> float:
        value = self.get(name)
        try:
            return default if value is None else float(value)
        except ValueError:
            raise ApiError(400, f"Bad Request: invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        return (self.get(name) or "").lower() in ("true", "1")

    def structured(self, name: str) -> Any:
        try:
            return json.loads(self.required(name))
        except ValueError:
            raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None


def _set_markup(message: JSON, markup: JSON | None) -> None:
    if markup and markup["inline_keyboard"]:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _entities(text: str) -> JSON:
    if text.startswith("/"):
        command = text.split()[0]
        return {"entities": [{"type": "bot_command", "offset": 0, "length": utf16_length(command)}]}
    return {}


def _dump(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
