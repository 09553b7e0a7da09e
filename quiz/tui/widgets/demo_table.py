"""A demo's table, fitted to the width it has: every column shows, from 80 columns up.

As a grid when the columns fit (long headers and cells wrap at spaces, numbers are never split); when even
wrapped they would not (fan-in-out has ten columns), stacked: each row a block of ``column value`` pairs under
its first column's value. A grid that scrolls sideways (Textual's ``DataTable``) hid all but its first two columns
at 120×36.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table as RichTable
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.widget import Widget

from quiz.tui.styles import tcss

GAP = 3
"""Cells between two columns of the grid (rich's padding and the rule between them)."""
PAIR_GAP = "  ·  "
"""Between two ``column value`` pairs of a stacked row."""


def cell_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


class DemoTable(Widget):
    """One table of a demo result: a grid if its columns fit the width, else stacked rows."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows = [[cell_text(c) for c in row] for row in rows]

    def min_width(self) -> int:
        """The narrowest the grid can be with no word split: each column as wide as its longest word."""
        widths = [
            max(_longest_word(header), *(_longest_word(row[i]) for row in self.rows if i < len(row)), 1)
            for i, header in enumerate(self.columns)
        ]
        return sum(widths) + GAP * (len(widths) - 1) + 2

    def stacked(self, width: int) -> bool:
        """Whether the table is drawn as stacked rows at ``width`` (its grid would not fit)."""
        return self.min_width() > width

    def render(self) -> RenderResult:
        width = self.content_region.width or 80
        return self._stacked(width) if self.stacked(width) else self._grid()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.stacked(width):
            return len(self._stacked(width).plain.splitlines())
        lines = self.app.console.render_lines(self._grid(), self.app.console.options.update_width(width), pad=False)
        return len(lines)

    def _grid(self) -> RichTable:
        table = RichTable(
            box=box.SIMPLE_HEAD,
            expand=False,
            show_edge=False,
            pad_edge=False,
            padding=(0, 1),
            header_style="bold",
            row_styles=["", "dim"],
        )
        for n, header in enumerate(self.columns):
            numeric = all(_is_number(row[n]) for row in self.rows if n < len(row) and row[n])
            table.add_column(header, justify="right" if numeric else "left", overflow="fold")
        for row in self.rows:
            table.add_row(*row)
        return table

    def _stacked(self, width: int) -> Text:
        """Each row: its first column's name and value in bold, then every other ``column value`` pair, wrapped
        between pairs (a pair is never split; one wider than the line is cut short)."""
        lines: list[Text] = []
        for row in self.rows:
            head, *rest = row
            lines.append(Text.assemble((self.columns[0], "dim"), " ", (head, "bold"), end="")[:width])
            line = Text("  ")
            for name, value in zip(self.columns[1:], rest, strict=False):
                pair = Text.assemble((name, "dim"), " ", value)
                if pair.cell_len > width - 2:
                    pair.truncate(width - 2, overflow="ellipsis")
                if line.cell_len > 2 and line.cell_len + len(PAIR_GAP) + pair.cell_len > width:
                    lines.append(line)
                    line = Text("  ")
                elif line.cell_len > 2:
                    line.append(PAIR_GAP, style="dim")
                line.append_text(pair)
            if line.cell_len > 2:
                lines.append(line)
        return Text("\n").join(lines)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
