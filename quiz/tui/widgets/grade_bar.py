"""The four grades as buttons (for the mouse; the keys are 1–4), each with when the card comes back if graded so
(``1 Again 10m``, as Anki shows it, computed by fsrs for this card now). Posts :class:`GradeBar.Chosen`. The
scorer's suggested grade is marked (``-suggested``)."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

from quiz.tui.styles import tcss

GRADES: tuple[tuple[int, str, ButtonVariant], ...] = (
    (1, "Again", "error"),
    (2, "Hard", "warning"),
    (3, "Good", "primary"),
    (4, "Easy", "success"),
)
"""(grade, label, button variant)."""


class GradeBar(Horizontal):
    """``1 Again  2 Hard  3 Good  4 Easy``. The buttons never take focus, so the keys keep working."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    class Chosen(Message):
        """A grade button was clicked."""

        def __init__(self, bar: GradeBar, grade: int) -> None:
            super().__init__()
            self.bar = bar
            self.grade = grade

        @property
        def control(self) -> GradeBar:
            return self.bar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._intervals: dict[int, str] | None = None
        """The intervals the buttons show (None: the labels as composed)."""
        self._buttons = {
            grade: Button(f"{grade} {label}", id=f"grade-{grade}", variant=variant, compact=True)
            for grade, label, variant in GRADES
        }

    def compose(self) -> ComposeResult:
        for grade, label, _variant in GRADES:
            button = self._buttons[grade]
            button.can_focus = False
            button.tooltip = f"Grade this card {label} (key {grade})"
            yield button

    def suggest(self, grade: int | None) -> None:
        """Mark ``grade`` as the scorer's suggestion (``enter`` accepts it), or none."""
        for each, button in self._buttons.items():
            button.set_class(each == grade, "-suggested")

    def show_intervals(self, intervals: Mapping[int, str] | None) -> None:
        """``1 Again 10m``: each grade with when the card comes back (``None``: no intervals, as in a cram drill)."""
        shown = dict(intervals or {})
        if shown == self._intervals:
            return  # as they are (new cards all come back alike): a new label would lay the bar out again
        self._intervals = shown
        for grade, label, _variant in GRADES:
            button = self._buttons[grade]
            when = (intervals or {}).get(grade)
            button.label = Content.assemble(f"{grade} {label}", (f" {when}" if when else "", "italic"))
            button.refresh(layout=True)  # Textual's Button repaints a new label but keeps its width: measure it again
            button.tooltip = f"Grade this card {label} (key {grade})" + (f": it comes back in {when}" if when else "")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        grade = int((event.button.id or "grade-0").removeprefix("grade-"))
        self.post_message(self.Chosen(self, grade))
