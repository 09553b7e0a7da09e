"""A finished demo: claim, verdict, summary, the user's prediction beside it, charts and tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from quiz.tui.styles import tcss

if TYPE_CHECKING:
    from quiz.demos.base import DemoResult, Series, Table


def verdict(result: DemoResult) -> Content:
    """``✓ holds`` (green), ``✗ does not hold`` (red) or ``? cannot tell at these settings …`` (the run too small
    to judge; amber), with the run time."""
    style = {"holds": "bold $text-success", "does not hold": "bold $text-error", "cannot tell": "bold $text-warning"}
    mark = (result.verdict_text(), style[result.verdict])
    return Content.assemble(mark, (f"  ·  {result.elapsed_ms:.1f} ms", "$text-muted"))


def checks_text(result: DemoResult) -> Content:
    """How the verdict was judged: one line per check, ✓ (green) or ✗ (red) first (so a line that wraps keeps its
    mark in sight), then what was measured, its value and its band."""
    lines = []
    for c in result.checks:
        mark = ("✓ ", "bold $text-success") if c.passed else ("✗ ", "bold $text-error")
        lines.append(Content.assemble(mark, c.measured()))
    return Content("\n").join(lines)


def chart_groups(series: Sequence[Series]) -> list[tuple[str, list[Series]]]:
    """Series grouped by their ``chart`` title (untitled ones by y label), in first-seen order."""
    groups: dict[str, list[Series]] = {}
    for s in series:
        groups.setdefault(s.chart or s.y_label, []).append(s)
    return list(groups.items())


class DemoResultView(Vertical):
    """Shows one :class:`DemoResult` (see :meth:`show`)."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def compose(self) -> ComposeResult:
        yield Static("", id="claim")
        with Horizontal(id="verdict-row"):
            with Vertical(id="verdict-box"):
                yield Static("", id="verdict")
                yield Static("", id="checks")
                yield Static("", id="summary", markup=False)
            with Vertical(id="prediction-box"):
                yield Label("You predicted", classes="section")
                yield Static("", id="prediction", markup=False)
        yield Vertical(id="charts")
        yield Vertical(id="tables")

    async def show(self, result: DemoResult, prediction: str) -> None:
        """Show ``result``; returns once its charts and tables are mounted (so it can be scrolled to)."""
        self.query_one("#claim", Static).update(Content.assemble(("Claim  ", "bold $text-accent"), result.claim))
        self.query_one("#verdict", Static).update(verdict(result))
        self.query_one("#checks", Static).update(checks_text(result))
        self.query_one("#summary", Static).update(result.summary)
        self.query_one("#prediction-box").display = bool(prediction.strip())
        self.query_one("#prediction", Static).update(prediction.strip())
        charts = self.query_one("#charts", Vertical)
        await charts.remove_children()
        if result.series:
            from quiz.tui.widgets.chart import Chart  # plotext loads with the first result, not at start-up

            await charts.mount_all(Chart(title, group) for title, group in chart_groups(result.series))
        tables = self.query_one("#tables", Vertical)
        await tables.remove_children()
        await tables.mount_all(w for table in result.tables for w in self._table(table))

    def _table(self, table: Table) -> list[Widget]:
        from quiz.tui.widgets.demo_table import DemoTable  # fitted to the width: every column shows

        return [Label(table.name, classes="section"), DemoTable(table.columns, table.rows)]
