"""Fuzz: arbitrary texts, button data and files never crash the bot, and every reply it makes
is one Telegram accepts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.sandbox.driver import SandboxBot

MEMBERS = [100001, 100002, 100004, 100009, 100010]
texts = st.one_of(
    st.text(max_size=300),
    st.text(
        alphabet="<>&\"'*_`[]()~#+-=|{}.!/\\:；，。0123456789月日号周上昨前天调研党课谈话",
        max_size=80,
    ),
    st.sampled_from(
        [
            "/start",
            "/log",
            "/history",
            "/undo",
            "/remaining",
            "/progress",
            "/settings",
            "/mute",
            "/help",
            "/roster",
            "/invite",
            "/member x y",
            "/join",
            "代：",
            "代李明：",
            "3月15日讲廉政党课；；\n\n5月20日调研",
        ]
    ),
)
datas = st.one_of(
    st.text(max_size=70), st.from_regex(r"[dghjlps]:[0-9a-z:_-]{0,40}", fullmatch=True)
)
actions = st.one_of(
    st.tuples(st.just("text"), st.sampled_from(MEMBERS), texts),
    st.tuples(st.just("press"), st.sampled_from(MEMBERS), datas),
    st.tuples(st.just("file"), st.sampled_from(MEMBERS), st.binary(max_size=200)),
    st.tuples(st.just("button"), st.sampled_from(MEMBERS), st.integers(1, 12)),
)


async def act(chat: SandboxBot, action: tuple[str, int, object]) -> None:
    kind, user, value = action
    before = chat.sandbox.rejections
    if kind == "text":
        text = str(value)
        if text.strip() and len(text.encode("utf-16-le")) // 2 <= 4096:
            await chat.send(user, text)
    elif kind == "press":
        data = str(value)
        if data and len(data.encode()) <= 64:
            update = chat.sandbox.forge_press(user, user, 1, data)
            await chat.deliver(chat.sandbox.take(update["update_id"]))
    elif kind == "file":
        await chat.send_file(
            user,
            "证明 <1>.pdf",
            bytes(value),  # type: ignore[arg-type]
            mime_type="application/pdf",
        )
    else:
        shown = chat.last_keyboard(user)
        if shown is not None and shown.button_list():
            buttons = shown.button_list()
            button = buttons[int(value) % len(buttons)]  # type: ignore[call-overload]
            if button.callback_data is not None:
                await chat.press(user, int(value) % len(buttons) + 1)  # type: ignore[call-overload]
    assert chat.sandbox.rejections == before, chat.sandbox.last_rejection


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(action=actions)
async def test_arbitrary_input(chat: SandboxBot, action: tuple[str, int, object]) -> None:
    await act(chat, action)


@pytest.mark.slow
@settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(action=actions)
async def test_ten_thousand_arbitrary_inputs(
    chat: SandboxBot, action: tuple[str, int, object]
) -> None:
    await act(chat, action)
