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
    ``form``: the setup's initial values (by default the setup started last, kept in ``settings.json``: read in a
    worker, then the setup opens).
    """
    if form is not None:
        _open_mock(app, clock=clock, form=form)
        return
    from quiz.settings import read_mock_setup
    from quiz.tui.screens.mock_setup import SetupForm
    from quiz.tui.store_access import store_dir

    def read() -> None:
        saved = SetupForm.from_saved(read_mock_setup(store_dir(app)))
        app.call_from_thread(_open_mock, app, clock=clock, form=saved)

    app.run_worker(read, name="read the last mock setup", group="mock-setup", thread=True, exit_on_error=False)


def _open_mock(app: App[Any], *, clock: Clock | None, form: SetupForm) -> None:
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

    setup = MockSetupScreen(deck, form)

    def setup_done(settings: InterviewSettings | None) -> None:
        if settings is not None:
            _remember(app, setup.form())
            app.push_screen(MockInterviewScreen(deck, settings, clock=clock), interview_done)

    app.push_screen(setup, setup_done)


def _remember(app: App[Any], form: SetupForm) -> None:
    """Keep the setup just started for the next one (``settings.json``, in a worker; a failure only says so)."""
    from quiz.settings import write_mock_setup
    from quiz.tui.store_access import store_dir

    def write() -> None:
        try:
            write_mock_setup(store_dir(app), form.saved())
        except OSError as exc:
            app.notify(f"The setup could not be remembered: {exc}", title="Settings", severity="warning")

    app.run_worker(write, name="remember the mock setup", group="mock-setup", thread=True, exit_on_error=False)
