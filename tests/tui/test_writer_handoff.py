"""A frame is taken by Textual's writer thread as it is queued (:mod:`quiz.tui.writer_handoff`), and a writer that
does not take it holds the app up for a bounded time only."""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
from collections.abc import Iterator
from queue import Queue
from types import SimpleNamespace

import pytest
from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

from quiz.tui import writer_handoff
from quiz.tui.app import QuizApp
from quiz.tui.writer_handoff import hand_over, let_it_write, writer_idle, writer_queue

FRAME = ("\x1b[?2026h", "\x1b[3;1Hthe next card", "\x1b[?2026l")
"""What Textual queues for a frame: the synchronised-update start, the frame, its end."""


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read, write = os.pipe()
    yield read, write
    for fd in (read, write):
        with contextlib.suppress(OSError):
            os.close(fd)


def read_all(fd: int, size: int) -> str:
    got = b""
    while len(got) < size and select.select([fd], [], [], 5.0)[0]:
        got += os.read(fd, size - len(got))
    return got.decode()


def test_the_app_waits_until_the_writer_has_taken_the_frame(
    pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_handoff, "WAIT", 5.0)
    read, write = pipe
    writer = WriterThread(os.fdopen(write, "w", closefd=False))
    threading.Timer(0.05, writer.start).start()  # a writer slow to wake: without the wait, the frame is still queued
    try:
        driver = SimpleNamespace(_writer_thread=writer)
        hand_over(driver, lambda: [writer.write(part) for part in FRAME])
        assert writer._queue.empty()
        assert read_all(read, len("".join(FRAME).encode())) == "".join(FRAME)
    finally:
        time.sleep(0.06)  # started by then
        writer.stop()


def test_a_writer_that_takes_nothing_holds_the_app_for_the_bound_at_most() -> None:
    queue: Queue[str | None] = Queue(30)
    for part in FRAME:
        queue.put(part)
    started = time.monotonic()
    assert not let_it_write(queue, wait=0.01)
    assert time.monotonic() - started < 1.0
    assert queue.qsize() == len(FRAME)  # nothing lost: the writer takes it when it can


def test_a_writer_still_busy_with_earlier_frames_is_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_handoff, "WAIT", 5.0)  # waited for at all, the test would take 5 s
    queue: Queue[str | None] = Queue(30)
    queue.put("an earlier frame")  # a terminal that reads slowly: the writer is stuck writing
    driver = SimpleNamespace(_writer_thread=SimpleNamespace(_queue=queue))

    def frame() -> None:
        for part in FRAME:
            queue.put(part)

    started = time.monotonic()
    hand_over(driver, frame)
    assert time.monotonic() - started < 1.0
    assert queue.qsize() == 1 + len(FRAME)


async def test_textual_linux_driver_is_where_the_writer_queue_is_looked_for(pipe: tuple[int, int]) -> None:
    # The names read from Textual (private): if a Textual release renames them, the frames go back to waiting.
    driver = LinuxDriver(QuizApp.__new__(QuizApp))
    assert hasattr(driver, "_writer_thread") and writer_queue(driver) is None  # not in application mode yet
    driver._writer_thread = WriterThread(os.fdopen(pipe[1], "w", closefd=False))
    queue = writer_queue(driver)
    assert queue is not None and writer_idle(queue)
    assert writer_queue(SimpleNamespace()) is None and not writer_idle(None)  # headless and web drivers
