"""Snapshots (pytest-textual-snapshot): the study screen with the answer hidden and revealed, a finished demo, help.

Update with ``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` and look at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from quiz.tui.app import QuizApp

SIZE = (120, 36)
SnapCompare = Callable[..., bool]


def test_study_screen_answer_hidden(snap_compare: SnapCompare, app: QuizApp) -> None:
    assert snap_compare(app, terminal_size=SIZE)


def test_study_screen_answer_revealed(snap_compare: SnapCompare, app: QuizApp) -> None:
    assert snap_compare(app, press=["j", "j", "j", "space"], terminal_size=SIZE)


def test_finished_demo(snap_compare: SnapCompare, app: QuizApp) -> None:
    """Card 5's demo (he-vs-xavier) at its defaults (seed 0), run time pinned: chart, verdict, tables."""

    async def run_demo(pilot: Pilot[None]) -> None:
        await pilot.press("j", "j", "j", "j", "d")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=run_demo, terminal_size=SIZE)


def test_help_screen(snap_compare: SnapCompare, app: QuizApp) -> None:
    assert snap_compare(app, press=["question_mark"], terminal_size=SIZE)


def test_narrow_terminal(snap_compare: SnapCompare, app: QuizApp) -> None:
    assert snap_compare(app, press=["space"], terminal_size=(40, 12))
