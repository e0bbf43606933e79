"""In a group the bot writes nothing personal: admin commands and documents answer privately."""

from __future__ import annotations

import pytest

from bot.sandbox.driver import SandboxBot

SECRETARY, DEPUTY, CLERK, STAFF = 100001, 100002, 100004, 100009
GROUP = -600
NAMES = ("王建国", "李明", "赵敏", "陈静", "刘洋", "孙伟", "周婷", "吴强", "郑磊", "Alice", "何平")


def said_in_group(chat: SandboxBot) -> list[tuple[str, str, str | None]]:
    return [(o.method, o.text, o.file_name) for o in chat.sandbox.outgoing if o.chat_id == GROUP]


@pytest.mark.parametrize(
    ("user", "command", "name", "private"),
    [
        (CLERK, "/invite 何平", "陈静", ["sendMessage"]),
        (CLERK, "/roster", "陈静", ["sendMessage"]),
        (SECRETARY, "/member 李明 supervises=综合科", "王建国", ["sendMessage"]),
        (CLERK, "/member 张三丰 leave", "陈静", ["sendMessage"]),
        (CLERK, "/export", "陈静", ["sendDocument"]),
        (DEPUTY, "/summary", "李明", ["sendMessage", "sendDocument"]),
        (CLERK, "/summary 王建国", "陈静", ["sendMessage", "sendDocument"]),
    ],
)
async def test_an_admin_command_or_a_document_asked_in_a_group_goes_privately(
    chat: SandboxBot, user: int, command: str, name: str, private: list[str]
) -> None:
    chat.sandbox.add_group(GROUP, "银行保险科群")
    replies = await chat.send(user, command, chat_id=GROUP)
    assert [r.method for r in replies if r.chat_id == user] == private
    assert said_in_group(chat) == [("sendMessage", f"已私信 {name}。", None)]
    assert {r.chat_id for r in replies} == {user, GROUP}


async def test_an_invitation_link_is_only_ever_sent_privately(chat: SandboxBot) -> None:
    chat.sandbox.add_group(GROUP, "银行保险科群")
    replies = await chat.send(CLERK, "/invite 何平", chat_id=GROUP)
    [link] = [r for r in replies if "?start=" in r.text]
    assert link.chat_id == CLERK and link.text.startswith(
        "何平的邀请链接（7天内有效，只能使用一次）"
    )
    chat.sandbox.started.discard(SECRETARY)  # never opened a private chat with the bot
    [answer] = await chat.send(SECRETARY, "/invite 何平", chat_id=GROUP)
    assert (answer.chat_id, answer.text) == (
        GROUP,
        "王建国，请先在私聊中向机器人发送 /start，之后即可在私聊中查看。",
    )
    shown = [o for o in chat.sandbox.outgoing if "?start=" in o.text]
    assert [o.chat_id for o in shown] == [CLERK]


async def test_the_roster_in_a_group_names_nobody(chat: SandboxBot) -> None:
    chat.sandbox.add_group(GROUP, "银行保险科群")
    chat.sandbox.started.discard(CLERK)
    for command in ("/roster", "/member 李明 supervises=综合科", "/export", "/summary 王建国"):
        await chat.send(CLERK, command, chat_id=GROUP)
    said = said_in_group(chat)
    assert {text for _, text, _ in said} == {
        "陈静，请先在私聊中向机器人发送 /start，之后即可在私聊中查看。"
    }
    assert not [f for _, _, f in said if f]
    assert not any(name in text for _, text, _ in said for name in NAMES if name != "陈静")


async def test_an_invitation_opened_in_a_group_is_answered_privately(chat: SandboxBot) -> None:
    [link] = await chat.send(CLERK, "/invite 何平")
    code = link.text.split("?start=")[1].split()[0]
    chat.sandbox.add_group(GROUP, "银行保险科群")
    chat.add_user(777, "平")
    await chat.send(777, "/help")  # a private chat with the bot
    replies = await chat.send(777, f"/start {code}", chat_id=GROUP)
    assert [(r.chat_id, r.text.splitlines()[0]) for r in replies] == [
        (777, "已加入。您好，何平。"),
        (GROUP, "已私信 何平。"),
    ]
