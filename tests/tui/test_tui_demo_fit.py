"""The demo panel fits its result to the terminal: every table column and every chart series from 80 columns up;
and snapshots of a wide table and a five-series chart at 80×24 and 120×36."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from tui_helpers import study

from quiz.tui.app import QuizApp
from quiz.tui.widgets.chart import Chart, Legend, legend_items
from quiz.tui.widgets.demo_table import DemoTable

SnapCompare = Callable[..., bool]


def rendered_lines(app: QuizApp, widget: Widget) -> list[str]:
    console = app.console
    width = widget.content_region.width
    lines = console.render_lines(widget.render(), console.options.update_width(width), pad=False)  # type: ignore[arg-type]
    return ["".join(segment.text for segment in line).rstrip() for line in lines]


async def run_demo(app: QuizApp, pilot: Pilot[None]) -> None:
    await pilot.press("d")
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 36), (200, 50)])
async def test_every_column_of_a_wide_table_shows(wide_app: QuizApp, size: tuple[int, int]) -> None:
    app = wide_app
    async with app.run_test(size=size) as pilot:
        await run_demo(app, pilot)
        (table,) = study(app).query(DemoTable)
        width = table.content_region.width
        lines = rendered_lines(app, table)
        assert all(len(line) <= width for line in lines)
        text = "\n".join(lines)
        if table.stacked(width):
            for row in table.rows:
                for name, value in zip(table.columns, row, strict=True):
                    assert f"{name} {value}" in text
        else:
            words = text.split()
            for name in table.columns:
                assert all(word in words for word in name.split()), name
            for row in table.rows:
                assert all(value in text for value in row)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_every_series_of_a_five_series_chart_is_named_whole(wide_app: QuizApp, size: tuple[int, int]) -> None:
    app = wide_app
    async with app.run_test(size=size) as pilot:
        await run_demo(app, pilot)
        chart = study(app).query_one(Chart)
        lines = rendered_lines(app, chart.query_one(Legend))
        assert all(len(line) <= chart.query_one(Legend).content_region.width for line in lines)
        for item in legend_items(chart.series):
            assert sum(item.plain in line for line in lines) == 1, item.plain  # whole, on one line
        assert any("Constant 0 (coincides with Zeros (no signal))" in line for line in lines)


def scrolled_to(selector: str, *, top: bool = True) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await app.workers.wait_for_complete()
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        screen.query_one("#detail").scroll_to_widget(screen.query_one(selector), animate=False, top=top)
        await pilot.pause()
        await pilot.pause()

    return run_before


def test_snapshot_a_five_series_chart_80x24(snap_compare: SnapCompare, wide_app: QuizApp) -> None:
    """At 80×24 the chart is taller than the card area: scrolled down to its legend."""
    assert snap_compare(wide_app, run_before=scrolled_to("Legend", top=False), terminal_size=(80, 24))


def test_snapshot_a_five_series_chart_120x36(snap_compare: SnapCompare, wide_app: QuizApp) -> None:
    assert snap_compare(wide_app, run_before=scrolled_to("Chart"), terminal_size=(120, 36))


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_snapshot_a_wide_table(snap_compare: SnapCompare, wide_app: QuizApp, size: tuple[int, int]) -> None:
    assert snap_compare(wide_app, run_before=scrolled_to("DemoTable"), terminal_size=size)
