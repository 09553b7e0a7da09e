"""The selected card: number, question, chips; the answer, formula and key points once revealed.

First paint comes first: the panel is composed with its first card already filled in (and its difficulty class set,
so nothing is styled twice); the hidden answer box (:mod:`quiz.tui.widgets.answer_box`, with its module and its
styles) is mounted just after the first frame, or at once if the answer is revealed before that.

Every key must feel instant (``make bench``, section ``keys``): the next card only updates the texts that changed
(a layout only when a height changes), colors the border inline, and leaves the hidden answer alone until it is
revealed; revealing toggles two widgets' ``display`` rather than a class on the whole panel.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.theme import Theme
from textual.widget import MountError
from textual.widgets import Static

from quiz.deck import Card
from quiz.text_safety import printable
from quiz.tui.styles import tcss
from quiz.tui.widgets.chips import difficulty_chip, tag_chip
from quiz.tui.widgets.in_place import show_card_color, update_in_place

if TYPE_CHECKING:
    from quiz.tui.widgets.answer_box import AnswerBox

NO_MATCH = Content.assemble(("No cards match", "bold"), " — ", ("esc", "bold $text-accent"), " clears the filters.")


def position(card: Card, position: int, total: int) -> Content:
    """``Card 4 · 2 of 6 listed · demo xavier`` (``position`` 0: the card is not in the list)."""
    where = f" · {position} of {total} listed" if position else " · not in the filtered list"
    return Content.assemble((f"Card {card.id}", "bold"), where, (f" · demo {card.demo}", "$text-muted"))


def chips(card: Card) -> Content:
    """The difficulty chip (green, amber, red), then the tag chips."""
    return Content(" ").join([difficulty_chip(card.difficulty), *(tag_chip(t) for t in card.tags)])


class CardPanel(Vertical):
    """Shows one card (or that no card matches). The left border takes the card's color, else its difficulty's."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    revealed: reactive[bool] = reactive(False, init=False)
    """Whether the answer is shown."""

    def __init__(self, card: Card, index: int, total: int, *, id: str | None = None) -> None:
        """Start on ``card``, the ``index``-th of ``total`` listed (from 1)."""
        super().__init__(id=id, classes=f"-{card.difficulty}")
        self.card = card
        self.empty = False
        """Showing "No cards match" instead of a card."""
        self._answer_box_started = False
        self._index = index
        self._total = total
        self._colored = False
        if card.color:
            self.styles.border_left = ("thick", Color.parse(card.color))

    def compose(self) -> ComposeResult:
        card = self.card
        yield Static(position(card, self._index, self._total), id="position")
        yield Static(printable(card.question), id="question", markup=False)
        yield Static(chips(card), id="card-chips")
        yield Static(Content.assemble("Press ", ("space", "bold"), " to reveal the answer."), id="hint")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.call_after_refresh(self._mount_answer_box)

    def _theme_changed(self, _theme: Theme) -> None:
        if self._colored:  # the border was set inline for the theme before
            show_card_color(self, self.card)

    async def _mount_answer_box(self) -> None:
        """The answer, formula and key points: hidden until revealed, so the first frame can do without them."""
        if self._answer_box_started:
            return
        self._answer_box_started = True
        from quiz.tui.widgets.answer_box import AnswerBox

        with suppress(MountError):  # the app closed before its first frame settled
            box = AnswerBox(self.card, id="answer-box")
            box.display = self.revealed
            await self.mount(box)

    def _answer_box(self) -> AnswerBox | None:
        boxes = self.query("#answer-box")
        return cast("AnswerBox", boxes.first()) if boxes else None

    def show_card(self, card: Card, index: int, total: int) -> None:
        """Show ``card`` (the ``index``-th of ``total`` listed, from 1), answer hidden."""
        if self.empty:
            self._show_parts(True)
        self.card = card
        self.revealed = False
        self._colored = True
        show_card_color(self, card)
        self.show_position(card, index, total)
        update_in_place(self.query_one("#question", Static), printable(card.question))
        update_in_place(self.query_one("#card-chips", Static), chips(card))
        # The answer box catches up when it is revealed.

    def show_position(self, card: Card, index: int, total: int) -> None:
        """``Card 4 · 2 of 6 listed · demo xavier`` (``index`` 0: the card is not in the list)."""
        self.query_one("#position", Static).update(position(card, index, total), layout=False)

    def show_empty(self) -> None:
        """No card matches the filters: say so, and how to get them back."""
        self.revealed = False
        self.query_one("#position", Static).update(NO_MATCH, layout=False)
        self._show_parts(False)

    def _show_parts(self, shown: bool) -> None:
        self.empty = not shown
        for part in ("#question", "#card-chips", "#hint"):
            self.query_one(part).display = shown

    def watch_revealed(self, revealed: bool) -> None:
        self.query_one("#hint").display = not revealed and not self.empty
        box = self._answer_box()
        if box is None:
            if revealed:
                self.call_next(self._mount_answer_box)
            return
        if revealed and box.card is not self.card:
            box.show_card(self.card)
        box.display = revealed
