"""The drill's action bar, under the card: the Reveal button (and its keys) until the answer shows, then the four
grade buttons in the same place, as Anki does. Its height never changes, so revealing lays out only the bar."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from quiz.tui.styles import tcss
from quiz.tui.widgets.grade_bar import GradeBar
from quiz.tui.widgets.in_place import set_shown

HINT = Content.assemble(
    ("space", "bold $text-accent"),
    " reveals · ",
    ("a", "bold $text-accent"),
    " type first, then ",
    ("ctrl+r", "bold $text-accent"),
    " · the demo (",
    ("d", "bold $text-accent"),
    ") runs once the answer shows",
)
"""Beside the Reveal button while the answer is hidden."""


class DrillActions(Vertical):
    """Reveal, then grade. Posts :class:`DrillActions.RevealRequested` (and the grade bar its ``Chosen``)."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    class RevealRequested(Message):
        """The Reveal button was clicked."""

        def __init__(self, bar: DrillActions) -> None:
            super().__init__()
            self.bar = bar

        @property
        def control(self) -> DrillActions:
            return self.bar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hint_row = Horizontal(id="drill-hint-row")
        self.grades = GradeBar(id="grades")
        """The grade buttons (hidden until the answer is revealed)."""

    def compose(self) -> ComposeResult:
        with self._hint_row:
            reveal = Button("Reveal", id="drill-reveal", variant="primary", compact=True)
            reveal.can_focus = False  # keys stay with the drill; this is for the mouse
            reveal.tooltip = "Show the reference answer (space, or ctrl+r while typing)"
            yield reveal
            yield Static(HINT, id="drill-hint")
        self.grades.display = False
        yield self.grades

    def show_revealed(self, revealed: bool) -> None:
        """The grades once the answer is revealed, the Reveal button before."""
        set_shown(self._hint_row, not revealed)
        set_shown(self.grades, revealed)

    @on(Button.Pressed, "#drill-reveal")
    def _reveal_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.RevealRequested(self))
