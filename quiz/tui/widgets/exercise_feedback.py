"""An exercise's feedback: right or wrong, the answer beside the one given, the computation with its numbers, and
for an experiment the demo's chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quiz.tui.styles import tcss

if TYPE_CHECKING:
    from quiz.demos.base import Series


def verdict_content(verdict: str, summary: str) -> Content:
    """``✓ Right: the answer is …`` (green), ``✗ Wrong: …`` / ``✗ No answer: …`` (red)."""
    right = verdict == "Right"
    mark = ("✓ " if right else "✗ ") + verdict
    return Content.assemble((mark, "bold $text-success" if right else "bold $text-error"), f": {summary}.")


class ExerciseFeedback(Vertical):
    """Shown once an answer is graded (see :meth:`show`); empty until then."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def compose(self) -> ComposeResult:
        yield Static("", classes="feedback-verdict")
        yield Static("", classes="feedback-how", markup=False)
        yield Vertical(classes="feedback-chart")

    async def show(self, verdict: Content, explanation: str, series: Sequence[Series] = ()) -> None:
        """Show the verdict line, the computation and (for an experiment) the demo's chart."""
        self.query_one(".feedback-verdict", Static).update(verdict)
        self.query_one(".feedback-how", Static).update(f"How: {explanation}" if explanation else "")
        charts = self.query_one(".feedback-chart", Vertical)
        await charts.remove_children()
        if series:
            from quiz.tui.widgets.chart import Chart  # plotext loads with the first experiment, not at start-up

            await charts.mount(Chart(series[0].chart or series[0].y_label, series))
        self.display = True

    async def clear(self) -> None:
        self.query_one(".feedback-verdict", Static).update("")
        self.query_one(".feedback-how", Static).update("")
        await self.query_one(".feedback-chart", Vertical).remove_children()
        self.display = False
