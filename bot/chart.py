"""The unit's progress as a picture, with Chinese labels that render (the Noto Sans CJK SC font
that the mplfonts package ships)."""

from __future__ import annotations

import importlib.resources
import io
from functools import cache

from bot.core.formatting import format_day
from bot.core.progress import Status
from bot.i18n import t
from bot.standing import UnitStanding

COLOURS = {
    Status.DONE: "#2e7d32",
    Status.ON_TRACK: "#1565c0",
    Status.BEHIND: "#ef6c00",
    Status.OVERDUE: "#c62828",
    Status.NOT_YET_OPEN: "#9e9e9e",
}
FONT_FILE = "NotoSansCJKsc-Regular.otf"


@cache
def font_path() -> str:
    return str(importlib.resources.files("mplfonts") / "fonts" / FONT_FILE)


def progress_chart(standing: UnitStanding, lang: str, *, width: float = 8.0) -> bytes:
    """A horizontal bar per unit obligation with a target: done/target, coloured by status."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt
    from matplotlib.patches import Rectangle

    font_manager.fontManager.addfont(font_path())
    family = font_manager.FontProperties(fname=font_path()).get_name()
    items = [p for p in standing.unit if p.target]
    names = [p.obligation.name(lang) for p in items]
    shares = [min(1.0, p.done / p.target) if p.target else 0.0 for p in items]
    with plt.rc_context({"font.family": family, "axes.unicode_minus": False}):
        figure, axes = plt.subplots(figsize=(width, 0.45 * len(items) + 1.6), dpi=100)
        positions = range(len(items))
        axes.barh(positions, [1.0] * len(items), color="#eeeeee")
        axes.barh(positions, shares, color=[COLOURS[p.status] for p in items])
        for y, p in zip(positions, items, strict=True):
            axes.text(1.01, y, f"{p.done}/{p.target}", va="center", fontsize=9)
        axes.set_yticks(list(positions), names, fontsize=9)
        axes.invert_yaxis()
        axes.set_xlim(0, 1.12)
        axes.set_xticks([])
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        axes.set_title(
            t(lang, "chart.title", year=standing.plan.year, day=format_day(standing.on, lang)),
            fontsize=11,
        )
        handles = [Rectangle((0, 0), 1, 1, color=COLOURS[s]) for s in COLOURS]
        labels = [t(lang, f"ledger.status.{s.value}") for s in COLOURS]
        axes.legend(handles, labels, loc="lower right", fontsize=8, frameon=False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        plt.close(figure)
    return buffer.getvalue()


def labels_of(standing: UnitStanding, lang: str) -> str:
    """Every character the chart writes (for checking the font covers them)."""
    parts = [p.obligation.name(lang) for p in standing.unit if p.target]
    parts += [t(lang, f"ledger.status.{s.value}") for s in COLOURS]
    parts.append(t(lang, "chart.title", year=standing.plan.year, day=format_day(standing.on, lang)))
    return "".join(parts)
