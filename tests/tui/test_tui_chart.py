"""The chart's choices: log scale, ticks, sparklines where the axes cannot fit."""

from __future__ import annotations

from rich.text import Text

from quiz.demos.base import Series
from quiz.tui.widgets.chart import (
    Chart,
    decade_ticks,
    integer_ticks,
    legend_items,
    series_colors,
    sparkline,
    wants_log,
    wrap_items,
)
from quiz.tui.widgets.demo_result_view import chart_groups
from quiz.tui.widgets.demo_table import cell_text


def series(name: str, ys: list[float], *, chart: str = "c", log_y: bool = False) -> Series:
    xs = [float(i) for i in range(1, len(ys) + 1)]
    return Series(name=name, x=xs, y=ys, x_label="layer", y_label="variance", chart=chart, log_y=log_y)


def test_log_scale_when_values_span_decades_or_when_asked() -> None:
    assert wants_log([series("a", [1.0, 0.5, 0.001])])
    assert not wants_log([series("a", [1.0, 0.5, 0.2])])
    assert wants_log([series("a", [1.0, 0.5, 0.2], log_y=True)])
    assert not wants_log([series("a", [1.0, -1.0, 0.001])])  # a log axis cannot show negatives
    assert not wants_log([series("a", [0.0, -1.0], log_y=True)])


def test_decade_ticks_cover_the_data_in_whole_decades() -> None:
    low, high, ticks, labels = decade_ticks([0.7, 1.7e-6], max_ticks=10)
    assert ticks == [10.0**e for e in range(-6, 1)]
    assert (low, high) == (1e-6, 1.0)
    assert labels == ["1e-06", "1e-05", "0.0001", "0.001", "0.01", "0.1", "1"]
    assert len(decade_ticks([1e-30, 1.0], max_ticks=4)[2]) <= 6


def test_integer_ticks_at_round_steps() -> None:
    assert integer_ticks([float(i) for i in range(1, 21)], 6) == [1, 5, 10, 15, 20]
    assert integer_ticks([0.5, 1.0], 6) is None


def test_sparkline() -> None:
    assert sparkline([1, 2, 3, 4]) == "▁▃▆█"
    assert sparkline([1e-6, 1e-3, 1.0], log=True) == "▁▅█"
    assert sparkline([]) == ""


def test_series_are_grouped_by_chart() -> None:
    groups = chart_groups([series("He", [1.0]), series("Xavier", [1.0]), series("loss", [1.0], chart="other")])
    assert [(title, [s.name for s in group]) for title, group in groups] == [
        ("c", ["He", "Xavier"]),
        ("other", ["loss"]),
    ]


def test_cells_are_formatted_for_reading() -> None:
    assert [cell_text(v) for v in (0.123456789, 3, True, None, "x")] == ["0.1235", "3", "yes", "", "x"]


def test_chart_legend_names_every_series() -> None:
    chart = Chart("Variance per layer", [series("He", [1.0, 1.0]), series("Xavier", [1.0, 0.5])])
    assert "He" in chart.legend.plain and "Xavier" in chart.legend.plain


async def test_a_chart_too_small_for_axes_draws_sparklines() -> None:
    from textual.app import App, ComposeResult

    class Tiny(App[None]):
        def compose(self) -> ComposeResult:
            yield Chart("c", [series("He", [1.0, 0.9, 1.1]), series("Xavier", [1.0, 0.5, 0.25])])

    app = Tiny()
    async with app.run_test(size=(24, 6)) as pilot:
        await pilot.pause()
        text = str(app.query_one(Chart).plot.render())
        assert "He" in text and "Xavier" in text and "▁" in text


def test_every_series_gets_a_colour_of_its_own() -> None:
    for count in (2, 7, 8, 10, 16):
        assert len(set(series_colors(count))) == count


def test_the_legend_wraps_between_items_and_cuts_no_name() -> None:
    names = [f"Seed {i}" for i in range(8)] + ["Gaussian σmax", "Orthogonal σmin"]
    items = legend_items([series(name, [1.0 + i, 2.0]) for i, name in enumerate(names)])
    for width in (30, 44, 60, 120):
        lines = wrap_items(items, width)
        assert all(line.cell_length <= width for line in lines)
        text = "\n".join(line.plain for line in lines)
        for name in names:
            assert sum(name in line.plain for line in lines) == 1, (width, name)  # whole, on one line
        assert "…" not in text


async def test_identical_series_are_both_drawn_and_said_to_coincide() -> None:
    """The symmetry demo's zeros and constant runs both stay at 0: the second used to hide under the first."""
    from textual.app import App, ComposeResult

    zeros = series("zeros", [0.0] * 40)
    constant = series("constant 0.5", [0.0] * 40)
    he = series("He", [0.0, *[1.0 + i / 40 for i in range(39)]])

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Chart("Spread", [zeros, constant, he])

    app = One()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        chart = app.query_one(Chart)
        assert "constant 0.5 (coincides with zeros)" in chart.legend.plain
        rendered = chart.plot.render()
        assert isinstance(rendered, Text)
        bottom = [line for line in rendered.plain.splitlines() if "•" in line]
        assert len(bottom) == 1  # the two coinciding lines share one row...
        row = bottom[0]
        assert row.count("•") >= 10 and sum(ch in "⠁⠂⠄⡀⢀⣀⠤⠒⠉" for ch in row) >= 10  # ...and both show on it
