"""The drill's progress line: "10 left of 15 cards", a bar, and the share done ("33%").

One widget drawn from a :class:`~textual.content.Content`, in place of a ``Label`` beside Textual's ``ProgressBar``.
That pair was five widgets (the row, the label, the bar's container, its bar and its percentage), and a grade
redrew three of them: about 1.5 ms of a grade's 10 (``make bench``, section ``keys``). A ``ProgressBar`` also runs
its update once a second for its time estimate, and now and then redraws for it. The drill knows its progress
exactly (cards done of cards in all) and shows no estimate.

The bar is drawn much as Textual's is: the part done in heavy lines (``━``), with a half line (``╸``) where it
ends mid-cell, in ``$primary`` (``$success`` once complete); the rest in ``$surface``, the colors of Textual's
``Bar``, so that every theme colors it. The rest is a light line (``─``), not a heavy one as there: without colors
(``NO_COLOR``, a monochrome terminal) the part done still shows.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

BAR, HALF_BAR, REST = "━", "╸", "─"
GAP = 2
"""Cells between the count, the bar and the percentage."""


def bar_cells(fraction: float, width: int) -> tuple[int, bool]:
    """How many whole cells of a ``width``-cell bar are filled at ``fraction``, and whether a half cell follows
    (the bar moves in half cells, as Textual's does)."""
    halves = int(max(0.0, min(1.0, fraction)) * width * 2)
    return halves // 2, bool(halves % 2)


class DrillProgress(Widget):
    """Shows what it is given (:meth:`show`); the drill screen says when."""

    DEFAULT_CSS = """
    DrillProgress {
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.done = 0
        self.total = 0

    @property
    def fraction(self) -> float:
        """The share of the drill's cards graded (1 for a drill with no card)."""
        return self.done / self.total if self.total else 1.0

    @property
    def count_text(self) -> str:
        left = self.total - self.done
        return f"{left} left of {self.total} {'card' if self.total == 1 else 'cards'}"

    def show(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` cards graded (a redraw of this one line: its size never changes)."""
        done, total = max(0, min(done, total)), max(0, total)
        if (done, total) != (self.done, self.total):
            self.done, self.total = done, total
            self.refresh()

    def render(self) -> Content:
        total = self.total
        # The count keeps the width of its widest ("15 left of 15 cards"), so the bar does not move as it counts.
        count = self.count_text.ljust(len(f"{total} left of {total} cards"))
        percent = f"{round(self.fraction * 100)}%".rjust(4)
        width = max(0, self.content_size.width - len(count) - len(percent) - 2 * GAP)
        full, half = bar_cells(self.fraction, width)
        left, _, rest = count.partition(" ")
        return Content.assemble(
            (left, "bold"),
            f" {rest}",
            " " * GAP,
            (BAR * full + (HALF_BAR if half else ""), "$success" if self.fraction >= 1 else "$primary"),
            (REST * (width - full - half), "$surface"),
            " " * GAP,
            percent,
        )
