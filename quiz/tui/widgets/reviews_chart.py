"""Reviews per day as stacked bars (recalled below, lapses graded Again on top), the last days oldest first.

Drawn with block characters (eighths of a cell) rather than plotext: bars are the right shape for counts, and the
chart stays crisp at any size. A sentence when there is nothing yet; a sparkline where no bar chart can fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from quiz.tui.styles import tcss
from quiz.tui.widgets.chart import sparkline

EIGHTHS = " ▁▂▃▄▅▆▇█"
RECALLED, LAPSED = "$success", "$error"
EMPTY_TEXT = "No reviews yet: drill the cards due and they show here."
MIN_PLOT_ROWS = 3


@dataclass(frozen=True)
class DayBar:
    """One day: ``label`` (``11-29``), reviews, and how many of them were recalled."""

    label: str
    reviews: int
    recalled: int


def y_ticks(top: int) -> list[int]:
    """0, the top, and a middle value when it is a whole number distinct from both."""
    ticks = {0, top}
    if top >= 2 and top % 2 == 0:
        ticks.add(top // 2)
    return sorted(ticks)


def bar_cell(row: int, total_e: int, recalled_e: int) -> tuple[str, str]:
    """The character and style of a bar's cell ``row`` (0 at the bottom), heights given in eighths of a cell."""
    filled = max(0, min(8, total_e - row * 8))
    if filled == 0:
        return " ", ""
    low, high = row * 8, row * 8 + filled
    if high <= recalled_e:
        return EIGHTHS[filled], RECALLED
    if low >= recalled_e:
        return EIGHTHS[filled], LAPSED
    if filled == 8:  # recalled below, lapses above, in one cell: fg draws the lower part, bg the rest
        return EIGHTHS[recalled_e - low], f"{RECALLED} on {LAPSED}"
    return EIGHTHS[filled], RECALLED if recalled_e - low >= filled / 2 else LAPSED


class ReviewsChart(Widget):
    """Reviews per day; the legend and the total are the border subtitle."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.days: list[DayBar] = []
        self.border_title = "Reviews per day"

    def show(self, days: Sequence[DayBar]) -> None:
        self.days = list(days)
        total = sum(d.reviews for d in self.days)
        self.border_title = f"Reviews per day · last {len(self.days)} days"
        self.border_subtitle = (
            f"[$success]██[/] recalled  [$error]██[/] again   {total} review{'s' if total != 1 else ''}"
            if total
            else ""
        )
        self.refresh()

    def render(self) -> RenderResult:
        if not any(d.reviews for d in self.days):
            return Content.styled(EMPTY_TEXT, "italic $text-muted")
        width, height = self.content_size.width, self.content_size.height
        top = max(d.reviews for d in self.days)
        axis = len(str(top)) + 1
        rows = height - 2  # the x axis and its labels below the bars
        if rows < MIN_PLOT_ROWS or width - axis - 1 < 8:
            counts = [float(d.reviews) for d in self.days]
            return Content(f"{sparkline([*counts, 0.0])[:-1]}  {sum(d.reviews for d in self.days)} reviews")
        days = self.days[-(width - axis - 1) :]  # the most recent days that fit one cell each
        step = max(1, (width - axis - 1) // len(days))
        bar = max(1, step - 1) if step > 1 else 1
        # A tick labels the row whose top edge is at its value; 0 sits on the x axis.
        ticks = {round(t / top * rows) - 1: t for t in y_ticks(top) if t > 0}
        lines: list[Content] = []
        for row in range(rows - 1, -1, -1):
            label = ticks.get(row)
            parts: list[Content | str | tuple[str, str]] = [
                (f"{label:>{axis - 1}}┤" if label is not None else f"{'':>{axis - 1}}│", "$text-muted")
            ]
            for d in days:
                total_e = round(d.reviews / top * rows * 8)
                recalled_e = round(d.recalled / top * rows * 8)
                char, style = bar_cell(row, total_e, recalled_e)
                parts.append((char * bar, style) if style else " " * bar)
                parts.append(" " * (step - bar))
            lines.append(Content.assemble(*parts))
        lines.append(Content.styled(f"{0:>{axis - 1}}└" + "─" * (len(days) * step), "$text-muted"))
        lines.append(Content.styled(" " * axis + self._x_labels(days, step), "$text-muted"))
        return Content("\n").join(lines)

    @staticmethod
    def _x_labels(days: Sequence[DayBar], step: int) -> str:
        """Day labels under their bars, as many as fit without touching, always ending with the last day."""
        width = len(days) * step
        line = [" "] * (width + 8)
        label_width = max(len(d.label) for d in days) + 2
        every = max(1, -(-label_width // step))
        for i in range(len(days) - 1, -1, -every):
            start = max(0, i * step + (step - 1) // 2 - len(days[i].label) // 2)
            start = min(start, width - len(days[i].label))
            if start < 0 or any(c != " " for c in line[max(0, start - 1) : start + len(days[i].label) + 1]):
                continue
            line[start : start + len(days[i].label)] = days[i].label
        return "".join(line).rstrip()
