"""The list of cards: number, difficulty chip, question."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quiz.deck import Card
from quiz.tui.styles import tcss
from quiz.tui.widgets.chips import difficulty_chip
from quiz.tui.widgets.mastery import mastery_content


def card_prompt(card: Card, mastery: Mapping[int, float | None] | None = None) -> Content:
    """``12 Medium  What does “gain” mean…``: the difficulty as a colored chip; with ``mastery`` (read from the
    store), the card's badge after it (``▆  84%``, ``new`` if never reviewed)."""
    badge: list[Content | str] = [mastery_content(mastery.get(card.id)), " "] if mastery is not None else []
    return Content.assemble(
        (f"{card.id:>2} ", "$text-muted"),
        difficulty_chip(card.difficulty, width=6),
        " ",
        *badge,
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cards: list[Card] = []
        self.mastery: dict[int, float | None] | None = None
        """Each card's mastery, once read from the store (``None`` until then: no badges)."""

    def show_cards(self, cards: Sequence[Card], selected: int | None) -> None:
        """List ``cards`` and highlight ``selected`` (the first card if it is not among them)."""
        self.cards = list(cards)
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(Option(card_prompt(card, self.mastery), id=str(card.id)) for card in cards)
        if not cards:
            return
        ids = [card.id for card in cards]
        index = ids.index(selected) if selected in ids else 0
        self.highlighted = None
        self.highlighted = index

    def show_mastery(self, mastery: Mapping[int, float | None]) -> None:
        """Show each listed card's mastery badge (the highlight stays where it is)."""
        self.mastery = dict(mastery)
        with self.prevent(OptionList.OptionHighlighted):
            for card in self.cards:
                self.replace_option_prompt(str(card.id), card_prompt(card, self.mastery))

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
