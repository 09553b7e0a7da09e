"""Plain-text charts of demo series, for the command line: ASCII only, no colors, no NumPy, no Textual.

:func:`render_charts` draws every chart of a result (series sharing a ``chart`` title on one plot) as a scatter of
markers with y-axis ticks, x-axis range, axis labels and a legend::

    Activation variance per layer (ReLU)
    activation variance (log scale)
         1.1 |*******************
             |
     1.8e-06 |                  o
             +-------------------
              1               20
                    layer
      * He   o Xavier

Every series has a marker of its own; points of two series in one cell show ``&``. A series with the same values
as an earlier one (:func:`coinciding`) is drawn on alternate columns over it, so that both show, and the legend
says they coincide. The legend wraps at the chart's width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from quiz.demos.base import Series

MARKERS = "*o+x#@%=~^$?!:;-"
WIDTH, HEIGHT = 60, 12


def _fmt(value: float) -> str:
    if value == 0 or (1e-3 <= abs(value) < 1e5):
        return f"{value:.3g}"
    return f"{value:.1e}"


def _finite_points(s: Series, log_y: bool) -> list[tuple[float, float]]:
    points = []
    for x, y in zip(s.x, s.y, strict=False):
        if not (math.isfinite(x) and math.isfinite(y)) or (log_y and y <= 0):
            continue
        points.append((x, math.log10(y) if log_y else y))
    return points


def coinciding(series: Sequence[Series]) -> dict[int, int]:
    """For each series whose points equal an earlier series' points (to 1e-9 relative), the index of the first
    such series: ``{1: 0}`` when series 1 repeats series 0."""
    same: dict[int, int] = {}
    for i, s in enumerate(series):
        for j in range(i):
            if j in same:
                continue
            other = series[j]
            if len(other.x) == len(s.x) and all(
                math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
                for a, b in zip([*s.x, *s.y], [*other.x, *other.y], strict=True)
            ):
                same[i] = j
                break
    return same


def repeat_rank(same: dict[int, int], index: int) -> int:
    """0 for the first series that repeats a given one, 1 for the second, … (``same`` from :func:`coinciding`)."""
    return sum(1 for i, j in same.items() if j == same[index] and i < index)


def wrap_legend(items: Sequence[str], width: int, indent: str = "  ", gap: str = "   ") -> list[str]:
    """Legend items on as many lines as ``width`` needs; an item is never split."""
    lines: list[str] = []
    line = ""
    for item in items:
        if line and len(indent) + len(line) + len(gap) + len(item) > width:
            lines.append(indent + line)
            line = item
        else:
            line = f"{line}{gap}{item}" if line else item
    return [*lines, indent + line] if line else lines


def render_chart(title: str, series: Sequence[Series], width: int = WIDTH, height: int = HEIGHT) -> str:
    """One chart: all ``series`` on shared axes (log-scale y if any of them asks for it)."""
    log_y = any(s.log_y for s in series)
    data = [(MARKERS[i % len(MARKERS)], s, _finite_points(s, log_y)) for i, s in enumerate(series)]
    all_points = [pt for _, _, pts in data for pt in pts]
    lines = [title or series[0].name]
    y_label = series[0].y_label + (" (log scale)" if log_y else "")
    lines.append(y_label)
    if not all_points:
        lines.append("(no finite values to plot)")
        return "\n".join(lines)
    xs = [p[0] for p in all_points]
    ys = [p[1] for p in all_points]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    if x1 == x0:
        x0, x1 = x0 - 1, x1 + 1
    if y1 == y0:
        pad = abs(y0) * 0.1 or 1.0
        y0, y1 = y0 - pad, y1 + pad
    same = coinciding(series)
    grid = [[" "] * width for _ in range(height)]
    for index, (marker, _, pts) in enumerate(data):
        repeat = repeat_rank(same, index) if index in same else None
        for x, y in pts:
            col = round((x - x0) / (x1 - x0) * (width - 1))
            row = height - 1 - round((y - y0) / (y1 - y0) * (height - 1))
            if repeat is not None:
                # The same values as an earlier series: on alternate columns, over it, so that both show.
                if col % (repeat + 2) == repeat + 1:
                    grid[row][col] = marker
                continue
            grid[row][col] = marker if grid[row][col] in (" ", marker) else "&"

    def tick(v: float) -> str:
        return _fmt(10**v if log_y else v)

    ticks = {0: tick(y1), (height - 1) // 2: tick((y0 + y1) / 2), height - 1: tick(y0)}
    label_width = max(len(t) for t in ticks.values())
    for r, cells in enumerate(grid):
        lines.append(f"{ticks.get(r, ''):>{label_width}} |{''.join(cells).rstrip()}")
    lines.append(" " * label_width + " +" + "-" * width)
    left, right = _fmt(x0), _fmt(x1)
    lines.append(" " * (label_width + 2) + left + " " * max(1, width - len(left) - len(right)) + right)
    x_label = series[0].x_label
    lines.append(" " * (label_width + 2) + x_label.center(width).rstrip())
    items = [
        f"{marker} {s.name}" + (f" (coincides with {series[same[i]].name})" if i in same else "")
        for i, (marker, s, _) in enumerate(data)
    ]
    if any(cell == "&" for row in grid for cell in row):
        items.append("& overlap")
    lines.extend(wrap_legend(items, label_width + 2 + width))
    return "\n".join(lines)


def render_charts(series: Sequence[Series], width: int = WIDTH, height: int = HEIGHT) -> str:
    """Every chart of a result, in order of first appearance; series without a chart title get one each."""
    groups: dict[str, list[Series]] = {}
    for i, s in enumerate(series):
        groups.setdefault(s.chart or f"\0{i}", []).append(s)
    return "\n\n".join(
        render_chart("" if key.startswith("\0") else key, group, width, height) for key, group in groups.items()
    )
