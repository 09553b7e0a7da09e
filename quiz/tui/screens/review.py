"""The deck's interview tip and its quick review checklist; each line jumps to its cards."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from quiz.deck import Deck
from quiz.text_safety import printable


class ReviewScreen(ModalScreen[list[int] | None]):
    """Returns the cards to show: a checklist line's cards, or one card; ``None`` if closed."""

    CSS_PATH = "review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,i", "close", "Close", id="close-review"),
    ]

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box") as box:
            box.border_title = "Tip & quick review"
            box.border_subtitle = "enter: go to the cards · esc: close"
            yield Label("Interview tip", classes="section")
            yield Static(printable(self.deck.tip or "This deck has no tip.", multiline=True), id="tip", markup=False)
            yield Label("Quick review checklist", classes="section")
            yield OptionList(*self._options(), id="checklist")

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for n, item in enumerate(self.deck.checklist):
            cards = ", ".join(str(i) for i in item.cards)
            options.append(
                Option(
                    Content.assemble(
                        ("✓ ", "$text-accent"), (printable(item.text), "bold"), (f"  cards {cards}", "$text-muted")
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
