"""How a join request looks to an admin: pure functions from `bot.access` results to views.

A binding button is offered at once only for the name the applicant claimed, when it is on the
roster and not yet joined; anyone else is chosen in a second step, with the claimed name beside.
"""

from __future__ import annotations

from bot import callbacks
from bot.access import Candidates
from bot.i18n import t
from bot.views import Button, View, esc

PICK_SHOWN = 24  # names in the "choose another member" step; the rest through /invite
PER_ROW = 3


def _fields(candidates: Candidates) -> dict[str, str]:
    request = candidates.request
    return {
        "display": esc(request.display_name),
        "tid": str(request.telegram_id),
        "claimed": esc(request.claimed_name),
    }


def _refuse(candidates: Candidates, lang: str) -> Button:
    return Button(t(lang, "button.refuse"), callbacks.make("j", "no", candidates.request.id))


def request_view(candidates: Candidates, lang: str) -> View:
    """The request as every admin first sees it."""
    request_id = candidates.request.id
    rows: list[tuple[Button, ...]] = []
    match = candidates.match
    if match is not None:
        label = t(lang, "button.bind_as", name=match.name)
        rows.append((Button(label, callbacks.make("j", "bind", request_id, str(match.id))),))
    last = [_refuse(candidates, lang)]
    if candidates.others:
        pick = Button(t(lang, "button.pick_other"), callbacks.make("j", "pick", request_id))
        last.insert(0, pick)
    rows.append(tuple(last))
    if match is not None:
        key = "join.notify"
    elif candidates.others:
        key = "join.notify_unmatched"
    else:
        key = "join.no_candidates"
    return View(t(lang, key, **_fields(candidates)), tuple(rows))


def pick_view(candidates: Candidates, lang: str) -> View:
    """The second step: every member not yet joined (up to PICK_SHOWN), chosen explicitly."""
    request_id = candidates.request.id
    shown = candidates.others[:PICK_SHOWN]
    buttons = [Button(m.name, callbacks.make("j", "bind", request_id, str(m.id))) for m in shown]
    rows = [tuple(buttons[i : i + PER_ROW]) for i in range(0, len(buttons), PER_ROW)]
    back = Button(t(lang, "button.back"), callbacks.make("j", "back", request_id))
    rows.append((back, _refuse(candidates, lang)))
    lines = [t(lang, "join.pick", **_fields(candidates))]
    if len(candidates.others) > PICK_SHOWN:
        lines.append(t(lang, "join.pick_more", count=len(candidates.others) - PICK_SHOWN))
    return View("\n".join(lines), tuple(rows))
