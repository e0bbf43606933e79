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
    "console.intro": (
        "activity-bot 本地控制台（沙盒 Telegram，不连接网络）。\n"
        "时钟：{now}（沙盒时间，用 :clock 修改）。\n"
        "您现在以 {name}（{roles}）的身份发言。\n"
        "试着发送：/start，或者直接写一句您做过的工作。\n"
        "控制台命令：:as 姓名 切换身份，:press 编号 按按钮，:help 查看全部，:quit 退出。"
    ),
    "console.loaded_roster": "数据库是空的，已载入示例名单 {path}（{count} 人）。",
    "console.no_roster": "名单是空的。请先导入：activity-bot roster import 文件.csv",
    "console.as": "现在以 {name}（{roles}）的身份发言。",
    "console.as_stranger": "现在以陌生账号“{name}”发言（不在名单上，或尚未绑定 Telegram）。",
    "console.clock": "时钟已设为 {now}。",
    "console.help": (
        "控制台命令：\n"
        "  :as 姓名            以名单上某人的身份发言（不在名单上的名字是陌生账号）\n"
        "  :press 编号|文字     按最近一组按钮中的第 N 个，或文字包含该内容的按钮\n"
        "  :clock 日期[T时:分]  设置沙盒时钟，例如 :clock 2022-06-15T10:00\n"
        "  :digest             立即运行每周提示\n"
        "  :file 路径 [说明]    发送一个文件\n"
        "  :quit               退出\n"
        "其他任何一行都作为消息发给机器人。"
    ),
    "console.no_digest": "每周提示尚未实现，没有发送任何内容。",
    "console.error": "控制台：{error}",
    "console.need_name": ":as 后面请写姓名",
    "console.need_button": ":press 后面请写按钮编号或按钮上的文字",
    "console.no_keyboard": "这个对话里没有可以按的按钮",
    "console.no_button": "没有找到按钮“{choice}”",
    "console.bad_clock": "时间格式应为 2022-06-15 或 2022-06-15T10:00",
    "console.need_path": ":file 后面请写文件路径",
    "console.no_file": "读不到文件 {path}",
    "console.unknown": "没有 :{command} 这个命令（发送 :help 查看）",
    "console.bye": "再见。",
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
    "console.intro": (
        "activity-bot local console (a sandbox Telegram, no network).\n"
        "Clock: {now} (sandbox time; change it with :clock).\n"
        "You are writing as {name} ({roles}).\n"
        "Try /start, or just write one line about something you did.\n"
        "Console commands: :as NAME to switch person, :press N to press a button, "
        ":help for all, :quit to leave."
    ),
    "console.loaded_roster": "The database was empty; loaded the example roster {path} "
    "({count} people).",
    "console.no_roster": "The roster is empty. Import one: activity-bot roster import FILE.csv",
    "console.as": "Now writing as {name} ({roles}).",
    "console.as_stranger": 'Now writing as an unknown account "{name}" (not on the roster, '
    "or not yet joined on Telegram).",
    "console.clock": "Clock set to {now}.",
    "console.help": (
        "Console commands:\n"
        "  :as NAME             write as this roster member (other names are unknown accounts)\n"
        "  :press N|TEXT        press button N of the last keyboard, or the one whose label "
        "contains TEXT\n"
        "  :clock DATE[THH:MM]  set the sandbox clock, e.g. :clock 2022-06-15T10:00\n"
        "  :digest              run the weekly digest now\n"
        "  :file PATH [caption] send a file\n"
        "  :quit                leave\n"
        "Any other line is a message to the bot."
    ),
    "console.no_digest": "The weekly digest is not built yet; nothing was sent.",
    "console.error": "console: {error}",
    "console.need_name": ":as needs a name",
    "console.need_button": ":press needs a button number or part of its label",
    "console.no_keyboard": "there are no buttons to press in this chat",
    "console.no_button": 'no button "{choice}"',
    "console.bad_clock": "write the time as 2022-06-15 or 2022-06-15T10:00",
    "console.need_path": ":file needs a file path",
    "console.no_file": "cannot read the file {path}",
    "console.unknown": "there is no command :{command} (try :help)",
    "console.bye": "Bye.",
}

CATALOGS: dict[str, dict[str, str]] = {"zh": ZH, "en": EN}


def t(lang: str, key: str, **fields: Any) -> str:
    """The sentence `key` in `lang` (Chinese when the language is unknown), fields filled in."""
    catalog = CATALOGS.get(lang, ZH)
    return catalog[key].format(**fields) if fields else catalog[key]
