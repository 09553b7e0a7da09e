"""Opening a mock interview from anywhere in the app: setup → interview → report.

The app calls it when a screen posts :class:`~quiz.tui.navigation.OpenMock` (``m`` on the study screen); tests
call it directly with a :class:`~quiz.interview.FakeClock`.

Light to import: the screens (the scorer, and plotext for the report's chart) load on the first ``open_mock``, so
binding the key costs the first paint nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

from quiz.tui.launch import app_deck

if TYPE_CHECKING:
    from quiz.interview import Clock, InterviewSettings, MockInterview
    from quiz.tui.screens.mock_setup import SetupForm


def open_mock(app: App[Any], *, clock: Clock | None = None, form: SetupForm | None = None) -> None:
    """Push the setup; when it returns settings, the interview; when that finishes, the report (which saves it, through
    the app's store: ``quiz.tui.store_access``).

    Does nothing while a mock interview screen is already open. ``clock``: the interview's clock (tests);
    ``form``: the setup's initial values.
    """
    from quiz.tui.screens.mock_interview import MockInterviewScreen
    from quiz.tui.screens.mock_report import MockReportScreen
    from quiz.tui.screens.mock_setup import MockSetupScreen
    from quiz.tui.store_access import store_dir

    if any(isinstance(screen, MockSetupScreen | MockInterviewScreen | MockReportScreen) for screen in app.screen_stack):
        return
    deck = app_deck(app)
    folder = store_dir(app)

    def interview_done(interview: MockInterview | None) -> None:
        if interview is None:
            app.notify("Interview abandoned: nothing was saved.", title="Mock interview")
            return
        app.push_screen(MockReportScreen(interview, folder))

    def setup_done(settings: InterviewSettings | None) -> None:
        if settings is not None:
            app.push_screen(MockInterviewScreen(deck, settings, clock=clock), interview_done)

    app.push_screen(MockSetupScreen(deck, form), setup_done)
