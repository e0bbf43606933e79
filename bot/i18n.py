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
    "start.stranger": "您尚未加入。请向综合科索取邀请链接，点击后即可使用。也可以发送“/join 您的姓名”申请加入。",
    "start.inactive": "您的账号已停用。如有疑问，请联系综合科。",
    "join.done": "已加入。您好，{name}。",
    "join.invalid": "邀请链接无效、已使用或已过期。请向综合科重新索取。",
    "join.taken": "这个 Telegram 账号已绑定{name}，不能再绑定他人。",
    "join.already": "您已加入，无需申请。",
    "join.need_name": "请在 /join 后写上您的姓名，例如：/join 张三",
    "join.requested": "已提交申请，等待综合科确认。",
    "join.notify": "加入申请：{display}（Telegram {tid}）自称“{claimed}”。请选择名单上对应的人：",
    "join.no_candidates": "加入申请：{display}（Telegram {tid}）自称“{claimed}”。名单上没有尚未加入的成员，请先导入名单。",
    "join.bound": "已将 {display} 绑定为{name}。",
    "join.refused": "已拒绝 {display} 的加入申请。",
    "join.refused_notice": "您的加入申请未获通过。如有疑问，请联系综合科。",
    "join.decided": "这个申请已处理过。",
    "join.member_taken": "{name}已绑定其他账号，或账号已被使用。",
    "button.bind_as": "是{name}",
    "button.refuse": "拒绝",
    "admin.only": "只有综合科或党组书记可以使用这个命令。",
    "group.received": "📝 {name}：已收到 {count} 条，请在与机器人的私聊中确认。",
    "group.sent_privately": "已私信 {name}。",
    "group.start_privately": "{name}，请先在私聊中向机器人发送 /start，之后即可在私聊中查看。",
    "invite.usage": "用法：/invite 姓名",
    "invite.link": "{name}的邀请链接（{days}天内有效，只能使用一次）：\n{link}\n请通过私下渠道转交本人。",
    "roster.title": "名单：{count}人，已加入{joined}人。",
    "roster.not_joined": "（未加入）",
    "roster.inactive": "（已停用）",
    "member.usage": "用法：/member 姓名 roles=deputy;staff dept=综合科 supervises=综合科;银行保险科 lang=zh\n停用：/member 姓名 leave　恢复：/member 姓名 return",
    "member.updated": "已更新：{line}",
    "member.failed": "未能更新：{error}",
    "member.unknown": "名单上没有“{name}”。",
    "help": (
        "记录工作：直接写一句话，例如“昨天到村镇银行调研”。多项工作可分行写在一条消息里；"
        "记录后发送照片或文件即作为佐证。\n"
        "\n"
        "/remaining — 今年还剩哪些任务\n"
        "/progress — 单位任务进度\n"
        "/log — 按步骤记录一项工作\n"
        "/history — 最近的记录（可修改、删除）\n"
        "/undo — 撤销上一条记录\n"
        "/help — 查看帮助"
    ),
    "command.start": "开始使用",
    "command.help": "查看帮助",
    "outside_plan": "{day}不在已加载的工作计划年度内（已加载：{years}年）。",
    "error": "处理这条消息时出错了，已记录。请稍后再试。",
    "card.draft": "📝 待确认",
    "card.edit": "✎ 修改记录",
    "card.confirmed": "✅ 已记录",
    "card.cancelled": "已取消",
    "card.kind": "类型：{kind}",
    "card.day": "日期：{day}",
    "card.day_assumed": "日期：{day}（消息中未写日期，按今天记）",
    "card.day_approximate": "日期：{day}（按{text}记，可修改）",
    "card.reported": "填报：{day}",
    "card.participants": "人数：{count}",
    "card.for": "为：{member}（{logger} 代记）",
    "card.counts": "计入：{titles}",
    "card.counts_none": "计入：不计入计划任务（仍会保存）",
    "card.finished": "，已完成",
    "card.grace": "⚠️ 在{year}年计划年终窗口的补报期内，计入{year}年。",
    "card.already_done": "{name}（已完成 {done}/{target}）",
    "card.rule_broken": "⚠️ {rule}：本次会议未邀请纪检组列席，将列入提醒。",
    "card.text": "原文：{text}",
    "card.attachments": "佐证：{count} 份",
    "card.evidence_hint": "可发送照片或签到表作为佐证。",
    "card.future": "⚠️ {day}晚于今天，请改日期。",
    "card.outside_plan": "⚠️ {day}不在已加载的计划年度（{years}年）内，请改日期。",
    "button.confirm": "确认",
    "button.change_kind": "改类型",
    "button.change_date": "改日期",
    "button.cancel": "取消",
    "button.for_someone": "代他人记录",
    "button.back": "返回",
    "button.today": "今天",
    "button.yesterday": "昨天",
    "button.day_before": "前天",
    "button.record_anyway": "仍然记录",
    "button.confirm_all": "全部确认",
    "button.cancel_all": "全部取消",
    "button.edit": "✎ {n}",
    "button.delete": "🗑 {n}",
    "button.delete_yes": "删除",
    "button.keep": "保留",
    "button.restore": "恢复",
    "pick.kind": "请选择类型：",
    "pick.kind_dated": "请选择类型（日期按 {day} 记，可修改）：",
    "pick.date": "请选择日期（{kind}）：",
    "pick.month": "{year}年{month}月",
    "pick.attribute": "请选择{name}：",
    "pick.person": "为谁记录？",
    "duplicate": "已有同日同类记录：\n{lines}\n是否仍要再记一条？",
    "batch": "共 {count} 条待确认。可逐条确认，或：",
    "batch.done": "已确认 {confirmed} 条；需补充信息 {waiting} 条；取消 {cancelled} 条。",
    "history.title": "最近的记录：",
    "history.empty": "您还没有已确认的记录。直接发一句话即可记录，或发送 /log。",
    "history.line": "{n}. {day} {kind}{extra}",
    "history.delete_confirm": "删除这条记录？\n{day} {kind}",
    "history.restored": "已恢复。",
    "undo.done": "已撤销：{day} {kind}。",
    "undo.nothing": "没有可以撤销的记录。",
    "evidence.attached": "已作为佐证附在 {day} {kind} 上（共 {count} 份）。",
    "evidence.too_big": "文件超过 20MB，只记录了文件信息，未下载副本。",
    "hint.not_report": "没有看出这是一项工作记录。请写明做了什么、哪天，例如“3月15日讲廉政党课”。也可发送 /log 按步骤记录。",
    "hint.question": "我负责记录已完成的工作：写明做了什么、哪天即可。查看剩余任务请发送 /remaining。",
    "hint.empty": "消息是空的。请写明做了什么、哪天。",
    "hint.too_long": "消息太长（超过1000字）。请分条发送，每条写一项工作。",
    "hint.file_without_activity": "收到文件。请先记录一项工作，再发送照片或文件作为佐证；也可以回复某张卡片发送。",
    "hint.unsupported": "这类消息无法处理。请用文字写明做了什么、哪天。",
    "behalf.admin_only": "只有综合科或党组书记可以代他人记录。",
    "behalf.unknown": "名单上没有“{name}”。",
    "press.not_yours": "这不是您的记录。",
    "press.already_confirmed": "已确认过。",
    "press.already_closed": "这条已处理过。",
    "press.expired": "草稿已过期（超过一天），请重新发送。",
    "press.stale": "这个按钮已失效。",
    "press.not_allowed": "您没有这个权限。",
    "press.noop": "",
    "progress.rule_broken": "{count} 次会议未邀请纪检组列席",
    "progress.rule_kept": "已记录 {count} 次，均有纪检组列席",
    "progress.rule_none": "尚无会议记录",
    "progress.quiet_list": "⬜ 年内待完成：{names}",
    "progress.clause": "第{clause}条",
    "progress.opens": " — {day}开放",
    "progress.behind_slightly": "（按进度应完成 {expected}，稍落后）",
    "progress.behind": "（按进度应完成 {expected}，落后）",
    "progress.overdue": "（{day}已截止）",
    "progress.due": " — {day}截止",
    "progress.missing": "（尚未谈话：{names}）",
    "progress.unit_heading": "单位任务：",
    "progress.window": "{label} {start}—{end}",
    "progress.records": "已记录：{days}",
    "progress.no_records": "尚无记录",
    "progress.title": "{year}年任务进度（{day}）",
    "progress.unit_count": "单位任务 {total} 项：完成 {done}，进行中 {open}，未开始 {waiting}",
    "progress.done_list": "已完成：{names}",
    "progress.people": "个人任务：{roles}",
    "progress.people_title": "个人任务完成情况（{day}）：",
    "progress.who_done": "已完成 {names}；",
    "progress.who_pending": "未完成 {names}",
    "progress.not_allowed": "单位进度供党组书记、班子成员、科室负责人和综合科查看。发送 /remaining 查看您自己的任务。",
    "remaining.title": "截至{day}，您的任务：",
    "remaining.none": "您没有个人任务。",
    "remaining.unit": "单位：",
    "remaining.unit_quiet": "单位任务已完成 {done}/{total}，暂无落后。",
    "remaining.detail_title": "您的任务明细（截至{day}）：",
    "button.details": "查看详情",
    "button.by_person": "按人员查看",
    "command.remaining": "今年还剩哪些任务",
    "command.join": "申请加入",
    "command.invite": "生成邀请链接（综合科）",
    "command.roster": "查看名单（综合科）",
    "command.member": "修改成员信息（综合科）",
    "command.progress": "单位任务进度",
    "log.start": "记录一项工作。请选择类型：",
    "command.log": "按步骤记录一项工作",
    "command.history": "最近的记录",
    "command.undo": "撤销上一条记录",
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
    "start.stranger": 'You have not joined yet. Ask the general office for an invitation link and open it; or send "/join your name" to ask to join.',
    "start.inactive": "Your account has been deactivated. Please contact the general office.",
    "join.done": "You have joined. Hello, {name}.",
    "join.invalid": "This invitation is not valid, already used or expired. Ask the general office for a new one.",
    "join.taken": "This Telegram account is already bound to {name} and cannot be bound to someone else.",
    "join.already": "You have already joined.",
    "join.need_name": "Write your name after /join, e.g. /join Alice Chen",
    "join.requested": "Your request has been sent; the general office will confirm it.",
    "join.notify": 'Join request: {display} (Telegram {tid}) says they are "{claimed}". Who on the roster is it?',
    "join.no_candidates": 'Join request: {display} (Telegram {tid}) says they are "{claimed}". Nobody on the roster is waiting to join; import the roster first.',
    "join.bound": "{display} is now bound to {name}.",
    "join.refused": "Refused the join request of {display}.",
    "join.refused_notice": "Your request to join was not accepted. Please contact the general office.",
    "join.decided": "This request has already been dealt with.",
    "join.member_taken": "{name} is already bound to another account, or this account is in use.",
    "button.bind_as": "{name}",
    "button.refuse": "Refuse",
    "admin.only": "Only the general office or the Party secretary can use this command.",
    "group.received": "📝 {name}: {count} received; please confirm in your private chat with the bot.",
    "group.sent_privately": "Sent to {name} privately.",
    "group.start_privately": "{name}, please send /start to the bot in a private chat first; then you can see it there.",
    "invite.usage": "Usage: /invite NAME",
    "invite.link": "Invitation for {name} (valid {days} days, one use only):\n{link}\nHand it to them privately.",
    "roster.title": "Roster: {count} people, {joined} joined.",
    "roster.not_joined": " (not joined)",
    "roster.inactive": " (deactivated)",
    "member.usage": "Usage: /member NAME roles=deputy;staff dept=DEPT supervises=A;B lang=en\nDeactivate: /member NAME leave   Reactivate: /member NAME return",
    "member.updated": "Updated: {line}",
    "member.failed": "Not updated: {error}",
    "member.unknown": '"{name}" is not on the roster.',
    "help": (
        'To log an activity, just write it, e.g. "visited a rural bank for research '
        'yesterday". Several activities can go on separate lines of one message; photos or '
        "files sent after a record are kept as its evidence.\n"
        "\n"
        "/remaining — what remains for you this year\n"
        "/progress — the unit's progress\n"
        "/log — log an activity step by step\n"
        "/history — your recent records (edit, delete)\n"
        "/undo — take back your last record\n"
        "/help — this help"
    ),
    "command.start": "Get started",
    "command.help": "Help",
    "outside_plan": "{day} is outside the years of the loaded plans ({years}).",
    "error": "Something went wrong with that message; it has been logged. Please try again later.",
    "card.draft": "📝 To confirm",
    "card.edit": "✎ Edit record",
    "card.confirmed": "✅ Recorded",
    "card.cancelled": "Cancelled",
    "card.kind": "Kind: {kind}",
    "card.day": "Date: {day}",
    "card.day_assumed": "Date: {day} (no date in the message; today)",
    "card.day_approximate": "Date: {day} (taken as {text}; change it if needed)",
    "card.reported": "Reported: {day}",
    "card.participants": "Participants: {count}",
    "card.for": "For: {member} (logged by {logger})",
    "card.counts": "Counts toward: {titles}",
    "card.counts_none": "Counts toward: no plan obligation (kept all the same)",
    "card.finished": ", done",
    "card.grace": "⚠️ Within the grace days of the {year} plan's year-end window; counts toward {year}.",
    "card.already_done": "{name} (already done, {done}/{target})",
    "card.rule_broken": "⚠️ {rule}: the inspectors were not present at this meeting; it will be flagged.",
    "card.text": "Text: {text}",
    "card.attachments": "Evidence: {count} file(s)",
    "card.evidence_hint": "You can send a photo or the sign-in sheet as evidence.",
    "card.future": "⚠️ {day} is after today; please change the date.",
    "card.outside_plan": "⚠️ {day} is outside the loaded plan years ({years}); please change the date.",
    "button.confirm": "Confirm",
    "button.change_kind": "Change kind",
    "button.change_date": "Change date",
    "button.cancel": "Cancel",
    "button.for_someone": "Log for someone",
    "button.back": "Back",
    "button.today": "Today",
    "button.yesterday": "Yesterday",
    "button.day_before": "2 days ago",
    "button.record_anyway": "Record anyway",
    "button.confirm_all": "Confirm all",
    "button.cancel_all": "Cancel all",
    "button.edit": "✎ {n}",
    "button.delete": "🗑 {n}",
    "button.delete_yes": "Delete",
    "button.keep": "Keep",
    "button.restore": "Restore",
    "pick.kind": "Choose the kind:",
    "pick.kind_dated": "Choose the kind (date taken as {day}; you can change it):",
    "pick.date": "Choose the date ({kind}):",
    "pick.month": "{month_name} {year}",
    "pick.attribute": "Choose: {name}",
    "pick.person": "Log it for whom?",
    "duplicate": "There is already a record of this on that day:\n{lines}\nRecord another one?",
    "batch": "{count} drafts to confirm. Confirm each, or:",
    "batch.done": "Confirmed {confirmed}; {waiting} need more details; cancelled {cancelled}.",
    "history.title": "Your recent records:",
    "history.empty": "No confirmed records yet. Just write what you did, or send /log.",
    "history.line": "{n}. {day} {kind}{extra}",
    "history.delete_confirm": "Delete this record?\n{day} {kind}",
    "history.restored": "Restored.",
    "undo.done": "Taken back: {day} {kind}.",
    "undo.nothing": "There is nothing to take back.",
    "evidence.attached": "Attached as evidence to {day} {kind} ({count} file(s)).",
    "evidence.too_big": "The file is over 20 MB: its details are kept, without a copy.",
    "hint.not_report": 'That does not look like a work record. Say what you did and when, e.g. "gave an integrity lecture on 15 March", or send /log.',
    "hint.question": "I keep records of work done: say what you did and when. To see what remains, send /remaining.",
    "hint.empty": "The message is empty. Say what you did and when.",
    "hint.too_long": "The message is too long (over 1000 characters). Send one activity per message.",
    "hint.file_without_activity": "File received. Log an activity first, then send photos or files as evidence, or reply to its card.",
    "hint.unsupported": "I cannot handle this kind of message. Say in words what you did and when.",
    "behalf.admin_only": "Only the general office or the Party secretary can log for someone else.",
    "behalf.unknown": '"{name}" is not on the roster.',
    "press.not_yours": "This is not your record.",
    "press.already_confirmed": "Already confirmed.",
    "press.already_closed": "Already dealt with.",
    "press.expired": "This draft has expired (over a day old); please send it again.",
    "press.stale": "This button no longer works.",
    "press.not_allowed": "You are not allowed to do that.",
    "press.noop": "",
    "progress.rule_broken": "{count} meeting(s) without the inspectors",
    "progress.rule_kept": "{count} so far, all with the inspectors",
    "progress.rule_none": "no meetings recorded yet",
    "progress.quiet_list": "⬜ Due this year: {names}",
    "progress.clause": "clause {clause}",
    "progress.opens": " — opens {day}",
    "progress.behind": " (expected {expected} by now; behind)",
    "progress.behind_slightly": " (expected {expected} by now; slightly behind)",
    "progress.overdue": " (closed {day})",
    "progress.due": " — due {day}",
    "progress.missing": " (not yet: {names})",
    "progress.unit_heading": "Unit obligations:",
    "progress.window": "{label} {start}–{end}",
    "progress.records": "recorded: {days}",
    "progress.no_records": "nothing recorded yet",
    "progress.title": "{year} progress ({day})",
    "progress.unit_count": "{total} unit obligations: {done} done, {open} open, {waiting} not yet open",
    "progress.done_list": "Done: {names}",
    "progress.people": "Personal obligations: {roles}",
    "progress.people_title": "Personal obligations by person ({day}):",
    "progress.who_done": "done by {names}; ",
    "progress.who_pending": "not yet {names}",
    "progress.not_allowed": "The unit view is for the Party secretary, leadership members, department heads and the general office. Send /remaining for your own obligations.",
    "remaining.title": "As of {day}, your obligations:",
    "remaining.none": "You have no personal obligations.",
    "remaining.unit": "Unit: ",
    "remaining.unit_quiet": "Unit obligations: {done}/{total} done, none behind.",
    "remaining.detail_title": "Your obligations in detail (as of {day}):",
    "button.details": "Details",
    "button.by_person": "By person",
    "command.remaining": "What remains this year",
    "command.join": "Ask to join",
    "command.invite": "Make an invitation link (admins)",
    "command.roster": "The roster (admins)",
    "command.member": "Change a member (admins)",
    "command.progress": "The unit's progress",
    "log.start": "Log an activity. Choose the kind:",
    "command.log": "Log an activity step by step",
    "command.history": "Your recent records",
    "command.undo": "Take back your last record",
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
