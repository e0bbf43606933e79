"""Whether a message tells of something done, or of a plan, a negation, a cancellation, a question.

A message that names an activity is a report only when the activity took place.
"后天计划去一趟保险公司" is a plan, "警示教育今年还没搞" a negation, "推迟到下月" a
postponement, "原定周五的党组会没开成" something that did not happen, "定于6月20日召开" a
notice; none becomes a record. The markers
below are the language's, not a plan's: any plan's activities are planned, put off and asked
about with the same words. The words a plan matched as its own (调研计划 is an activity, not a
plan) are blanked out by the caller before the mood is read.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Mood(StrEnum):
    DONE = "done"
    QUESTION = "question"
    PLANNED = "planned"
    NOT_DONE = "not_done"
    CANCELLED = "cancelled"
    CORRECTION = "correction"  # about a record already made: 记错了, 删掉
    DETAIL = "detail"  # more about an activity already told: 调研的主要内容是…, 党课题目是…


# A correction of something recorded: the member is sent to /history, nothing new is made
CORRECTION = re.compile(r"记错了?|删掉|删除|删了吧|撤回|撤销|更正|改一下日期|不是今天")
# A detail of an activity told before, not a new one: "调研的主要内容是…", "党课题目是《…》",
# "这次调研是李局带队的", "参加人员有…"
DETAIL = re.compile(
    r"^[^，,。]{0,12}?(?:的)?(?:主要内容|内容|题目|主题|地点|参加人员|参加人|人数|时长|议题|带队的?人)"
    r"(?:是|为|有|：|:)|^\s*这次[^，,。]{0,8}是[^，,。]{1,8}带队的"
)
# Later today, said before it happens: 下午3点开组织生活会 (not 下午3点开了…)
LATER_TODAY = re.compile(
    r"(?:下午|晚上|傍晚)\s*[\d一二两三四五六七八九十]{1,3}\s*(?:点|:|：)|来我办公室"
)
# A verb marked as done: 了 or 过 (not 了解, to understand), or an English past
PERFECTIVE = re.compile(r"[了过](?!解)|\b(?:did|was held|went|gave|had|held|visited)\b", re.I)


_ACT = (
    r"(?:开|搞|组织|召开|举行|举办|开展|进行|讲|去|做|学|报|交|弄|谈|研究|落实|完成|参加|上|"
    r"安排|走访|调研|部署|启动|实施|提交|报送|形成|制定|印发)"
)
QUESTION = re.compile(
    r"[?？][\s\U0001F300-\U0001FAFF\u2600-\u27BF]*$|(?:吗|呢|么|没有|了没|没)\s*[。.!！~～]?\s*$|"
    r"在哪|哪儿|哪里|问一下|问问|"
    r"^\s*(?:请问|是否|能否|有没有|要不要|可不可以|谁|哪些?|什么时候|几时)|"
    r"(?:几次|几回|几份|几个了|多少次|多少份|什么时候|啥时候|哪天)|"
    r"^\s*(?:when|what|where|who|which|how)\b|"
    r"^\s*(?:can|could|is|are|does|will|should|shall|would|any)\s+"
    r"(?:i|we|you|he|she|they|it|there|this|that|anyone|anybody|someone|everyone)\b|"
    r"^\s*(?:did|do|has|have)\s+(?:i|we|you|he|she|they|anyone|anybody|someone|everyone|the)\b",
    re.I,
)
CANCELLED = re.compile(
    r"改期|推迟|延期|延后|往后推|推后|取消|暂停|暂缓|改到(?!位)|改在|挪到|调整到|顺延|暂不|"
    r"不安排|不开了|不搞了|不报了|放一放|先放|不用再|先不|"
    r"\b(?:postponed?|cancel(?:l?ed)?|called off|put off|pushed back|rescheduled|"
    r"delayed|moved to)\b",
    re.I,
)
NOT_DONE = re.compile(
    rf"^\s*(?:不是|并非|不算)|请了?假|缺席了?|没来得及|还没(?:有)?|尚未|暂未|暂时没|没有{_ACT}(?!的)|没{_ACT}(?!的)|未{_ACT}(?!的)|没.成|开不成|没能|未能|"
    r"没排上|没安排上|没排进|(?:还|仍|正)在(?:起草|准备|筹备|酝酿|修改|征求意见|写|改|弄)|没定稿|"
    r"写了一半|才写了|还差|"
    r"\b(?:haven't|have not|hasn't|has not|didn't|did not|not yet|never|wasn't held|"
    r"was not held|couldn't|could not|still in progress|in progress|still drafting|"
    r"still being|missed|skipped)\b|^\s*no\b",
    re.I,
)
PLANNED = re.compile(
    r"(?<!按)(?<!年度)(?<!工作)计划(?!内|中的|书)|准备(?!了|好)|打算|拟于|拟在|拟召开|拟开展|"
    r"将于|将在|将要|即将|定于|定在|订于|安排在|预计|届时|下周|下礼拜|下星期|下个?月|明天|"
    r"明日|后天|明年|过几天|过两天|改天|等.{1,8}(?:之后|以后|再)|要去|会去|想去|"
    r"再(?:搞|开|弄|做|组织|安排|说|讲|去)|(?<![重主需只还])要(?:开|搞|组织|召开|讲|做|去|上)|"
    r"抓紧(?:写|弄|做|报|办)|这两天(?:就|抓紧|写|弄)|待定|等通知|待通知|另行通知|将赴|将去|将召开|将开展|将组织|等会儿?|待会儿?|一会儿|稍后|"
    r"明早|明晚|请准时|请按时|^\s*请大家|^\s*请各位|请提前|提前阅读|"
    r"(?<![重主需只还])要(?:和|跟|与|给|到|对|找)|后面(?:再|会|要|写)|"
    r"【转发】|【通知】|^\s*转发|请各(?:单位|科室|支部|部门|党支部)",
    re.I,
)
# English plans, unless a verb in the past comes first ("went through the risks and wrote down
# how we will prevent them" is done).
PLANNED_EN = re.compile(
    r"\b(?:will|'ll|going to|plan(?:ning|s)? to|intend to|scheduled for|is scheduled|"
    r"are scheduled|upcoming|planning|"
    r"(?:i'm|i am|we're|we are) \w+ing\b.{0,40}\b(?:this afternoon|tonight|later)|"
    r"preparing for|next "
    r"(?:week|month|monday|tuesday|wednesday|thursday|friday)|tomorrow|later this)\b",
    re.I,
)
PAST_EN = re.compile(
    r"\b(?:\w+ed|went|gave|had|held|met|did|took|ran|spoke|sat|wrote|sent|led|made|told|"
    r"taught|brought|saw|got)\b",
    re.I,
)
# Words that say it did happen: "已于6月2日召开" is no plan; "原定下周的调研提前到昨天开了",
# "差点没去成，最后还是去了" were done after all (but "已经延期", "已经三个月没搞了" were not).
DONE = re.compile(r"已经|已于|已(?:开|召开|完成|组织|举行)|顺利|提前到|最后还是|终于|最终还是")
AFTER_ALL = re.compile(r"提前到|最后还是|终于|最终还是")

# A thank-you or a nod: answered in a word, not with a lesson
COURTESY = re.compile(
    r"\s*(?:收到|好的?|谢谢|多谢|感谢|明白|了解|知道了|ok|okay|thanks?|thank you|got it|"
    r"[\U0001F44D\U0001F44C\U0001F64F\u2764\u263A\U0001F600-\U0001F64F]|[，,。.!！~～\s])+",
    re.I,
)


def is_courtesy(text: str) -> bool:
    return bool(COURTESY.fullmatch(text))


def mood_of(text: str) -> Mood:
    """The mood of `text` (with the plan's own words blanked out, see the module docstring)."""
    if QUESTION.search(text):
        return Mood.QUESTION
    if CORRECTION.search(text):
        return Mood.CORRECTION
    if DETAIL.search(text):
        return Mood.DETAIL
    if CANCELLED.search(text) and not AFTER_ALL.search(text):
        return Mood.CANCELLED
    if NOT_DONE.search(text) and not AFTER_ALL.search(text):
        return Mood.NOT_DONE
    if PLANNED.search(text) and not DONE.search(text):
        return Mood.PLANNED
    if LATER_TODAY.search(text) and not PERFECTIVE.search(text) and not DONE.search(text):
        return Mood.PLANNED
    english = PLANNED_EN.search(text)
    if english and not PAST_EN.search(text, 0, english.start()):
        return Mood.PLANNED
    return Mood.DONE
