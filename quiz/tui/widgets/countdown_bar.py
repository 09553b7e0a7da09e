"""The mock interview's clock: a bar that empties as time runs out, and the time left in words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from quiz.interview import Countdown
from quiz.tui.styles import tcss

WARN_FRACTION = 0.25
"""Below this share of the limit the bar turns amber."""
DANGER_SECONDS = 10
"""At or below this many seconds it turns red."""


def clock_text(seconds: float) -> str:
    """``75`` → ``1:15``; under a minute, ``42 s`` (rounded to whole seconds)."""
    whole = round(seconds)
    return f"{whole} s" if whole < 60 else f"{whole // 60}:{whole % 60:02d}"


class CountdownBar(Horizontal):
    """Shows a :class:`~quiz.interview.Countdown`; it does not keep time itself (the screen's timer calls
    :meth:`show` with the engine's countdown)."""

    DEFAULT_CSS = tcss(__file__)
    SCOPED_CSS = False

    def compose(self) -> ComposeResult:
        yield Label("Time", id="countdown-label")
        yield ProgressBar(total=1.0, show_percentage=False, show_eta=False, id="countdown-progress")
        yield Label("", id="countdown-seconds")

    def show(self, countdown: Countdown) -> None:
        """Fill the bar with the time left (``countdown.fraction``) and write the seconds beside it."""
        self.query_one(ProgressBar).update(total=max(countdown.limit_s, 0.001), progress=countdown.remaining_s)
        left = clock_text(countdown.seconds)
        self.query_one("#countdown-label", Label).update("Budget" if countdown.budget else "Time")
        self.query_one("#countdown-seconds", Label).update(f"{left} left" if countdown.seconds else "time is up")
        self.set_class(countdown.seconds <= DANGER_SECONDS, "-danger")
        self.set_class(countdown.seconds > DANGER_SECONDS and countdown.fraction < WARN_FRACTION, "-warning")

    @property
    def seconds_text(self) -> str:
        """What the seconds label says (for tests and screen readers)."""
        return str(self.query_one("#countdown-seconds", Label).content)
