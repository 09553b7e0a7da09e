"""CPython's cyclic garbage collector, run while the app waits for the user instead of inside a key's frame.

CPython collects its youngest generation every ~700 net allocations, wherever the program is, and Textual allocates
thousands of objects for each frame. Measured on the drill in a terminal (a collection callback, 14 reveals and 14
grades): a generation-0 collection of 0.4–0.9 ms inside most keys' frames, a generation-1 one of 3–5 ms inside one key
in six, and a 56 ms generation-2 one just after a reveal; a key pressed then would have waited for it.

:class:`IdleCollector` turns automatic collection off and does the collections CPython's thresholds call for once no
input has come for :data:`IDLE` seconds (a user reading a card, or thinking), checked every :data:`CHECK` seconds.
A stretch of input without such a pause (typing an answer) still collects once :data:`LIMIT` allocations are
pending, so memory stays bounded whatever the user does. The app starts it only when it runs in a terminal (or for
``quiz serve``), not in tests, which share their process.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field

IDLE = 0.2
"""Seconds without input after which pending collections are done."""
IDLE_FULL = 1.0
"""Seconds without input before an older generation's collection (generation 1 or 2: 20 ms and more): a key
pressed during one waits for it, so it waits for a longer pause (a card being read), unless overdue."""
OVERDUE = 10
"""An older generation is collected at the next short pause once it is this many times its threshold overdue."""
CHECK = 0.1
"""Seconds between checks."""
LIMIT = 50_000
"""Net allocations pending after which the youngest generation is collected at once, idle or not."""


@dataclass
class IdleCollector:
    """Collects garbage when the app is idle (see the module). ``clock``, ``counts`` and ``collect`` are the
    monotonic clock and ``gc``'s own, for tests to replace."""

    clock: Callable[[], float] = time.monotonic
    counts: Callable[[], tuple[int, int, int]] = gc.get_count
    collect: Callable[[int], object] = gc.collect
    thresholds: tuple[int, int, int] = field(default_factory=gc.get_threshold)
    last_input: float = field(default=float("-inf"))

    def start(self) -> None:
        """Turn CPython's automatic collection off: from now on :meth:`tick` collects."""
        gc.disable()

    def stop(self) -> None:
        gc.enable()

    def input_seen(self) -> None:
        """A key, a click or a paste came: collections wait for the next pause."""
        self.last_input = self.clock()

    def due(self) -> int | None:
        """The generation to collect now (the oldest CPython's thresholds call for, the older ones only in a long
        pause), or None."""
        count0, count1, count2 = self.counts()
        threshold0, threshold1, threshold2 = self.thresholds
        if count0 < max(1, threshold0):
            return None
        idle = self.clock() - self.last_input
        if count0 < LIMIT and idle < IDLE:
            return None  # the user is at it: not inside a frame
        generation = 0
        for older, count, threshold in ((1, count1, threshold1), (2, count2, threshold2)):
            # As CPython: an older generation once the younger one has been collected `threshold` times.
            if generation != older - 1 or not threshold or count + 1 < threshold:
                break
            if idle >= IDLE_FULL or count + 1 >= OVERDUE * threshold:
                generation = older
        return generation

    def tick(self) -> None:
        """Collect what is due (called every :data:`CHECK` seconds)."""
        generation = self.due()
        if generation is not None:
            self.collect(generation)
