"""The local console: the real bot in a terminal, on an in-process sandbox Telegram.

You write as a roster member; the bot's replies print on lines that begin with `bot> ` and name
the chat; buttons print numbered. Lines that begin with ':' speak to the console itself.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import mimetypes
import shlex
import sys
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import TextIO

from bot.clock import SettableClock
from bot.core.formatting import format_moment
from bot.core.people import Member
from bot.core.plan import PlanBook
from bot.i18n import t
from bot.sandbox.driver import SandboxBot, pick_button
from bot.sandbox.model import Outgoing
from bot.services import Services
from bot.settings import Settings

EXAMPLE_ROSTER = Path(__file__).resolve().parent.parent / "examples" / "roster.csv"
STRANGER_IDS = 900_000_000


def console_start(plans: PlanBook, now: dt.datetime) -> dt.datetime:
    """The console's first "now": today if a plan covers it, else this day of the plan's year."""
    if plans.for_day(now.date()) is not None:
        return now.replace(second=0, microsecond=0)
    year = plans.latest().year
    day = now.date()
    day = dt.date(year, day.month, min(day.day, 28) if day.month == 2 else day.day)
    return dt.datetime.combine(day, now.time(), now.tzinfo).replace(second=0, microsecond=0)


class ConsoleError(Exception):
    """A console line that cannot be carried out; `key` names the sentence in the catalog."""

    def __init__(self, key: str, **fields: str) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


class Console:
    """One person at a terminal, speaking as one roster member at a time."""

    def __init__(self, bot: SandboxBot, clock: SettableClock, out: TextIO, lang: str) -> None:
        self.bot = bot
        self.clock = clock
        self.out = out
        self.lang = lang
        self.members: dict[str, Member] = {}
        self.names: dict[int, str] = {}
        self.user_id = 0
        self.errors = 0
        self._strangers: dict[str, int] = {}

    @property
    def services(self) -> Services:
        return self.bot.application.bot_data.services

    def say(self, text: str) -> None:
        self.out.write(text.rstrip("\n") + "\n")
        self.out.flush()

    async def prepare(self, as_name: str | None) -> None:
        """Load the example roster into an empty database, and give everyone an account."""
        self.bot.sandbox.continue_after(*await self.services.highest_ids())
        members = await self.services.members()
        if not members and EXAMPLE_ROSTER.exists():
            text = await asyncio.to_thread(EXAMPLE_ROSTER.read_text, encoding="utf-8")
            result = await self.services.import_roster(text, str(EXAMPLE_ROSTER))
            self.say(
                t(
                    self.lang,
                    "console.loaded_roster",
                    path="examples/roster.csv",
                    count=result.created,
                )
            )
            members = await self.services.members()
        if not members:
            self.say(t(self.lang, "console.no_roster"))
        for member in members:
            self.members[member.name] = member
            if member.telegram_id is not None and member.active:
                self.bot.add_member(member)
                self.names[member.telegram_id] = member.name
        default = next(
            (m.name for m in members if "secretary" in m.roles and m.telegram_id),
            members[0].name if members else "访客",
        )
        self.switch(as_name or default, announce=False)
        self.say(
            t(
                self.lang,
                "console.intro",
                now=format_moment(self.clock.now(), self.lang),
                name=self.current_name,
                roles=self.roles_of(self.current_name),
            )
        )

    @property
    def current_name(self) -> str:
        return self.names.get(self.user_id, "?")

    def roles_of(self, name: str) -> str:
        member = self.members.get(name)
        if member is None:
            return "—"
        plan = self.bot.application.bot_data.services.plans.latest()
        return "、".join(plan.role_label(r, self.lang) for r in sorted(member.roles))

    def switch(self, name: str, *, announce: bool = True) -> None:
        member = self.members.get(name)
        if member is not None and member.telegram_id is not None and member.active:
            self.user_id = member.telegram_id
            if announce:
                self.say(t(self.lang, "console.as", name=name, roles=self.roles_of(name)))
            return
        if name not in self._strangers:
            self._strangers[name] = STRANGER_IDS + len(self._strangers) + 1
            self.bot.add_user(self._strangers[name], name, lang=self.lang)
            self.names[self._strangers[name]] = name
        self.user_id = self._strangers[name]
        if announce:
            self.say(t(self.lang, "console.as_stranger", name=name))

    def show(self, replies: Iterable[Outgoing]) -> None:
        for reply in replies:
            chat = self.bot.sandbox.chats.get(reply.chat_id, {})
            where = self.names.get(reply.chat_id) or chat.get("title") or str(reply.chat_id)
            prefix = f"bot> [{where}] "
            if reply.method == "answerCallbackQuery":
                self.say(f"{prefix}« {reply.text} »")
                continue
            if reply.method.startswith("edit"):
                prefix += "(✎) "
            if reply.file_name:
                self.say(f"{prefix}📎 {reply.file_name}")
            for line in reply.text.splitlines() or [""]:
                self.say(f"{prefix}{line}")
            number = 0
            for row in reply.buttons:
                labels = []
                for button in row:
                    number += 1
                    labels.append(f"({number}) {button.text}")
                self.say(f"{prefix}{'  '.join(labels)}")

    async def handle(self, line: str) -> bool:
        """Act on one line; False when the person wants to leave."""
        line = line.strip()
        if not line:
            return True
        if not line.startswith(":"):
            self.show(await self.bot.send(self.user_id, line))
            return True
        command, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        try:
            return await self._command(command, rest)
        except ConsoleError as exc:
            self.errors += 1
            self.say(t(self.lang, "console.error", error=t(self.lang, exc.key, **exc.fields)))
            return True

    async def _command(self, command: str, rest: str) -> bool:
        if command in ("quit", "exit", "q"):
            return False
        if command == "help":
            self.say(t(self.lang, "console.help"))
        elif command == "as":
            if not rest:
                raise ConsoleError("console.need_name")
            self.switch(rest)
        elif command == "press":
            await self._press(rest)
        elif command == "clock":
            try:
                moment = dt.datetime.fromisoformat(rest)
            except ValueError:
                raise ConsoleError("console.bad_clock") from None
            self.clock.set(moment)
            self.say(t(self.lang, "console.clock", now=format_moment(self.clock.now(), self.lang)))
        elif command == "digest":
            shown = await self.bot.run_jobs()
            self.show(shown)
            if not shown:
                self.say(t(self.lang, "console.no_digest"))
        elif command == "file":
            try:
                parts = shlex.split(rest)
            except ValueError:
                parts = rest.split()
            if not parts:
                raise ConsoleError("console.need_path")
            path = Path(parts[0])
            try:
                content = await asyncio.to_thread(path.read_bytes)
            except OSError:
                raise ConsoleError("console.no_file", path=str(path)) from None
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            caption = " ".join(parts[1:]) or None
            self.show(
                await self.bot.send_file(
                    self.user_id, path.name, content, mime_type=mime, caption=caption
                )
            )
        else:
            raise ConsoleError("console.unknown", command=command)
        return True

    async def _press(self, choice: str) -> None:
        if not choice:
            raise ConsoleError("console.need_button")
        shown = self.bot.last_keyboard(self.user_id)
        if shown is None:
            raise ConsoleError("console.no_keyboard")
        wanted: int | str = int(choice) if choice.isdecimal() else choice
        try:
            pick_button(shown.button_list(), wanted)
        except LookupError:
            raise ConsoleError("console.no_button", choice=choice) from None
        self.show(await self.bot.press(self.user_id, wanted))


async def _lines(script: Path | None, interactive: bool, prompt: Console) -> AsyncIterator[str]:
    if script is not None:
        text = await asyncio.to_thread(script.read_text, encoding="utf-8")
        for line in text.splitlines():
            prompt.say(f"{prompt.current_name}> {line}")
            yield line
        return
    if not interactive:
        for line in sys.stdin:
            prompt.say(f"{prompt.current_name}> {line.rstrip()}")
            yield line
        return
    import readline  # noqa: F401  (line editing and history for input())

    while True:
        try:
            yield await asyncio.to_thread(input, f"{prompt.current_name}> ")
        except EOFError:
            return


async def run_console(
    settings: Settings,
    plans: PlanBook,
    *,
    as_name: str | None = None,
    script: Path | None = None,
    out: TextIO = sys.stdout,
    interactive: bool | None = None,
) -> int:
    """Run the console until the input ends; exit code 2 if a scripted line was refused."""
    clock = SettableClock(settings.zone, console_start(plans, dt.datetime.now(settings.zone)))
    live = sys.stdin.isatty() if interactive is None else interactive
    async with SandboxBot.open(settings, plans, clock) as bot:
        console = Console(bot, clock, out, settings.language)
        await console.prepare(as_name)
        async for line in _lines(script, live and script is None, console):
            if not await console.handle(line):
                break
        if live and script is None:
            console.say(t(settings.language, "console.bye"))
    return 2 if console.errors and not (live and script is None) else 0
