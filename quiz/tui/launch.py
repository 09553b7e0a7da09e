"""Open the drill, cram, stats and plan screens: the app calls these when a screen posts
:mod:`quiz.tui.navigation`'s ``OpenDrill``, ``OpenCram``, ``OpenStats`` or ``OpenPlan`` (keys ``r``, ``c``, ``s``,
``p``); tests call them directly.

Each takes the running app (``QuizApp``: its ``deck``, ``data_dir`` and ``demo_runner``). The screens and the store
(sqlite3, fsrs) are imported when first opened, so importing this module costs the app's first paint nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from textual.app import App

from quiz.deck import Deck
from quiz.tui.demo_runner import DemoRunner

Clock = Callable[[], datetime]


def app_deck(app: App[Any]) -> Deck:
    """The deck of a ``QuizApp`` (``TypeError`` for any other app)."""
    deck = getattr(app, "deck", None)
    if not isinstance(deck, Deck):
        raise TypeError("the app has no deck (launch functions take a QuizApp)")
    return deck


def _runner(app: App[Any]) -> DemoRunner:
    runner = getattr(app, "demo_runner", None)
    return runner if isinstance(runner, DemoRunner) else DemoRunner()


def open_drill(
    app: App[Any],
    cram: bool = False,
    *,
    card_ids: Sequence[int] | None = None,
    title: str = "",
    clock: Clock | None = None,
) -> None:
    """Drill the cards due now (new ones count as due); with ``cram``, ask what to cram first (:func:`open_cram`).

    ``card_ids`` drills those cards in that order instead (scheduled unless ``cram``).
    """
    if cram and card_ids is None:
        open_cram(app, clock=clock)
        return
    from quiz.tui.screens.drill import DrillScreen
    from quiz.tui.store_access import store_for

    app.push_screen(
        DrillScreen(
            app_deck(app),
            store_for(app),
            card_ids=card_ids,
            cram=cram,
            title=title,
            runner=_runner(app),
            clock=clock,
        )
    )


def open_cram(app: App[Any], *, clock: Clock | None = None) -> None:
    """Ask which tags / difficulties to cram (a modal), then drill those cards without touching the schedule."""
    from quiz.tui.screens.cram_setup import CramChoice, CramSetupScreen

    def chosen(choice: CramChoice | None) -> None:
        if choice is not None and choice.card_ids:
            open_drill(app, True, card_ids=choice.card_ids, title=f"Cram: {choice.label}", clock=clock)

    app.push_screen(CramSetupScreen(app_deck(app)), chosen)


def open_stats(app: App[Any], *, clock: Clock | None = None) -> None:
    """The stats screen: mastery grid, reviews per day, accuracy, streak, weakest cards (``w`` drills them)."""
    from quiz.tui.screens.stats import StatsScreen
    from quiz.tui.store_access import store_for

    app.push_screen(StatsScreen(app_deck(app), store_for(app), clock=clock))


def open_plan(app: App[Any], *, then: Callable[[], None] | None = None, clock: Clock | None = None) -> None:
    """Ask for the interview date and the desired retention (a modal, filled from ``settings.json``), save them in a
    worker, then call ``then`` on the UI thread (to show the readiness they change)."""
    from quiz.settings import SettingsError, describe_moment, load_settings, update_settings
    from quiz.tui.screens.plan_setup import PlanChoice, PlanSetupScreen
    from quiz.tui.store_access import store_dir

    if any(isinstance(screen, PlanSetupScreen) for screen in app.screen_stack):
        return
    folder = store_dir(app)

    def chosen(choice: PlanChoice | None) -> None:
        if choice is None:
            return

        def save() -> None:
            try:
                update_settings(folder, interview_at=choice.interview_at, desired_retention=choice.desired_retention)
            except (OSError, SettingsError) as exc:
                app.notify(f"Could not save the settings: {exc}", title="Interview date", severity="error")
                return
            when = describe_moment(choice.interview_at) if choice.interview_at else "none (recall in 24 h)"
            app.notify(
                f"Interview: {when} · retention {round(choice.desired_retention * 100)}%", title="Interview date"
            )
            if then is not None:
                app.call_from_thread(then)

        app.run_worker(save, name="save plan settings", group="settings", thread=True, exit_on_error=False)

    def load() -> None:
        settings = load_settings(folder)
        app.call_from_thread(app.push_screen, PlanSetupScreen(settings, clock=clock), chosen)

    app.run_worker(load, name="read plan settings", group="plan-settings", thread=True, exit_on_error=False)
