"""Fixtures for the TUI tests: a cheap app on the real deck, stable snapshots (no cursor blink, pinned timings)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path

import pytest
import textual._wait
from textual.widgets import Input
from textual.worker import Worker, WorkerCancelled
from textual.worker_manager import WorkerManager

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
    """A blinking cursor would make screenshots depend on timing; so would a tooltip, which shows once the mouse has
    rested on a widget for ``TOOLTIP_DELAY`` (0.5 s) of wall time: under load, a snapshot of the help screen came
    late enough to catch one (the mouse rests at 0, 0 in a test)."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(QuizApp, "TOOLTIP_DELAY", 3600.0)


@pytest.fixture(autouse=True)
def _idle_sampled_every_10_ms(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pilot's key presses and pauses wait until the app is idle: Textual samples the process's CPU time over
    sleeps of 20 ms, two or more per key, and much of a TUI test's time went to them. Sampled over 10 ms (idle: under
    0.5 ms of CPU in it), the TUI tests took 104 s instead of 128 s on two cores. Where a test needs the frame after a
    key it asks for it (``pilot.pause()`` ends with the screen's update), not for a sleep long enough to catch one."""
    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.01)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 0.01 / 20)


async def _wait_for_complete(self: WorkerManager, workers: Iterable[Worker[object]] | None = None) -> None:
    """``WorkerManager.wait_for_complete``, where a worker that a newer one replaced (an exclusive worker such as
    the list's readiness, reloaded after a grade or a new date) is no failure: under load, a test's wait sometimes
    caught one that was cancelled, and Textual raises ``WorkerCancelled`` for it. A worker that failed still raises."""
    for worker in list(workers or self):
        with suppress(WorkerCancelled):
            await worker.wait()


@pytest.fixture(autouse=True)
def _replaced_workers_are_no_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WorkerManager, "wait_for_complete", _wait_for_complete)


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


class WideRunner(PinnedRunner):
    """A demo result made to be hard to fit: a ten-column table with long headers and a five-series chart whose
    names are long and two of whose series coincide (the real demos change; this one does not)."""

    def run(self, card_id: int, demo_id: str, values: Mapping[str, str]) -> DemoOutcome:
        from quiz.demos.base import Series, Table, check, param_info
        from quiz.tui.demo_runner import DemoFinished

        layers = [float(i) for i in range(1, 21)]
        names = ["He (fan_in, ReLU gain √2)", "Xavier (fan_avg)", "LeCun (fan_in)", "Zeros (no signal)", "Constant 0"]
        ys = [[1.0] * 20, [0.5**i for i in range(20)], [0.8**i for i in range(20)], [1e-9] * 20, [1e-9] * 20]
        series = [
            Series(name=n, x=layers, y=y, x_label="layer", y_label="activation variance", chart="Five series")
            for n, y in zip(names, ys, strict=True)
        ]
        columns = [
            "layer",
            "weight shape",
            "fan_in",
            "fan_out",
            "expected fan_in",
            "expected fan_out",
            "He std √(2/fan_in)",
            "measured std",
            "Xavier std",
            "ok",
        ]
        rows: list[list[object]] = [
            [
                f"Conv{d}d",
                "×".join(["128", "64", *["3"] * d]),
                64 * 3**d,
                128 * 3**d,
                64 * 3**d,
                128 * 3**d,
                round((2 / (64 * 3**d)) ** 0.5, 5),
                round((2 / (64 * 3**d)) ** 0.5 * 1.001, 5),
                0.034,
                True,
            ]
            for d in (1, 2, 3)
        ]
        result = DemoResult(
            demo=demo_id,
            card=card_id,
            title="A wide table and five series",
            claim="Every column and every series can be read at 80 columns.",
            holds=True,
            checks=[check("He variance ×/layer", 1.0, 0.8, 1.25)],
            params={},
            summary="A made-up result for the layout tests.",
            tables=[Table(name="Fans of conv layers", columns=columns, rows=rows)],  # type: ignore[arg-type]
            series=series,
            elapsed_ms=12.5,
        )
        self.runs += 1
        from quiz.demos.base import get_demo

        return DemoFinished(card_id, result, param_info(get_demo(demo_id).Params))


@pytest.fixture
def wide_app(deck: Deck, data_dir: Path) -> QuizApp:
    """The app with a runner whose every demo returns :class:`WideRunner`'s result."""
    return create_app(deck, data_dir, demo_runner=WideRunner())
