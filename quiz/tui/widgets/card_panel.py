"""The selected card: number, question, chips; the answer, formula and key points once revealed.

First paint comes first: the panel is composed with its first card already filled in (and its difficulty class set,
so nothing is styled twice); the hidden answer box (:mod:`quiz.tui.widgets.answer_box`, with its module and its
styles) is mounted just after the first frame, or at once if the answer is revealed before that.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import MountError, Widget
from textual.widgets import Static

from quiz.deck import Card
from quiz.text_safety import printable
from quiz.tui.styles import tcss
from quiz.tui.widgets.chips import difficulty_chip, tag_chip

if TYPE_CHECKING:
    from quiz.tui.widgets.answer_box import AnswerBox

_DIFFICULTY_CLASSES = ("-easy", "-medium", "-hard")


def show_card_color(widget: Widget, card: Card) -> None:
    """Color ``widget``'s left border for ``card``: the card's own color, else its difficulty class's (the widget's
    styles map ``-easy``/``-medium``/``-hard`` to green, amber, red)."""
    widget.remove_class(*_DIFFICULTY_CLASSES, update=False)
    widget.add_class(f"-{card.difficulty}")
    if card.color:
        widget.styles.border_left = ("thick", Color.parse(card.color))
    else:
        widget.styles.clear_rule("border_left")


def position(card: Card, position: int, total: int) -> Content:
    """``Card 4 · 2 of 6 listed`` (``position`` 0: the card is not in the list)."""
    where = f" · {position} of {total} listed" if position else " · not in the filtered list"
    return Content.assemble((f"Card {card.id}", "bold"), where)


def chips(card: Card) -> Content:
    """The difficulty chip (green, amber, red), then the tag chips."""
    return Content(" ").join([difficulty_chip(card.difficulty), *(tag_chip(t) for t in card.tags)])


class CardPanel(Vertical):
    """Shows one card. The left border takes the card's color, else its difficulty's (green, amber, red)."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    revealed: reactive[bool] = reactive(False, init=False)
    """Whether the answer is shown."""

    def __init__(self, card: Card, index: int, total: int, *, id: str | None = None) -> None:
        """Start on ``card``, the ``index``-th of ``total`` listed (from 1)."""
        super().__init__(id=id, classes=f"-{card.difficulty}")
        self.card = card
        self._answer_box_started = False
        self._index = index
        self._total = total
        if card.color:
            self.styles.border_left = ("thick", Color.parse(card.color))

    def compose(self) -> ComposeResult:
        card = self.card
        yield Static(position(card, self._index, self._total), id="position")
        yield Static(printable(card.question), id="question", markup=False)
        yield Static(chips(card), id="card-chips")
        yield Static(Content.assemble("Press ", ("space", "bold"), " to reveal the answer."), id="hint")

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_answer_box)

    async def _mount_answer_box(self) -> None:
        """The answer, formula and key points: hidden until revealed, so the first frame can do without them."""
        if self._answer_box_started:
            return
        self._answer_box_started = True
        from quiz.tui.widgets.answer_box import AnswerBox

        with suppress(MountError):  # the app closed before its first frame settled
            await self.mount(AnswerBox(self.card, id="answer-box"))

    def show_card(self, card: Card, index: int, total: int) -> None:
        """Show ``card`` (the ``index``-th of ``total`` listed, from 1), answer hidden."""
        self.card = card
        self.revealed = False
        show_card_color(self, card)
        self.show_position(card, index, total)
        self.query_one("#question", Static).update(printable(card.question))
        self.query_one("#card-chips", Static).update(chips(card))
        for box in self.query("#answer-box"):
            cast("AnswerBox", box).show_card(card)

    def show_position(self, card: Card, index: int, total: int) -> None:
        """``Card 4 · 2 of 6 listed`` (``index`` 0: the card is not in the list)."""
        self.query_one("#position", Static).update(position(card, index, total))

    async def watch_revealed(self, revealed: bool) -> None:
        self.set_class(revealed, "-revealed")
        if revealed:
            await self._mount_answer_box()
