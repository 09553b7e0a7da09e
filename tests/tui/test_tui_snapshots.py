"""Snapshots (pytest-textual-snapshot): the study screen with the answer hidden and revealed, a finished demo, help.

Update with ``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` and look at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from tui_helpers import until

from quiz.tui.app import QuizApp
from quiz.tui.screens.study import StudyScreen

SIZE = (120, 36)
SnapCompare = Callable[..., bool]


def settled(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Wait for the study screen's deferred layout (under load, a shot once came before its demo panel was
    mounted), press ``keys``, then wait for every worker (the list's mastery badges are read in one)."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.app.workers.wait_for_complete()
        screen = pilot.app.screen
        if isinstance(screen, StudyScreen):  # its search box and demo panel are mounted after the first frame
            await until(pilot, screen._laid_out.is_set, "the study screen's deferred layout")
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_study_screen_answer_hidden(snap_compare: SnapCompare, app: QuizApp) -> None:
    assert snap_compare(app, run_before=settled(), terminal_size=SIZE)


def test_study_screen_answer_revealed(snap_compare: SnapCompare, app: QuizApp) -> None:
    assert snap_compare(app, run_before=settled("j", "j", "j", "space"), terminal_size=SIZE)


def test_finished_demo(snap_compare: SnapCompare, app: QuizApp) -> None:
    """Card 5's demo (he-vs-xavier) at its defaults (seed 0), run time pinned: chart, verdict, tables."""

    assert snap_compare(app, run_before=settled("j", "j", "j", "j", "d"), terminal_size=SIZE)


def test_help_screen(snap_compare: SnapCompare, app: QuizApp) -> None:
    assert snap_compare(app, run_before=settled("question_mark"), terminal_size=SIZE)


def test_narrow_terminal(snap_compare: SnapCompare, app: QuizApp) -> None:
    assert snap_compare(app, run_before=settled("space"), terminal_size=(40, 12))
