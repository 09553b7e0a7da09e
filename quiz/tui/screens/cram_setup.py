"""Choose what to cram: tags (only cards that have all the ticked tags) and difficulties (any of the ticked ones),
as the chips filter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Static

from quiz.deck import Deck
from quiz.tui.card_filter import FILTER_CHIPS
from quiz.tui.widgets.tick_box import TickBox


@dataclass(frozen=True)
class CramChoice:
    """What the user chose: tags (all must match), difficulties (any), and the cards that makes, in deck order."""

    tags: tuple[str, ...]
    difficulties: tuple[str, ...]
    card_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        """``Xavier · Hard`` (``every card`` when nothing was ticked)."""
        parts = [*self.tags, *(d.capitalize() for d in self.difficulties)]
        return " · ".join(parts) if parts else "every card"


class CramSetupScreen(ModalScreen[CramChoice | None]):
    """Returns the choice through ``dismiss``, or ``None`` when cancelled."""

    CSS_PATH = "cram_setup.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(chip.key, f"tick({chip.value!r})", chip.label, show=False, id=f"cram-{chip.value.lower()}")
            for chip in FILTER_CHIPS
        ),
        Binding("enter", "start", "Start", tooltip="Cram the cards chosen", id="cram-start", priority=True),
        Binding("escape", "cancel", "Cancel", tooltip="Close without drilling", id="cram-cancel"),
    ]

    def __init__(self, deck: Deck, *, tags: tuple[str, ...] = (), difficulties: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.deck = deck
        self._initial = {*tags, *difficulties}

    def compose(self) -> ComposeResult:
        with Vertical(id="cram-box") as box:
            box.border_title = "Cram drill"
            box.border_subtitle = "1–7 or click: tick · enter: start · esc: cancel"
            yield Static(
                "Drill any cards now, due or not. Cram answers are saved and counted in the stats, "
                "but they never move a card's schedule.",
                id="cram-intro",
            )
            for kind, title in (
                ("tag", "Tags: only cards that have all the ticked tags (none ticked: any tags)"),
                ("difficulty", "Difficulty: cards of any ticked difficulty (none ticked: all of them)"),
            ):
                yield Label(title, classes="section")
                with Horizontal(classes="cram-row"):
                    for chip in FILTER_CHIPS:
                        if chip.kind == kind:
                            box_ = TickBox(
                                f"{chip.key} {chip.label}",
                                value=chip.value in self._initial,
                                id=f"cram-{chip.value.lower()}",
                                classes=f"-{chip.value.lower()}",
                                compact=True,
                            )
                            box_.tooltip = f"Only {chip.label} cards (key {chip.key})"
                            yield box_
            with Horizontal(id="cram-footer"):
                yield Static("", id="cram-count")
                yield Button("Start  ⏎", id="cram-start", variant="primary", compact=True)
                yield Button("Cancel", id="cram-cancel", compact=True)

    def on_mount(self) -> None:
        self._update()

    def choice(self) -> CramChoice:
        """The choice the ticks make now."""
        ticked = {chip.value for chip in FILTER_CHIPS if self._box(chip.value).value}
        tags = tuple(c.value for c in FILTER_CHIPS if c.kind == "tag" and c.value in ticked)
        difficulties = tuple(c.value for c in FILTER_CHIPS if c.kind == "difficulty" and c.value in ticked)
        cards = self.deck.filter(tags=tags, difficulties=difficulties)
        return CramChoice(tags, difficulties, tuple(card.id for card in cards))

    def _box(self, value: str) -> Checkbox:
        return self.query_one(f"#cram-{value.lower()}", Checkbox)

    def _update(self) -> None:
        choice = self.choice()
        n = len(choice.card_ids)
        count = self.query_one("#cram-count", Static)
        if n:
            ids = ", ".join(map(str, choice.card_ids))
            count.update(Content.assemble((f"{n} card{'s' if n != 1 else ''}", "bold $text-success"), f"  ({ids})"))
        else:
            count.update(Content.styled("No card matches: untick a tag.", "bold $text-error"))
        self.query_one("#cram-start", Button).disabled = n == 0

    @on(Checkbox.Changed)
    def _ticked(self) -> None:
        self._update()

    def action_tick(self, value: str) -> None:
        box = self._box(value)
        box.value = not box.value

    def action_start(self) -> None:
        if self.focused is not None and self.focused.id == "cram-cancel":
            self.dismiss(None)  # enter on the Cancel button
            return
        choice = self.choice()
        if choice.card_ids:
            self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cram-start")
    def _start_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    @on(Button.Pressed, "#cram-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
