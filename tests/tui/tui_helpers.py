"""Helpers shared by the TUI tests (a plain module: pytest puts this folder on ``sys.path``)."""

from __future__ import annotations

from textual.widgets import Static

from quiz.tui.app import QuizApp
from quiz.tui.screens.study import StudyScreen

SIZE = (120, 36)
"""The terminal size the tests run at unless they say otherwise (the size of the snapshots)."""


def study(app: QuizApp) -> StudyScreen:
    """The study screen, which must be the one showing."""
    screen = app.screen
    assert isinstance(screen, StudyScreen)
    return screen


def question_shown(app: QuizApp) -> str:
    """The question in the card panel."""
    return str(study(app).query_one("#question", Static).content)
