"""A line chart of demo series (axes, log y where values span decades) with its legend, drawn with textual-plotext.

Every series has a colour of its own (:func:`series_colors`: ten chosen ones, then evenly spaced hues), the legend
wraps under the plot so no name is ever cut, and series with the same values are all drawn (the later ones on
alternate points, with a marker of their own) and the legend says they coincide.

Imported only when a demo result is shown: plotext is not needed for the first paint.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.markup import escape
from textual.widget import Widget
from textual_plotext import PlotextPlot

from quiz.demos.textchart import coinciding, repeat_rank
from quiz.tui.styles import tcss

if TYPE_CHECKING:
    from quiz.demos.base import Series

MIN_WIDTH, MIN_HEIGHT = 30, 8
"""Below this size a chart cannot show its axes: one sparkline a series is drawn instead."""

_BLOCKS = "▁▂▃▄▅▆▇█"

PALETTE: tuple[tuple[int, int, int], ...] = (
    (0, 160, 255),
    (255, 135, 0),
    (0, 190, 110),
    (215, 95, 215),
    (220, 190, 0),
    (240, 70, 70),
    (0, 200, 200),
    (150, 120, 255),
    (150, 205, 60),
    (255, 120, 170),
)
"""The first ten series' colours, readable on the light and the dark theme and told apart from each other."""

COINCIDE_MARKERS = ("•", "×", "+", "◆", "▲")
"""Markers of the series that repeat an earlier one's values (drawn on alternate points so both show)."""


def series_colors(count: int) -> list[tuple[int, int, int]]:
    """``count`` distinct colours: :data:`PALETTE`, then hues spread evenly between them (never a repeat)."""
    colors = list(PALETTE[:count])
    extra = count - len(colors)
    for n in range(extra):
        hue = (n + 0.5) / extra
        r, g, b = colorsys.hsv_to_rgb(hue, 0.65, 0.95)
        colors.append((round(r * 255), round(g * 255), round(b * 255)))
    return colors


def wants_log(series: Sequence[Series]) -> bool:
    """Log y when a series asks for it, or when the positive values span two decades or more."""
    ys = [y for s in series for y in s.y if math.isfinite(y)]
    positive = [y for y in ys if y > 0]
    if not positive:
        return False
    if any(s.log_y for s in series):
        return True
    return min(ys) > 0 and max(ys) / min(ys) >= 100.0


def _points(series: Series, log: bool) -> tuple[list[float], list[float]]:
    """The finite points of a series (and only the positive ones on a log axis)."""
    pairs = [(x, y) for x, y in zip(series.x, series.y, strict=False) if math.isfinite(x) and math.isfinite(y)]
    if log:
        pairs = [(x, y) for x, y in pairs if y > 0]
    return [x for x, _ in pairs], [y for _, y in pairs]


def decade_ticks(ys: Sequence[float], max_ticks: int) -> tuple[float, float, list[float], list[str]]:
    """Log-axis limits widened to whole decades, and the decades in between (thinned to ``max_ticks``)."""
    positive = [y for y in ys if y > 0 and math.isfinite(y)]
    low = math.floor(math.log10(min(positive)))
    high = math.ceil(math.log10(max(positive)))
    if high == low:
        high += 1
    step = max(1, math.ceil((high - low + 1) / max(2, max_ticks)))
    exponents = list(range(low, high + 1, step))
    ticks = [10.0**e for e in exponents]
    return ticks[0], 10.0**high, ticks, [f"{t:g}" for t in ticks]


def integer_ticks(xs: Sequence[float], max_ticks: int) -> list[float] | None:
    """Whole-number x ticks at a round step (1, 2, 5, 10, …), or ``None`` when x is not whole numbers."""
    if not xs or any(not math.isfinite(x) or not float(x).is_integer() for x in xs):
        return None
    low, high = int(min(xs)), int(max(xs))
    span = max(1, high - low)
    steps = [base * scale for scale in (1, 10, 100, 1000, 10_000, 100_000) for base in (1, 2, 5)]
    step = next((st for st in steps if span / st <= max(1, max_ticks - 1)), steps[-1])
    first = -(-low // step) * step
    ticks = [float(t) for t in range(first, high + 1, step)]
    if not ticks or ticks[0] != low:
        ticks.insert(0, float(low))
    return ticks


def sparkline(values: Sequence[float], log: bool = False) -> str:
    """``▁▃▅█`` for ``values`` (on a log scale if ``log``)."""
    vals = [math.log10(v) if log else v for v in values if math.isfinite(v) and (v > 0 or not log)]
    if not vals:
        return ""
    low, high = min(vals), max(vals)
    span = (high - low) or 1.0
    return "".join(_BLOCKS[round((v - low) / span * (len(_BLOCKS) - 1))] for v in vals)


def hex_color(rgb: tuple[int, int, int]) -> str:
    """``(0, 160, 255)`` → ``#00a0ff`` (for markup)."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def legend_items(series: Sequence[Series]) -> list[Content]:
    """``━━ He``, ``•• constant 0.5 (coincides with zeros)``: each series in its colour and with its mark."""
    colors = series_colors(len(series))
    same = coinciding(series)
    items = []
    for i, s in enumerate(series):
        if i in same:
            mark = COINCIDE_MARKERS[repeat_rank(same, i) % len(COINCIDE_MARKERS)] * 2
            note = f" (coincides with {series[same[i]].name})"
        else:
            mark, note = "━━", ""
        items.append(Content.assemble((mark, f"bold {hex_color(colors[i])}"), " ", f"{s.name}{note}"))
    return items


def wrap_items(items: Sequence[Content], width: int, gap: str = "   ") -> list[Content]:
    """The items on as many lines as ``width`` needs, never breaking one (an item wider than a line is cut short
    with an ellipsis, on a line of its own)."""
    lines: list[Content] = []
    line = Content("")
    for item in items:
        item = item.truncate(width, ellipsis=True) if item.cell_length > width else item
        if line.cell_length and line.cell_length + len(gap) + item.cell_length > width:
            lines.append(line)
            line = item
        else:
            line = line + gap + item if line.cell_length else item
    return [*lines, line] if line.cell_length or not lines else lines


class Legend(Widget):
    """Legend items wrapped between items to the width, so a name is never cut or split."""

    def __init__(self, items: Sequence[Content], *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.items = list(items)

    def render(self) -> RenderResult:
        return Content("\n").join(wrap_items(self.items, self.content_region.width or 80))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap_items(self.items, width))


class ChartPlot(PlotextPlot):
    """The plot of a :class:`Chart`: every series on shared axes, or sparklines where the axes cannot fit.

    Rebuilt from the series on every render: plotext applies the log scale to its stored data in place, so
    replaying a built figure (after a resize) would take the log twice.
    """

    def __init__(self, series: Sequence[Series], log_scale: bool) -> None:
        super().__init__()
        self.series = list(series)
        self.log_scale = log_scale

    def render(self) -> RenderResult:
        if self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT:
            return self._sparklines()
        plt = self.plt
        plt.clear_figure()
        colors = series_colors(len(self.series))
        same = coinciding(self.series)
        for i, s in enumerate(self.series):
            xs, ys = _points(s, self.log_scale)
            if not xs:
                continue
            if i in same:
                # The same values as an earlier series: drawn on alternate points with a marker of its own, so the
                # earlier line shows between them.
                rank = repeat_rank(same, i)
                columns = max(1, (self.size.width - 8) // (rank + 2))  # a marker every other column (or third…)
                stride = max(rank + 2, math.ceil(len(xs) / columns))
                keep = list(range(min(len(xs) - 1, stride // 2 + rank), len(xs), stride))
                marker = COINCIDE_MARKERS[rank % len(COINCIDE_MARKERS)]
                plt.scatter([xs[k] for k in keep], [ys[k] for k in keep], marker=marker, color=colors[i])
            else:
                # No plotext label: its legend fails when a series lies on the plot's edge; the chart has its own.
                plt.plot(xs, ys, marker="braille", color=colors[i])
        first = self.series[0]
        plt.xlabel(first.x_label)
        plt.ylabel(first.y_label)
        xticks = integer_ticks([x for s in self.series for x in s.x], max(2, self.size.width // 12))
        if xticks:
            plt.xticks(xticks, [f"{t:g}" for t in xticks])
        if self.log_scale:
            plt.yscale("log")
            low, high, yticks, labels = decade_ticks([y for s in self.series for y in s.y], self.size.height // 2)
            plt.ylim(math.log10(low), math.log10(high))  # plotext takes log-axis limits as exponents
            plt.yticks(yticks, labels)
        else:
            plt.yscale("linear")
        return super().render()

    def _sparklines(self) -> Text:
        width = max(len(s.name) for s in self.series)
        lines = [f"{s.name:<{width}} {sparkline(s.y, self.log_scale)}" for s in self.series]
        return Text("\n".join(lines), no_wrap=True, overflow="ellipsis")


class Chart(Vertical):
    """One chart: every series sharing a ``chart`` title, the title on the border, the legend under the plot."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def __init__(self, title: str, series: Sequence[Series], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart_title = title
        self.series = list(series)
        self.log_scale = wants_log(self.series)
        self.border_title = escape(f"{title} (log scale)" if self.log_scale else title)

    def compose(self) -> ComposeResult:
        yield ChartPlot(self.series, self.log_scale)
        yield Legend(legend_items(self.series), classes="chart-legend")

    @property
    def legend(self) -> Content:
        """Every legend item, on one line (the widget wraps them to its width)."""
        return Content("   ").join(legend_items(self.series))

    @property
    def plot(self) -> ChartPlot:
        return self.query_one(ChartPlot)

    def on_resize(self, event: Resize) -> None:
        # Where the plot falls back to sparklines, they carry the names: no legend under them.
        self.query_one(".chart-legend").display = event.size.width >= MIN_WIDTH
