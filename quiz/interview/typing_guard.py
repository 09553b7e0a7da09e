"""Keys typed as an interview's clock ran out belong to the answer, not to the screen that replaced it.

When the last question times out, the user may be mid-word: the report appears under their fingers, and a stray
``q`` would quit the app, a digit would self-grade a question. :class:`TypingGuard` swallows those keys. It opens
only after the user has *seen* the report for a moment and then paused:

- nothing is accepted before :meth:`TypingGuard.start` (call it when the report's first frame is on screen: however
  long building and saving the report took, the grace is counted from what the user sees);
- for ``grace_s`` after that, every key is swallowed;
- after the grace, a key that follows the previous swallowed key within ``burst_gap_s`` is still part of the typing
  burst and is swallowed too; the first key after a pause of at least ``burst_gap_s`` is accepted, and from then on
  every key is.

Time comes from the interview's :class:`~quiz.interview.clock.Clock`, so tests move it by hand.
"""

from __future__ import annotations

from quiz.interview.clock import Clock

GRACE_S = 1.0
"""How long keys are ignored once the report is on screen."""
BURST_GAP_S = 0.5
"""Keys closer together than this are one typing burst (fast typists leave 0.1–0.3 s between keys)."""


class TypingGuard:
    """Decides, key by key, whether a key is for the screen (:meth:`accepts`) or left over from typing."""

    def __init__(self, clock: Clock, *, grace_s: float = GRACE_S, burst_gap_s: float = BURST_GAP_S) -> None:
        self._clock = clock
        self._grace_s = grace_s
        self._burst_gap_s = burst_gap_s
        self._shown_at: float | None = None
        self._last_swallowed: float | None = None
        self._open = False

    @property
    def open(self) -> bool:
        """Whether keys are accepted now (after the grace and a pause)."""
        return self._open

    def start(self) -> None:
        """The screen is visible: the grace starts now. Calling it again changes nothing."""
        if self._shown_at is None:
            self._shown_at = self._clock.now()

    def accepts(self) -> bool:
        """Whether the key just typed is for the screen; False swallows it (and extends the burst)."""
        if self._open:
            return True
        now = self._clock.now()
        in_grace = self._shown_at is None or now - self._shown_at < self._grace_s
        in_burst = self._last_swallowed is not None and now - self._last_swallowed < self._burst_gap_s
        if in_grace or in_burst:
            self._last_swallowed = now
            return False
        self._open = True
        return True


class NoGuard:
    """Every key is accepted (the interview did not end on a timeout)."""

    open = True

    def start(self) -> None:
        pass

    def accepts(self) -> bool:
        return True
