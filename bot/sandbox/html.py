"""Telegram's HTML parse mode, checked the way Telegram checks it.

Only the tags Telegram supports, properly nested; only the named entities &lt; &gt; &amp; &quot;
and numeric ones. A message that breaks these is refused with "can't parse entities".
"""

from __future__ import annotations

import html
import re

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)\s*>")
ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")


class EntityError(ValueError):
    """The text is not valid under parse_mode=HTML; the message is Telegram's."""


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def plain_text(text: str) -> str:
    """Check `text` as Telegram's HTML and return what the reader sees.

    Raises:
        EntityError: with Telegram's own description of the fault.
    """
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = TAG.match(text, i)
            if match is None:
                raise EntityError(
                    f"Can't parse entities: unexpected end tag at byte offset {_offset(text, i)}"
                    if text.startswith("</", i)
                    else f"Can't parse entities: unsupported start tag at byte offset "
                    f"{_offset(text, i)}"
                )
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in ALLOWED:
                raise EntityError(
                    f'Can\'t parse entities: unsupported start tag "{name}" at byte offset '
                    f"{_offset(text, i)}"
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise EntityError(
                        f"Can't parse entities: can't find start tag for end tag \"{name}\" "
                        f"at byte offset {_offset(text, i)}"
                    )
                stack.pop()
            else:
                stack.append(name)
            i = match.end()
        elif char == "&":
            match = ENTITY.match(text, i)
            if match is None:
                raise EntityError(
                    "Can't parse entities: can't find end of the entity starting at byte offset "
                    f"{_offset(text, i)}"
                )
            out.append(html.unescape(match.group(0)))
            i = match.end()
        elif char == ">":
            raise EntityError(
                f"Can't parse entities: character '>' is reserved at byte offset {_offset(text, i)}"
            )
        else:
            out.append(char)
            i += 1
    if stack:
        raise EntityError(
            f"Can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return "".join(out)


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2
