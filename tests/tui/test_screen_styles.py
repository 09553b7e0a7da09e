"""Every screen's styles are read when the first screen is pushed: one parse of the stylesheet and one re-style of
the app in all, not one of each for every screen opened for the first time (35-38 ms each)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from tui_helpers import SIZE, open_drill_screen, subclasses, until

import quiz.tui.screens
from quiz.tui.app import QuizApp, _screen_styles
from quiz.tui.launch import open_stats
from quiz.tui.screens.stats import StatsScreen


def screen_classes() -> set[type[DOMNode]]:
    """The app's screens that have styles of their own."""
    return {
        cls
        for cls in subclasses(Screen, quiz.tui.screens)
        if cls.__module__.startswith("quiz.tui.screens.") and cls.__dict__.get("CSS_PATH")
    }


def test_every_screens_styles_are_among_those_read_at_the_first_push() -> None:
    """As Textual keys a screen's CSS_PATH in the stylesheet: else the screen would be read (and the app re-styled)
    when it is first pushed after all."""
    classes = screen_classes()
    assert len(classes) >= 10
    keys = {str((Path(inspect.getfile(cls)).parent / str(cls.CSS_PATH)).resolve()) for cls in classes}
    assert keys <= {str(path) for path in _screen_styles()}


@pytest.fixture
def reparses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        seen.append(1)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return seen


async def test_the_second_screen_opened_parses_no_styles(app: QuizApp, reparses: list[int]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reparses.clear()
        await open_drill_screen(app, pilot)
        assert len(reparses) == 1  # the first push: every screen's styles at once
        await pilot.press("escape")
        await pilot.pause()
        open_stats(app)
        await until(pilot, lambda: isinstance(app.screen, StatsScreen), "the stats screen")
        await pilot.pause()
        assert len(reparses) == 1
        body = app.screen.query_one("#stats-body")
        assert (body.styles.padding.left, body.styles.padding.right) == (1, 1)  # stats.tcss applies
