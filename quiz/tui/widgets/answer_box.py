"""A card's answer, its formula (if any) set apart in a box, and its key points: what a reveal shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quiz.deck import Card
from quiz.text_safety import printable
from quiz.tui.styles import tcss


def answer(card: Card) -> Content:
    return Content("\n").join(
        [Content.styled("Answer", "bold $text-accent"), Content(printable(card.answer, multiline=True))]
    )


def formula(card: Card) -> Content:
    lines = [Content.styled(printable(card.formula or ""), "bold $text")]
    if card.formula_note:
        lines.append(Content.styled(printable(card.formula_note), "italic $text-muted"))
    return Content("\n").join(lines)


def key_points(card: Card) -> Content:
    lines = [Content.styled("Key points", "bold $text-accent")]
    lines += [Content.assemble(("• ", "$accent"), printable(kp.label)) for kp in card.key_points]
    return Content("\n").join(lines)


class AnswerBox(Vertical):
    """The answer, formula and key points of one card. Shown only inside a revealed card panel (``.-revealed``)."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def __init__(self, card: Card, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.card = card

    def compose(self) -> ComposeResult:
        yield Static(answer(self.card), id="answer")
        formula_box = Static(formula(self.card), id="formula")
        formula_box.display = self.card.formula is not None
        yield formula_box
        yield Static(key_points(self.card), id="key-points")

    def show_card(self, card: Card) -> None:
        self.card = card
        if not self.query("#answer"):
            return  # mounted but not composed yet: compose() will show self.card
        self.query_one("#answer", Static).update(answer(card))
        formula_box = self.query_one("#formula", Static)
        formula_box.update(formula(card))
        formula_box.display = card.formula is not None
        self.query_one("#key-points", Static).update(key_points(card))
