"""The deck's interview tip and its quick review checklist; each line jumps to its cards.

A line is ticked only when every one of its cards is known (FSRS' recall at least 85 %): a fresh deck ticks
nothing. Lines partly studied show ◐, lines not studied ○.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from quiz.deck import ChecklistItem, Deck
from quiz.text_safety import printable
from quiz.tui.widgets.mastery import STRONG

LEGEND = "✓ every card known (recall ≥ 85 %) · ◐ some cards studied · ○ none studied yet"


def line_mark(item: ChecklistItem, mastery: Mapping[int, float | None] | None) -> tuple[str, str]:
    """The mark of a checklist line and its style: ✓ when all its cards are known, ◐ when some are studied, ○
    when none is, ``•`` while the progress is not read yet."""
    if mastery is None:
        return "•", "$text-muted"
    recall = [mastery.get(card) for card in item.cards]
    if recall and all(r is not None and r >= STRONG for r in recall):
        return "✓", "bold $text-success"
    if any(r is not None for r in recall):
        return "◐", "bold $text-warning"
    return "○", "$text-muted"


class ReviewScreen(ModalScreen[list[int] | None]):
    """Returns the cards to show: a checklist line's cards, or one card; ``None`` if closed."""

    CSS_PATH = "review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,i", "close", "Close", id="close-review"),
    ]

    def __init__(self, deck: Deck, mastery: Mapping[int, float | None] | None = None) -> None:
        """``mastery``: each card's recall as the study list shows it (``None``: not read yet)."""
        super().__init__()
        self.deck = deck
        self.mastery = mastery

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box") as box:
            box.border_title = "Tip & quick review"
            box.border_subtitle = "enter: go to the cards · esc: close"
            yield Label("Interview tip", classes="section")
            yield Static(printable(self.deck.tip or "This deck has no tip.", multiline=True), id="tip", markup=False)
            yield Label("Quick review checklist", classes="section")
            if self.mastery is not None:
                yield Static(LEGEND, id="legend", markup=False)
            yield OptionList(*self._options(), id="checklist")

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for n, item in enumerate(self.deck.checklist):
            cards = ", ".join(str(i) for i in item.cards)
            mark, style = line_mark(item, self.mastery)
            options.append(
                Option(
                    Content.assemble(
                        (f"{mark} ", style), (printable(item.text), "bold"), (f"  cards {cards}", "$text-muted")
                    ),
                    id=f"line-{n}",
                )
            )
            for card_id in item.cards:
                card = self.deck.card(card_id)
                options.append(
                    Option(
                        Content.assemble(("   → ", "$text-muted"), printable(f"{card.id}  {card.question}")),
                        id=f"card-{card.id}-{n}",
                    )
                )
        if not options:
            options.append(Option("This deck has no checklist.", disabled=True))
        return options

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        kind, _, rest = option_id.partition("-")
        if kind == "line":
            self.dismiss(list(self.deck.checklist[int(rest)].cards))
        elif kind == "card":
            self.dismiss([int(rest.split("-")[0])])

    def action_close(self) -> None:
        self.dismiss(None)
