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
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, visualize
from textual.widget import Widget, _RenderCache

from quiz.tui.styled_lines import keep_styled_lines, prestyle

BAR, HALF_BAR, REST = "━", "╸", "─"
GAP = 2
"""Cells between the count, the bar and the percentage."""


def bar_cells(fraction: float, width: int) -> tuple[int, bool]:
    """How many whole cells of a ``width``-cell bar are filled at ``fraction``, and whether a half cell follows
    (the bar moves in half cells, as Textual's does)."""
    halves = int(max(0.0, min(1.0, fraction)) * width * 2)
    return halves // 2, bool(halves % 2)


def count_text(done: int, total: int) -> str:
    """``10 left of 15 cards``."""
    return f"{total - done} left of {total} {'card' if total == 1 else 'cards'}"


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
        self._prepared: dict[tuple[int, int, int, Style], list[Strip]] = {}
        """Lines drawn ahead (:meth:`prepare`), by the progress they show, the width and the style."""
        keep_styled_lines(self)  # a prepared line's styled row is kept with it

    @property
    def fraction(self) -> float:
        """The share of the drill's cards graded (1 for a drill with no card)."""
        return self.done / self.total if self.total else 1.0

    @property
    def count_text(self) -> str:
        return count_text(self.done, self.total)

    def show(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` cards graded (a redraw of this one line: its size never changes)."""
        done, total = max(0, min(done, total)), max(0, total)
        if (done, total) != (self.done, self.total):
            self.done, self.total = done, total
            self.refresh()

    def prepare(self, done: int, total: int) -> None:
        """Draw the line for ``done`` of ``total`` without showing it (the count after the grade to come, drawn while
        the answer is read): showing it then draws nothing new, 0.6 ms of each grade."""
        width, height = self.size
        if not self.is_mounted or width <= 0:
            return
        style = self.visual_style
        strips = Visual.to_strips(self, visualize(self, self._line(done, total)), width, height, style)
        self._prepared = {(done, total, width, style): strips}
        prestyle(self, strips)

    def _render_content(self) -> None:
        prepared = self._prepared.get((self.done, self.total, self.size.width, self.visual_style))
        if prepared is None:
            super()._render_content()
            return
        self._render_cache = _RenderCache(self.size, prepared)
        self._dirty_regions.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._prepared.clear()  # drawn in the old styles

    def render(self) -> Content:
        return self._line(self.done, self.total)

    def _line(self, done: int, total: int) -> Content:
        fraction = done / total if total else 1.0
        # The count keeps the width of its widest ("15 left of 15 cards"), so the bar does not move as it counts.
        count = count_text(done, total).ljust(len(f"{total} left of {total} cards"))
        percent = f"{round(fraction * 100)}%".rjust(4)
        width = max(0, self.content_size.width - len(count) - len(percent) - 2 * GAP)
        full, half = bar_cells(fraction, width)
        left, _, rest = count.partition(" ")
        return Content.assemble(
            (left, "bold"),
            f" {rest}",
            " " * GAP,
            (BAR * full + (HALF_BAR if half else ""), "$success" if fraction >= 1 else "$primary"),
            (REST * (width - full - half), "$surface"),
            " " * GAP,
            percent,
        )
