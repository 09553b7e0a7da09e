"""A line chart of demo series (axes, legend, log y where values span decades), drawn with textual-plotext.

Imported only when a demo result is shown: plotext is not needed for the first paint.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import RenderResult
from textual.markup import escape
from textual_plotext import PlotextPlot

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
)
"""Series colors, readable on the light and the dark theme. The legend uses the same ones."""


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


class Chart(PlotextPlot):
    """One chart: every series sharing a ``chart`` title; the legend (in the chart's colors) is the subtitle.

    The plot is rebuilt from the series on every render: plotext applies the log scale to its stored data in place,
    so replaying a built figure (after a resize) would take the log twice.
    """

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def __init__(self, title: str, series: Sequence[Series], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart_title = title
        self.series = list(series)
        self.log_scale = wants_log(self.series)
        self.border_title = escape(f"{title} (log scale)" if self.log_scale else title)
        self.border_subtitle = "  ".join(
            f"[{hex_color(PALETTE[i % len(PALETTE)])}]━━[/] {escape(s.name)}" for i, s in enumerate(self.series)
        )

    def render(self) -> RenderResult:
        if self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT:
            return self._sparklines()
        plt = self.plt
        plt.clear_figure()
        for i, s in enumerate(self.series):
            xs, ys = _points(s, self.log_scale)
            if xs:
                # No plotext label: its legend fails when a series lies on the plot's edge; ours is the subtitle.
                plt.plot(xs, ys, marker="braille", color=PALETTE[i % len(PALETTE)])
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
