"""How well a card is known, drawn small: ``▆ 84%`` for a card list, a bar for the stats grid.

The value is a card's readiness: fsrs' predicted probability of recall at the interview (or 24 h from now), 0–1;
``None`` is a card never scheduled ("new"). Plain functions, no widget: :func:`mastery_badge` gives a rich ``Text``
(fixed colors, usable anywhere), :func:`mastery_content` the same as Textual ``Content`` in the theme's colors (for
``Content.assemble``).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

BLOCKS = "▁▂▃▄▅▆▇█"
BADGE_WIDTH = 6
"""``mastery_badge`` is always this many cells wide, so a list of badges lines up."""

STRONG, FAIR = 0.9, 0.6
"""Recall at or above ``STRONG`` (the default desired retention: ready) is green, at or above ``FAIR`` amber, below
it red."""

_RICH_STYLES = {"strong": "bold green", "fair": "bold yellow", "weak": "bold red", "new": "dim"}
_THEME_STYLES = {
    "strong": "bold $text-success",
    "fair": "bold $text-warning",
    "weak": "bold $text-error",
    "new": "$text-muted",
}


def mastery_level(retrievability: float | None) -> str:
    """``"strong"``, ``"fair"``, ``"weak"`` or ``"new"`` (never scheduled)."""
    if retrievability is None:
        return "new"
    if retrievability >= STRONG:
        return "strong"
    return "fair" if retrievability >= FAIR else "weak"


def mastery_percent(retrievability: float | None) -> str:
    """``"84%"``, or ``"new"`` for a card never scheduled."""
    if retrievability is None:
        return "new"
    return f"{round(_clamp(retrievability) * 100)}%"


def mastery_block(retrievability: float | None) -> str:
    """One block character ``▁``–``█`` for the level (``·`` for a new card)."""
    if retrievability is None:
        return "·"
    return BLOCKS[min(len(BLOCKS) - 1, int(_clamp(retrievability) * len(BLOCKS)))]


def mastery_bar(retrievability: float | None, width: int = 6) -> tuple[str, str]:
    """A bar of ``width`` cells as (filled, empty) parts: ``("████", "▁▁")`` at 0.67 (both ``·`` when new)."""
    if retrievability is None:
        return "", "·" * width
    filled = round(_clamp(retrievability) * width)
    if retrievability > 0 and filled == 0:
        filled = 1  # any recall at all shows something
    return "█" * filled, "▁" * (width - filled)


def mastery_badge(retrievability: float | None) -> Text:
    """``▆ 84%`` (green / amber / red by level) or a dim ``  new``: always :data:`BADGE_WIDTH` cells."""
    level = mastery_level(retrievability)
    if retrievability is None:
        return Text("new".rjust(BADGE_WIDTH), style=_RICH_STYLES["new"])
    return Text(f"{mastery_block(retrievability)} {mastery_percent(retrievability):>4}", style=_RICH_STYLES[level])


def mastery_content(retrievability: float | None) -> Content:
    """The badge as Textual ``Content`` in the theme's success / warning / error colors."""
    level = mastery_level(retrievability)
    if retrievability is None:
        return Content.styled("new".rjust(BADGE_WIDTH), _THEME_STYLES["new"])
    text = f"{mastery_block(retrievability)} {mastery_percent(retrievability):>4}"
    return Content.styled(text, _THEME_STYLES[level])


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))
