"""The selected card: number, question, chips; the answer, formula and key points once revealed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from quiz.deck import Card
from quiz.tui.styles import tcss
from quiz.tui.widgets.chips import difficulty_chip, tag_chip

_DIFFICULTY_CLASSES = ("-easy", "-medium", "-hard")


def position(card: Card, position: int, total: int) -> Content:
    """``Card 4 · 2 of 6 listed`` (``position`` 0: the card is not in the list)."""
    where = f" · {position} of {total} listed" if position else " · not in the filtered list"
    return Content.assemble((f"Card {card.id}", "bold"), where)


def chips(card: Card) -> Content:
    """The difficulty chip (green, amber, red), then the tag chips."""
    return Content(" ").join([difficulty_chip(card.difficulty), *(tag_chip(t) for t in card.tags)])


def answer(card: Card) -> Content:
    return Content("\n").join([Content.styled("Answer", "bold $text-accent"), Content(card.answer)])


def formula(card: Card) -> Content:
    lines = [Content.styled(card.formula or "", "bold $text")]
    if card.formula_note:
        lines.append(Content.styled(card.formula_note, "italic $text-muted"))
    return Content("\n").join(lines)


def key_points(card: Card) -> Content:
    lines = [Content.styled("Key points", "bold $text-accent")]
    lines += [Content.assemble(("• ", "$accent"), kp.label) for kp in card.key_points]
    return Content("\n").join(lines)


class CardPanel(Vertical):
    """Shows one card. The left border takes the card's color, else its difficulty's (green, amber, red)."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    revealed: reactive[bool] = reactive(False, init=False)
    """Whether the answer is shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.card: Card | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="position")
        yield Static(id="question", markup=False)
        yield Static(id="card-chips")
        yield Static(Content.assemble("Press ", ("space", "bold"), " to reveal the answer."), id="hint")
        with Vertical(id="answer-box"):
            yield Static(id="answer")
            yield Static(id="formula")
            yield Static(id="key-points")

    def show_card(self, card: Card, index: int, total: int) -> None:
        """Show ``card`` (the ``index``-th of ``total`` listed, from 1), answer hidden."""
        self.card = card
        self.revealed = False
        self.remove_class(*_DIFFICULTY_CLASSES)
        self.add_class(f"-{card.difficulty}")
        if card.color:
            self.styles.border_left = ("thick", Color.parse(card.color))
        else:
            self.styles.clear_rule("border_left")
        self.show_position(card, index, total)
        self.query_one("#question", Static).update(card.question)
        self.query_one("#card-chips", Static).update(chips(card))
        self.query_one("#answer", Static).update(answer(card))
        box = self.query_one("#formula", Static)
        box.update(formula(card))
        box.display = card.formula is not None
        self.query_one("#key-points", Static).update(key_points(card))

    def show_position(self, card: Card, index: int, total: int) -> None:
        """``Card 4 · 2 of 6 listed`` (``index`` 0: the card is not in the list)."""
        self.query_one("#position", Static).update(position(card, index, total))

    def watch_revealed(self, revealed: bool) -> None:
        self.set_class(revealed, "-revealed")
