"""TypingGuard: keys typed as the interview's clock ran out are swallowed until the user has seen and paused."""

from __future__ import annotations

from quiz.interview.clock import FakeClock
from quiz.interview.typing_guard import NoGuard, TypingGuard


def guard() -> tuple[TypingGuard, FakeClock]:
    clock = FakeClock(100.0)
    return TypingGuard(clock, grace_s=1.0, burst_gap_s=0.5), clock


def test_nothing_is_accepted_before_the_screen_is_shown() -> None:
    g, clock = guard()
    clock.advance(60)  # building the report took a minute: the user still has not seen it
    assert not g.accepts()


def test_the_grace_counts_from_when_the_screen_was_shown() -> None:
    g, clock = guard()
    clock.advance(60)
    g.start()
    clock.advance(0.9)
    assert not g.accepts()
    clock.advance(0.6)  # 1.5 s shown, and 0.6 s since the last key
    assert g.accepts()
    assert g.open


def test_a_typing_burst_past_the_grace_is_swallowed_until_a_pause() -> None:
    g, clock = guard()
    g.start()
    assert not g.accepts()
    for _ in range(10):  # keys every 0.3 s for 3 s: one burst that outlasts the grace
        clock.advance(0.3)
        assert not g.accepts()
    clock.advance(0.5)
    assert g.accepts()
    assert g.accepts()  # once open, it stays open


def test_a_late_start_call_does_not_restart_the_grace() -> None:
    g, clock = guard()
    g.start()
    clock.advance(2.0)
    g.start()
    assert g.accepts()


def test_no_guard_accepts_everything() -> None:
    assert NoGuard().accepts() and NoGuard.open
