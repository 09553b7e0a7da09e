"""The list of cards: number, difficulty chip, question."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quiz.deck import Card
from quiz.tui.styles import tcss
from quiz.tui.widgets.chips import difficulty_chip


def card_prompt(card: Card) -> Content:
    """``12 Medium  What does “gain” mean…`` with the difficulty as a colored chip."""
    return Content.assemble(
        (f"{card.id:>2} ", "$text-muted"),
        difficulty_chip(card.difficulty, width=6),
        " ",
        card.question,
    )


class CardList(OptionList):
    """The cards the filter lets through. Posts :class:`CardList.CardHighlighted` as the highlight moves."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    class CardHighlighted(Message):
        """The highlight moved to the card ``card_id``."""

        def __init__(self, card_list: CardList, card_id: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.card_id = card_id

        @property
        def control(self) -> CardList:
            return self.card_list

    def show_cards(self, cards: Sequence[Card], selected: int | None) -> None:
        """List ``cards`` and highlight ``selected`` (the first card if it is not among them)."""
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(Option(card_prompt(card), id=str(card.id)) for card in cards)
        if not cards:
            return
        ids = [card.id for card in cards]
        index = ids.index(selected) if selected in ids else 0
        self.highlighted = None
        self.highlighted = index

    def action_cursor_down(self) -> None:
        # Stop at the last card rather than wrap to the first: "next" should never mean "card 1".
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()

    @property
    def highlighted_card_id(self) -> int | None:
        option = self.highlighted_option
        return int(option.id) if option is not None and option.id is not None else None

    @property
    def card_ids(self) -> list[int]:
        return [int(option.id) for option in self.options if option.id is not None]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.CardHighlighted(self, int(event.option.id)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        # Enter on a card is the same as highlighting it: the panel already shows it.
        event.stop()
