"""What the terminal shows already is left out of a partial update (:class:`quiz.tui.compositor.WrittenChops`)."""

from __future__ import annotations

from rich.segment import Segment
from textual._compositor import ChopsUpdate
from textual.geometry import Size
from textual.strip import Strip

from quiz.tui.app import QuizApp
from quiz.tui.compositor import WrittenChops

SCREEN, SIZE = object(), Size(20, 1)


def strip(text: str) -> Strip:
    return Strip([Segment(text)], len(text))


def update(chops: dict[int, Strip], ends: list[int], span: tuple[int, int]) -> ChopsUpdate:
    """One line's chops (by first column), their ends, and the one span written of it."""
    return ChopsUpdate([dict(chops)], [(0, *span)], [ends])


def written(chops: WrittenChops, frame: ChopsUpdate) -> dict[int, str]:
    """What the frame writes once the chops on screen are left out: each chop's text, by column."""
    kept = chops.leave_out_unchanged(frame)
    return {} if kept is None else {x: s.text for x, s in kept.chops[0].items() if s is not None}


def test_a_chop_written_again_as_it_is_is_left_out_and_a_changed_one_is_not() -> None:
    chops = WrittenChops()
    chops.forget(SCREEN, SIZE)
    frame = update({0: strip("head      "), 10: strip("answer    ")}, [10, 20], (0, 20))
    assert written(chops, frame) == {0: "head      ", 10: "answer    "}
    again = update({0: strip("head      "), 10: strip("other     ")}, [10, 20], (0, 20))
    assert written(chops, again) == {10: "other     "}
    assert chops.leave_out_unchanged(again) is None  # nothing left to write


def test_after_anything_else_wrote_nothing_is_left_out() -> None:
    chops = WrittenChops()
    chops.forget(SCREEN, SIZE)
    frame = update({0: strip("head      ")}, [10], (0, 10))
    written(chops, frame)
    chops.forget(SCREEN, SIZE)  # a full frame, another screen, a new size
    assert written(chops, frame) == {0: "head      "}


def test_a_chop_written_in_part_or_over_another_forgets_what_it_overlapped() -> None:
    chops = WrittenChops()
    chops.forget(SCREEN, SIZE)
    head = update({0: strip("head      ")}, [10], (0, 10))
    written(chops, head)
    # Another layout: a chop over columns 5-15, of which the span writes 5-8 only.
    written(chops, update({5: strip("xxxxxxxxxx")}, [15], (5, 8)))
    assert written(chops, head) == {0: "head      "}  # its cells 5-8 were overwritten: written again
    written(chops, update({5: strip("yyyyyyyyyy")}, [15], (0, 20)))  # written in full, over the head's cells
    assert written(chops, head) == {0: "head      "}


async def test_a_frame_textual_drops_is_not_taken_as_written(app: QuizApp) -> None:
    """A frame drawn while Textual writes nothing (an update batch) leaves what the terminal shows unknown: the same
    chops are written in full next time."""
    async with app.run_test(size=(20, 5)) as pilot:
        await pilot.pause()
        screen = app.screen
        frame = update({0: strip("head      ")}, [10], (0, 10))
        app._written.forget(screen, app.size)
        app._batch_count += 1
        try:
            app._display(screen, frame)
        finally:
            app._batch_count -= 1
        assert written(app._written, frame) == {0: "head      "}  # not left out: it was never written
        assert app._written.leave_out_unchanged(frame) is None  # and now it was
