"""Fixtures for the TUI tests: a cheap app on the real deck, stable snapshots (no cursor blink, pinned timings)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

import pytest
from textual.widgets import Input

from quiz.deck import Deck
from quiz.demos.base import DemoResult
from quiz.tui.app import QuizApp, create_app
from quiz.tui.demo_runner import DemoOutcome, DemoRunner

SIZE = (120, 36)


class PinnedRunner(DemoRunner):
    """Real demos, with the run time pinned (so snapshots do not change) and the runs counted."""

    def __init__(self) -> None:
        super().__init__()
        self.runs = 0
        self.last_result: DemoResult | None = None

    def adjust(self, result: DemoResult) -> DemoResult:
        self.runs += 1
        self.last_result = result.model_copy(update={"elapsed_ms": 12.5})
        return self.last_result


class GatedRunner(PinnedRunner):
    """Holds every run until the test opens the gate: "while it runs" without sleeping."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def run(self, card_id: int, demo_id: str, values: Mapping[str, str]) -> DemoOutcome:
        self.gate.wait(timeout=60)
        return super().run(card_id, demo_id, values)


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make screenshots depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture
def runner() -> PinnedRunner:
    return PinnedRunner()


@pytest.fixture
def app(deck: Deck, data_dir: Path, runner: PinnedRunner) -> QuizApp:
    return create_app(deck, data_dir, demo_runner=runner)


@pytest.fixture
def gated_runner() -> GatedRunner:
    return GatedRunner()


@pytest.fixture
def gated_app(deck: Deck, data_dir: Path, gated_runner: GatedRunner) -> QuizApp:
    """The app with a runner that waits for ``gated_runner.gate.set()``."""
    return create_app(deck, data_dir, demo_runner=gated_runner)
