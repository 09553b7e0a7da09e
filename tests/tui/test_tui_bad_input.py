"""Hostile input in the app: typed text with terminal escapes or undecodable characters, a damaged deck cache or
settings file, time limits out of range. Nothing reaches the terminal raw, nothing raises, every answer is kept."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static, TextArea
from tui_helpers import until

from quiz.cli.common import get_deck
from quiz.deck import Deck, default_deck_path, load_deck
from quiz.deck_cache import entry_path
from quiz.interview import FakeClock
from quiz.progress import ProgressStore
from quiz.tui.app import QuizApp, create_app
from quiz.tui.launch import open_drill
from quiz.tui.launch_mock import open_mock
from quiz.tui.screens.drill import DrillScreen
from quiz.tui.screens.mock_report import MockReportScreen
from quiz.tui.screens.mock_setup import SetupForm, check_form
from quiz.tui.widgets.interview_answer_view import InterviewAnswerView

SIZE = (120, 36)
# Values that may hold a lone surrogate are compared as ascii(): one in a failure report would break pytest-xdist.
HOSTILE = "zero \x1b]0;PWNED\x07\x1b[2Jweights \ud800 break symmetry"
"""A pasted answer that retitles the terminal and wipes it, with a lone surrogate (no encoding can write it)."""
SHOWN = "zero \\x1b]0;PWNED\\x07\\x1b[2Jweights \\ud800 break symmetry"
STORED = "zero \x1b]0;PWNED\x07\x1b[2Jweights \ufffd break symmetry"
SHOWN_STORED = "zero \\x1b]0;PWNED\\x07\\x1b[2Jweights \ufffd break symmetry"


async def settle(app: QuizApp, pilot: Pilot[Any]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def rendered(app: QuizApp) -> str:
    """The text of every cell the app draws now (between the style codes, what reaches the terminal as it is)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_a_typed_answer_with_escapes_is_shown_escaped_and_saved(app: QuizApp, deck: Deck, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        open_drill(app, card_ids=[1])
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        await pilot.press("a")  # into the answer box
        screen.card_view.answer_box.load_text(HOSTILE)  # as if typed (a real paste: the next test)
        await pilot.press("ctrl+r")
        # The reveal's frame waits for the box's own messages (its Changed) when they are still queued: the screen is
        # looked at once it is drawn (a CI run under load once looked before, and saw the box still in place).
        box = screen.card_view.answer_box
        await until(pilot, lambda: box not in app.screen._compositor.visible_widgets, "the reveal drawn")
        assert ascii(screen.card_view.text("typed")) == ascii(SHOWN)
        assert not re.search("[\x1b\x07\ud800-\udfff]", rendered(app))
        await pilot.press("3")
        await settle(app, pilot)
    with ProgressStore.in_dir(data_dir) as store:
        [review] = store.reviews()
    assert ascii(review.answer) == ascii(
        STORED
    )  # kept as typed; only the surrogate, which cannot be stored, is replaced


async def test_a_pasted_escape_sequence_lands_in_a_field_as_text(app: QuizApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        open_drill(app, card_ids=[1])
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        await pilot.press("a")
        app.post_message(events.Paste("zero \x1b]0;PWNED\x07\x1b[2J\nweights"))  # what a terminal's paste sends
        await pilot.pause()
        assert screen.card_view.typed == "zero \\x1b]0;PWNED\\x07\\x1b[2J\nweights"
        assert not re.search("[\x1b\x07]", rendered(app))


async def test_a_mock_answer_with_escapes_is_scored_shown_escaped_and_saved(app: QuizApp, data_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        open_mock(app, clock=FakeClock(), form=SetupForm(questions="1", seed=3, follow_ups="0"))
        await pilot.pause()
        await pilot.click("#start")
        await settle(app, pilot)
        app.screen.query_one("#answer", TextArea).text = HOSTILE
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MockReportScreen)
        view = app.screen.query_one(InterviewAnswerView)
        assert ascii(SHOWN_STORED) in [ascii(str(s.content)) for s in view.query(".answer-text").results(Static)]
        assert not re.search("[\x1b\ud800-\udfff]", rendered(app))
    with ProgressStore.in_dir(data_dir) as store:
        [saved] = store.interviews()
    assert ascii(saved.answers[0].answer) == ascii(STORED)


@pytest.mark.parametrize("edit", ["difficulty", "nested"])
async def test_the_app_starts_on_the_toml_when_its_cache_entry_is_bad(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """The app's own start-up path: ``get_deck(cached=True)``, then the study screen's first frame."""
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    get_deck(argparse.Namespace(), cached=True)  # writes the entry
    entry_file = entry_path(tmp_path / "cache", default_deck_path())
    if edit == "difficulty":
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        entry["deck"]["cards"][0]["difficulty"] = "easz"
        entry_file.write_text(json.dumps(entry), encoding="utf-8")
    else:
        entry_file.write_text("[" * 100_000, encoding="utf-8")
    deck = get_deck(argparse.Namespace(), cached=True)
    assert deck == load_deck(default_deck_path())
    app = create_app(deck, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Why can’t we set all weights to zero?" in rendered(app)


async def test_a_settings_file_nested_too_deeply_means_the_default_theme(tmp_path: Path, deck: Deck) -> None:
    from quiz.settings import read_theme

    (tmp_path / "settings.json").write_text('{"theme": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert read_theme(tmp_path) is None
    app = create_app(deck, tmp_path, theme=read_theme(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"


@pytest.mark.parametrize(
    ("seconds", "problem"),
    [
        ("3", "Time: the time must be at least 5 s, not 3 s"),
        ("1e10", "Time: the time must be at most 4 hours (14400 s), not 1e+10 s"),
        ("nan", "Time: 'nan' is not a time: type seconds (90) or m:ss (1:30)"),
        ("inf", "Time: the time must be at most 4 hours (14400 s), not inf s"),
    ],
)
def test_the_setup_form_takes_the_cli_time_rule(deck: Deck, seconds: str, problem: str) -> None:
    for timing in ("per-question", "total"):
        check = check_form(SetupForm(timing=timing, seconds=seconds), deck)  # type: ignore[arg-type]
        assert check.settings is None and check.problem == problem
