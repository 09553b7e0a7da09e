"""The deck's cards as a grid of :class:`MasteryTile`: how well each is known now, in its difficulty's color."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Grid

from quiz.deck import Card
from quiz.tui.styles import tcss
from quiz.tui.widgets.mastery_tile import MasteryTile


@dataclass(frozen=True)
class TileData:
    """What one tile shows (the stats screen fills it from the store's figures)."""

    card_id: int
    retrievability: float | None
    due: datetime | None
    is_new: bool
    reviews: int = 0
    last_grade: str = ""


class MasteryGrid(Grid):
    """One tile a card, in deck order."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def __init__(self, cards: Sequence[Card], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cards = list(cards)

    def compose(self) -> ComposeResult:
        for card in self.cards:
            yield MasteryTile(card.id, card.difficulty, id=f"tile-{card.id}")

    def show(self, tiles: Sequence[TileData], now: datetime) -> None:
        questions = {card.id: card.question for card in self.cards}
        for data in tiles:
            tile = self.query_one(f"#tile-{data.card_id}", MasteryTile)
            tile.show(
                data.retrievability,
                data.due,
                now,
                is_new=data.is_new,
                question=questions.get(data.card_id, ""),
                reviews=data.reviews,
                last_grade=data.last_grade,
            )
