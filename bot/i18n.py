"""Every sentence the bot writes, in Chinese (first) and English.

Handlers never hold user-facing text; they ask for a key and fill its fields. Fields that carry
what a user wrote must be escaped by the caller (`html.escape`) since replies use parse_mode=HTML.
"""

from __future__ import annotations

from typing import Any

ZH: dict[str, str] = {
    "start.member": (
        "您好，{name}。\n"
        "直接发一句话记录您做过的工作，例如：\n"
        "“3月15日给全体干部职工讲了一堂廉政党课”\n"
        "发送 /help 查看全部命令。"
    ),
    "start.stranger": "您尚未加入。请向综合科索取邀请链接，点击后即可使用。",
    "help": (
        "可用命令：\n"
        "/start — 开始使用\n"
        "/help — 查看帮助\n"
        "\n记录工作：直接写一句话，例如“昨天到村镇银行调研”。"
    ),
    "command.start": "开始使用",
    "command.help": "查看帮助",
    "outside_plan": "{day}不在已加载的工作计划年度内（已加载：{years}年）。",
    "error": "处理这条消息时出错了，已记录。请稍后再试。",
}

EN: dict[str, str] = {
    "start.member": (
        "Hello, {name}.\n"
        "Tell me what you did in one line, for example:\n"
        '"Gave an integrity lecture to all staff on 15 March"\n'
        "Send /help for all commands."
    ),
    "start.stranger": (
        "You have not joined yet. Ask the general office for an invitation link; "
        "open it and you can start."
    ),
    "help": (
        "Commands:\n"
        "/start — get started\n"
        "/help — this help\n"
        '\nTo log an activity, just write it, e.g. "visited a rural bank for research yesterday".'
    ),
    "command.start": "Get started",
    "command.help": "Help",
    "outside_plan": "{day} is outside the years of the loaded plans ({years}).",
    "error": "Something went wrong with that message; it has been logged. Please try again later.",
}

CATALOGS: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}


def t(lang: str, key: str, **fields: Any) -> str:
    """The sentence `key` in `lang` (Chinese when the language is unknown), fields filled in."""
    catalog = CATALOGS.get(lang, ZH)
    return catalog[key].format(**fields) if fields else catalog[key]
