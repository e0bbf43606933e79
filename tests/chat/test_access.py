"""Joining, administration, refusals, the audit trail, and secrets in logs."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest

from bot.sandbox.driver import SANDBOX_TOKEN, SandboxBot
from tests.chat.helpers import audit, labels

SECRETARY, DEPUTY, CLERK, HEAD, STAFF, CLERK2 = 100001, 100002, 100004, 100005, 100009, 100008
NEWCOMER = 777
STRANGER_TEXT = (
    "您尚未加入。请向综合科索取邀请链接，点击后即可使用。也可以发送“/join 您的姓名”申请加入。"
)


async def invite(chat: SandboxBot, name: str) -> str:
    [answer] = await chat.send(CLERK, f"/invite {name}")
    match = re.search(r"https://t\.me/activity_sandbox_bot\?start=([A-Za-z0-9_-]+)", answer.text)
    assert match, answer.text
    return match.group(1)


async def test_an_invitation_binds_an_account_once(chat: SandboxBot) -> None:
    code = await invite(chat, "何平")
    chat.add_user(NEWCOMER, "平")
    [welcome] = await chat.send(NEWCOMER, f"/start {code}")
    assert welcome.text.startswith("已加入。您好，何平。")
    [remaining] = await chat.send(NEWCOMER, "/remaining")
    assert remaining.text.startswith("截至6月15日，您的任务：")
    chat.add_user(NEWCOMER + 1, "冒名")
    [refused] = await chat.send(NEWCOMER + 1, f"/start {code}")
    assert refused.text == "邀请链接无效、已使用或已过期。请向综合科重新索取。"
    join = (await audit(chat, "member"))[-1]
    assert join.action == "join" and join.after["telegram_id"] == NEWCOMER
    assert join.before["telegram_id"] is None


async def test_an_invitation_expires(chat: SandboxBot, clock) -> None:
    code = await invite(chat, "何平")
    clock.advance(dt.timedelta(days=8))
    chat.add_user(NEWCOMER, "平")
    [refused] = await chat.send(NEWCOMER, f"/start {code}")
    assert refused.text.startswith("邀请链接无效")


async def test_an_account_bound_to_one_member_cannot_take_another(chat: SandboxBot) -> None:
    code = await invite(chat, "何平")
    [refused] = await chat.send(STAFF, f"/start {code}")
    assert refused.text == "这个 Telegram 账号已绑定郑磊，不能再绑定他人。"


async def test_a_join_request_approved_with_a_button(chat: SandboxBot) -> None:
    chat.add_user(NEWCOMER, "平")
    [need] = await chat.send(NEWCOMER, "/join")
    assert need.text.startswith("请在 /join 后写上您的姓名")
    replies = await chat.send(NEWCOMER, "/join 何平")
    assert replies[0].text == "已提交申请，等待综合科确认。"
    notices = {r.chat_id: r for r in replies[1:]}
    assert set(notices) == {SECRETARY, CLERK, CLERK2}  # the admins who have joined
    assert notices[CLERK].text == "加入申请：平（Telegram 777）自称“何平”。请选择名单上对应的人："
    assert labels(notices[CLERK]) == ["是何平", "拒绝"]
    bound = await chat.press(CLERK, "是何平")
    assert bound[0].text == "已将 平 绑定为何平。"
    assert bound[1].chat_id == NEWCOMER and bound[1].text.startswith("已加入。您好，何平。")
    [late] = await chat.press(SECRETARY, "拒绝")
    assert late.method == "answerCallbackQuery" and late.text == "这个申请已处理过。"


async def test_a_claimed_name_reaches_the_admins_without_control_characters(
    chat: SandboxBot,
) -> None:
    chat.add_user(NEWCOMER, "\u202e平\u200b")
    [need] = await chat.send(NEWCOMER, "/join \u202e\u2066")
    assert need.text.startswith("请在 /join 后写上您的姓名")
    replies = await chat.send(NEWCOMER, "/join \u202e何平\u2069")
    assert replies[0].text == "已提交申请，等待综合科确认。"
    notice = next(r for r in replies if r.chat_id == CLERK)
    assert notice.text == "加入申请：平（Telegram 777）自称“何平”。请选择名单上对应的人："
    assert labels(notice) == ["是何平", "拒绝"]


async def test_a_join_request_refused(chat: SandboxBot) -> None:
    chat.add_user(NEWCOMER, "某人")
    await chat.send(NEWCOMER, "/join 张三")
    refused = await chat.press(CLERK, "拒绝")
    assert refused[0].text == "已拒绝 某人 的加入申请。"
    assert refused[1].chat_id == NEWCOMER
    [still] = await chat.send(NEWCOMER, "/remaining")
    assert still.text == STRANGER_TEXT


async def test_a_repeated_join_while_pending_tells_the_admins_nothing_more(
    chat: SandboxBot,
) -> None:
    chat.add_user(NEWCOMER, "平")
    first = await chat.send(NEWCOMER, "/join 何平")
    assert {r.chat_id for r in first[1:]} == {SECRETARY, CLERK, CLERK2}
    for again in ("/join 何平", "/join 张三", "/join 何平"):
        replies = await chat.send(NEWCOMER, again)
        assert [(r.chat_id, r.text) for r in replies] == [
            (NEWCOMER, "您的申请已提交，正在等待综合科确认，无需重复申请。")
        ]


async def test_join_requests_are_limited_per_account_and_day(chat: SandboxBot, clock) -> None:
    chat.add_user(NEWCOMER, "某人")
    for _ in range(3):
        replies = await chat.send(NEWCOMER, "/join 张三")
        assert len(replies) == 4  # the answer and the three admins
        await chat.press(CLERK, "拒绝")
    [capped] = await chat.send(NEWCOMER, "/join 张三")
    assert (capped.chat_id, capped.text) == (NEWCOMER, "今天已申请 3 次，请明天再试。")
    clock.advance(dt.timedelta(days=1))
    replies = await chat.send(NEWCOMER, "/join 张三")
    assert replies[0].text == "已提交申请，等待综合科确认。" and len(replies) == 4


async def test_a_binding_button_only_for_the_claimed_name_unbound_on_the_roster(
    chat: SandboxBot,
) -> None:
    chat.add_user(NEWCOMER, "某人")
    for claimed in ("张三", "郑磊"):  # not on the roster; on it, but bound
        replies = await chat.send(NEWCOMER, f"/join {claimed}")
        [notice] = [r for r in replies if r.chat_id == CLERK]
        assert notice.text == (
            f"加入申请：某人（Telegram 777）自称“{claimed}”。名单上没有尚未加入的“{claimed}”；"
            "如是名单上的其他人，请点“选择其他成员…”。"
        )
        assert labels(notice) == ["选择其他成员…", "拒绝"]
        if claimed == "张三":
            await chat.press(CLERK, "拒绝")
    [pick] = await chat.press(CLERK, "选择其他成员…")
    assert pick.text == "加入申请：某人（Telegram 777）自称“郑磊”。请从尚未加入的成员中选择："
    assert labels(pick) == ["何平", "返回", "拒绝"]
    [back] = await chat.press(CLERK, "返回")
    assert back.text == notice.text and labels(back) == labels(notice)
    await chat.press(CLERK, "选择其他成员…")
    bound = await chat.press(CLERK, "何平")
    assert bound[0].text == "已将 某人 绑定为何平。"
    assert bound[1].chat_id == NEWCOMER and bound[1].text.startswith("已加入。您好，何平。")


async def test_another_member_than_the_one_claimed_is_chosen_explicitly(chat: SandboxBot) -> None:
    services = chat.application.bot_data.services
    await services.import_roster(
        "name,telegram_id,roles,department,supervises,lang\n林芳,,staff,综合科,,zh\n", "new.csv"
    )
    chat.add_user(NEWCOMER, "平")
    replies = await chat.send(NEWCOMER, "/join 何平")
    [notice] = [r for r in replies if r.chat_id == SECRETARY]
    assert notice.text == "加入申请：平（Telegram 777）自称“何平”。请选择名单上对应的人："
    assert labels(notice) == ["是何平", "选择其他成员…", "拒绝"]
    [pick] = await chat.press(SECRETARY, "选择其他成员…")
    assert pick.text == "加入申请：平（Telegram 777）自称“何平”。请从尚未加入的成员中选择："
    assert labels(pick) == ["林芳", "返回", "拒绝"]
    bound = await chat.press(SECRETARY, "林芳")
    assert bound[0].text == "已将 平 绑定为林芳。"
    assert (await services.find_member("林芳")).telegram_id == NEWCOMER
    assert (await services.find_member("何平")).telegram_id is None


async def test_a_member_who_joined_meanwhile_is_not_bound_to_a_request(chat: SandboxBot) -> None:
    chat.add_user(NEWCOMER, "平")
    await chat.send(NEWCOMER, "/join 何平")
    code = await invite(chat, "何平")
    chat.add_user(NEWCOMER + 1, "何平")
    await chat.send(NEWCOMER + 1, f"/start {code}")
    [taken] = await chat.press(CLERK, "是何平")
    assert (taken.method, taken.text) == (
        "answerCallbackQuery",
        "何平已绑定其他账号，或账号已被使用。",
    )
    [still] = await chat.send(NEWCOMER, "/remaining")
    assert still.text == STRANGER_TEXT
    member = await chat.application.bot_data.services.find_member("何平")
    assert member.telegram_id == NEWCOMER + 1


COMMANDS = [
    "/remaining",
    "/progress",
    "/history",
    "/undo",
    "/log",
    "/roster",
    "/invite 何平",
    "/member 李明 leave",
    "/help",
    "3月15日讲廉政党课",
    "我今年还剩什么",
]


@pytest.mark.parametrize("command", COMMANDS)
async def test_an_unknown_account_learns_nothing(chat: SandboxBot, command: str) -> None:
    chat.add_user(NEWCOMER, "路人")
    replies = await chat.send(NEWCOMER, command)
    if command == "/help":
        assert "李明" not in replies[0].text and "王建国" not in replies[0].text
        return
    assert [r.text for r in replies] == [STRANGER_TEXT]


async def test_an_unknown_accounts_file_and_presses_are_refused(chat: SandboxBot) -> None:
    await chat.send(STAFF, "6月1日到银行调研")
    chat.add_user(NEWCOMER, "路人")
    [file_reply] = await chat.send_file(NEWCOMER, "x.pdf", b"%PDF", mime_type="application/pdf")
    assert file_reply.text == STRANGER_TEXT
    for data in ("d:1:ok", "p:people", "p:me", "h:1:delok", "j:1:bind:11", "l:start"):
        forged = chat.sandbox.forge_press(NEWCOMER, NEWCOMER, 1, data)
        [answer] = await chat.deliver(chat.sandbox.take(forged["update_id"]))
        assert answer.method == "answerCallbackQuery" and answer.text == STRANGER_TEXT


@pytest.mark.parametrize("command", ["/roster", "/invite 何平", "/member 李明 leave"])
async def test_members_without_the_right_are_refused(chat: SandboxBot, command: str) -> None:
    for user in (STAFF, DEPUTY, HEAD):
        [answer] = await chat.send(user, command)
        assert answer.text == "只有综合科或党组书记可以使用这个命令。"
    forged = chat.sandbox.forge_press(STAFF, STAFF, 1, "j:1:bind:11")
    [answer] = await chat.deliver(chat.sandbox.take(forged["update_id"]))
    assert answer.text == "只有综合科或党组书记可以使用这个命令。"


async def test_the_roster_and_changing_a_member(chat: SandboxBot) -> None:
    [roster] = await chat.send(CLERK, "/roster")
    lines = roster.text.splitlines()
    assert lines[0] == "名单：11人，已加入10人。"
    assert "李明 · 班子成员 · 分管 综合科、银行保险科" in lines
    assert "何平 · 干部职工 · 地方金融监管科（未加入）" in lines
    [updated] = await chat.send(CLERK, "/member 李明 supervises=综合科")
    assert updated.text == "已更新：李明 · 班子成员 · 分管 综合科"
    [bad] = await chat.send(CLERK, "/member 李明 roles=king")
    assert bad.text == "未能更新：没有“king”这个角色。发送 /member 可查看写法。"
    [unknown] = await chat.send(CLERK, "/member 张三丰 leave")
    assert unknown.text == "名单上没有“张三丰”。"
    [left] = await chat.send(CLERK, "/member 郑磊 leave")
    assert left.text.endswith("（已停用）")
    [refused] = await chat.send(STAFF, "/remaining")
    assert refused.text == "您的账号已停用。如有疑问，请联系综合科。"
    entry = (await audit(chat, "member"))[-1]
    assert (entry.action, entry.before["active"], entry.after["active"]) == (
        "member.update",
        True,
        False,
    )


@pytest.mark.parametrize(
    ("words", "answer"),
    [
        ("dept=", "科室名称为空。请写名单上已有的科室（/roster 中可见）。"),
        ("dept==cmd|calc", "名单上没有“=cmd|calc”这个科室。请写已有的科室（/roster 中可见）。"),
        (
            "supervises=<b>x</b>",
            "名单上没有“<b>x</b>”这个科室。请写已有的科室（/roster 中可见）。",  # shown as typed
        ),
        ("roles=", "未写角色。每人至少要有一个角色，例如 roles=staff。"),
        ("roles=staff;king", "没有“king”这个角色。发送 /member 可查看写法。"),
        ("lang=fr", "语言只能写 zh（中文）或 en（英文），不能写“fr”。"),
        ("foo=bar", "无法识别“foo=bar”。发送 /member 可查看写法。"),
    ],
    ids=["dept-empty", "dept-formula", "supervises-markup", "roles-empty", "role", "lang", "word"],
)
async def test_a_change_that_cannot_be_made_is_explained_in_the_admins_language(
    chat: SandboxBot, words: str, answer: str
) -> None:
    before = await chat.application.bot_data.services.find_member("郑磊")
    [reply] = await chat.send(CLERK, f"/member 郑磊 {words}")
    assert reply.text == "未能更新：" + answer
    assert await chat.application.bot_data.services.find_member("郑磊") == before


async def test_a_change_that_cannot_be_made_is_explained_in_english_to_an_english_admin(
    chat: SandboxBot,
) -> None:
    await chat.send(SECRETARY, "/member 陈静 lang=en")
    [empty] = await chat.send(CLERK, "/member 郑磊 dept=")
    assert empty.text == (
        "Not updated: no department given. Write one the roster has (see /roster)."
    )
    [role] = await chat.send(CLERK, "/member 郑磊 roles=king")
    assert role.text == 'Not updated: there is no role "king". Send /member to see how to write it.'


async def test_an_admin_cannot_take_away_their_own_admin_role(chat: SandboxBot) -> None:
    own = "不能取消自己的管理权限或停用自己。如需变更，请由另一位综合科人员或党组书记操作。"
    for command in ("/member 王建国 roles=deputy", "/member 王建国 leave"):
        [refused] = await chat.send(SECRETARY, command)
        assert refused.text == own
    [refused] = await chat.send(CLERK, "/member 陈静 roles=dept_head")
    assert refused.text == own
    [kept] = await chat.send(CLERK, "/member 陈静 roles=clerk;dept_head")
    assert kept.text == "已更新：陈静 · 综合科、科室负责人 · 综合科"
    for command in ("/member 王建国 roles=deputy", "/member 吴强 leave"):  # another admin may
        [done] = await chat.send(CLERK, command)
        assert done.text.startswith("已更新：")
    for command in ("/member 陈静 leave", "/member 陈静 roles=staff"):  # the last admin
        [refused] = await chat.send(CLERK, command)
        assert refused.text == own
    services = chat.application.bot_data.services
    last = await services.find_member("陈静")
    assert last.active and last.roles == {"clerk", "dept_head"}
    changed = [e.entity_id for e in await audit(chat, "member") if e.action == "member.update"]
    others = [(await services.find_member(name)).id for name in ("王建国", "吴强")]
    assert changed == [last.id, *others]


async def test_the_audit_chain_verifies_until_tampered(chat: SandboxBot) -> None:
    from sqlalchemy import update

    from storage.models import AuditEntry

    await chat.send(STAFF, "6月1日到银行调研")
    await chat.press(STAFF, "确认")
    access = chat.application.bot_data.services.access
    assert await access.verify() is None
    services = chat.application.bot_data.services
    entries = await audit(chat, None)
    async with services.sessions() as session, session.begin():
        await session.execute(
            update(AuditEntry).where(AuditEntry.id == entries[-1].id).values(action="delete")
        )
    assert await access.verify() == entries[-1].id


async def test_no_token_in_any_log_record(
    chat: SandboxBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await chat.send(STAFF, "6月1日到银行调研")
    await chat.press(STAFF, "确认")
    await chat.send(STAFF, "/remaining")
    assert caplog.records, "DEBUG logging captured nothing"
    secret = SANDBOX_TOKEN.split(":")[1]
    assert not [r for r in caplog.records if secret in r.getMessage()]
    assert all(secret not in o.text for o in chat.sandbox.outgoing)


async def test_in_a_group_nothing_about_one_persons_gaps(chat: SandboxBot) -> None:
    chat.sandbox.add_group(-600, "银行保险科群")
    [progress] = await chat.send(SECRETARY, "/progress", chat_id=-600)
    assert progress.chat_id == -600 and progress.text.startswith("2022年任务进度（6月15日）")
    names = ("王建国", "李明", "赵敏", "陈静", "刘洋", "孙伟", "周婷", "吴强", "郑磊")
    assert not any(name in progress.text for name in names) and not progress.buttons
    detail, brief = await chat.send(STAFF, "/remaining", chat_id=-600)
    assert detail.chat_id == STAFF and detail.text.startswith("截至6月15日，您的任务：")
    assert (brief.chat_id, brief.text) == (-600, "已私信 郑磊。")


async def test_a_name_like_a_member_s_is_no_one_tap_binding(chat: SandboxBot) -> None:
    chat.add_user(NEWCOMER, "某人")
    for claimed in ("老何", "He Ping"):  # 何平 is not joined yet, but was not the name claimed
        replies = await chat.send(NEWCOMER, f"/join {claimed}")
        [notice] = [r for r in replies if r.chat_id == CLERK]
        assert labels(notice) == ["选择其他成员…", "拒绝"], claimed
        await chat.press(CLERK, "拒绝")


async def test_a_request_nobody_answered_for_a_day_may_be_made_again(
    chat: SandboxBot, clock
) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    chat.add_user(NEWCOMER, "某人")
    await chat.send(NEWCOMER, "/join 何平")
    [waiting] = await chat.send(NEWCOMER, "/join 何平")
    assert waiting.chat_id == NEWCOMER and "等待" in waiting.text
    clock.set(clock.now() + dt.timedelta(days=1, minutes=1))
    replies = await chat.send(NEWCOMER, "/join 何平")
    assert any(r.chat_id == CLERK for r in replies)  # the admins hear of it again
