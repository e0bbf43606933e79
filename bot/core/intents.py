"""Questions people ask in words instead of commands."""

from __future__ import annotations

import re

REMAINING = re.compile(
    r"还剩|还差|剩下|剩余|还有(哪些|什么|几[项次个件]).{0,8}(没|未|要)|没完成|未完成|完成(情况|了多少)"
    r"|任务进度|我的进度|what('?s| is)? left|what remains|remaining|how many .{0,20} left"
    r"|what do i (still )?(have|need) to do",
    re.I,
)
MAX_QUESTION = 60


def asks_remaining(text: str) -> bool:
    """Whether a short message asks what remains (还剩什么, 还差几次调研, what's left)."""
    return len(text) <= MAX_QUESTION and bool(REMAINING.search(text))
