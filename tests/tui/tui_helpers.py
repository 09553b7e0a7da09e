"""Helpers shared by the TUI tests (a plain module: pytest puts this folder on ``sys.path``)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

from textual import events
from textual.dom import DOMNode
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widget import Widget

from quiz.tui.app import QuizApp
from quiz.tui.launch import open_drill
from quiz.tui.screens.drill import DrillScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.widgets.card_panel import CardPanel

SIZE = (120, 36)
"""The terminal size the tests run at unless they say otherwise (the size of the snapshots)."""


def study(app: QuizApp) -> StudyScreen:
    """The study screen, which must be the one showing."""
    screen = app.screen
    assert isinstance(screen, StudyScreen)
    return screen


def question_shown(app: QuizApp) -> str:
    """The question in the card panel."""
    return study(app).query_one(CardPanel).text("card-panel--question")


def screen_text(app: QuizApp) -> str:
    """What the terminal shows now, as plain text (one line per row)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def searched(app: QuizApp, pilot: Pilot[None]) -> None:
    """Wait until the search typed so far is applied (it is, a few milliseconds after the last key): a condition,
    not a guessed time."""
    screen = study(app)
    for _ in range(1000):
        await app.workers.wait_for_complete()
        if not screen.search_pending:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError(f"the search {screen._search_text!r} was never applied")


def widget_text(app: QuizApp, widget: Widget) -> str:
    """The words the terminal shows inside ``widget``'s region (its part of each row), lines joined by spaces."""
    region = widget.region
    rows = screen_text(app).splitlines()[region.y : region.y + region.height]
    return " ".join(" ".join(row[region.x : region.x + region.width] for row in rows).replace("│", " ").split())


async def settle(app: QuizApp, pilot: Pilot[None]) -> None:
    """Wait for every worker, then for the app to be idle."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run (timers fire) until ``condition`` holds; fail after ~30 s (a generous bound for a loaded
    machine: it returns as soon as the condition holds)."""
    for _ in range(3000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"gave up waiting for {what}")


async def open_drill_screen(app: QuizApp, pilot: Pilot[None], **kwargs: Any) -> DrillScreen:
    """``open_drill(app, **kwargs)``, once its first card (or its end) shows."""
    open_drill(app, **kwargs)
    await pilot.pause()
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, DrillScreen), f"expected the drill screen, not {screen!r}"
    return screen


def subclasses(cls: type[DOMNode], package: ModuleType) -> Iterator[type[DOMNode]]:
    """Every subclass of ``cls`` (at any depth), once every module of ``package`` is imported."""
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)
    pending = [cls]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            yield sub


CONTROL = {
    "ctrl+u": "\x15",
    "backspace": "\x7f",
    "enter": "\r",
    "left": None,
    "home": None,
    "ctrl+r": "\x12",
    "escape": "\x1b",
}


def burst(app: QuizApp, keys: list[str]) -> None:
    """Post every key at once, as a terminal delivers a burst (a key is a name from CONTROL, or one printable
    character). Unlike ``Pilot.press``, this does not wait for the app to be idle after each key: it is not while it
    holds keys back."""
    for key in keys:
        if key in CONTROL:
            app.post_message(events.Key(key, CONTROL[key]))
        else:
            app.post_message(events.Key(_character_to_key(key), key))
