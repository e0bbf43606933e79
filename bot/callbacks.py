"""Button payloads: short, strictly parsed, never trusted (the service checks every one).

d:<id>:<action>[:<arg>]    a draft's card          (ok, x, kind, k, date, cal, day, a, dup,
                                                    who, m, back)
g:<id>:<action>            every draft of the message that made draft <id> (ok, x)
h:<id>:<action>            a record in /history   (edit, del, delok, keep, restore)
j:<id>:<action>[:<member>] a join request         (bind, pick, back, no)
l:<action>:<kind>[:<arg>]  the guided /log flow   (k, c, d; rm: remind me on that day)
n                          a button that does nothing (calendar padding)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
ACTIONS = {
    "d": {"ok", "x", "kind", "k", "date", "cal", "day", "a", "dup", "who", "m", "back"},
    "g": {"ok", "x"},
    "h": {"edit", "del", "delok", "keep", "restore"},
    "j": {"bind", "pick", "back", "no"},
    "l": {"k", "c", "d", "start", "rm"},
    "p": {"me", "back", "unit", "people"},
    "s": {"show", "day", "hour", "pause", "resume", "mute", "unmute", "quiet"},
}
SHAPE = re.compile(
    r"^(?:(?P<scope>[dghj]):(?P<target>\d{1,12}):(?P<action>[a-z]{1,8})"
    r"(?::(?P<arg>[A-Za-z0-9_\-]{1,40}))?|l:(?P<laction>[a-z]{1,5})"
    r"(?::(?P<lkind>[a-z0-9_\-]{1,40}))?(?::(?P<larg>\d{6,8}))?|p:(?P<view>[a-z]{1,8})|s:(?P<setting>[a-z]{1,8})(?::(?P<value>\d{1,2}))?|(?P<noop>n))$"
)


@dataclass(frozen=True)
class Press:
    """A parsed button press."""

    scope: str
    action: str
    target: int | None = None
    arg: str | None = None


def parse(data: str | None) -> Press | None:
    """The press a payload stands for, or None for anything malformed."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    match = SHAPE.match(data)
    if match is None:
        return None
    if match["noop"]:
        return Press("n", "noop")
    if match["setting"]:
        if match["setting"] not in ACTIONS["s"]:
            return None
        return Press("s", match["setting"], None, match["value"])
    if match["view"]:
        return Press("p", match["view"]) if match["view"] in ACTIONS["p"] else None
    if match["scope"]:
        if match["action"] not in ACTIONS[match["scope"]]:
            return None
        return Press(match["scope"], match["action"], int(match["target"]), match["arg"])
    if match["laction"] not in ACTIONS["l"]:
        return None
    return Press(
        "l",
        match["laction"],
        None,
        ":".join(part for part in (match["lkind"], match["larg"]) if part) or None,
    )


def make(scope: str, action: str, target: int | None = None, arg: str | None = None) -> str:
    """Build a payload; raises ValueError if it would not fit Telegram's 64 bytes."""
    if scope == "n":
        data = "n"
    elif scope in ("p", "s"):
        data = ":".join(p for p in (scope, action, arg) if p)
    elif scope == "l":
        data = ":".join(p for p in ("l", action, arg) if p)
    else:
        data = ":".join(p for p in (scope, str(target), action, arg) if p)
    if len(data.encode("utf-8")) > MAX_BYTES or parse(data) is None:
        raise ValueError(f"bad button payload {data!r}")
    return data
