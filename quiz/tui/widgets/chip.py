"""A small rounded label: a card's difficulty (green, amber, red) and tags, or a marker a screen styles itself."""

from __future__ import annotations

from textual.widgets import Static

from quiz.deck import Card
from quiz.tui.styles import tcss


class Chip(Static):
    """A chip; the classes ``-easy``, ``-medium`` and ``-hard`` color it by difficulty."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def __init__(self, label: str, *, classes: str = "") -> None:
        super().__init__(label, classes=classes, markup=False)


def card_chips(card: Card) -> list[Chip]:
    """The card's difficulty chip, then its tag chips."""
    return [Chip(card.difficulty_label, classes=f"-{card.difficulty}"), *(Chip(t, classes="-tag") for t in card.tags)]
