"""The selected card: number, question, chips; the answer, formula and key points once revealed.

One widget drawn with the line API (:mod:`quiz.tui.widgets.block_text`), not a widget per part: every key must
feel instant (``make bench``, section ``keys``), and the next card, a reveal or a filter then change one widget's
lines, with a layout only when its height changes. The left border is colored inline for the card (a class per
difficulty would make Textual match every CSS rule again, on every card); the answer's parts are built only when
it is revealed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.color import Color
from textual.content import Content
from textual.reactive import reactive
from textual.theme import Theme

from quiz.deck import Card
from quiz.text_safety import printable
from quiz.tui.styles import tcss
from quiz.tui.widgets.block_text import Block, BlockText
from quiz.tui.widgets.chips import difficulty_chip, tag_chip
from quiz.tui.widgets.in_place import show_card_color

NO_MATCH = Content.assemble(("No cards match", "bold"), " — ", ("esc", "bold $text-accent"), " clears the filters.")
HINT = Content.assemble("Press ", ("space", "bold"), " to reveal the answer.")


def position(card: Card, position: int, total: int) -> Content:
    """``Card 4 · 2 of 6 listed · demo xavier`` (``position`` 0: the card is not in the list)."""
    where = f" · {position} of {total} listed" if position else " · not in the filtered list"
    return Content.assemble((f"Card {card.id}", "bold"), where, (f" · demo {card.demo}", "$text-muted"))


def chips(card: Card) -> Content:
    """The difficulty chip (green, amber, red), then the tag chips."""
    return Content(" ").join([difficulty_chip(card.difficulty), *(tag_chip(t) for t in card.tags)])


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


def card_blocks(card: Card, *, revealed: bool) -> list[Block]:
    """What shows of ``card`` under its position line: the question and chips, then the hint or the answer."""
    blocks = [
        Block(Content(printable(card.question)), "card-panel--question"),
        Block(chips(card), "card-panel--chips"),
    ]
    if not revealed:
        blocks.append(Block(HINT, "card-panel--hint"))
    else:
        blocks.append(Block(answer(card), "card-panel--answer"))
        if card.formula is not None:
            blocks.append(Block(formula(card), "card-panel--formula"))
        blocks.append(Block(key_points(card), "card-panel--key-points"))
    return blocks


class CardPanel(BlockText):
    """Shows one card (or that no card matches). The left border takes the card's color, else its difficulty's.

    Its parts (component classes, styled in ``card_panel.tcss``): ``card-panel--position``, ``--question``,
    ``--chips``, ``--hint``, and once revealed ``--answer``, ``--formula`` (the formula in a box) and
    ``--key-points``. :meth:`text` reads what a part shows.
    """

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card-panel--position",
        "card-panel--question",
        "card-panel--chips",
        "card-panel--hint",
        "card-panel--answer",
        "card-panel--formula",
        "card-panel--key-points",
    }

    revealed: reactive[bool] = reactive(False, init=False, repaint=False)
    """Whether the answer is shown (drawn by the watcher: only the lines that change)."""

    def __init__(self, card: Card, index: int, total: int, *, id: str | None = None) -> None:
        """Start on ``card``, the ``index``-th of ``total`` listed (from 1)."""
        super().__init__(id=id, classes=f"-{card.difficulty}")
        self.card = card
        self.empty = False
        """Showing "No cards match" instead of a card."""
        self._position = position(card, index, total)
        self._colored = False
        self._parts: dict[tuple[int, bool], list[Block]] = {}
        """Each card's blocks under its position line, hidden and revealed, built once (a key only picks them)."""
        if card.color:
            self.styles.border_left = ("thick", Color.parse(card.color))
        self._show()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: Theme) -> None:
        if self._colored:  # the border was set inline for the theme before
            show_card_color(self, self.card)

    def _show(self) -> None:
        if self.empty:
            self.show([Block(NO_MATCH, "card-panel--position", one_line=True)])
            return
        self.show(self._card_elements(self.card, self._position, revealed=self.revealed))

    def _card_elements(self, card: Card, where: Content, *, revealed: bool) -> list[Block]:
        """The position line ``where``, then ``card``'s blocks (built once per card and state)."""
        parts = self._parts.get((card.id, revealed))
        if parts is None:
            parts = self._parts[card.id, revealed] = card_blocks(card, revealed=revealed)
        return [Block(where, "card-panel--position", one_line=True), *parts]

    def show_card(self, card: Card, index: int, total: int) -> None:
        """Show ``card`` (the ``index``-th of ``total`` listed, from 1), answer hidden."""
        self.card = card
        self.empty = False
        self._colored = True
        show_card_color(self, card)
        self._position = position(card, index, total)
        self.set_reactive(CardPanel.revealed, False)
        self._show()

    def prepare_card(self, card: Card, index: int, total: int, *, revealed: bool) -> None:
        """Draw ``card`` (the ``index``-th of ``total`` listed) as it would show, answer ``revealed`` or not, without
        showing it: the key that shows it next then draws nothing new."""
        self.prepare(self._card_elements(card, position(card, index, total), revealed=revealed))

    def show_position(self, card: Card, index: int, total: int) -> None:
        """``Card 4 · 2 of 6 listed · demo xavier`` (``index`` 0: the card is not in the list)."""
        self._position = position(card, index, total)
        if not self.empty:
            self._show()

    def show_empty(self) -> None:
        """No card matches the filters: say so, and how to get them back."""
        self.set_reactive(CardPanel.revealed, False)
        self.empty = True
        self._show()

    def watch_revealed(self, _revealed: bool) -> None:
        self._show()
