"""A frame handed to Textual's writer thread as it is queued, not once the key is over.

Textual writes each frame to the terminal from a thread of its own (``textual.drivers._writer_thread``): the app's
thread queues the frame and goes on. The writer needs the interpreter lock to take the frame from its queue and
write it out, and the app's thread keeps that lock while it finishes the key (the callbacks after the frame, the
work set going for the next key) until it next waits for input, or for Python's switch interval (5 ms). Measured in
tmux (``scripts/bench_keys.py``), a drill's frame reached the terminal 0.25-0.3 ms after it was queued.

:func:`let_it_write` waits, with the lock released, until the writer has taken all that is queued; by the time the
app's thread has the lock back, the writer is writing the frame to the terminal (a system call, which releases the
lock). The wait is bounded (:data:`WAIT`), and skipped when earlier frames were still queued as this one was
(:func:`writer_idle`: the writer is stuck on a terminal that reads slowly): such a terminal never slows the app down
by more than that bound a frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from queue import Queue

WAIT = 0.002
"""Seconds at most the app's thread waits for the writer to take a frame."""


def writer_queue(driver: object) -> Queue[str | None] | None:
    """The queue Textual's Linux driver writes frames through; None for a driver without one (headless, web)."""
    queue = getattr(getattr(driver, "_writer_thread", None), "_queue", None)
    return queue if isinstance(queue, Queue) else None


def writer_idle(queue: Queue[str | None] | None) -> bool:
    """Whether the writer has taken every frame queued so far (so a new one should be taken at once)."""
    return queue is not None and queue.empty()


def let_it_write(queue: Queue[str | None], wait: float | None = None) -> bool:
    """Wait, the interpreter lock released, until the writer has taken all of ``queue``, at most ``wait`` seconds
    (:data:`WAIT`); whether it has."""
    deadline = time.monotonic() + (WAIT if wait is None else wait)
    with queue.not_full:  # Queue.get notifies not_full on every item it takes
        while queue._qsize():  # qsize() would take the mutex held here
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            queue.not_full.wait(left)
    return True


def hand_over(driver: object, queue_frame: Callable[[], None]) -> None:
    """Queue a frame (``queue_frame`` writes it to ``driver``) and, if the writer had taken every earlier one, let
    it take this one now (:func:`let_it_write`)."""
    queue = writer_queue(driver)
    idle = writer_idle(queue)
    queue_frame()
    if idle and queue is not None:
        let_it_write(queue)
