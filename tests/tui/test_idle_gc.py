"""The cyclic garbage collector runs in the pauses between keys, not inside their frames (:mod:`quiz.tui.idle_gc`)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from quiz.tui.app import QuizApp
from quiz.tui.idle_gc import IDLE, IDLE_FULL, LIMIT, IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def collector(clock: Clock, counts: tuple[int, int, int]) -> IdleCollector:
    return IdleCollector(clock=clock, counts=lambda: counts, collect=lambda _generation: 0, thresholds=(700, 10, 10))


def test_nothing_is_collected_while_keys_keep_coming_and_the_young_are_once_they_stop(clock: Clock) -> None:
    idle = collector(clock, (900, 0, 0))
    for _ in range(20):  # a key every 50 ms
        idle.input_seen()
        clock.now += 0.05
        assert idle.due() is None
    clock.now += IDLE
    assert idle.due() == 0


def test_too_much_pending_is_collected_at_once_even_while_typing(clock: Clock) -> None:
    idle = collector(clock, (LIMIT, 0, 0))
    idle.input_seen()
    assert idle.due() == 0
    assert collector(clock, (600, 0, 0)).due() is None  # under the threshold: nothing to do, however idle


@pytest.mark.parametrize(
    ("counts", "pause", "generation"),
    [
        ((900, 9, 0), IDLE, 0),  # generation 1 is due, but the pause is short: the young only
        ((900, 9, 0), IDLE_FULL, 1),
        ((900, 99, 0), IDLE, 1),  # long overdue: at the next short pause
        ((900, 9, 9), IDLE_FULL, 2),
        ((900, 9, 9), IDLE, 0),
        ((900, 5, 9), IDLE_FULL, 0),  # generation 2 only when generation 1 is due too, as CPython does it
    ],
)
def test_older_generations_wait_for_a_long_pause(
    clock: Clock, counts: tuple[int, int, int], pause: float, generation: int
) -> None:
    idle = collector(clock, counts)
    idle.input_seen()
    clock.now += pause
    assert idle.due() == generation


@pytest.fixture
def restore_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    try:
        yield
    finally:
        gc.enable() if enabled else gc.disable()


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_garbage_cycle_is_freed_in_the_pause_not_before(clock: Clock, restore_gc: None) -> None:
    idle = IdleCollector(clock=clock, thresholds=(700, 10, 10))  # (the test session sets its own)
    idle.start()
    assert not gc.isenabled()
    gc.collect()
    cycle = Cycle()
    gone = weakref.ref(cycle)
    del cycle
    kept = [[n] for n in range(2000)]  # enough allocations for CPython to have collected the young by now
    idle.input_seen()
    idle.tick()
    kept_alive = gone() is not None  # (not inside the assert: pytest would keep a reference to it)
    assert kept_alive  # the user is at it
    clock.now += IDLE
    idle.tick()
    freed = gone() is None
    assert freed and kept
    idle.stop()
    assert gc.isenabled()


async def test_the_app_collects_when_idle_once_asked_and_gives_the_collector_back(
    app: QuizApp, restore_gc: None
) -> None:
    app.collect_garbage_when_idle()
    collector = app._collector
    assert collector is not None
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not gc.isenabled()  # the app's collector collects
        before = collector.last_input
        await pilot.press("j")
        assert collector.last_input > before  # a key puts collection off
    assert gc.isenabled()  # CPython's again once the app has ended
