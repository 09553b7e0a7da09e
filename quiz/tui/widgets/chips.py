"""Chips drawn as styled text (one widget can hold many): difficulty green / amber / red, tags neutral."""

from __future__ import annotations

from textual.content import Content

from quiz.tui.card_filter import FilterChip

NBSP = "\u00a0"  # the padding inside a chip: a chip is one unbreakable run of text

DIFFICULTY_STYLES = {
    "easy": "bold $text-success on $success-muted",
    "medium": "bold $text-warning on $warning-muted",
    "hard": "bold $text-error on $error-muted",
}
ACTIVE_DIFFICULTY_STYLES = {
    "easy": "bold $background on $success",
    "medium": "bold $background on $warning",
    "hard": "bold $background on $error",
}
TAG_STYLE = "$text-muted on $panel"
ACTIVE_TAG_STYLE = "bold $background on $accent"


def chip(label: str, style: str, *, width: int = 0) -> Content:
    """`` label `` in ``style`` (padded to ``width``)."""
    return Content.styled(f"{NBSP}{label.ljust(width, NBSP)}{NBSP}", style)


def difficulty_chip(difficulty: str, *, width: int = 0) -> Content:
    return chip(difficulty.capitalize(), DIFFICULTY_STYLES[difficulty], width=width)


def tag_chip(tag: str) -> Content:
    return chip(tag, TAG_STYLE)


def filter_chip(spec: FilterChip, active: bool) -> Content:
    """A filter chip: its key, then its label; lit when ``active``."""
    if spec.kind == "difficulty":
        style = ACTIVE_DIFFICULTY_STYLES[spec.value] if active else DIFFICULTY_STYLES[spec.value]
    else:
        style = ACTIVE_TAG_STYLE if active else TAG_STYLE
    return Content.assemble(
        Content.styled(f"{NBSP}{spec.key}", f"{style} dim" if not active else style),
        chip(spec.label, style),
    )
