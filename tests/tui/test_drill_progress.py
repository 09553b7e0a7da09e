"""The drill's progress line: the count, a bar filled to the share done, and that share in percent."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.pilot import Pilot
from textual.visual import Visual

from quiz.tui.widgets.drill_progress import BAR, HALF_BAR, REST, DrillProgress, bar_cells

WIDTH = 60
COUNT = len("15 left of 15 cards")


class ProgressApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DrillProgress(id="progress")


def row(app: App[None]) -> list[tuple[str, Color | None]]:
    """The progress line as the terminal gets it: each cell's character and foreground color."""
    strip = app.screen._compositor.render_strips()[0]
    cells: list[tuple[str, Color | None]] = []
    for segment in strip:
        color = segment.style.color if segment.style else None
        cells += [(char, None if color is None else Color.from_rich_color(color)) for char in segment.text]
    return cells


async def shown(app: App[None], pilot: Pilot[None], done: int, total: int) -> list[tuple[str, Color | None]]:
    """The line once ``done`` of ``total`` cards are shown (:func:`row`)."""
    app.query_one(DrillProgress).show(done, total)
    await pilot.pause()
    return row(app)


def text(cells: list[tuple[str, Color | None]]) -> str:
    return "".join(char for char, _ in cells)


@pytest.mark.parametrize(
    ("fraction", "width", "cells"),
    [(0.0, 10, (0, False)), (0.5, 10, (5, False)), (0.55, 10, (5, True)), (1.0, 10, (10, False)), (1.7, 4, (4, False))],
)
def test_the_bar_fills_in_half_cells(fraction: float, width: int, cells: tuple[int, bool]) -> None:
    assert bar_cells(fraction, width) == cells


async def test_the_line_shows_the_count_the_bar_and_the_percent_in_the_theme_colors() -> None:
    app = ProgressApp()
    async with app.run_test(size=(WIDTH, 3)) as pilot:
        cells = await shown(app, pilot, 5, 15)
        assert text(cells).startswith("10 left of 15 cards") and text(cells).endswith(" 33%")
        bar_width = WIDTH - COUNT - 4 - 4
        bar = cells[COUNT + 2 : COUNT + 2 + bar_width]
        # 5 of 15 of 33 cells: 11 done, in heavy lines, the rest light (they differ without colors too).
        assert text(bar) == BAR * 11 + REST * (bar_width - 11)
        variables = app.theme_variables
        primary, surface = Color.parse(variables["primary"]), Color.parse(variables["surface"])
        filled = [color for _, color in bar if color == primary]
        assert len(filled) == 11
        assert [color for _, color in bar[len(filled) :]] == [surface] * (bar_width - len(filled))

        cells = await shown(app, pilot, 15, 15)
        assert text(cells).endswith("100%")
        assert {color for _, color in cells[COUNT + 2 : COUNT + 2 + bar_width]} == {Color.parse(variables["success"])}


async def test_the_bar_stays_in_place_as_the_count_goes_down() -> None:
    app = ProgressApp()
    async with app.run_test(size=(WIDTH, 3)) as pilot:
        starts = []
        for done in (0, 6, 14):
            line = text(await shown(app, pilot, done, 15))
            starts.append(min(line.index(char) for char in (BAR, HALF_BAR, REST) if char in line))
        assert starts == [COUNT + 2] * 3


async def test_a_drill_of_one_card_says_card_and_an_empty_drill_is_complete() -> None:
    app = ProgressApp()
    async with app.run_test(size=(WIDTH, 3)) as pilot:
        assert text(await shown(app, pilot, 0, 1)).startswith("1 left of 1 card ")
        line = text(await shown(app, pilot, 0, 0))
        assert app.query_one(DrillProgress).fraction == 1.0 and line.endswith("100%")


async def test_a_share_that_ends_mid_cell_shows_a_half_line() -> None:
    app = ProgressApp()
    async with app.run_test(size=(WIDTH, 3)) as pilot:
        line = text(await shown(app, pilot, 1, 3))
        count = len("3 left of 3 cards")
        bar_width = WIDTH - count - 4 - 4
        # A third of 35 cells is 11.7: eleven whole cells and a half.
        assert line[count + 2 : count + 2 + bar_width] == BAR * 11 + HALF_BAR + REST * (bar_width - 12)
        assert line.startswith("2 left of 3 cards  ") and line.endswith(" 33%")


async def test_the_bar_takes_the_new_theme_colors() -> None:
    app = ProgressApp()
    async with app.run_test(size=(WIDTH, 3)) as pilot:
        before = (await shown(app, pilot, 5, 15))[COUNT + 2][1]
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        after = row(app)[COUNT + 2][1]
        assert after == Color.parse(app.theme_variables["primary"]) and after != before


async def test_a_line_drawn_ahead_shows_as_drawn_afresh_and_draws_nothing_new(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The drill draws the count after the grade while the answer is read (:meth:`DrillProgress.prepare`): the grade
    then shows that line without drawing it, and it is the line drawn afresh; one drawn in another theme is not
    used."""
    app = ProgressApp()
    async with app.run_test(size=(WIDTH, 3)) as pilot:
        bar = app.query_one(DrillProgress)
        await shown(app, pilot, 5, 15)
        drawn: list[object] = []
        to_strips = Visual.to_strips.__func__  # type: ignore[attr-defined]

        def counted(cls: type[Visual], *args: object, **kwargs: object) -> object:
            drawn.append(args[1])
            return to_strips(cls, *args, **kwargs)

        monkeypatch.setattr(Visual, "to_strips", classmethod(counted))

        async def afresh() -> list[tuple[str, Color | None]]:
            bar._prepared.clear()
            bar.refresh()
            await pilot.pause()
            return row(app)

        bar.prepare(6, 15)
        drawn.clear()
        ahead = await shown(app, pilot, 6, 15)
        assert drawn == [] and text(ahead).startswith("9 left of 15")
        assert ahead == await afresh()

        bar.prepare(7, 15)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        themed = await shown(app, pilot, 7, 15)
        assert themed == await afresh() != ahead
